package dev.lineage.storage.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import dev.lineage.storage.Commit;
import dev.lineage.storage.ConflictException;
import dev.lineage.storage.StorageUnavailableException;
import dev.lineage.storage.VersionRecord;
import dev.lineage.storage.mongo.CommitStates.State;
import dev.lineage.storage.mongo.VersionDocuments.Encoded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * Stores a commit atomically without multi-document transactions (D-12), and refuses a second
 * successor of a version unless the commit is a branch (D-11).
 *
 * <p>Each try is an <em>attempt</em> with a fresh id:
 *
 * <ol>
 *   <li>Read the documents already stored under the commit's ids and the parents whose chunked
 *       lists the new versions extend; then, in one query of the commits, which of the new
 *       versions' parents already have a successor. A visible version with other content, or a
 *       successor of the root's base, ends the commit with a {@link ConflictException} before
 *       anything is written. A first try skips this step when this storage itself committed
 *       those parents: the one step that can fail then, the commit document's insert, finds any
 *       successor through the unique claims, and an id already taken sends the commit to a second
 *       try that reads.
 *   <li>Write the new chunks and versions, marked pending for this attempt: invisible to readers.
 *   <li>Insert the attempt's commit document: the single compare-and-set that makes every version
 *       of the commit visible at once. It also <em>claims</em> every parent of a new version that
 *       had no successor yet, in an array under a unique index: a parent's first successor,
 *       whatever commit brought it, holds its claim for good. A commit that is not a branch must
 *       claim its root's base, so of two commits from one base exactly one insert succeeds, and a
 *       base that already has any successor refuses it; any other claim someone else got first
 *       is simply given up.
 *   <li>Leave the pending marks to be cleared with those of later commits, a few hundred documents
 *       at a time ({@link MarksToClear}). Readers do not need them cleared (they ask the commits
 *       collection about pending documents, and this storage's readers know its own visible
 *       commits); clearing spares other readers that question.
 * </ol>
 *
 * <p>A turn appended to a thread this storage committed before thus takes two round trips, the
 * versions and the commit document, and a third for the chunks when a list fills a chunk.
 *
 * <p>Only lookups by {@code _id} and by the unique claims are made on the way, so a commit costs
 * the same whatever the store holds, even on a server that keeps no other index.
 *
 * <p>A writer that dies before step 3 leaves pending documents of an attempt that has no commit
 * document; readers never show them, {@code verify} reports them and {@code cleanup} removes them
 * after marking the attempt aborted, which no late step 3 can undo. Documents of such an attempt
 * that a later commit needs (a retry of the same versions, or a chunk with the same content) are
 * taken over the same way. An attempt that loses a race of this kind starts over, a few times at
 * most.
 */
final class CommitProtocol {

  /** Attempts per commit before giving up on writers that keep getting in each other's way. */
  static final int MAX_ATTEMPTS = 5;

