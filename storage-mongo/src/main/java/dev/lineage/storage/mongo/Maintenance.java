package dev.lineage.storage.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.lineage.storage.Value;
import dev.lineage.storage.mongo.CommitStates.State;
import dev.lineage.storage.mongo.MongoEntityStorage.Cleanup;
import dev.lineage.storage.mongo.MongoEntityStorage.Verification;
import dev.lineage.storage.mongo.ValueEncoding.UnreadableValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.bson.BsonDocument;
import org.bson.BsonInvalidOperationException;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * Looks after what commits leave behind: pending documents of attempts that never became visible
 * (a writer died, or lost and could not tidy up), pending marks of attempts that did, and the
 * integrity of what is visible.
 */
final class Maintenance {

  /** Documents checked per query while scanning. */
  static final int SCAN_BATCH = 1_000;
  /** Problems described in a report; more are only counted. */
  static final int PROBLEMS_DESCRIBED = 1_000;

  private final Store store;
  private final CommitStates states;

  Maintenance(Store store, CommitStates states) {
    this.store = store;
    this.states = states;
  }

  /** The commit attempts with pending documents, and where each stands. */
  Map<UUID, State> pendingAttempts() {
    Set<UUID> attempts = new HashSet<>();
    for (MongoCollection<BsonDocument> collection : List.of(store.versions(), store.chunks())) {
      for (BsonValue attempt : collection.distinct(Fields.PENDING, BsonValue.class)) {
        attempts.add(ValueEncoding.uuidOf(attempt));
      }
    }
    return states.lookup(attempts);
  }

  /**
   * The filter of visible documents, given the states of the pending attempts: unmarked, or
   * marked by a visible attempt (for a chunk: by at least one).
   */
  static Bson visibleDocuments(Map<UUID, State> attempts) {
    List<UUID> visible = attemptsIn(attempts, State.VISIBLE);
    Bson unmarked = Filters.exists(Fields.PENDING, false);
    return visible.isEmpty()
        ? unmarked
        : Filters.or(unmarked, Filters.in(Fields.PENDING, VersionReader.uuids(visible)));
  }

  Verification verify() {
    Map<UUID, State> attempts = pendingAttempts();
    List<BsonValue> visible = VersionReader.uuids(attemptsIn(attempts, State.VISIBLE));
    List<UUID> abandoned = new ArrayList<>(new TreeSet<>(attempts.keySet()));
    abandoned.removeIf(attempt -> attempts.get(attempt) == State.VISIBLE);
    List<BsonValue> abandonedIds = VersionReader.uuids(abandoned);
    long abandonedVersions =
        store.versions().countDocuments(Filters.in(Fields.PENDING, abandonedIds));
    long abandonedChunks = store.chunks().countDocuments(Filters.and(
        Filters.exists(Fields.PENDING), Filters.nin(Fields.PENDING, visible)));
    long unflagged = store.versions().countDocuments(Filters.in(Fields.PENDING, visible))
        + store.chunks().countDocuments(Filters.in(Fields.PENDING, visible));
    Problems problems = new Problems();
    Bson committed = visibleDocuments(attempts);
    long versions = inBatches(store.versions(), committed,
        batch -> checkVersions(batch, visible, problems));
    inBatches(store.chunks(), committed, batch -> checkChunks(batch, visible, problems));
    return new Verification(versions, abandoned, abandonedVersions, abandonedChunks, unflagged,
        problems.described, problems.count);
  }

