package dev.lineage.storage.mongo;

import dev.lineage.storage.Value;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The chains of the lists this process encoded lately, by version and field, so that the next
 * version of a growing list (a thread's history) takes its parent's chunk ids and hashes only its
 * own last chunk: a turn then costs the same at 10 and at 10,000 messages. A chunk id depends on
 * nothing but ids, so an entry is right whether its commit landed or not, and never goes stale.
 * Bounded by the number of chunk ids it holds; the least recently used go first. Thread-safe.
 */
final class ChainCache {

  /** Chunk ids (and entries) held at most: a few MiB. */
  static final int CAPACITY = 100_000;

  /** A list of one version (its old ids or a field), by its key in the version document. */
  record Key(UUID version, String field) {}

  /**
   * A list as encoded: the field's sequence it came from (null for old ids, which the chain's own
   * ids stand for) and its chain.
   */
  record Entry(Value.Seq seq, IdChain chain) {}

  private final Map<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long held;

  synchronized Entry get(Key key) {
    return entries.get(key);
  }

  synchronized void put(Key key, Entry entry) {
    Entry previous = entries.put(key, entry);
    if (previous != null) {
      held -= weight(previous);
    }
    held += weight(entry);
    Iterator<Entry> eldest = entries.values().iterator();
    while (held > CAPACITY && eldest.hasNext()) {
      held -= weight(eldest.next());
      eldest.remove();
    }
  }

  /** Its chunk ids, and one for the entry itself: a list shorter than a chunk has none. */
  private static long weight(Entry entry) {
    return entry.chain().chunkCount() + 1L;
  }
}
