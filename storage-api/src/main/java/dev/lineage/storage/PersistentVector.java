package dev.lineage.storage;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Consumer;

/**
 * An immutable list whose appends share everything they do not change: a 32-way tree of full
 * blocks plus a tail block. Appending copies the tail and at most one path of the tree, so a
 * sequence that grows by a few items per version (a thread's history) costs each version a
 * bounded amount of memory, whatever its length.
 */
final class PersistentVector extends AbstractList<Value> implements RandomAccess {

  private static final int BITS = 5;
  private static final int WIDTH = 1 << BITS;
  private static final int MASK = WIDTH - 1;
  private static final Object[] EMPTY_NODE = new Object[0];

  static final PersistentVector EMPTY =
      new PersistentVector(0, BITS, EMPTY_NODE, new Value[0], true);

  private final int size;
  private final int shift;
  private final Object[] root;
  private final Value[] tail;
  /** Kept up to date by every append, so that asking costs nothing however long the list. */
  private final boolean onlyReferences;

  private PersistentVector(int size, int shift, Object[] root, Value[] tail,
      boolean onlyReferences) {
    this.size = size;
    this.shift = shift;
    this.root = root;
    this.tail = tail;
    this.onlyReferences = onlyReferences;
  }

  /** A vector holding {@code items}, which must not contain null. */
  static PersistentVector of(List<Value> items) {
    return items instanceof PersistentVector vector ? vector : EMPTY.appendAll(items);
  }

  /** This vector followed by {@code more}; this vector is unchanged. */
  PersistentVector appendAll(List<Value> more) {
    PersistentVector result = this;
    for (Value value : more) {
      result = result.append(Objects.requireNonNull(value, "item"));
    }
    return result;
  }

  /** Whether every item is a {@link Value.Ref} (true when empty). */
  boolean onlyReferences() {
    return onlyReferences;
  }

  @Override
  public Value get(int index) {
    Objects.checkIndex(index, size);
    if (index >= tailOffset()) {
      return tail[index - tailOffset()];
    }
    Object[] node = root;
    for (int level = shift; level > 0; level -= BITS) {
      node = (Object[]) node[(index >>> level) & MASK];
    }
    return (Value) node[index & MASK];
  }

  @Override
  public int size() {
    return size;
  }

  /** Block by block: a pass over a long history walks the tree once, not once per item. */
  @Override
  public void forEach(Consumer<? super Value> action) {
    Objects.requireNonNull(action, "action");
    for (int start = 0; start < size; start += WIDTH) {
      Object[] block = blockAt(start);
      int count = Math.min(WIDTH, size - start);
      for (int i = 0; i < count; i++) {
        action.accept((Value) block[i]);
      }
    }
  }

  /**
   * Whether this vector begins with the items of {@code prefix}. A block this vector shares with
   * {@code prefix} (it was made by appending to it) is equal without a look at its items, so
   * checking that a grown history extends its parent's costs a pass over blocks, not items.
   */
  boolean startsWith(PersistentVector prefix) {
    if (prefix.size > size) {
      return false;
    }
    for (int start = 0; start < prefix.size; start += WIDTH) {
      Object[] mine = blockAt(start);
      Object[] theirs = prefix.blockAt(start);
      if (mine == theirs) {
        continue; // blocks are never changed once a vector holds them
      }
      int count = Math.min(WIDTH, prefix.size - start);
      for (int i = 0; i < count; i++) {
        if (!mine[i].equals(theirs[i])) {
          return false;
        }
      }
    }
    return true;
  }

  /** The block holding position {@code index}, which is a multiple of the block width. */
  private Object[] blockAt(int index) {
    if (index >= tailOffset()) {
      return tail;
    }
    Object[] node = root;
    for (int level = shift; level > 0; level -= BITS) {
      node = (Object[]) node[(index >>> level) & MASK];
    }
    return node;
  }

  @Override
  public boolean equals(Object other) {
    if (other == this) {
      return true;
    }
    if (other instanceof List<?> list && list.size() != size) {
      return false; // shared prefixes make element-wise comparison of different lengths long
    }
    return super.equals(other);
  }

  @Override
  public int hashCode() {
    return super.hashCode();
  }

  private int tailOffset() {
    return size < WIDTH ? 0 : ((size - 1) >>> BITS) << BITS;
  }

  private PersistentVector append(Value value) {
    boolean references = onlyReferences && value instanceof Value.Ref;
    if (size - tailOffset() < WIDTH) {
      Value[] newTail = Arrays.copyOf(tail, tail.length + 1);
      newTail[tail.length] = value;
      return new PersistentVector(size + 1, shift, root, newTail, references);
    }
    Object[] fullTail = tail;
    int newShift = shift;
    Object[] newRoot;
    if ((size >>> BITS) > (1 << shift)) {
      newRoot = new Object[] {root, newPath(shift, fullTail)};
      newShift += BITS;
    } else {
      newRoot = pushTail(shift, root, fullTail);
    }
    return new PersistentVector(size + 1, newShift, newRoot, new Value[] {value}, references);
  }

  /** A copy of {@code parent} (at {@code level}) with the full tail block added at its end. */
  private Object[] pushTail(int level, Object[] parent, Object[] block) {
    int child = ((size - 1) >>> level) & MASK;
    Object[] copy = Arrays.copyOf(parent, child + 1);
    Object inserted;
    if (level == BITS) {
      inserted = block;
    } else {
      Object existing = child < parent.length ? parent[child] : null;
      inserted = existing != null
          ? pushTail(level - BITS, (Object[]) existing, block)
          : newPath(level - BITS, block);
    }
    copy[child] = inserted;
    return copy;
  }

  private static Object[] newPath(int level, Object[] block) {
    return level == 0 ? block : new Object[] {newPath(level - BITS, block)};
  }
}
