package dev.lineage.storage.mongo;

import dev.lineage.storage.mongo.ValueEncoding.UnreadableValue;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonValue;

/**
 * A list of ids stored as a chain of immutable chunks, so that versions share the unchanged part
 * of a long list and an append writes a bounded amount (D-40).
 *
 * <p>The list is cut every {@code chunkSize} ids from its start. Chunk {@code k} holds ids {@code
 * [k*size, (k+1)*size)} and names chunk {@code k-1}; its id is the SHA-256 of that predecessor's id
 * and its own ids, so equal prefixes give equal chunks, whichever version wrote them. Only full
 * chunks are chunk documents: the ids after the last full chunk, fewer than {@code chunkSize},
 * stay in the version document, whose marker is {@code {"%s": <last full chunk id>, "%n":
 * <count>, "%t": [<the ids after it>]}} ({@code "%s"} only when there is a full chunk).
 * Appending to a list of n ids therefore writes nothing but the version document, and one new
 * chunk document each time a chunk fills, whatever n is.
 *
 * <p>A chunk document is {@code {_id, chunks: [predecessor id] or [], ids: [...], n: <ids up to and
 * including this chunk>, root_lineage_id, pending: [attempts]}}. {@code chunks} has the same name
 * as the version document's array of chain heads, so one {@code $graphLookup} walks from a version
 * through all its chains at once.
 */
final class IdChain {

  /** Tags a chunked list in a version document. */
  static final String HEAD = "%s";
  /** The number of ids of a chunked list. */
  static final String COUNT = "%n";
  /** The ids of a chunked list after its last full chunk. */
  static final String TAIL = "%t";

  private final List<UUID> ids;
  private final int chunkSize;
  private final List<BsonBinary> chunkIds;

  /** The chain of {@code ids} (never changed), whose first {@code known} chunk ids are given. */
  private IdChain(List<UUID> ids, int chunkSize, List<BsonBinary> known) {
    this.ids = ids;
    this.chunkSize = chunkSize;
    int chunks = ids.size() / chunkSize;
    List<BsonBinary> computed = new ArrayList<>(chunks);
    computed.addAll(known);
    BsonBinary previous = known.isEmpty() ? null : known.get(known.size() - 1);
    for (int k = known.size(); k < chunks; k++) {
      previous = chunkId(previous, ids.subList(k * chunkSize, (k + 1) * chunkSize));
      computed.add(previous);
    }
    this.chunkIds = computed;
  }

