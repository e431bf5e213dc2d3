package dev.lineage.storage.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * The commits collection: one document per commit attempt that ended, {@code {_id: <attempt>,
 * state: "visible" | "aborted", ...}}. Inserting an attempt's document is the one atomic step of a
 * commit; {@code _id} is unique, so an attempt is either made visible by its writer or aborted by
 * someone else (a competing writer, a cleanup), never both.
 */
final class CommitStates {

  /** Where an attempt stands. */
  enum State {
    /** Its versions are visible. */
    VISIBLE,
    /** It never becomes visible; its documents are leftovers. */
    ABORTED,
    /** No document yet: still running, or its writer died. */
    UNKNOWN
  }

  static final String VISIBLE = "visible";
  static final String ABORTED = "aborted";

  /** Attempts remembered as made visible by this storage: enough for the last few commits. */
  static final int REMEMBERED = 1024;

  private final Store store;
  /**
   * Attempts this storage made visible lately. A visible attempt stays visible (its document is
   * never replaced or removed), so readers need not ask the server about these: the marks a
   * commit leaves for the next one to clear cost this storage's readers nothing.
   */
  private final Map<UUID, Boolean> madeVisible = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  };

  CommitStates(Store store) {
    this.store = store;
  }

  /** Remembers that {@code attempt}'s commit document, saying visible, is stored. */
  synchronized void madeVisible(UUID attempt) {
    madeVisible.put(attempt, Boolean.TRUE);
  }

  /** Whether this storage made {@code attempt} visible lately: then it is visible for good. */
  synchronized boolean knownVisible(UUID attempt) {
    return madeVisible.containsKey(attempt);
  }

  /**
   * The state of each attempt; attempts without a document are {@link State#UNKNOWN}. Only the
   * attempts not {@linkplain #knownVisible known to be visible} are asked about.
   */
  Map<UUID, State> lookup(Collection<UUID> attempts) {
    Map<UUID, State> states = new HashMap<>();
    List<BsonValue> ids = new ArrayList<>(attempts.size());
    attempts.forEach(attempt -> {
      if (knownVisible(attempt)) {
        states.put(attempt, State.VISIBLE);
      } else {
        ids.add(ValueEncoding.uuid(attempt));
        states.put(attempt, State.UNKNOWN);
      }
    });
    if (ids.isEmpty()) {
      return states;
    }
    for (BsonDocument commit : store.commits().find(Filters.in("_id", ids))) {
      states.put(ValueEncoding.uuidOf(commit.get("_id")), stateOf(commit));
    }
    return states;
  }

  /**
   * Makes sure {@code attempt} never becomes visible unless it already is: inserts its aborted
   * marker, or learns that it is visible or aborted already.
   */
  State abort(UUID attempt) {
    if (knownVisible(attempt)) {
      return State.VISIBLE;
    }
    BsonDocument marker = new BsonDocument("_id", ValueEncoding.uuid(attempt))
        .append(Fields.STATE, new BsonString(ABORTED))
        .append(Fields.AT, new BsonDateTime(Instant.now().toEpochMilli()));
    try {
      store.commits().insertOne(marker);
      return State.ABORTED;
    } catch (MongoWriteException e) {
      if (!isDuplicateKey(e)) {
        throw e;
      }
      return lookup(List.of(attempt)).get(attempt);
    }
  }

  /** Whether a write failed on a unique index. */
  static boolean isDuplicateKey(MongoWriteException e) {
    return e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
  }

  /** The state a commit document records. */
  static State stateOf(BsonDocument commit) {
    BsonValue state = commit.get(Fields.STATE);
    return state != null && state.isString() && state.asString().getValue().equals(VISIBLE)
        ? State.VISIBLE
        : State.ABORTED;
  }
}