  Cleanup cleanup() {
    Map<UUID, State> attempts = new HashMap<>(pendingAttempts());
    int aborted = 0;
    for (Map.Entry<UUID, State> entry : attempts.entrySet()) {
      if (entry.getValue() == State.UNKNOWN) {
        State now = states.abort(entry.getKey());
        entry.setValue(now);
        if (now == State.ABORTED) {
          aborted++;
        }
      }
    }
    List<BsonValue> visible = VersionReader.uuids(attemptsIn(attempts, State.VISIBLE));
    List<BsonValue> dead = VersionReader.uuids(attemptsIn(attempts, State.ABORTED));
    long flagged = 0;
    long removedVersions = 0;
    long removedChunks = 0;
    if (!visible.isEmpty()) {
      // a writer died between its commit and clearing the marks: finish its work
      flagged += store.versions().updateMany(
          Filters.in(Fields.PENDING, visible), Updates.unset(Fields.PENDING)).getModifiedCount();
      flagged += store.chunks().updateMany(
          Filters.in(Fields.PENDING, visible), Updates.unset(Fields.PENDING)).getModifiedCount();
    }
    if (!dead.isEmpty()) {
      removedVersions =
          store.versions().deleteMany(Filters.in(Fields.PENDING, dead)).getDeletedCount();
      store.chunks().updateMany(
          Filters.in(Fields.PENDING, dead), Updates.pullAll(Fields.PENDING, dead));
    }
    // a chunk no attempt waits for and none made visible is needed by no version
    removedChunks = store.chunks().deleteMany(Filters.size(Fields.PENDING, 0)).getDeletedCount();
    return new Cleanup(aborted, removedVersions, removedChunks, flagged);
  }

  /**
   * Hands {@code action} the documents {@code filter} selects, a batch at a time in {@code _id}
   * order; returns how many there were.
   */
  private static long inBatches(MongoCollection<BsonDocument> collection, Bson filter,
      Consumer<List<BsonDocument>> action) {
    long seen = 0;
    BsonValue last = null;
    while (true) {
      Bson page = last == null ? filter : Filters.and(filter, Filters.gt("_id", last));
      List<BsonDocument> batch = collection.find(page)
          .sort(Sorts.ascending("_id")).limit(SCAN_BATCH).into(new ArrayList<>());
      if (batch.isEmpty()) {
        return seen;
      }
      seen += batch.size();
      last = batch.get(batch.size() - 1).get("_id");
      action.accept(batch);
    }
  }

  /** Checks the parent, references and chunk heads of a batch of visible versions. */
  private void checkVersions(
      List<BsonDocument> batch, List<BsonValue> visibleAttempts, Problems problems) {
    Map<UUID, List<String>> needed = new HashMap<>();
    Map<BsonValue, List<HeadUse>> heads = new HashMap<>();
    for (BsonDocument document : batch) {
      String name = document.get(Fields.TYPE) + " version " + document.get("_id");
      try {
        name = document.getString(Fields.TYPE).getValue() + " version "
            + ValueEncoding.uuidOf(document.get("_id"));
        BsonValue parent = document.get(Fields.PARENT_ID);
        if (parent != null && !parent.isNull()) {
          needed.computeIfAbsent(ValueEncoding.uuidOf(parent), k -> new ArrayList<>())
              .add(name + ": its parent");
        }
        collectHead(document.get(Fields.OLD_IDS), name + ": its old ids", heads);
        BsonDocument fields = document.getDocument(Fields.FIELDS);
        for (Map.Entry<String, BsonValue> field : fields.entrySet()) {
          String where = name + ", field '" + ValueEncoding.unescape(field.getKey()) + "'";
          if (!collectHead(field.getValue(), where, heads)) {
            Value value = ValueEncoding.decode(field.getValue());
            value.forEachRef(ref ->
                needed.computeIfAbsent(ref, k -> new ArrayList<>()).add(where));
          }
        }
      } catch (UnreadableValue | BsonInvalidOperationException e) {
        problems.add(name + " cannot be read: " + e.getMessage());
      }
    }
    Set<UUID> present = visibleAmong(needed.keySet(), visibleAttempts);
    needed.forEach((id, places) -> {
      if (!present.contains(id)) {
        places.forEach(
            place -> problems.add(place + " names version " + id + ", which is not stored"));
      }
    });
    Map<BsonValue, BsonDocument> found = visibleChunks(heads.keySet(), visibleAttempts);
    heads.forEach((head, uses) -> {
      BsonDocument chunk = found.get(head);
      for (HeadUse use : uses) {
        if (chunk == null) {
          problems.add(use.where() + " lacks its chunk " + IdChain.hex(head));
        } else if (chunk.getInt64(Fields.COUNT).getValue() != use.count()) {
          problems.add(use.where() + " counts " + use.count() + " ids, its last chunk "
              + chunk.getInt64(Fields.COUNT).getValue());
        }
      }
    });
  }

