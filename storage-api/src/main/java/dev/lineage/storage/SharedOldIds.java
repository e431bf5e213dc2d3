package dev.lineage.storage;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.UUID;

/**
 * The old ids of a version, sharing one array with those of the versions before it and after
 * it: a fork's old ids are its parent's and the parent's own id, so each fork of a lineage
 * appends one id to the array its parent's list is a prefix of, instead of copying them all. A
 * second fork of the same parent (a branch) finds the array grown past its parent's list and
 * copies. Immutable: a list never sees what is appended after it. (A lineage mostly grows at
 * its end, one id a fork, so one shared array suits it better than {@link PersistentVector}'s
 * tree, which copies a block on every append.)
 */
final class SharedOldIds extends AbstractList<UUID> implements RandomAccess {

  /** The array the lists share, and how much of it some list holds. */
  private static final class Store {
    UUID[] ids;
    int used;

    Store(UUID[] ids, int used) {
      this.ids = ids;
      this.used = used;
    }
  }

  private final Store store;
  /** The store's array when this list was made: its first {@link #size} ids never change. */
  private final UUID[] ids;
  private final int size;

  private SharedOldIds(Store store, UUID[] ids, int size) {
    this.store = store;
    this.ids = ids;
    this.size = size;
  }

  /** {@code oldIds} and then {@code id}: appended in place where no other list grew past them. */
  static List<UUID> append(List<UUID> oldIds, UUID id) {
    Objects.requireNonNull(id, "id");
    if (oldIds instanceof SharedOldIds shared) {
      Store store = shared.store;
      synchronized (store) {
        if (store.used == shared.size) {
          if (store.used == store.ids.length) {
            store.ids = Arrays.copyOf(store.ids, store.used * 2);
          }
          store.ids[store.used++] = id;
          return new SharedOldIds(store, store.ids, store.used);
        }
      }
    }
    int size = oldIds.size();
    UUID[] ids = new UUID[Math.max(8, (size + 1) * 2)];
    for (int i = 0; i < size; i++) {
      ids[i] = Objects.requireNonNull(oldIds.get(i), "old id");
    }
    ids[size] = id;
    return new SharedOldIds(new Store(ids, size + 1), ids, size + 1);
  }

  @Override
  public UUID get(int index) {
    Objects.checkIndex(index, size);
    return ids[index];
  }

  @Override
  public int size() {
    return size;
  }
}
