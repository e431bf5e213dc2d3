package dev.lineage.storage.mongo;

import com.mongodb.WriteConcern;
import dev.lineage.storage.InvalidInputException;
import java.util.Objects;

/**
 * How a {@link MongoEntityStorage} lays out its data: the names of its three collections, the
 * size of the chunks its id lists are cut into, and the write concern of every write.
 *
 * <pre>{@code
 * MongoStorageOptions options = MongoStorageOptions.defaults().withCollectionPrefix("chat_");
 * }</pre>
 *
 * @param versionsCollection one document per version
 * @param chunksCollection the chunks of long id lists (histories, old ids), shared between versions
 * @param commitsCollection one small document per commit; its unique index on the versions each
 *     commit claims as their first successor is what makes conflicting commits fail. Keep it
 *     unsharded.
 * @param chunkSize how many ids a chunk holds, between 2 and 1,000. The ids after a list's last
 *     full chunk are copied into each version document, and a chunk document is written when a
 *     chunk fills, so a larger size writes more per append and reads fewer documents per list.
 *     Changing it for a store that holds data is safe: lists written before keep their chunks.
 * @param writeConcern of every write; {@code majority} (the default) keeps a visible commit from
 *     being rolled back by a replica-set failover. It must be acknowledged: the protocol learns of
 *     conflicts from the server's answers.
 */
public record MongoStorageOptions(
    String versionsCollection,
    String chunksCollection,
    String commitsCollection,
    int chunkSize,
    WriteConcern writeConcern) {

  /** The prefix of the default collection names. */
  public static final String DEFAULT_PREFIX = "lineage_";
  /** The default chunk size: an append copies at most 32 ids. */
  public static final int DEFAULT_CHUNK_SIZE = 32;

  public MongoStorageOptions {
    requireCollectionName(versionsCollection, "versionsCollection");
    requireCollectionName(chunksCollection, "chunksCollection");
    requireCollectionName(commitsCollection, "commitsCollection");
    if (versionsCollection.equals(chunksCollection)
        || versionsCollection.equals(commitsCollection)
        || chunksCollection.equals(commitsCollection)) {
      throw new InvalidInputException(
          "the three collections need three names, not " + versionsCollection + ", "
              + chunksCollection + " and " + commitsCollection);
    }
    if (chunkSize < 2 || chunkSize > 1_000) {
      throw new InvalidInputException("chunkSize must be between 2 and 1000, was " + chunkSize);
    }
    Objects.requireNonNull(writeConcern, "writeConcern");
    if (!writeConcern.isAcknowledged()) {
      throw new InvalidInputException(
          "the write concern must be acknowledged: conflicts are learned from the server's"
              + " answers");
    }
  }

  /** Collections {@code lineage_versions}, {@code lineage_chunks}, {@code lineage_commits}. */
  public static MongoStorageOptions defaults() {
    return new MongoStorageOptions(
        DEFAULT_PREFIX + "versions",
        DEFAULT_PREFIX + "chunks",
        DEFAULT_PREFIX + "commits",
        DEFAULT_CHUNK_SIZE,
        WriteConcern.MAJORITY);
  }

  /**
   * The three collections named {@code <prefix>versions}, {@code <prefix>chunks} and {@code
   * <prefix>commits}.
   */
  public MongoStorageOptions withCollectionPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return new MongoStorageOptions(
        prefix + "versions", prefix + "chunks", prefix + "commits", chunkSize, writeConcern);
  }

  public MongoStorageOptions withVersionsCollection(String name) {
    return new MongoStorageOptions(
        name, chunksCollection, commitsCollection, chunkSize, writeConcern);
  }

  public MongoStorageOptions withChunksCollection(String name) {
    return new MongoStorageOptions(
        versionsCollection, name, commitsCollection, chunkSize, writeConcern);
  }

  public MongoStorageOptions withCommitsCollection(String name) {
    return new MongoStorageOptions(
        versionsCollection, chunksCollection, name, chunkSize, writeConcern);
  }

  public MongoStorageOptions withChunkSize(int size) {
    return new MongoStorageOptions(
        versionsCollection, chunksCollection, commitsCollection, size, writeConcern);
  }

  public MongoStorageOptions withWriteConcern(WriteConcern concern) {
    return new MongoStorageOptions(
        versionsCollection, chunksCollection, commitsCollection, chunkSize, concern);
  }

  private static void requireCollectionName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (name.isBlank() || name.indexOf('$') >= 0 || name.indexOf('\0') >= 0
        || name.startsWith("system.")) {
      throw new InvalidInputException(what + " is no valid collection name: '" + name + "'");
    }
  }
}
