package dev.lineage.cli;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lineage.domain.EntityDiff;
import dev.lineage.domain.EntityRegistry;
import dev.lineage.storage.EntityStorage;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.StorageUnavailableException;
import dev.lineage.storage.VersionRecord;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import dev.lineage.storage.jdbi.JdbiEntityStorage;
import dev.lineage.storage.jpa.JpaEntityStorage;
import dev.lineage.storage.mongo.MongoEntityStorage;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An opened store: the port, a registry over it that knows the thread types, and what to close.
 * Opening a JDBC store migrates it and opening a MongoDB store creates its indexes, so every
 * command works on a new, empty database too.
 */
final class Store implements AutoCloseable {

  /** Where the default store lives, relative to the working directory. */
  static final String DEFAULT_DIRECTORY = "lineage-data";

  /** How long a MongoDB URI without its own setting waits for a server: not the driver's 30 s. */
  private static final int MONGO_SELECTION_SECONDS = 10;

  /** Which adapter stores a JDBC store's versions. */
  enum Adapter {
    JDBI("JDBI"),
    JPA("JPA");

    private final String label;

    Adapter(String label) {
      this.label = label;
    }
  }

  private final EntityStorage storage;
  private final EntityRegistry registry;
  private final String description;
  private final List<AutoCloseable> resources;

  private Store(EntityStorage storage, String description, List<AutoCloseable> resources) {
    this.storage = storage;
    this.registry = EntityRegistry.over(storage, ThreadTypes.registryOptions());
    this.description = description;
    this.resources = resources;
  }

  /**
   * Opens the store {@code spec} names: {@code memory}, a JDBC URL (stored by {@code adapter},
   * JDBI when null) or a {@code mongodb://} URI; null means the H2 database under {@code
   * ./lineage-data}. Passwords in {@code spec} are taught to {@code redaction} first.
   *
   * @throws InvalidInputException if {@code spec} names no store this tool can open
   * @throws StorageUnavailableException if the store cannot be reached or migrated
   */
  static Store open(String spec, Adapter adapter, Redaction redaction) {
    redaction.learn(spec);
    if (spec == null || spec.isBlank()) {
      Path directory = Path.of(DEFAULT_DIRECTORY).toAbsolutePath().normalize();
      Adapter chosen = adapter == null ? Adapter.JDBI : adapter;
      return openJdbc("jdbc:h2:file:" + directory.resolve("lineage"), chosen,
          "H2 database in " + directory + " (" + chosen.label + " adapter)");
    }
    if (spec.startsWith("jdbc:")) {
      Adapter chosen = adapter == null ? Adapter.JDBI : adapter;
      return openJdbc(spec, chosen, Redaction.mask(spec) + " (" + chosen.label + " adapter)");
    }
    if (adapter != null) {
      throw new InvalidInputException(
          "--adapter chooses how a JDBC store is written; " + Redaction.mask(spec) + " is not one");
    }
    if (spec.equals("memory")) {
      return new Store(new InMemoryEntityStorage(), "an in-memory store (gone when the command"
          + " ends)", List.of());
    }
    if (spec.startsWith("mongodb://") || spec.startsWith("mongodb+srv://")) {
      return openMongo(spec, redaction);
    }
    throw new InvalidInputException(
        "unknown store '" + Redaction.mask(spec) + "': give memory, a JDBC URL (jdbc:h2:...,"
            + " jdbc:postgresql://..., jdbc:mariadb://...) or a MongoDB URI"
            + " (mongodb://host/database)");
  }

  EntityStorage storage() {
    return storage;
  }

  EntityRegistry registry() {
    return registry;
  }

  /** What the store is, for people: its kind and location, passwords masked. */
  String description() {
    return description;
  }

  /** What changed from {@code older} to {@code newer}, whatever their type. */
  EntityDiff diff(VersionRecord older, VersionRecord newer) {
    return registry.diff(older.ecsId(), newer.ecsId());
  }

  @Override
  public void close() {
    closeAll(resources);
  }

  /** Closes each resource, in order, even when one fails; reports the first failure. */
  private static void closeAll(List<AutoCloseable> resources) {
    RuntimeException failure = null;
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new StorageUnavailableException("closing the store failed: " + e.getMessage(),
              e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static Store openJdbc(String url, Adapter adapter, String description) {
    try {
      DriverManager.getDriver(url);
    } catch (SQLException e) {
      throw new InvalidInputException(
          "no JDBC driver of this tool accepts " + Redaction.mask(url)
              + "; it has those of H2 (jdbc:h2:), PostgreSQL (jdbc:postgresql:) and MariaDB"
              + " (jdbc:mariadb:)");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setPoolName("lineage-cli");
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(1);
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(config);
    } catch (RuntimeException e) {
      // the URL is followed by a space: a password at its end is masked up to there
      throw new StorageUnavailableException(
          "cannot connect to " + Redaction.mask(url) + " (" + rootMessage(e) + ")", e);
    }
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      EntityStorage storage;
      if (adapter == Adapter.JPA) {
        JpaEntityStorage jpa = JpaEntityStorage.create(dataSource);
        resources.add(jpa);
        jpa.migrate();
        storage = jpa;
      } else {
        JdbiEntityStorage jdbi = JdbiEntityStorage.create(dataSource);
        jdbi.migrate();
        storage = jdbi;
      }
      resources.add(dataSource);
      return new Store(storage, description, resources);
    } catch (RuntimeException e) {
      resources.add(dataSource);
      try {
        closeAll(resources);
      } catch (RuntimeException alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw e;
    }
  }

  private static Store openMongo(String uri, Redaction redaction) {
    ConnectionString parsed;
    try {
      parsed = new ConnectionString(uri);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("the MongoDB URI " + Redaction.mask(uri)
          + " cannot be read: " + redaction.apply(e.getMessage()));
    }
    if (parsed.getDatabase() == null || parsed.getDatabase().isBlank()) {
      throw new InvalidInputException("the MongoDB URI " + Redaction.mask(uri)
          + " names no database (mongodb://host/<database>)");
    }
    MongoClientSettings.Builder settings =
        MongoClientSettings.builder().applyConnectionString(parsed);
    if (parsed.getServerSelectionTimeout() == null) {
      settings.applyToClusterSettings(
          cluster -> cluster.serverSelectionTimeout(MONGO_SELECTION_SECONDS, TimeUnit.SECONDS));
    }
    MongoClient client = MongoClients.create(settings.build());
    try {
      MongoEntityStorage storage =
          MongoEntityStorage.create(client.getDatabase(parsed.getDatabase()));
      storage.createIndexes();
      return new Store(storage, "MongoDB " + Redaction.mask(uri), List.of(client));
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * What went wrong, from the driver: the message of the first SQL exception in the chain (a
   * pool's wrapper says less), with the innermost cause when it is another one ("unknown host").
   */
  private static String rootMessage(Throwable error) {
    Throwable driver = null;
    Throwable root = error;
    while (true) {
      if (driver == null && root instanceof SQLException) {
        driver = root;
      }
      if (root.getCause() == null || root.getCause() == root) {
        break;
      }
      root = root.getCause();
    }
    String rootText = root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
    if (driver == null || driver == root) {
      return driver == null ? rootText : String.valueOf(driver.getMessage());
    }
    return driver.getMessage() + " " + rootText;
  }
}
