package dev.lineage.storage.mongo;

import com.mongodb.client.FindIterable;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.lineage.storage.Cursor;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.VersionRecord;
import dev.lineage.storage.mongo.CommitStates.State;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * Reads versions, showing only those of visible commits.
 *
 * <p>Version documents are found by {@code _id} or, for listings, by an indexed filter in creation
 * order; the chunks of their chunked lists then arrive in one more query ({@link ChunkReader}),
 * only when they hold some. A document still marked pending belongs to a commit that may not be
 * visible; the read then asks the commits collection about those attempts (one more round trip,
 * only while commits are in flight or after a crash). A commit can turn visible between the read
 * of its documents and that question; the documents of it the read asked for but did not find
 * yet are then fetched (one more round trip), so a read shows all of such a commit or none of it.
 *
 * <p>{@link #loadGraphs} walks the references level by level, so the number of round trips
 * follows the depth of the schema (a thread with its history, its messages, their usage), not the
 * number of versions.
 */
final class VersionReader {

  /** Ids per query: keeps a query well below MongoDB's 16 MiB command size. */
  static final int IDS_PER_QUERY = 50_000;

  /**
   * Up to this many ids (a commit's versions and parents), a read by ids is a plain find with
   * {@code $in}: its n² comparisons on a server that tests {@code $in} linearly are few, and the
   * aggregation costs that server a pass over the whole collection to find its first document.
   */
  static final int FEW_IDS = 64;

  /** How deep the ids of a read by ids are nested (see {@link #documents}). */
  private static final int NESTING = 3;

  private static final Bson CREATION_ORDER =
      Sorts.ascending(Fields.CREATED_AT, "_id");

  private final Store store;
  private final CommitStates states;
  private final ChunkReader chunks;

  VersionReader(Store store, CommitStates states) {
    this.store = store;
    this.states = states;
    this.chunks = new ChunkReader(store);
  }

  Map<UUID, VersionRecord> loadVersions(Collection<UUID> ecsIds) {
    Set<UUID> ids = new LinkedHashSet<>(ecsIds);
    Map<UUID, VersionRecord> found = new HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    for (VersionRecord record : decode(new Visibility().byIds(ids))) {
      found.put(record.ecsId(), record);
    }
    return found;
  }

  Map<UUID, VersionRecord> loadGraphs(Collection<UUID> rootIds) {
    Map<UUID, VersionRecord> graph = new HashMap<>();
    Set<UUID> requested = new HashSet<>(rootIds);
    List<UUID> level = new ArrayList<>(requested);
    Visibility visibility = new Visibility();
    while (!level.isEmpty()) {
      List<UUID> next = new ArrayList<>();
      for (VersionRecord record : decode(visibility.byIds(level))) {
        if (graph.putIfAbsent(record.ecsId(), record) == null) {
          record.forEachReference(reference -> {
            if (requested.add(reference)) {
              next.add(reference);
            }
          });
        }
      }
      level = next;
    }
    return graph;
  }

  boolean exists(UUID ecsId) {
    BsonDocument document = store.versions()
        .find(Filters.eq("_id", ValueEncoding.uuid(ecsId)))
        .projection(Projections.include(Fields.PENDING))
        .first();
    if (document == null) {
      return false;
    }
    BsonValue pending = document.get(Fields.PENDING);
    if (pending == null) {
      return true;
    }
    UUID attempt = ValueEncoding.uuidOf(pending);
    return states.lookup(List.of(attempt)).get(attempt) == State.VISIBLE;
  }

  /** One page of the versions {@code filter} selects, in creation order. */
  Page<VersionRecord> list(Bson filter, PageRequest page) {
    int wanted = page.limit() + 1;
    List<BsonDocument> collected = new ArrayList<>();
    Optional<BsonDocument> after = page.after().map(VersionReader::cursorDocument);
    Visibility visibility = new Visibility();
    while (true) {
      Bson window = after.map(last -> Filters.and(filter, after(last))).orElse(filter);
      int asked = wanted - collected.size();
      List<BsonDocument> batch = store.versions().find(window)
          .sort(CREATION_ORDER).limit(asked).batchSize(asked).into(new ArrayList<>());
      boolean exhausted = batch.size() < asked;
      Bson upTo = exhausted ? window : Filters.and(window, upTo(batch.get(batch.size() - 1)));
      collected.addAll(visibility.inWindow(batch, upTo));
      if (exhausted || collected.size() >= wanted) {
        break;
      }
      after = Optional.of(batch.get(batch.size() - 1));
    }
    List<VersionRecord> records = decode(collected);
    records.sort(VersionRecord.CREATION_ORDER);
    if (records.size() <= page.limit()) {
      return new Page<>(records, Optional.empty());
    }
    List<VersionRecord> items = records.subList(0, page.limit());
    return new Page<>(items, Optional.of(Cursor.after(items.get(items.size() - 1))));
  }

  /**
   * The version documents stored under {@code ids}, pending or not, each once: one round trip per
   * {@value #IDS_PER_QUERY} ids.
   *
   * <p>Beyond {@value #FEW_IDS} ids, not a find with {@code $in}: a server may test {@code $in} against every candidate by a
   * linear search (the embedded mongo-java-server does, so reading n versions costs n²
   * comparisons there). Instead one document, taken from the versions collection itself (when it
   * is empty nothing is found, which is right), is replaced by the ids, unwound into one
   * document per id, and a {@code $lookup} probes the {@code _id} index once per id; the {@code
   * $unwind} after it makes each version a result of its own (MongoDB runs the two as one stage).
   * The ids arrive nested {@value #NESTING} deep in groups of about n^(1/3) and are unwound a level
   * at a time, because a server may copy the whole document for every element it unwinds (the
   * embedded one does): that costs about 3n^(4/3) copies of an id instead of n².
   */
  List<BsonDocument> documents(Collection<UUID> ids) {
    if (ids.size() <= FEW_IDS) {
      return find(Filters.in("_id", uuids(ids)), ids.size());
    }
    Map<BsonValue, BsonDocument> documents = new LinkedHashMap<>();
    List<UUID> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
      List<UUID> slice = all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY));
      int group = (int) Math.ceil(Math.cbrt(slice.size()));
      List<Bson> pipeline = new ArrayList<>(List.of(
          Aggregates.limit(1),
          Aggregates.project(new BsonDocument("_id", new BsonInt32(0))
              .append(Fields.IDS, new BsonDocument("$literal",
                  nested(uuids(slice), group, NESTING))))));
      for (int level = 0; level < NESTING; level++) {
        pipeline.add(Aggregates.unwind("$" + Fields.IDS));
      }
      pipeline.add(Aggregates.lookup(store.options().versionsCollection(), Fields.IDS, "_id",
          Fields.FOUND_VERSIONS));
      pipeline.add(Aggregates.unwind("$" + Fields.FOUND_VERSIONS));
      pipeline.add(Aggregates.replaceRoot("$" + Fields.FOUND_VERSIONS));
      for (BsonDocument document :
          store.versions().aggregate(pipeline).batchSize(slice.size())) {
        documents.putIfAbsent(document.get("_id"), document);
      }
    }
    return new ArrayList<>(documents.values());
  }

  /** {@code ids} as arrays nested {@code depth} deep, each holding at most {@code group}. */
  private static BsonArray nested(List<BsonValue> ids, int group, int depth) {
    if (depth == 1) {
      return new BsonArray(ids);
    }
    long span = (long) Math.pow(group, depth - 1);
    BsonArray groups = new BsonArray();
    for (int start = 0; start < ids.size(); start += (int) span) {
      groups.add(nested(ids.subList(start, (int) Math.min(ids.size(), start + span)), group,
          depth - 1));
    }
    return groups;
  }

  /** The records of visible {@code documents}, their chunked lists fetched in one go. */
  List<VersionRecord> decode(List<BsonDocument> documents) {
    Map<BsonValue, BsonDocument> found = chunks.chunksOf(documents);
    List<VersionRecord> records = new ArrayList<>(documents.size());
    for (BsonDocument document : documents) {
      records.add(
          VersionDocuments.decode(document, found, store.options().chunksCollection()));
    }
    return records;
  }

  /**
   * The version documents {@code filter} selects. {@code expected}, when known, sizes the first
   * reply so that a result under 16 MiB arrives in one round trip.
   */
  private List<BsonDocument> find(Bson filter, int expected) {
    FindIterable<BsonDocument> found = store.versions().find(filter);
    if (expected > 0) {
      found.batchSize(expected);
    }
    return found.into(new ArrayList<>());
  }

  /** Documents up to and including {@code last} in creation order. */
  private static Bson upTo(BsonDocument last) {
    BsonValue createdAt = last.get(Fields.CREATED_AT);
    return Filters.or(
        Filters.lt(Fields.CREATED_AT, createdAt),
        Filters.and(Filters.eq(Fields.CREATED_AT, createdAt), Filters.lte("_id", last.get("_id"))));
  }

  /** Documents strictly after {@code last} in creation order. */
  private static Bson after(BsonDocument last) {
    BsonValue createdAt = last.get(Fields.CREATED_AT);
    return Filters.or(
        Filters.gt(Fields.CREATED_AT, createdAt),
        Filters.and(Filters.eq(Fields.CREATED_AT, createdAt), Filters.gt("_id", last.get("_id"))));
  }

  private static BsonDocument cursorDocument(Cursor cursor) {
    return new BsonDocument("_id", ValueEncoding.uuid(cursor.ecsId()))
        .append(Fields.CREATED_AT, new BsonDateTime(cursor.createdAt().toEpochMilli()));
  }

  /**
   * What one read knows about commit attempts, so that everything it returns is consistent: all
   * of a commit or nothing of it.
   */
  private final class Visibility {

    private final Map<UUID, Boolean> visible = new HashMap<>();
    private final Set<UUID> missing = new HashSet<>();

    /** The visible documents among {@code ids}. */
    List<BsonDocument> byIds(Collection<UUID> ids) {
      List<BsonDocument> documents = documents(ids);
      Set<UUID> found = new HashSet<>();
      documents.forEach(document -> found.add(ValueEncoding.uuidOf(document.get("_id"))));
      for (UUID id : ids) {
        if (!found.contains(id)) {
          missing.add(id);
        }
      }
      Set<UUID> turned = learnAttempts(documents);
      if (!turned.isEmpty() && !missing.isEmpty()) {
        // a commit became visible while we read: fetch the versions of it we asked for too early
        List<BsonDocument> late = find(Filters.and(
            Filters.in("_id", uuids(missing)), Filters.in(Fields.COMMIT, uuids(turned))),
            missing.size());
        late.forEach(document -> missing.remove(ValueEncoding.uuidOf(document.get("_id"))));
        documents.addAll(late);
      }
      return visibleOnly(documents);
    }

    /**
     * The visible documents of {@code batch}, a page read from the window {@code window}, plus
     * those of commits that turned visible while it was read and fall in the window.
     */
    List<BsonDocument> inWindow(List<BsonDocument> batch, Bson window) {
      List<BsonDocument> documents = new ArrayList<>(batch);
      Set<UUID> turned = learnAttempts(batch);
      if (!turned.isEmpty()) {
        Set<BsonValue> seen = new HashSet<>();
        batch.forEach(document -> seen.add(document.get("_id")));
        for (BsonDocument late :
            find(Filters.and(window, Filters.in(Fields.COMMIT, uuids(turned))), 0)) {
          if (seen.add(late.get("_id"))) {
            documents.add(late);
          }
        }
      }
      return visibleOnly(documents);
    }

    /** Asks about the attempts of pending documents not asked about yet; the visible ones. */
    private Set<UUID> learnAttempts(List<BsonDocument> documents) {
      Set<UUID> unknown = new HashSet<>();
      for (BsonDocument document : documents) {
        BsonValue pending = document.get(Fields.PENDING);
        if (pending != null) {
          UUID attempt = ValueEncoding.uuidOf(pending);
          if (!visible.containsKey(attempt)) {
            unknown.add(attempt);
          }
        }
      }
      Set<UUID> turned = new HashSet<>();
      states.lookup(unknown).forEach((attempt, state) -> {
        visible.put(attempt, state == State.VISIBLE);
        if (state == State.VISIBLE) {
          turned.add(attempt);
        }
      });
      return turned;
    }

    private List<BsonDocument> visibleOnly(List<BsonDocument> documents) {
      List<BsonDocument> shown = new ArrayList<>(documents.size());
      for (BsonDocument document : documents) {
        BsonValue pending = document.get(Fields.PENDING);
        boolean committed =
            pending == null || Boolean.TRUE.equals(visible.get(ValueEncoding.uuidOf(pending)));
        if (committed) {
          shown.add(document);
        }
      }
      return shown;
    }
  }

  static List<BsonValue> uuids(Collection<UUID> ids) {
    List<BsonValue> values = new ArrayList<>(ids.size());
    ids.forEach(id -> values.add(ValueEncoding.uuid(id)));
    return values;
  }
}
