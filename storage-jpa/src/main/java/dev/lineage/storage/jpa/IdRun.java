package dev.lineage.storage.jpa;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The first {@code length} ids of a growing, append-only run of ids, as the adapter keeps a list
 * it wrote or read in memory. A list that extends another one appends to the same run when it
 * ends where the run ends, so the versions of a thread that grows turn by turn share one run
 * instead of holding a copy of the history each.
 *
 * @param run the shared ids
 * @param length how many of them belong to this list
 */
record IdRun(Run run, int length) {

  /** A list holding {@code ids}. */
  static IdRun of(List<UUID> ids) {
    return new Run(ids.size() + ids.size() / 2 + 16).appendAt(0, ids, 0);
  }

  /** Whether {@code ids} starts with the ids of this list. */
  boolean isPrefixOf(List<UUID> ids) {
    if (ids.size() < length) {
      return false;
    }
    long[] held = run.ids;
    for (int i = 0; i < length; i++) {
      UUID id = ids.get(i);
      if (held[2 * i] != id.getMostSignificantBits()
          || held[2 * i + 1] != id.getLeastSignificantBits()) {
        return false;
      }
    }
    return true;
  }

  /** This list followed by {@code ids} from position {@code from}: its prefix is this list. */
  IdRun extendedBy(List<UUID> ids, int from) {
    IdRun extended = run.appendAt(length, ids, from);
    if (extended != null) {
      return extended;
    }
    Run copy = new Run(length + (ids.size() - from) * 3 / 2 + 16);
    System.arraycopy(run.ids, 0, copy.ids, 0, 2 * length);
    copy.fill = length;
    return copy.appendAt(length, ids, from);
  }

  /** The ids of a run; positions below {@code fill} never change. */
  static final class Run {
    private volatile long[] ids;
    private int fill;

    private Run(int capacity) {
      this.ids = new long[2 * capacity];
    }

    /** The ids, two longs each; read only the positions of a list that was handed out. */
    long[] held() {
      return ids;
    }

    /** {@code more[from..]} appended at {@code at}, if the run ends there; else null. */
    synchronized IdRun appendAt(int at, List<UUID> more, int from) {
      if (at != fill) {
        return null;
      }
      int length = at + more.size() - from;
      long[] target = ids;
      if (2 * length > target.length) {
        target = Arrays.copyOf(target, 2 * Math.max(length + length / 2, 16));
      }
      for (int i = from; i < more.size(); i++) {
        UUID id = more.get(i);
        target[2 * (at + i - from)] = id.getMostSignificantBits();
        target[2 * (at + i - from) + 1] = id.getLeastSignificantBits();
      }
      ids = target;
      fill = length;
      return new IdRun(this, length);
    }
  }
}
