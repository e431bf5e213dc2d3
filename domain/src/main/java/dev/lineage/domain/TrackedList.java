package dev.lineage.domain;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;
import java.util.UUID;

/**
 * A list that knows how much of its beginning is unchanged since the registry last read or
 * committed it as a field of a stored version. When that beginning holds only pristine entities
 * (see {@link CleanState}), a commit encodes and walks only what follows it: appending a message
 * to a thread of any length costs the same.
 *
 * <p>Any change before the unchanged length (set, insert, remove, clear, sort) shortens it; adding
 * at the end does not. A list moved to another entity or field is treated as unknown.
 */
final class TrackedList<E> extends AbstractList<E> implements RandomAccess {

  private final ArrayList<E> items;

  // What the unchanged beginning stands for: the field of one stored version of one owner.
  private Entity owner;
  private String field;
  private UUID version;
  private int unchanged;
  private boolean unchangedArePristine;

  TrackedList() {
    items = new ArrayList<>();
  }

  TrackedList(int capacity) {
    items = new ArrayList<>(capacity);
  }

  TrackedList(Collection<? extends E> initial) {
    items = new ArrayList<>(initial);
  }

  @Override
  public E get(int index) {
    return items.get(index);
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public E set(int index, E element) {
    touch(index);
    return items.set(index, element);
  }

  @Override
  public void add(int index, E element) {
    touch(index);
    items.add(index, element);
    modCount++;
  }

  @Override
  public E remove(int index) {
    touch(index);
    E removed = items.remove(index);
    modCount++;
    return removed;
  }

  @Override
  protected void removeRange(int from, int to) {
    touch(from);
    items.subList(from, to).clear();
    modCount++;
  }

  private void touch(int index) {
    if (index < unchanged) {
      unchanged = index;
    }
  }

  /**
   * The length of the unchanged beginning when this list is still {@code field} of {@code owner}
   * as stored in {@code version} and that beginning holds only pristine entities; else -1.
   */
  int pristinePrefix(Entity owner, String field, UUID version) {
    return this.owner == owner && field.equals(this.field) && version.equals(this.version)
            && unchangedArePristine
        ? unchanged
        : -1;
  }

  /** The part after {@code prefix}. */
  List<E> after(int prefix) {
    return items.subList(prefix, items.size());
  }

  /**
   * Records that the whole list is now {@code field} of {@code owner} as stored in {@code
   * version}. Only the part added since the last record is checked for pristine entities when
   * the list is still the same owner's field.
   */
  void markStored(Entity owner, String field, UUID version) {
    boolean sameField = this.owner == owner && field.equals(this.field);
    int checkFrom = sameField && unchangedArePristine ? unchanged : 0;
    boolean pristine = true;
    for (int i = checkFrom; i < items.size() && pristine; i++) {
      pristine = items.get(i) instanceof Entity entity && entity.pristine();
    }
    this.owner = owner;
    this.field = field;
    this.version = version;
    this.unchanged = items.size();
    this.unchangedArePristine = pristine;
  }
}
