package dev.lineage.storage.mongo;

import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import dev.lineage.storage.mongo.ValueEncoding.UnreadableValue;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInvalidOperationException;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

/**
 * Maps a {@link VersionRecord} to its version document and back.
 *
 * <pre>{@code
 * { _id: <ecs_id>, lineage_id, parent_id (or null), created_at: <date>, type: "<type name>",
 *   old_ids: [] or <chunked list>, fields: { <escaped name>: <value> or <chunked list>, ... },
 *   chunks: [<heads of the chunked lists>],            (only when they have chunk documents)
 *   root_lineage_id, commit: <attempt>, pending: <attempt> (until the commit is visible) }
 * }</pre>
 *
 * <p>{@code old_ids} and every field whose value is a non-empty sequence of references only (a
 * thread's history, an owner's children) are stored as {@link IdChain}s: a version holds their last
 * full chunk's id, their length and the ids after that chunk; the chunks are shared with the
 * versions before it.
 */
final class VersionDocuments {

  /** The largest document MongoDB stores. */
  static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

  private VersionDocuments() {}

  /**
   * A version ready to be written: its document without the bookkeeping of a commit attempt, and
   * the chains of its chunked lists by {@linkplain #listKey list key}.
   */
  record Encoded(VersionRecord record, BsonDocument core, Map<String, IdChain> chains) {

    UUID id() {
      return record.ecsId();
    }

    /** The document {@code attempt} inserts, in a commit whose root is of {@code rootLineageId}. */
    BsonDocument forAttempt(UUID attempt, UUID rootLineageId) {
      BsonDocument document = core.clone();
      document.put(Fields.ROOT_LINEAGE_ID, ValueEncoding.uuid(rootLineageId));
      document.put(Fields.COMMIT, ValueEncoding.uuid(attempt));
      document.put(Fields.PENDING, ValueEncoding.uuid(attempt));
      return document;
    }
  }

  /**
   * The document of {@code record}.
   *
   * @throws InvalidInputException if a value cannot be stored, or the document would exceed
   *     MongoDB's 16 MiB
   */
  static Encoded encode(VersionRecord record, int chunkSize, ChainCache cache) {
    String name = record.type() + " version " + record.ecsId();
    Map<String, IdChain> chains = new LinkedHashMap<>();
    BsonDocument core = new BsonDocument("_id", ValueEncoding.uuid(record.ecsId()))
        .append(Fields.LINEAGE_ID, ValueEncoding.uuid(record.lineageId()))
        .append(Fields.PARENT_ID,
            record.parentId() == null ? BsonNull.VALUE : ValueEncoding.uuid(record.parentId()))
        .append(Fields.CREATED_AT,
            new BsonDateTime(ValueEncoding.epochMillis(record.createdAt(), name + " createdAt")))
        .append(Fields.TYPE, new BsonString(record.type()));
    if (record.oldIds().isEmpty()) {
      core.append(Fields.OLD_IDS, new BsonArray());
    } else {
      IdChain chain = oldIdsChain(record, chunkSize, cache);
      chains.put(Fields.OLD_IDS, chain);
      core.append(Fields.OLD_IDS, chain.marker());
    }
    BsonDocument fields = new BsonDocument();
    record.fields().forEach((field, value) -> {
      String key = ValueEncoding.escape(field);
      IdChain chain = chainOf(record, key, value, chunkSize, cache);
      if (chain != null) {
        chains.put(listKey(key), chain);
        fields.put(key, chain.marker());
      } else {
        fields.put(key, ValueEncoding.encode(value, name + " field '" + field + "'"));
      }
    });
    core.append(Fields.FIELDS, fields);
    BsonArray heads = new BsonArray();
    chains.values().forEach(chain -> {
      if (chain.head() != null) {
        heads.add(chain.head());
      }
    });
    if (!heads.isEmpty()) {
      core.append(Fields.CHUNKS, heads);
    }
    checkSize(core, name);
    return new Encoded(record, core, chains);
  }

  /** The key under which a field's chain is known: {@code fields.<escaped name>}. */
  static String listKey(String escapedField) {
    return Fields.FIELDS + "." + escapedField;
  }

  /** The marker a stored version document holds under {@code listKey}, or null. */
  static BsonDocument storedMarker(BsonDocument document, String listKey) {
    BsonValue value;
    if (listKey.equals(Fields.OLD_IDS)) {
      value = document.get(Fields.OLD_IDS);
    } else {
      BsonValue fields = document.get(Fields.FIELDS);
      value = fields != null && fields.isDocument()
          ? fields.asDocument().get(listKey.substring(Fields.FIELDS.length() + 1))
          : null;
    }
    return IdChain.isMarker(value) ? value.asDocument() : null;
  }

