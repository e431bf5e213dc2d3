package dev.lineage.storage.jdbi;

import dev.lineage.storage.Value;
import java.util.List;
import java.util.UUID;

/**
 * A stored list as the adapter knows it when a new version may extend it: always its descriptor;
 * its ids when this process wrote or read it recently; the running digest state after its last
 * id when it was hashed here.
 *
 * @param where the stored descriptor
 * @param ids the ids, or null when only the descriptor was read back
 * @param end a digest in the state after the last id (never finished), or null
 * @param seq the sequence the list was written from, or null: a new version's sequence grown
 *     from it shares its blocks, so that it extends this list is seen without comparing every id
 * @param source the old ids the list was written from, or null: a new version's old ids hold the
 *     very same UUID objects, so they are compared by reference before by value
 */
record KnownList(ListDescriptor where, IdList ids, IdDigest end, Value.Seq seq,
    List<UUID> source) {

  /** A new digest in the state after the ids of this list, hashing them if needed. */
  IdDigest digestState() {
    IdDigest copy = end == null ? null : end.copy();
    if (copy != null) {
      return copy;
    }
    IdDigest digest = IdDigest.start();
    for (int i = 0; i < ids.length(); i++) {
      digest.add(ids.msb(i), ids.lsb(i));
    }
    return digest;
  }
}
