package dev.lineage.storage.jdbi;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * An immutable list of ids kept in memory the way the database keeps list segments: the first
 * {@code length} ids of a shared, append-only run. A version that extends its parent's list
 * appends to the parent's run in place when nobody has appended to it yet, so a thread that grows
 * turn by turn shares one run between all its versions instead of copying its history per turn.
 *
 * @param run the shared ids
 * @param length how many of them belong to this list
 */
record IdList(Run run, int length) {

  /** A list holding {@code ids}. */
  static IdList of(List<UUID> ids) {
    Run run = new Run(Math.max(16, ids.size() + ids.size() / 2));
    return run.appendAt(0, ids, 0, ids.size());
  }

  /** A list of the {@code length} ids whose numbers are {@code bits}, two by two. */
  static IdList of(long[] bits, int length) {
    Run run = new Run(Math.max(16, length + length / 2));
    System.arraycopy(bits, 0, run.ids, 0, 2 * length);
    run.fill = length;
    return new IdList(run, length);
  }

  long msb(int index) {
    return run.ids[2 * index];
  }

  long lsb(int index) {
    return run.ids[2 * index + 1];
  }

  /** Whether position {@code index} holds {@code id}. */
  boolean holds(int index, UUID id) {
    long[] ids = run.ids;
    return ids[2 * index] == id.getMostSignificantBits()
        && ids[2 * index + 1] == id.getLeastSignificantBits();
  }

  /** The first {@code prefix} ids of this list followed by {@code more[from..to)}. */
  IdList extend(int prefix, List<UUID> more, int from, int to) {
    IdList appended = run.appendAt(prefix, more, from, to);
    if (appended != null) {
      return appended;
    }
    Run copy = new Run(Math.max(16, (prefix + to - from) * 3 / 2));
    System.arraycopy(run.ids, 0, copy.ids, 0, 2 * prefix);
    copy.fill = prefix;
    return copy.appendAt(prefix, more, from, to);
  }

  /** The growing array behind lists; positions below {@code fill} never change. */
  static final class Run {
    private volatile long[] ids;
    private int fill;

    private Run(int capacity) {
      this.ids = new long[2 * capacity];
    }

    /** Appends at {@code at} if that is where the run ends; null if someone appended already. */
    synchronized IdList appendAt(int at, List<UUID> more, int from, int to) {
      if (at != fill) {
        return null;
      }
      int length = at + to - from;
      long[] target = ids;
      if (2 * length > target.length) {
        target = Arrays.copyOf(target, 2 * Math.max(length, target.length));
      }
      for (int i = from; i < to; i++) {
        UUID id = more.get(i);
        int slot = 2 * (at + i - from);
        target[slot] = id.getMostSignificantBits();
        target[slot + 1] = id.getLeastSignificantBits();
      }
      ids = target;
      fill = length;
      return new IdList(this, length);
    }
  }
}