  /** Checks that each chunk of a batch of visible ones has its predecessor and members stored. */
  private void checkChunks(
      List<BsonDocument> batch, List<BsonValue> visibleAttempts, Problems problems) {
    Map<BsonValue, String> predecessors = new HashMap<>();
    Map<UUID, String> members = new HashMap<>();
    for (BsonDocument chunk : batch) {
      String name = "chunk " + IdChain.hex(chunk.get("_id"));
      try {
        for (BsonValue previous : chunk.getArray(Fields.CHUNKS)) {
          predecessors.put(previous, name);
        }
        for (BsonValue member : chunk.getArray(Fields.IDS)) {
          members.putIfAbsent(ValueEncoding.uuidOf(member), name);
        }
      } catch (UnreadableValue | BsonInvalidOperationException e) {
        problems.add(name + " cannot be read: " + e.getMessage());
      }
    }
    Map<BsonValue, BsonDocument> found = visibleChunks(predecessors.keySet(), visibleAttempts);
    predecessors.forEach((previous, name) -> {
      if (!found.containsKey(previous)) {
        problems.add(name + " follows chunk " + IdChain.hex(previous) + ", which is not stored");
      }
    });
    Set<UUID> present = visibleAmong(members.keySet(), visibleAttempts);
    members.forEach((member, name) -> {
      if (!present.contains(member)) {
        problems.add(name + " lists version " + member + ", which is not stored");
      }
    });
  }

  /** A chunked list's head, where it is used and how many ids the list should hold. */
  private record HeadUse(String where, long count) {}

  /** Notes the head of a chunked list; false if {@code value} is no chunked list. */
  private static boolean collectHead(
      BsonValue value, String where, Map<BsonValue, List<HeadUse>> heads) {
    if (value == null || !value.isDocument() || !value.asDocument().containsKey(IdChain.HEAD)) {
      return false;
    }
    BsonDocument marker = value.asDocument();
    heads.computeIfAbsent(marker.get(IdChain.HEAD), k -> new ArrayList<>())
        .add(new HeadUse(where, marker.getInt64(IdChain.COUNT).getValue()));
    return true;
  }

  private Set<UUID> visibleAmong(Set<UUID> ids, List<BsonValue> visibleAttempts) {
    Set<UUID> present = new HashSet<>();
    List<UUID> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += VersionReader.IDS_PER_QUERY) {
      int end = Math.min(all.size(), from + VersionReader.IDS_PER_QUERY);
      List<UUID> slice = all.subList(from, end);
      store.versions().find(Filters.in("_id", VersionReader.uuids(slice)))
          .projection(Projections.include(Fields.PENDING))
          .forEach(document -> {
            BsonValue pending = document.get(Fields.PENDING);
            if (pending == null || visibleAttempts.contains(pending)) {
              present.add(ValueEncoding.uuidOf(document.get("_id")));
            }
          });
    }
    return present;
  }

  private Map<BsonValue, BsonDocument> visibleChunks(
      Set<BsonValue> ids, List<BsonValue> visibleAttempts) {
    Map<BsonValue, BsonDocument> found = new HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    store.chunks().find(Filters.in("_id", new ArrayList<>(ids)))
        .projection(Projections.include(Fields.COUNT, Fields.PENDING))
        .forEach(chunk -> {
          BsonValue pending = chunk.get(Fields.PENDING);
          boolean needed = pending == null
              || pending.asArray().stream().anyMatch(visibleAttempts::contains);
          if (needed) {
            found.put(chunk.get("_id"), chunk);
          }
        });
    return found;
  }

  private static List<UUID> attemptsIn(Map<UUID, State> attempts, State state) {
    List<UUID> matching = new ArrayList<>();
    attempts.forEach((attempt, current) -> {
      if (current == state) {
        matching.add(attempt);
      }
    });
    return matching;
  }

  /** Problems found so far: the first ones described, all counted. */
  private static final class Problems {
    final List<String> described = new ArrayList<>();
    long count;

    void add(String problem) {
      count++;
      if (described.size() < PROBLEMS_DESCRIBED) {
        described.add(problem);
      }
    }
  }
}