  /** Whether a stored document holds exactly what {@code encoded} would write. */
  static boolean sameCore(BsonDocument stored, Encoded encoded) {
    BsonDocument core = stored.clone();
    core.remove(Fields.ROOT_LINEAGE_ID);
    core.remove(Fields.COMMIT);
    core.remove(Fields.PENDING);
    return core.equals(encoded.core());
  }

  /**
   * The record a stored document holds; its chunked lists are put together from {@code chunks},
   * chunk documents by id ({@link ChunkReader} fetches them from {@code chunksCollection}, which
   * messages name).
   *
   * @throws UnreadableDataException naming the version (and the field) if it cannot be read
   */
  static VersionRecord decode(
      BsonDocument document, Map<BsonValue, BsonDocument> chunks, String chunksCollection) {
    String name = "version " + document.get("_id");
    try {
      UUID ecsId = uuid(document, "_id");
      BsonValue type = document.get(Fields.TYPE);
      if (type == null || !type.isString()) {
        throw new UnreadableValue(
            "its " + Fields.TYPE + " is " + ValueEncoding.describe(type) + ", not a string");
      }
      name = type.asString().getValue() + " version " + ecsId;
      UUID lineageId = uuid(document, Fields.LINEAGE_ID);
      BsonValue parent = document.get(Fields.PARENT_ID);
      UUID parentId = parent == null || parent.isNull() ? null : uuid(document, Fields.PARENT_ID);
      BsonValue createdAt = document.get(Fields.CREATED_AT);
      if (createdAt == null || !createdAt.isDateTime()) {
        throw new UnreadableValue("its " + Fields.CREATED_AT + " is "
            + ValueEncoding.describe(createdAt) + ", not a date");
      }
      List<UUID> oldIds = oldIds(document.get(Fields.OLD_IDS), chunks, chunksCollection);
      BsonValue storedFields = document.get(Fields.FIELDS);
      if (storedFields == null || !storedFields.isDocument()) {
        throw new UnreadableValue("its " + Fields.FIELDS + " are "
            + ValueEncoding.describe(storedFields) + ", not a document");
      }
      Map<String, Value> fields = new LinkedHashMap<>();
      for (Map.Entry<String, BsonValue> entry : storedFields.asDocument().entrySet()) {
        String field = ValueEncoding.unescape(entry.getKey());
        fields.put(field, decodeField(entry.getValue(), chunks, chunksCollection, name, field));
      }
      return new VersionRecord(ecsId, lineageId, parentId, oldIds,
          Instant.ofEpochMilli(createdAt.asDateTime().getValue()), type.asString().getValue(),
          fields);
    } catch (UnreadableDataException e) {
      throw e;
    } catch (UnreadableValue | BsonInvalidOperationException | InvalidInputException e) {
      throw new UnreadableDataException(name + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static UUID uuid(BsonDocument document, String field) {
    try {
      return ValueEncoding.uuidOf(document.get(field));
    } catch (UnreadableValue e) {
      throw new UnreadableValue("its " + field + ": " + e.getMessage());
    }
  }

  private static List<UUID> oldIds(
      BsonValue stored, Map<BsonValue, BsonDocument> chunks, String chunksCollection) {
    try {
      if (stored != null && stored.isDocument()) {
        return IdChain.read(stored.asDocument(), chunks, chunksCollection);
      }
      if (stored == null || !stored.isArray()) {
        throw new UnreadableValue(
            "it is " + ValueEncoding.describe(stored) + ", not a list of ids");
      }
      List<UUID> ids = new ArrayList<>();
      for (BsonValue id : stored.asArray()) {
        ids.add(ValueEncoding.uuidOf(id));
      }
      return ids;
    } catch (UnreadableValue e) {
      throw new UnreadableValue("its " + Fields.OLD_IDS + ": " + e.getMessage());
    }
  }

  private static Value decodeField(BsonValue stored, Map<BsonValue, BsonDocument> chunks,
      String chunksCollection, String name, String field) {
    try {
      if (IdChain.isMarker(stored)) {
        List<Value> refs = new ArrayList<>();
        for (UUID id : IdChain.read(stored.asDocument(), chunks, chunksCollection)) {
          refs.add(new Value.Ref(id));
        }
        return new Value.Seq(refs);
      }
      return ValueEncoding.decode(stored);
    } catch (UnreadableValue | BsonInvalidOperationException | InvalidInputException e) {
      throw new UnreadableDataException(
          name + ", field '" + field + "', cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * The chunked lists a stored document holds that have chunk documents, as the markers {@code
   * {"%s": <head>, "%n": <count>, "%t": [...]}} of its old ids and of its fields; what a read must
   * fetch chunks for. Markers that are not well formed are left out: decoding the document
   * reports them.
   */
  static List<BsonDocument> chunkedLists(BsonDocument document) {
    List<BsonDocument> markers = new ArrayList<>();
    addMarker(document.get(Fields.OLD_IDS), markers);
    BsonValue fields = document.get(Fields.FIELDS);
    if (fields != null && fields.isDocument()) {
      fields.asDocument().values().forEach(value -> addMarker(value, markers));
    }
    return markers;
  }

  private static void addMarker(BsonValue value, List<BsonDocument> markers) {
    if (value != null && value.isDocument() && value.asDocument().isBinary(IdChain.HEAD)
        && value.asDocument().isInt64(IdChain.COUNT)) {
      markers.add(value.asDocument());
    }
  }

  /**
   * The chain of the field {@code key} of {@code record} when its value is a non-empty sequence
   * made of references only; null for any other value. A sequence grown from the one the parent
   * version's field was encoded from (as this process remembers it) is checked and hashed from
   * where the parent's ends.
   */
  private static IdChain chainOf(VersionRecord record, String key, Value value, int chunkSize,
      ChainCache cache) {
    if (!(value instanceof Value.Seq seq) || seq.items().isEmpty()) {
      return null;
    }
    List<Value> items = seq.items();
    ChainCache.Entry parent = record.parentId() == null
        ? null
        : cache.get(new ChainCache.Key(record.parentId(), listKey(key)));
    boolean grown = parent != null && seq.startsWith(parent.seq());
    for (int i = grown ? parent.seq().items().size() : 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof Value.Ref)) {
        return null;
      }
    }
    List<UUID> ids = new AbstractList<>() { // the sequence never changes: no copy needed
      @Override
      public UUID get(int index) {
        return ((Value.Ref) items.get(index)).ecsId();
      }

      @Override
      public int size() {
        return items.size();
      }
    };
    IdChain chain = grown ? parent.chain().extendedTo(ids) : IdChain.of(ids, chunkSize);
    cache.put(new ChainCache.Key(record.ecsId(), listKey(key)), new ChainCache.Entry(seq, chain));
    return chain;
  }

  /**
   * The chain of the old ids of {@code record}. A version's old ids are its parent's and the
   * parent's own id, so the parent's chain (as this process remembers it) is extended: only the
   * last chunk is hashed, not a list as long as the lineage's history.
   */
  private static IdChain oldIdsChain(VersionRecord record, int chunkSize, ChainCache cache) {
    List<UUID> ids = record.oldIds();
    ChainCache.Entry parent = record.parentId() == null
        ? null
        : cache.get(new ChainCache.Key(record.parentId(), Fields.OLD_IDS));
    IdChain chain = parent != null && parent.chain().isPrefixOf(ids)
        ? parent.chain().extendedTo(ids)
        : IdChain.of(ids, chunkSize);
    cache.put(new ChainCache.Key(record.ecsId(), Fields.OLD_IDS),
        new ChainCache.Entry(null, chain));
    return chain;
  }

  /** Refuses a document MongoDB would refuse, naming the version, before anything is written. */
  private static void checkSize(BsonDocument document, String name) {
    // measuring means encoding; only documents that may be near the limit pay for it
    if (roughSize(document) < MAX_DOCUMENT_BYTES / 2) {
      return;
    }
    BasicOutputBuffer buffer = new BasicOutputBuffer();
    try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
      new BsonDocumentCodec().encode(writer, document, EncoderContext.builder().build());
    }
    // room for the bookkeeping fields a commit adds
    if (buffer.getPosition() > MAX_DOCUMENT_BYTES - 256) {
      throw new InvalidInputException(
          name + " takes " + buffer.getPosition() + " bytes as a document; MongoDB stores at most "
              + MAX_DOCUMENT_BYTES);
    }
  }

  /** An upper bound of a document's size: strings at 3 bytes a character, 32 bytes a value. */
  private static long roughSize(BsonValue value) {
    if (value.isString()) {
      return 32L + 3L * value.asString().getValue().length();
    } else if (value.isBinary()) {
      return 32L + value.asBinary().getData().length;
    } else if (value.isDocument()) {
      long size = 32;
      for (Map.Entry<String, BsonValue> entry : value.asDocument().entrySet()) {
        size += 3L * entry.getKey().length() + roughSize(entry.getValue());
      }
      return size;
    } else if (value.isArray()) {
      long size = 32;
      for (BsonValue item : value.asArray()) {
        size += 16 + roughSize(item);
      }
      return size;
    }
    return 32;
  }
}
