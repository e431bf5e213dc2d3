package dev.lineage.storage.mongo;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import dev.lineage.storage.IntegrityReport;
import dev.lineage.storage.IntegrityReport.Kind;
import dev.lineage.storage.IntegrityReport.Problem;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.VersionRecord;
import dev.lineage.storage.mongo.CommitStates.State;
import dev.lineage.storage.mongo.ValueEncoding.UnreadableValue;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * {@code verify()}: one pass over the version documents, a batch at a time, each batch's chunks
 * fetched in one query, that reports what is wrong instead of failing on it.
 *
 * <ul>
 *   <li>a document of a commit that never became visible (its writer died, or is still running)
 *       is {@link Kind#INCOMPLETE_COMMIT}, and so is a chunk only such commits wait for;
 *   <li>a visible document that cannot be read as a version (a value of no Lineage kind, a field
 *       of the wrong BSON type, a chunked list whose chunks are missing or do not add up) is
 *       {@link Kind#UNREADABLE}, naming the collection, the document and what is wrong;
 *   <li>the checks every adapter shares: references and parents resolve ({@link
 *       Kind#MISSING_REFERENCE}, {@link Kind#MISSING_PARENT}), a parent shares the lineage
 *       ({@link Kind#LINEAGE_MISMATCH}) and old ids chain ({@link Kind#BROKEN_HISTORY}). A
 *       reference to a version that is stored but unreadable is not reported again as missing.
 * </ul>
 *
 * <p>It keeps a few dozen bytes per version (its lineage and a digest of its old ids), and the
 * references and parents not seen yet; documents come in their natural order, which is mostly the
 * order they were written in, so those stay few.
 */
final class Verifier {

  /** Version documents checked per batch (and per chunk query). */
  static final int BATCH = 1_000;

  /** What checking the children of a version needs of it. */
  private record Known(UUID lineageId, byte[] oldIdsDigest) {}

  /** A version whose parent was not seen yet. */
  private record Child(String name, UUID ecsId, UUID lineageId, UUID parentId, int oldIds,
      byte[] oldIdsBeforeParent) {}

  /** A reference not resolved yet, and where it was found. */
  private record Reference(UUID target, UUID referrer, String where) {}

  private final Store store;
  private final CommitStates states;
  private final ChunkReader chunks;
  private final Map<UUID, State> attempts;

  private final List<Problem> problems = new ArrayList<>();
  private final Map<UUID, Known> known = new HashMap<>();
  private final Set<UUID> unreadable = new HashSet<>();
  private final List<Child> waiting = new ArrayList<>();
  private final List<Reference> unresolved = new ArrayList<>();
  private long versionsChecked;

  Verifier(Store store, CommitStates states, Map<UUID, State> attempts) {
    this.store = store;
    this.states = states;
    this.chunks = new ChunkReader(store);
    this.attempts = new HashMap<>(attempts);
  }

  IntegrityReport verify() {
    try (MongoCursor<BsonDocument> cursor =
        store.versions().find().batchSize(BATCH).iterator()) {
      List<BsonDocument> batch = new ArrayList<>(BATCH);
      while (cursor.hasNext()) {
        batch.add(cursor.next());
        if (batch.size() == BATCH) {
          checkBatch(batch);
          batch.clear();
        }
      }
      checkBatch(batch);
    }
    resolveParents();
    resolveReferences();
    checkLeftoverChunks();
    return new IntegrityReport(versionsChecked, problems);
  }

  private void checkBatch(List<BsonDocument> batch) {
    learnAttempts(batch);
    List<BsonDocument> visible = new ArrayList<>(batch.size());
    for (BsonDocument document : batch) {
      BsonValue id = document.get("_id");
      UUID ecsId;
      try {
        ecsId = ValueEncoding.uuidOf(id);
      } catch (UnreadableValue e) {
        versionsChecked++;
        problems.add(new Problem(Kind.UNREADABLE, null, where(id) + ": its _id is no version"
            + " id: " + e.getMessage()));
        continue;
      }
      BsonValue pending = document.get(Fields.PENDING);
      if (pending == null) {
        visible.add(document);
        continue;
      }
      UUID attempt;
      try {
        attempt = ValueEncoding.uuidOf(pending);
      } catch (UnreadableValue e) {
        versionsChecked++;
        unreadable.add(ecsId);
        problems.add(new Problem(Kind.UNREADABLE, ecsId, where(id) + ": its pending mark names"
            + " no commit attempt: " + e.getMessage()));
        continue;
      }
      if (attempts.get(attempt) == State.VISIBLE) {
        visible.add(document);
      } else {
        problems.add(new Problem(Kind.INCOMPLETE_COMMIT, ecsId, where(id) + " (" + typeOf(document)
            + ") was written by the commit attempt " + attempt + ", which never became visible"
            + " (its writer died, or is still running): no read shows it; cleanup() removes it"));
      }
    }
    Map<BsonValue, BsonDocument> found = chunks.chunksOf(visible);
    for (BsonDocument document : visible) {
      versionsChecked++;
      UUID ecsId = ValueEncoding.uuidOf(document.get("_id"));
      VersionRecord record;
      try {
        record =
            VersionDocuments.decode(document, found, store.options().chunksCollection());
      } catch (UnreadableDataException e) {
        unreadable.add(ecsId);
        problems.add(new Problem(Kind.UNREADABLE, ecsId,
            where(document.get("_id")) + ": " + e.getMessage()));
        continue;
      }
      check(record);
    }
  }

  /** Looks up the attempts of pending documents that began after the pass did. */
  private void learnAttempts(List<BsonDocument> batch) {
    Set<UUID> unknown = new HashSet<>();
    for (BsonDocument document : batch) {
      BsonValue pending = document.get(Fields.PENDING);
      if (pending != null && pending.isBinary()) {
        try {
          UUID attempt = ValueEncoding.uuidOf(pending);
          if (!attempts.containsKey(attempt)) {
            unknown.add(attempt);
          }
        } catch (UnreadableValue e) {
          // reported with its document
        }
      }
    }
    attempts.putAll(states.lookup(unknown));
  }

  private void check(VersionRecord version) {
    String name = version.type() + " version " + version.ecsId();
    Digests digests = Digests.of(version.oldIds());
    known.put(version.ecsId(), new Known(version.lineageId(), digests.all()));
    if (version.oldIds().contains(version.ecsId())) {
      problems.add(new Problem(Kind.BROKEN_HISTORY, version.ecsId(),
          where(version) + " (" + name + ") lists itself among its old ids"));
    }
    if (version.parentId() != null) {
      Child child = new Child(name, version.ecsId(), version.lineageId(), version.parentId(),
          version.oldIds().size(), digests.beforeLast());
      Known parent = known.get(version.parentId());
      if (parent == null) {
        waiting.add(child);
      } else {
        checkParent(child, parent);
      }
    }
    version.fields().forEach((field, value) -> value.forEachRef(target -> {
      if (!known.containsKey(target)) {
        unresolved.add(new Reference(target, version.ecsId(),
            where(version) + " (" + name + "), field '" + field + "',"));
      }
    }));
  }

  private void resolveParents() {
    for (Child child : waiting) {
      Known parent = known.get(child.parentId());
      if (parent != null) {
        checkParent(child, parent);
      } else if (!unreadable.contains(child.parentId())) {
        problems.add(new Problem(Kind.MISSING_PARENT, child.ecsId(), where(child.ecsId()) + " ("
            + child.name() + ") has the parent " + child.parentId() + ", which is not stored"));
      }
    }
  }

  private void checkParent(Child child, Known parent) {
    String where = where(child.ecsId()) + " (" + child.name() + ")";
    if (!parent.lineageId().equals(child.lineageId())) {
      problems.add(new Problem(Kind.LINEAGE_MISMATCH, child.ecsId(), where + " of lineage "
          + child.lineageId() + " has the parent " + child.parentId() + " of lineage "
          + parent.lineageId()));
    }
    if (!Arrays.equals(parent.oldIdsDigest(), child.oldIdsBeforeParent())) {
      problems.add(new Problem(Kind.BROKEN_HISTORY, child.ecsId(), where + " has "
          + child.oldIds() + " old ids that are not the old ids of its parent "
          + child.parentId() + " followed by that parent"));
    }
  }

  private void resolveReferences() {
    Set<String> reported = new HashSet<>();
    for (Reference reference : unresolved) {
      if (known.containsKey(reference.target()) || unreadable.contains(reference.target())
          || !reported.add(reference.referrer() + "/" + reference.target())) {
        continue;
      }
      problems.add(new Problem(Kind.MISSING_REFERENCE, reference.referrer(), reference.where()
          + " references version " + reference.target() + ", which is not stored"));
    }
  }

  /** Chunks that only commits that never became visible wait for. */
  private void checkLeftoverChunks() {
    List<BsonDocument> marked = store.chunks().find(Filters.exists(Fields.PENDING))
        .into(new ArrayList<>());
    Set<UUID> unknown = new HashSet<>();
    for (BsonDocument chunk : marked) {
      for (UUID attempt : pendingOf(chunk)) {
        if (!attempts.containsKey(attempt)) {
          unknown.add(attempt);
        }
      }
    }
    attempts.putAll(states.lookup(unknown));
    for (BsonDocument chunk : marked) {
      Set<UUID> waitingFor = pendingOf(chunk);
      if (waitingFor.stream().noneMatch(attempt -> attempts.get(attempt) == State.VISIBLE)) {
        problems.add(new Problem(Kind.INCOMPLETE_COMMIT, null, store.options().chunksCollection()
            + " document " + IdChain.hex(chunk.get("_id")) + " is needed only by the commit"
            + " attempts " + waitingFor + ", which never became visible: no read uses it;"
            + " cleanup() removes it"));
      }
    }
  }

  private static Set<UUID> pendingOf(BsonDocument chunk) {
    Set<UUID> pending = new TreeSet<>();
    BsonValue marks = chunk.get(Fields.PENDING);
    if (marks != null && marks.isArray()) {
      for (BsonValue mark : marks.asArray()) {
        if (mark.isBinary()) {
          try {
            pending.add(ValueEncoding.uuidOf(mark));
          } catch (UnreadableValue e) {
            // a mark that names no attempt holds nothing back
          }
        }
      }
    }
    return pending;
  }

  private String where(VersionRecord version) {
    return where(version.ecsId());
  }

  private String where(UUID ecsId) {
    return store.options().versionsCollection() + " document " + ecsId;
  }

  private String where(BsonValue id) {
    return store.options().versionsCollection() + " document "
        + (id != null && id.isBinary() && id.asBinary().getData().length == 16
            && id.asBinary().getType() == 4 ? id.asBinary().asUuid().toString()
            : "with _id " + id);
  }

  private static String typeOf(BsonValue value) {
    return value.isDocument() && value.asDocument().isString(Fields.TYPE)
        ? value.asDocument().getString(Fields.TYPE).getValue() + " version"
        : "a version of no readable type";
  }

  /** Digests of a list of old ids: of all of it, and of all but its last id. */
  private record Digests(byte[] all, byte[] beforeLast) {

    static Digests of(List<UUID> ids) {
      MessageDigest digest = sha256();
      ByteBuffer bytes = ByteBuffer.allocate(16);
      byte[] beforeLast = null;
      for (int i = 0; i < ids.size(); i++) {
        if (i == ids.size() - 1) {
          beforeLast = clone(digest).digest();
        }
        bytes.clear();
        bytes.putLong(ids.get(i).getMostSignificantBits())
            .putLong(ids.get(i).getLeastSignificantBits());
        digest.update(bytes.array());
      }
      return new Digests(digest.digest(), beforeLast);
    }

    private static MessageDigest clone(MessageDigest digest) {
      try {
        return (MessageDigest) digest.clone();
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
      }
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform has SHA-256", e);
      }
    }
  }
}
