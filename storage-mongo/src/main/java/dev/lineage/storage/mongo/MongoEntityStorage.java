package dev.lineage.storage.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.lineage.storage.Commit;
import dev.lineage.storage.Credentials;
import dev.lineage.storage.EntityStorage;
import dev.lineage.storage.IntegrityReport;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.LineageException;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.StorageStatus;
import dev.lineage.storage.StorageUnavailableException;
import dev.lineage.storage.VersionRecord;
import dev.lineage.storage.mongo.CommitStates.State;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.bson.BsonDocument;
import org.bson.BsonMaximumSizeExceededException;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Stores versions in MongoDB through the synchronous driver: one document per version, long id
 * lists (a thread's history, a version's old ids) as chunks shared between versions, and commits
 * made visible by one atomic insert, so no multi-document transaction is needed and every
 * deployment (standalone, replica set, sharded cluster) gives the same guarantees.
 *
 * <pre>{@code
 * MongoEntityStorage storage = MongoEntityStorage.create(client.getDatabase("chat"));
 * storage.createIndexes(); // once per database; idempotent
 * EntityRegistry registry = EntityRegistry.over(storage);
 * }</pre>
 *
 * <p>A commit writes its new versions marked pending, then inserts one commit document: that
 * insert makes all of them visible at once, and claims, through a unique index, the versions its
 * new versions are the first successors of. A commit that is not a branch must claim its base, so
 * of two commits from one base exactly one succeeds.
 * Readers show pending versions only once their commit is visible. The marks commits leave are
 * cleared a few hundred documents at a time by a later commit of the same storage, and by {@link
 * #close()} and {@link #cleanup()}. A writer that dies mid-commit leaves pending documents nobody
 * sees; {@link #verify()} reports them and {@link #cleanup()} removes them. The module's README
 * describes the layout and the protocol in full.
 *
 * <p>Thread-safe. Built from a database the caller owns ({@link #create}) or from a connection
 * string ({@link #connect}), in which case {@link #close()} closes the client it opened.
 */
public final class MongoEntityStorage implements EntityStorage, AutoCloseable {

  private final Store store;
  private final CommitStates states;
  private final VersionReader reader;
  private final CommitProtocol protocol;
  private final Maintenance maintenance;
  private final MongoClient ownedClient;
  private volatile boolean claimIndexSeen;
  private volatile String serverVersion;

  private MongoEntityStorage(
      MongoDatabase database, MongoStorageOptions options, MongoClient owned) {
    this.store = Store.of(database, options);
    this.states = new CommitStates(store);
    this.reader = new VersionReader(store, states);
    this.protocol = new CommitProtocol(store, states, reader);
    this.maintenance = new Maintenance(store, states);
    this.ownedClient = owned;
  }

  /** A store in {@code database} with the {@linkplain MongoStorageOptions#defaults() defaults}. */
  public static MongoEntityStorage create(MongoDatabase database) {
    return create(database, MongoStorageOptions.defaults());
  }

  /** A store in {@code database}, laid out as {@code options} say. Does not touch the server. */
  public static MongoEntityStorage create(MongoDatabase database, MongoStorageOptions options) {
    return new MongoEntityStorage(
        Objects.requireNonNull(database, "database"), Objects.requireNonNull(options, "options"),
        null);
  }

  /**
   * A store in the database a connection string names ({@code mongodb://host/chat}), with a
   * client of its own that {@link #close()} closes.
   *
   * @throws InvalidInputException if the string cannot be parsed or names no database
   */
  public static MongoEntityStorage connect(String connectionString) {
    return connect(connectionString, MongoStorageOptions.defaults());
  }

  /** Like {@link #connect(String)}, laid out as {@code options} say. */
  public static MongoEntityStorage connect(String connectionString, MongoStorageOptions options) {
    Objects.requireNonNull(connectionString, "connectionString");
    Objects.requireNonNull(options, "options");
    ConnectionString parsed;
    try {
      parsed = new ConnectionString(connectionString);
    } catch (IllegalArgumentException e) {
      // the driver's message may quote the string, and with it a password: leave both out
      throw new InvalidInputException(
          "the MongoDB connection string " + Credentials.mask(connectionString) + " cannot be parsed");
    }
    if (parsed.getDatabase() == null || parsed.getDatabase().isBlank()) {
      throw new InvalidInputException(
          "the MongoDB connection string " + Credentials.mask(connectionString)
              + " names no database (mongodb://host/<database>)");
    }
    MongoClient client =
        MongoClients.create(MongoClientSettings.builder().applyConnectionString(parsed).build());
    return new MongoEntityStorage(client.getDatabase(parsed.getDatabase()), options, client);
  }

  /** The options this store was built with. */
  public MongoStorageOptions options() {
    return store.options();
  }

  /**
   * Creates the indexes the store needs, if they do not exist: on the versions, by lineage and by
   * type in creation order, in creation order alone (for {@link #listAll}), by parent and on
   * pending marks; on the chunks, pending marks; on the
   * commits, the unique claims of versions by their first successors, without which conflicting
   * commits could both succeed (a commit refuses to run until it exists). Safe to call any number
   * of times.
   */
  public void createIndexes() {
    guard("create the indexes", () -> {
      store.versions().createIndexes(List.of(
          new IndexModel(Indexes.ascending(Fields.LINEAGE_ID, Fields.CREATED_AT, "_id"),
              new IndexOptions().name("lineage_in_creation_order")),
          new IndexModel(Indexes.ascending(Fields.TYPE, Fields.CREATED_AT, "_id"),
              new IndexOptions().name("type_in_creation_order")),
          new IndexModel(Indexes.ascending(Fields.CREATED_AT, "_id"),
              new IndexOptions().name("creation_order")),
          new IndexModel(Indexes.ascending(Fields.PARENT_ID), new IndexOptions().name("parent")),
          new IndexModel(Indexes.ascending(Fields.PENDING),
              new IndexOptions().name("pending").sparse(true))));
      store.chunks().createIndex(Indexes.ascending(Fields.PENDING),
          new IndexOptions().name("pending").sparse(true));
      store.commits().createIndex(Indexes.ascending(Fields.CLAIMS),
          new IndexOptions().name("claims").unique(true).sparse(true));
      claimIndexSeen = true;
      return null;
    });
  }

  /**
   * Checks everything stored, in one pass over the version documents, and reports each problem
   * with its kind, the version it concerns and a detail naming the collection and the document:
   * every document that cannot be read as a version ({@code UNREADABLE}: a value of no Lineage
   * kind, a field of the wrong type, a chunked list whose chunks are missing or do not add up),
   * references and parents that do not resolve, histories that do not chain, and what commits that
   * never became visible left behind ({@code INCOMPLETE_COMMIT}: their writer died, or is still
   * running; {@link #cleanup()} removes them). Reads every version document; meant for
   * maintenance.
   */
  @Override
  public IntegrityReport verify() {
    return guard("verify the store",
        () -> new Verifier(store, states, maintenance.pendingAttempts()).verify());
  }

  @Override
  public Page<VersionRecord> listAll(PageRequest page) {
    Objects.requireNonNull(page, "page");
    return guard("list all versions", () -> reader.list(new BsonDocument(), page));
  }

  /**
   * Removes what commits that never became visible left behind (what {@link #verify()} reports
   * as {@code INCOMPLETE_COMMIT}), and clears the pending marks visible commits left when their
   * writer died before clearing them. A commit in flight while this runs is aborted (it becomes
   * invisible for good and its writer starts it over), so it is safe at any time; visible data is
   * never touched.
   */
  public Cleanup cleanup() {
    return guard("clean up the store", () -> {
      protocol.clearWaitingMarks();
      return maintenance.cleanup();
    });
  }

  @Override
  public void commit(Commit commit) {
    Objects.requireNonNull(commit, "commit");
    guard("commit " + commit.root().type() + " version " + commit.rootId(), () -> {
      requireClaimIndex();
      protocol.commit(commit);
      return null;
    });
  }

  @Override
  public Map<UUID, VersionRecord> loadGraphs(Collection<UUID> rootIds) {
    Objects.requireNonNull(rootIds, "rootIds");
    return guard("load versions with their graphs", () -> reader.loadGraphs(rootIds));
  }

  @Override
  public Map<UUID, VersionRecord> loadVersions(Collection<UUID> ecsIds) {
    Objects.requireNonNull(ecsIds, "ecsIds");
    return guard("load versions", () -> reader.loadVersions(ecsIds));
  }

  @Override
  public boolean exists(UUID ecsId) {
    Objects.requireNonNull(ecsId, "ecsId");
    return guard("look up version " + ecsId, () -> reader.exists(ecsId));
  }

  @Override
  public Page<VersionRecord> listByType(Set<String> types, PageRequest page) {
    Objects.requireNonNull(types, "types");
    Objects.requireNonNull(page, "page");
    if (types.isEmpty()) {
      return new Page<>(List.of(), Optional.empty());
    }
    return guard("list versions of types " + types,
        () -> reader.list(Filters.in(Fields.TYPE, new ArrayList<>(types)), page));
  }

  @Override
  public Page<VersionRecord> listLineage(UUID lineageId, PageRequest page) {
    Objects.requireNonNull(lineageId, "lineageId");
    Objects.requireNonNull(page, "page");
    return guard("list lineage " + lineageId,
        () -> reader.list(Filters.eq(Fields.LINEAGE_ID, ValueEncoding.uuid(lineageId)), page));
  }

  @Override
  public StorageStatus status() {
    return guard("count the stored versions", () -> {
      Map<UUID, State> attempts = states.lookup(pendingVersionAttempts());
      Bson visible = Maintenance.visibleDocuments(attempts);
      long versions = store.versions().countDocuments(visible);
      BsonDocument lineages = store.versions().aggregate(List.of(
              Aggregates.match(visible),
              Aggregates.group("$" + Fields.LINEAGE_ID),
              Aggregates.count("lineages")))
          .first();
      long lineageCount = lineages == null ? 0 : lineages.getNumber("lineages").longValue();
      return new StorageStatus("mongo/MongoDB " + serverVersion(), versions, lineageCount);
    });
  }

  /**
   * Clears the pending marks its commits left waiting, then closes the client {@link #connect}
   * opened; a store on a caller's database stays usable.
   */
  @Override
  public void close() {
    try {
      protocol.clearWaitingMarks();
    } catch (RuntimeException e) {
      // best effort: a client closed by its owner already; cleanup() clears what is left
    }
    if (ownedClient != null) {
      ownedClient.close();
    }
  }

  private List<UUID> pendingVersionAttempts() {
    List<UUID> attempts = new ArrayList<>();
    for (BsonValue attempt : store.versions().distinct(Fields.PENDING, BsonValue.class)) {
      attempts.add(ValueEncoding.uuidOf(attempt));
    }
    return attempts;
  }

  private String serverVersion() {
    String version = serverVersion;
    if (version == null) {
      version = store.database().runCommand(new Document("buildInfo", 1)).getString("version");
      serverVersion = version;
    }
    return version;
  }

  private void requireClaimIndex() {
    if (claimIndexSeen) {
      return;
    }
    for (Document index : store.commits().listIndexes()) {
      Object key = index.get("key");
      if (key instanceof Document keys && keys.size() == 1 && keys.containsKey(Fields.CLAIMS)
          && Boolean.TRUE.equals(index.get("unique"))) {
        claimIndexSeen = true;
        return;
      }
    }
    throw new StorageUnavailableException(
        "the collection " + store.options().commitsCollection() + " has no unique index on "
            + Fields.CLAIMS + ", so conflicting commits could both succeed; call"
            + " MongoEntityStorage.createIndexes() once for this database");
  }

  /** Runs {@code action}, turning what the driver throws into Lineage's typed failures. */
  private static <T> T guard(String action, Supplier<T> work) {
    try {
      return work.get();
    } catch (LineageException e) {
      throw e;
    } catch (MongoSecurityException e) {
      throw new StorageUnavailableException(
          "cannot " + action + ": MongoDB refused the credentials", e);
    } catch (MongoException e) {
      throw new StorageUnavailableException(
          "cannot " + action + ": " + e.getClass().getSimpleName() + " from MongoDB: "
              + e.getMessage(), e);
    } catch (BsonMaximumSizeExceededException e) {
      throw new InvalidInputException(
          "cannot " + action + ": a document exceeds MongoDB's size limit", e);
    } catch (IllegalStateException e) {
      // the driver's answer once its client is closed
      throw new StorageUnavailableException("cannot " + action + ": " + e.getMessage(), e);
    }
  }

  /**
   * What {@link #cleanup()} did.
   *
   * @param commitsAborted attempts it marked aborted (they had documents and no commit document)
   * @param versionDocumentsRemoved version documents of aborted attempts it removed
   * @param chunkDocumentsRemoved chunk documents it removed because no commit needs them
   * @param documentsFinished documents of visible commits whose pending mark it cleared
   */
  public record Cleanup(
      int commitsAborted,
      long versionDocumentsRemoved,
      long chunkDocumentsRemoved,
      long documentsFinished) {}
}
