package dev.lineage.storage.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * The pending marks of this storage's visible commits that are not cleared yet. Clearing a
 * commit's marks right away would take two more round trips per commit; instead the commit that
 * finds {@link #MAX_WAITING} documents waiting clears them all in those two, and {@code close()}
 * and {@code cleanup()} clear what is left. Until then this storage's readers know those commits
 * are visible ({@link CommitStates#knownVisible}); other readers ask the commits collection about
 * them, one query for all the marks a read meets, as they do for the marks of a writer that died
 * after making its commit visible.
 */
final class MarksToClear {

  /** Documents whose marks wait at most: about 60 turns of a chat thread. */
  static final int MAX_WAITING = 256;

  private List<BsonValue> versions = new ArrayList<>();
  private List<BsonValue> chunks = new ArrayList<>();

  /** Adds the documents of a commit just made visible; true when they should be cleared now. */
  synchronized boolean add(Collection<BsonValue> versionIds, Collection<BsonValue> chunkIds) {
    versions.addAll(versionIds);
    chunks.addAll(chunkIds);
    return versions.size() + chunks.size() >= MAX_WAITING;
  }

  private synchronized List<BsonValue> takeVersions() {
    List<BsonValue> taken = versions;
    versions = new ArrayList<>();
    return taken;
  }

  private synchronized List<BsonValue> takeChunks() {
    List<BsonValue> taken = chunks;
    chunks = new ArrayList<>();
    return taken;
  }

  /** Clears every waiting mark now; best effort, as what fails is left for {@code cleanup()}. */
  void flush(Store store) {
    clear(store.versions(), takeVersions());
    clear(store.chunks(), takeChunks());
  }

  private static void clear(MongoCollection<BsonDocument> collection, List<BsonValue> ids) {
    if (ids.isEmpty()) {
      return;
    }
    try {
      collection.bulkWrite(clearances(ids), new BulkWriteOptions().ordered(false));
    } catch (RuntimeException e) {
      // the commits are visible already, whatever went wrong here (a server gone, a client
      // closed meanwhile): readers look marks up, and cleanup() clears them
    }
  }

  /**
   * One update per document, each selecting a single {@code _id}: a server may test an {@code
   * $in} against every candidate by a linear search, which would make clearing the marks of a
   * large commit quadratic. Once a commit is visible nothing else changes its documents (only
   * documents of attempts that are not visible are taken over or removed), so {@code _id} alone
   * selects them.
   */
  private static List<UpdateOneModel<BsonDocument>> clearances(List<BsonValue> ids) {
    List<UpdateOneModel<BsonDocument>> updates = new ArrayList<>(ids.size());
    ids.forEach(id -> updates.add(
        new UpdateOneModel<>(Filters.eq("_id", id), Updates.unset(Fields.PENDING))));
    return updates;
  }
}