  /** The chain of a non-empty list. */
  static IdChain of(List<UUID> ids, int chunkSize) {
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("an empty list is stored inline, not as chunks");
    }
    return new IdChain(List.copyOf(ids), chunkSize, List.of());
  }

  /**
   * The chain of {@code longer}, a list that starts with this chain's ids and never changes: this
   * chain's full chunks are its first chunks too, so only the rest is hashed.
   */
  IdChain extendedTo(List<UUID> longer) {
    return new IdChain(longer, chunkSize, chunkIds);
  }

  /** Whether {@code longer} starts with this chain's ids, so that it may be extended to it. */
  boolean isPrefixOf(List<UUID> longer) {
    if (ids.size() > longer.size()) {
      return false;
    }
    for (int i = 0; i < ids.size(); i++) {
      UUID mine = ids.get(i);
      UUID theirs = longer.get(i);
      // a version's old ids hold its parent's very UUID objects: comparing references spares
      // reading thousands of objects scattered over the heap
      if (mine != theirs && !mine.equals(theirs)) {
        return false;
      }
    }
    return true;
  }

  /** How many chunk documents the list takes: its full chunks. */
  int chunkCount() {
    return chunkIds.size();
  }

  /** The id of the last full chunk; null when the list is shorter than a chunk. */
  BsonBinary head() {
    return chunkIds.isEmpty() ? null : chunkIds.get(chunkIds.size() - 1);
  }

  /** What a version document stores in place of the list. */
  BsonDocument marker() {
    BsonDocument marker = new BsonDocument();
    if (!chunkIds.isEmpty()) {
      marker.append(HEAD, head());
    }
    BsonArray tail = new BsonArray();
    for (UUID id : ids.subList(chunkIds.size() * chunkSize, ids.size())) {
      tail.add(ValueEncoding.uuid(id));
    }
    return marker.append(COUNT, new BsonInt64(ids.size())).append(TAIL, tail);
  }

  /** Whether {@code stored}, a value of a version document, is the marker of a chunked list. */
  static boolean isMarker(BsonValue stored) {
    // an escaped object key never starts with "%" followed by a letter, so no object has COUNT
    return stored != null && stored.isDocument() && stored.asDocument().containsKey(COUNT);
  }

  /**
   * How many leading chunks of this chain are certainly stored, judged from {@code stored}, the
   * marker of a list a visible version holds (its chunks are all stored): all chunks up to its
   * head when the head is one of ours.
   */
  int storedPrefix(BsonDocument stored) {
    if (stored == null || !stored.isBinary(HEAD)) {
      return 0;
    }
    BsonValue storedHead = stored.get(HEAD);
    for (int k = chunkIds.size() - 1; k >= 0; k--) {
      if (chunkIds.get(k).equals(storedHead)) {
        return k + 1;
      }
    }
    return 0;
  }

  /** The chunk documents from chunk {@code from} on, pending for {@code attempt}. */
  List<BsonDocument> chunkDocuments(int from, UUID rootLineageId, UUID attempt) {
    List<BsonDocument> documents = new ArrayList<>(chunkIds.size() - from);
    for (int k = from; k < chunkIds.size(); k++) {
      BsonArray members = new BsonArray();
      int end = (k + 1) * chunkSize;
      for (UUID id : ids.subList(k * chunkSize, end)) {
        members.add(ValueEncoding.uuid(id));
      }
      documents.add(
          new BsonDocument("_id", chunkIds.get(k))
              .append(Fields.CHUNKS,
                  k == 0 ? new BsonArray() : new BsonArray(List.of(chunkIds.get(k - 1))))
              .append(Fields.IDS, members)
              .append(Fields.COUNT, new BsonInt64(end))
              .append(Fields.ROOT_LINEAGE_ID, ValueEncoding.uuid(rootLineageId))
              .append(Fields.PENDING, new BsonArray(List.of(ValueEncoding.uuid(attempt)))));
    }
    return documents;
  }

  /**
   * The ids of the list {@code marker} names, put together from {@code chunks} (by chunk id),
   * read from the collection {@code collection}.
   *
   * @throws UnreadableValue if a chunk is missing or the chain does not add up
   */
  static List<UUID> read(
      BsonDocument marker, Map<BsonValue, BsonDocument> chunks, String collection) {
    if (!marker.isInt64(COUNT) || !marker.isArray(TAIL)
        || (marker.containsKey(HEAD) && !marker.isBinary(HEAD))) {
      throw new UnreadableValue("a chunked list marker lacks its count or tail, or its head is"
          + " no chunk id");
    }
    long count = marker.getInt64(COUNT).getValue();
    List<BsonValue> tail = marker.getArray(TAIL).getValues();
    List<List<BsonValue>> reversed = new ArrayList<>();
    reversed.add(tail);
    BsonValue next = marker.get(HEAD);
    long expected = count - tail.size();
    while (next != null) {
      String where = collection + " document " + hex(next);
      BsonDocument chunk = chunks.get(next);
      if (chunk == null) {
        throw new UnreadableValue(
            where + ", a chunk of a list of " + count + " ids, is missing");
      }
      if (!chunk.isArray(Fields.IDS) || !chunk.isInt64(Fields.COUNT)
          || !chunk.isArray(Fields.CHUNKS)) {
        throw new UnreadableValue(where + " is no chunk: it lacks its " + Fields.IDS + ", "
            + Fields.COUNT + " or " + Fields.CHUNKS);
      }
      List<BsonValue> members = chunk.getArray(Fields.IDS).getValues();
      long end = chunk.getInt64(Fields.COUNT).getValue();
      if (end != expected || members.isEmpty()) {
        throw new UnreadableValue(where + " holds " + members.size() + " ids up to position "
            + end + ", where the list of " + count + " ids needs a chunk up to position "
            + expected);
      }
      expected -= members.size();
      reversed.add(members);
      List<BsonValue> previous = chunk.getArray(Fields.CHUNKS).getValues();
      next = previous.isEmpty() ? null : previous.get(0);
    }
    if (expected != 0) {
      throw new UnreadableValue("its chunks in " + collection + " and its tail hold "
          + (count - expected) + " ids, not " + count);
    }
    Collections.reverse(reversed);
    List<UUID> ids = new ArrayList<>((int) count);
    for (List<BsonValue> members : reversed) {
      for (BsonValue member : members) {
        ids.add(ValueEncoding.uuidOf(member));
      }
    }
    return ids;
  }

  /** A chunk id as text, for messages. */
  static String hex(BsonValue chunkId) {
    if (!chunkId.isBinary()) {
      return String.valueOf(chunkId);
    }
    StringBuilder text = new StringBuilder();
    for (byte b : chunkId.asBinary().getData()) {
      text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return text.toString();
  }

  private static BsonBinary chunkId(BsonBinary previous, List<UUID> members) {
    MessageDigest digest = sha256();
    // the tag keeps a first chunk apart from a continuation whose bytes happen to look alike
    digest.update((byte) (previous == null ? 0 : 1));
    if (previous != null) {
      digest.update(previous.getData());
    }
    ByteBuffer bytes = ByteBuffer.allocate(16 * members.size());
    for (UUID member : members) {
      bytes.putLong(member.getMostSignificantBits()).putLong(member.getLeastSignificantBits());
    }
    digest.update(bytes.array());
    return new BsonBinary(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
