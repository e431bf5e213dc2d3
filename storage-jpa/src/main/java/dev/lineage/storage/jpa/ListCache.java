package dev.lineage.storage.jpa;

import dev.lineage.storage.Value;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The id lists of versions this process wrote or read recently, so that the next version of a
 * thread proves that its history extends its parent's by comparing ids in memory and continues
 * the parent's running digest, instead of hashing the whole history again: a turn then costs the
 * same at 10 and at 10,000 messages. Only an optimisation: an entry is used only when its end is
 * the one the database reports for the parent, stored lists never change, and a miss hashes the
 * list as before. Bounded by the number of ids it holds; the least recently used lists go first.
 * Thread-safe.
 */
final class ListCache {

  /** A list of one version: {@code history} or {@code old_ids}. */
  record Key(UUID version, String list) {}

  /**
   * A stored list as this process knows it.
   *
   * @param end where the list ends in the database
   * @param ids its ids
   * @param digest the running digest after its last id, or null when it was read, not hashed
   * @param seq the sequence it was written from, or null: a new version's sequence grown from it
   *     shares its blocks, so that it extends this list is seen without comparing every id
   * @param source the old ids it was written from, or null: a new version's old ids hold the very
   *     same UUID objects, so they are compared by reference before by value
   */
  record Known(ListPointer end, IdRun ids, IdDigest digest, Value.Seq seq, List<UUID> source) {

    /** A running digest after the list's ids, hashing them if this process never did. */
    IdDigest digestState() {
      if (digest != null) {
        return digest.copy();
      }
      IdDigest state = IdDigest.start();
      long[] held = ids.run().held();
      for (int i = 0; i < ids.length(); i++) {
        state.add(held[2 * i], held[2 * i + 1]);
      }
      return state;
    }
  }

  private final long capacity;
  private final Map<Key, Known> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long held;

  ListCache(long capacity) {
    this.capacity = capacity;
  }

  synchronized Known get(Key key) {
    return entries.get(key);
  }

  synchronized void put(Key key, Known list) {
    if (capacity <= 0 || list.ids().length() > capacity) {
      return;
    }
    Known previous = entries.put(key, list);
    if (previous != null) {
      held -= previous.ids().length();
    }
    held += list.ids().length();
    Iterator<Known> eldest = entries.values().iterator();
    while (held > capacity && eldest.hasNext()) {
      held -= eldest.next().ids().length();
      eldest.remove();
    }
  }
}
