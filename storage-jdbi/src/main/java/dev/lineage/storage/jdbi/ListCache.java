package dev.lineage.storage.jdbi;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The lists of recently written or read versions, so that the next version of a thread finds
 * its parent's history in memory and appends to it without a query. Only an optimisation: stored
 * versions never change, so an entry is never stale, and a miss costs one small query for the
 * parent's descriptors. Bounded by the number of ids held; least recently used entries go first.
 * Thread-safe.
 */
final class ListCache {

  /** A list of one version: a field's list, or its old ids when {@code field} is null. */
  record Key(UUID version, String field) {}

  private final long capacity;
  private final Map<Key, KnownList> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long held;

  ListCache(long capacity) {
    this.capacity = capacity;
  }

  synchronized KnownList get(Key key) {
    return entries.get(key);
  }

  synchronized void put(Key key, KnownList list) {
    if (capacity <= 0 || list.ids() == null || list.ids().length() > capacity) {
      return;
    }
    KnownList previous = entries.put(key, list);
    if (previous != null) {
      held -= previous.ids().length();
    }
    held += list.ids().length();
    Iterator<KnownList> eldest = entries.values().iterator();
    while (held > capacity && eldest.hasNext()) {
      held -= eldest.next().ids().length();
      eldest.remove();
    }
  }
}