  private final Store store;
  private final CommitStates states;
  /** The chains of lists encoded lately, which the next versions of those lists extend. */
  private final ChainCache chains = new ChainCache();
  /**
   * Version documents with chunked lists that this storage made visible lately: the parents
   * whose stored chains the next versions of those lists extend, known without reading them back.
   */
  private final Map<UUID, BsonDocument> committedWithChains =
      Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, BsonDocument> eldest) {
          return size() > CommitStates.REMEMBERED;
        }
      });
  /** Marks of this storage's visible commits, waiting to be cleared a few hundred at a time. */
  private final MarksToClear marks = new MarksToClear();
  private final VersionReader reader;

  CommitProtocol(Store store, CommitStates states, VersionReader reader) {
    this.store = store;
    this.states = states;
    this.reader = reader;
  }

  void commit(Commit commit) {
    List<Encoded> encoded = new ArrayList<>(commit.versions().size());
    for (VersionRecord version : commit.versions()) {
      encoded.add(VersionDocuments.encode(version, store.options().chunkSize(), chains));
    }
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (new Attempt(commit, encoded, UUID.randomUUID(), attempt == 1).run()) {
        return;
      }
    }
    VersionRecord root = commit.root();
    throw new StorageUnavailableException(
        "the commit of " + root.type() + " version " + root.ecsId() + " gave way to concurrent"
            + " writers of the same versions " + MAX_ATTEMPTS + " times; nothing of it is visible,"
            + " retry it");
  }

  /** Clears the marks of this storage's visible commits that no later commit has cleared yet. */
  void clearWaitingMarks() {
    marks.flush(store);
  }

  /** One try at a commit; {@link #run} says whether it ended (stored, or nothing to store). */
  private final class Attempt {

    private final Commit commit;
    private final List<Encoded> encoded;
    private final UUID id;
    /**
     * Whether this is a commit's first try: it then writes without reading first when nothing it
     * needs to know is unknown to this storage, and a collision sends it to a careful second try.
     */
    private final boolean firstTry;
    private final BsonValue bsonId;
    private final VersionRecord root;
    private final UUID base;
    private final Map<UUID, State> known = new HashMap<>();
    private final Map<UUID, UUID> claimed = new HashMap<>();
    private final Set<BsonValue> chunksTouched = new HashSet<>();

    Attempt(Commit commit, List<Encoded> encoded, UUID id, boolean firstTry) {
      this.commit = commit;
      this.encoded = encoded;
      this.id = id;
      this.firstTry = firstTry;
      this.bsonId = ValueEncoding.uuid(id);
      this.root = commit.root();
      this.base = root.parentId();
    }

    boolean run() {
      Map<UUID, Encoded> byId = new LinkedHashMap<>();
      encoded.forEach(version -> byId.put(version.id(), version));
      Set<UUID> chainParents = new HashSet<>();
      Set<UUID> parents = new HashSet<>();
      for (Encoded version : encoded) {
        UUID parent = version.record().parentId();
        if (parent != null) {
          parents.add(parent);
          if (!version.chains().isEmpty() && !byId.containsKey(parent)) {
            chainParents.add(parent);
          }
        }
      }
      Map<UUID, BsonDocument> existing = new HashMap<>();
      Map<UUID, BsonDocument> visibleParents = committedParents(chainParents);
      // the read of step 1 is skipped when this storage committed every parent whose chains the
      // new versions extend: new ids are then expected to be free, and the inserts check that
      List<BsonDocument> stored = visibleParents != null
          ? List.of()
          : readStored(byId.keySet(), chainParents, parents);
      if (visibleParents == null) {
        visibleParents = new HashMap<>();
      }
      for (BsonDocument document : stored) {
        UUID storedId = ValueEncoding.uuidOf(document.get("_id"));
        if (byId.containsKey(storedId)) {
          existing.put(storedId, document);
        } else if (isVisible(document)) {
          visibleParents.put(storedId, document);
        }
      }

      // refusals before anything is written (aborting a dead attempt writes nothing of ours)
      List<Encoded> fresh = new ArrayList<>();
      Map<Encoded, UUID> abandoned = new LinkedHashMap<>();
      for (Encoded version : encoded) {
        BsonDocument document = existing.get(version.id());
        if (document == null) {
          fresh.add(version);
        } else if (isVisible(document)) {
          requireSameContent(document, version);
        } else {
          abandoned.put(version, ValueEncoding.uuidOf(document.get(Fields.PENDING)));
        }
      }
      // a version left by a dead or running attempt is ours once that attempt is aborted
      Map<UUID, State> aborted = new HashMap<>();
      for (UUID attempt : new HashSet<>(abandoned.values())) {
        aborted.put(attempt, states.abort(attempt));
      }
      for (Map.Entry<Encoded, UUID> entry : new ArrayList<>(abandoned.entrySet())) {
        if (aborted.get(entry.getValue()) == State.VISIBLE) {
          // it turned visible meanwhile: an ordinary stored version after all
          abandoned.remove(entry.getKey());
          requireSameContent(reread(entry.getKey().id()), entry.getKey());
        }
      }
      boolean rootIsNew = !existing.containsKey(root.ecsId())
          || abandoned.keySet().stream().anyMatch(version -> version.id().equals(root.ecsId()));
      boolean claimsBase = !commit.branch() && base != null && rootIsNew;
      if (claimsBase && claimed.containsKey(base)) {
        throw successorExists(claimed.get(base));
      }
      if (fresh.isEmpty() && abandoned.isEmpty()) {
        return true;
      }
      List<Encoded> writing = new ArrayList<>(fresh);
      writing.addAll(abandoned.keySet());

      try {
        if (!writeChunks(chunksOf(writing, visibleParents)) || !writeVersions(fresh, abandoned)) {
          removeOwnDocuments();
          return false;
        }
      } catch (RuntimeException e) {
        removeOwnDocuments();
        throw e;
      }
      if (!makeVisible(claimsOf(writing, claimsBase), claimsBase, writing.size())) {
        return false;
      }
      remember(writing);
      return true;
    }

    /**
     * The stored documents of {@code chainParents} when this storage committed them all lately
     * and this is a first try; null when they must be read.
     */
    private Map<UUID, BsonDocument> committedParents(Set<UUID> chainParents) {
      if (!firstTry) {
        return null;
      }
      Map<UUID, BsonDocument> parents = new HashMap<>();
      for (UUID parent : chainParents) {
        BsonDocument document = committedWithChains.get(parent);
        if (document == null) {
          return null;
        }
        parents.put(parent, document);
      }
      return parents;
    }

    /** After this attempt turned visible: what the next commits need not ask the server about. */
    private void remember(List<Encoded> writing) {
      states.madeVisible(id);
      List<BsonValue> versionIds = new ArrayList<>(writing.size());
      for (Encoded version : writing) {
        versionIds.add(ValueEncoding.uuid(version.id()));
        if (!version.chains().isEmpty()) {
          committedWithChains.put(version.id(), version.core());
        }
      }
      if (marks.add(versionIds, chunksTouched)) {
        marks.flush(store);
      }
    }

    /**
     * Reads the stored versions under the commit's ids and the parents whose chains the new
     * versions extend; then, in one query of the commits, the state of the attempts that wrote
     * those still pending and the claims already made on the new versions' parents.
     */
    private List<BsonDocument> readStored(
        Set<UUID> ids, Set<UUID> chainParents, Set<UUID> parents) {
      Set<UUID> wanted = new HashSet<>(ids);
      wanted.addAll(chainParents);
      List<BsonDocument> stored = reader.documents(wanted);
      Set<UUID> attempts = new HashSet<>();
      for (BsonDocument document : stored) {
        BsonValue pending = document.get(Fields.PENDING);
        if (pending != null) {
          attempts.add(ValueEncoding.uuidOf(pending));
        }
      }
      attempts.forEach(attempt -> known.put(attempt, State.UNKNOWN));
      learnCommits(attempts, parents);
      return stored;
    }

    /** Reads the commit documents of {@code attempts} and those claiming any of {@code parents}. */
    private void learnCommits(Collection<UUID> attempts, Collection<UUID> parents) {
      List<Bson> wanted = new ArrayList<>();
      if (!attempts.isEmpty()) {
        wanted.add(Filters.in("_id", VersionReader.uuids(attempts)));
      }
      if (!parents.isEmpty()) {
        wanted.add(Filters.in(Fields.CLAIMS, VersionReader.uuids(parents)));
      }
      if (wanted.isEmpty()) {
        return;
      }
      Bson filter = wanted.size() == 1 ? wanted.get(0) : Filters.or(wanted);
      for (BsonDocument document : store.commits().find(filter)) {
        UUID attempt = ValueEncoding.uuidOf(document.get("_id"));
        if (attempts.contains(attempt)) {
          known.put(attempt, CommitStates.stateOf(document));
        }
        if (document.isArray(Fields.CLAIMS) && document.isArray(Fields.CLAIMANTS)) {
          List<BsonValue> bases = document.getArray(Fields.CLAIMS).getValues();
          List<BsonValue> successors = document.getArray(Fields.CLAIMANTS).getValues();
          for (int i = 0; i < bases.size() && i < successors.size(); i++) {
            claimed.put(ValueEncoding.uuidOf(bases.get(i)),
                ValueEncoding.uuidOf(successors.get(i)));
          }
        }
      }
    }

    private boolean isVisible(BsonDocument document) {
      BsonValue pending = document.get(Fields.PENDING);
      return pending == null || known.get(ValueEncoding.uuidOf(pending)) == State.VISIBLE;
    }

    private BsonDocument reread(UUID versionId) {
      return store.versions().find(Filters.eq("_id", ValueEncoding.uuid(versionId))).first();
    }

    /** A stored version may be sent again, unchanged; anything else is a conflict (D-9). */
    private void requireSameContent(BsonDocument stored, Encoded version) {
      if (stored != null && VersionDocuments.sameCore(stored, version)) {
        return;
      }
      // the same record may be stored differently (an object's keys in another order, lists
      // chunked at another size): compare the records themselves
      VersionRecord record = reader.loadVersions(List.of(version.id())).get(version.id());
      if (!version.record().equals(record)) {
        throw new ConflictException(
            version.record().type() + " version " + version.id() + " is already stored with"
                + " different content; stored versions never change");
      }
    }

    private ConflictException successorExists(UUID successor) {
      return new ConflictException(
          root.type() + " version " + base + " already has the successor " + successor
              + "; reload the latest version, or commit a branch");
    }

    /**
     * The first-successor claims this commit makes, parent to successor: every parent of a new
     * version that no visible commit has claimed yet; the root's base first, for the root.
     */
    private Map<UUID, UUID> claimsOf(List<Encoded> writing, boolean claimsBase) {
      Map<UUID, UUID> claims = new LinkedHashMap<>();
      if (claimsBase) {
        claims.put(base, root.ecsId());
      }
      for (Encoded version : writing) {
        UUID parent = version.record().parentId();
        if (parent != null && !claimed.containsKey(parent)) {
          claims.putIfAbsent(parent, version.id());
        }
      }
      return claims;
    }

    /** The chunks the new versions need that are not known to be stored, each once. */
    private List<BsonDocument> chunksOf(
        List<Encoded> writing, Map<UUID, BsonDocument> visibleParents) {
      Map<BsonValue, BsonDocument> chunks = new LinkedHashMap<>();
      for (Encoded version : writing) {
        BsonDocument parent = visibleParents.get(version.record().parentId());
        version.chains().forEach((listKey, chain) -> {
          int stored = chain.storedPrefix(
              parent == null ? null : VersionDocuments.storedMarker(parent, listKey));
          for (BsonDocument chunk : chain.chunkDocuments(stored, root.lineageId(), id)) {
            chunks.putIfAbsent(chunk.get("_id"), chunk);
          }
        });
      }
      return new ArrayList<>(chunks.values());
    }

    /**
     * Inserts the chunks pending for this attempt. A chunk that is stored already (chunks with
     * equal content are one document) is either visible, and then needed by a visible version
     * for good, or pending for other attempts: this attempt then waits on it too.
     */
    private boolean writeChunks(List<BsonDocument> chunks) {
      chunks.forEach(chunk -> chunksTouched.add(chunk.get("_id")));
      List<BsonDocument> remaining = chunks;
      for (int round = 0; round < MAX_ATTEMPTS && !remaining.isEmpty(); round++) {
        List<BsonDocument> collided = insertAll(store.chunks(), remaining);
        if (collided.isEmpty()) {
          return true;
        }
        List<BsonValue> ids = new ArrayList<>();
        collided.forEach(chunk -> ids.add(chunk.get("_id")));
        store.chunks().updateMany(
            Filters.and(Filters.in("_id", ids), Filters.exists(Fields.PENDING)),
            Updates.addToSet(Fields.PENDING, bsonId));
        Map<BsonValue, BsonDocument> now = new HashMap<>();
        store.chunks().find(Filters.in("_id", ids))
            .projection(Projections.include(Fields.PENDING))
            .forEach(chunk -> now.put(chunk.get("_id"), chunk));
        List<BsonDocument> again = new ArrayList<>();
        for (BsonDocument chunk : collided) {
          BsonDocument current = now.get(chunk.get("_id"));
          boolean settled = current != null
              && (!current.containsKey(Fields.PENDING)
                  || current.getArray(Fields.PENDING).contains(bsonId));
          if (!settled) {
            // removed by a cleanup meanwhile, or re-created for someone else: try again
            again.add(chunk);
          }
        }
        remaining = again;
      }
      return remaining.isEmpty();
    }

    /** Inserts the new versions and takes over those of aborted attempts; false to start over. */
    private boolean writeVersions(List<Encoded> fresh, Map<Encoded, UUID> abandoned) {
      List<BsonDocument> documents = new ArrayList<>(fresh.size());
      fresh.forEach(version -> documents.add(version.forAttempt(id, root.lineageId())));
      if (!insertAll(store.versions(), documents).isEmpty()) {
        // another writer stored one of these versions since we looked: look again
        return false;
      }
      for (Map.Entry<Encoded, UUID> entry : abandoned.entrySet()) {
        Encoded version = entry.getKey();
        long replaced = store.versions().replaceOne(
            Filters.and(
                Filters.eq("_id", ValueEncoding.uuid(version.id())),
                Filters.eq(Fields.PENDING, ValueEncoding.uuid(entry.getValue()))),
            version.forAttempt(id, root.lineageId())).getMatchedCount();
        if (replaced == 0) {
          return false;
        }
      }
      return true;
    }

    /**
     * The compare-and-set: inserts this attempt's commit document with its claims. False when
     * the attempt was aborted meanwhile (its documents are gone or going). A claim another commit
     * made first is a conflict for the root's base and is given up for any other parent.
     */
    private boolean makeVisible(Map<UUID, UUID> claims, boolean claimsBase, int versions) {
      for (int round = 0; round < MAX_ATTEMPTS; round++) {
        try {
          store.commits().insertOne(commitDocument(claims, versions));
          return true;
        } catch (MongoWriteException e) {
          if (!CommitStates.isDuplicateKey(e)) {
            removeOwnDocuments();
            throw e;
          }
          known.remove(id);
          learnCommits(List.of(id), claims.keySet());
          State state = known.getOrDefault(id, State.UNKNOWN);
          if (state == State.VISIBLE) {
            // a retried insert found its own first try
            return true;
          }
          if (state == State.ABORTED) {
            removeOwnDocuments();
            return false;
          }
          if (claimsBase && claimed.containsKey(base)) {
            removeOwnDocuments();
            throw successorExists(claimed.get(base));
          }
          claims.keySet().removeIf(claimed::containsKey);
        } catch (MongoException e) {
          return settleUnanswered(e);
        }
      }
      removeOwnDocuments();
      return false;
    }

    private BsonDocument commitDocument(Map<UUID, UUID> claims, int versions) {
      BsonDocument document = new BsonDocument("_id", bsonId)
          .append(Fields.STATE, new BsonString(CommitStates.VISIBLE))
          .append(Fields.ROOT, ValueEncoding.uuid(root.ecsId()))
          .append(Fields.VERSIONS, new BsonInt32(versions))
          .append(Fields.BRANCH, BsonBoolean.valueOf(commit.branch()))
          .append(Fields.AT, new BsonDateTime(Instant.now().toEpochMilli()));
      if (!claims.isEmpty()) {
        // an empty array would be one more key of the unique index: leave the field out instead
        BsonArray bases = new BsonArray();
        BsonArray successors = new BsonArray();
        claims.forEach((parent, successor) -> {
          bases.add(ValueEncoding.uuid(parent));
          successors.add(ValueEncoding.uuid(successor));
        });
        document.append(Fields.CLAIMS, bases).append(Fields.CLAIMANTS, successors);
      }
      return document;
    }

    /**
     * The commit insert got no answer: it may or may not have happened. Aborting settles it,
     * since it fails exactly when the insert happened.
     */
    private boolean settleUnanswered(MongoException e) {
      State state;
      try {
        state = states.abort(id);
      } catch (MongoException again) {
        e.addSuppressed(again);
        throw new StorageUnavailableException(
            "MongoDB did not answer while the commit of " + root.type() + " version "
                + root.ecsId() + " was being made visible; it may or may not be visible", e);
      }
      if (state == State.VISIBLE) {
        return true;
      }
      removeOwnDocuments();
      throw e;
    }

    /** Best effort: what this attempt wrote; what stays behind is for cleanup to remove. */
    private void removeOwnDocuments() {
      try {
        store.versions().deleteMany(
            Filters.and(Filters.in("_id", writtenIds()), Filters.eq(Fields.PENDING, bsonId)));
        if (!chunksTouched.isEmpty()) {
          List<BsonValue> ids = new ArrayList<>(chunksTouched);
          store.chunks().updateMany(
              Filters.and(Filters.in("_id", ids), Filters.eq(Fields.PENDING, bsonId)),
              Updates.pull(Fields.PENDING, bsonId));
          store.chunks().deleteMany(
              Filters.and(Filters.in("_id", ids), Filters.size(Fields.PENDING, 0)));
        }
      } catch (MongoException e) {
        // left for cleanup: pending documents of an attempt that never became visible
      }
    }

    /** The ids of the commit's versions, the ones this attempt may have written among them. */
    private List<BsonValue> writtenIds() {
      List<BsonValue> ids = new ArrayList<>(encoded.size());
      encoded.forEach(version -> ids.add(ValueEncoding.uuid(version.id())));
      return ids;
    }
  }

  /** Inserts {@code documents}, unordered; the ones that collided with a stored {@code _id}. */
  private static List<BsonDocument> insertAll(
      MongoCollection<BsonDocument> collection, List<BsonDocument> documents) {
    if (documents.isEmpty()) {
      return List.of();
    }
    try {
      collection.insertMany(documents, new InsertManyOptions().ordered(false));
      return List.of();
    } catch (MongoBulkWriteException e) {
      List<BsonDocument> collided = new ArrayList<>();
      for (BulkWriteError error : e.getWriteErrors()) {
        if (error.getCategory() != ErrorCategory.DUPLICATE_KEY) {
          throw e;
        }
        collided.add(documents.get(error.getIndex()));
      }
      return collided;
    }
  }
}
