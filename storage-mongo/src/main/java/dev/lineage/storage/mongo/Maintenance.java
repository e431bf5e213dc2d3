package dev.lineage.storage.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.lineage.storage.mongo.CommitStates.State;
import dev.lineage.storage.mongo.MongoEntityStorage.Cleanup;
import dev.lineage.storage.mongo.ValueEncoding.UnreadableValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * Looks after what commits leave behind: pending documents of attempts that never became visible
 * (a writer died, or lost and could not tidy up), and pending marks of attempts that did.
 */
final class Maintenance {

  private final Store store;
  private final CommitStates states;

  Maintenance(Store store, CommitStates states) {
    this.store = store;
    this.states = states;
  }

  /**
   * The commit attempts with pending documents, and where each stands. A mark that names no
   * attempt (altered by hand) holds nothing back; verify reports its document.
   */
  Map<UUID, State> pendingAttempts() {
    Set<UUID> attempts = new HashSet<>();
    for (MongoCollection<BsonDocument> collection : List.of(store.versions(), store.chunks())) {
      for (BsonValue attempt : collection.distinct(Fields.PENDING, BsonValue.class)) {
        try {
          attempts.add(ValueEncoding.uuidOf(attempt));
        } catch (UnreadableValue e) {
          // not an attempt
        }
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

  private static List<UUID> attemptsIn(Map<UUID, State> attempts, State state) {
    List<UUID> matching = new ArrayList<>();
    attempts.forEach((attempt, current) -> {
      if (current == state) {
        matching.add(attempt);
      }
    });
    return matching;
  }
}
