package dev.lineage.cli;

import com.zaxxer.hikari.HikariDataSource;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.lineage.storage.EntityStorage;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.VersionRecord;
import dev.lineage.testdb.TestDatabase;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The stores the tests run the tool on, each named by the {@code --store} (and {@code --adapter})
 * arguments a user would give: an H2 file database, the local PostgreSQL (through
 * test-databases, which skips the test with the reason when it cannot run here), and MongoDB on
 * the embedded wire-protocol server, reached by the real driver over TCP.
 */
final class Targets {

  private static MongoServer mongo;

  private Targets() {}

  /** The kinds of store the inspectors are tested on. */
  enum Kind {
    H2_JDBI, H2_JPA, POSTGRES_JDBI, POSTGRES_JPA, MONGO;

    /**
     * A store of this kind named {@code name}: a database of its own (an H2 file under {@code
     * directory}, a PostgreSQL schema, a MongoDB database). Resolved only when a test asks, so
     * that a database that cannot run here skips that test.
     */
    Target target(String name, Path directory) {
      switch (this) {
        case H2_JDBI:
          return h2(directory.resolve(name), "jdbi");
        case H2_JPA:
          return h2(directory.resolve(name), "jpa");
        case POSTGRES_JDBI:
          return postgres(name + "_jdbi", "jdbi");
        case POSTGRES_JPA:
          return postgres(name + "_jpa", "jpa");
        default:
          return mongo(name);
      }
    }
  }

  /** A store the tool opens: its arguments, and a description for test names. */
  record Target(String name, List<String> arguments) {

    /** {@code arguments} followed by {@code more}. */
    String[] with(String... more) {
      List<String> all = new ArrayList<>(arguments);
      all.addAll(List.of(more));
      return all.toArray(new String[0]);
    }

    String store() {
      return arguments.get(1);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** An H2 database in {@code directory}, written by {@code adapter}. */
  static Target h2(Path directory, String adapter) {
    String url = "jdbc:h2:file:" + directory.resolve("store").toAbsolutePath();
    return new Target("H2 file (" + adapter + ")", List.of("--store", url, "--adapter", adapter));
  }

  /** A fresh schema of the local PostgreSQL, written by {@code adapter}. */
  static Target postgres(String namespace, String adapter) {
    HikariDataSource dataSource = (HikariDataSource) TestDatabase.POSTGRESQL.namespace(namespace);
    return new Target("PostgreSQL (" + adapter + ")",
        List.of("--store", dataSource.getJdbcUrl(), "--adapter", adapter));
  }

  /** A fresh database of the local MariaDB, written by {@code adapter}. */
  static Target mariadb(String namespace, String adapter) {
    HikariDataSource dataSource = (HikariDataSource) TestDatabase.MARIADB.namespace(namespace);
    return new Target("MariaDB (" + adapter + ")",
        List.of("--store", dataSource.getJdbcUrl(), "--adapter", adapter));
  }

  /** A database of the embedded MongoDB server. */
  static Target mongo(String database) {
    return new Target("MongoDB (embedded)", List.of("--store", mongoUri(database)));
  }

  static synchronized String mongoUri(String database) {
    if (mongo == null) {
      mongo = new MongoServer(new MemoryBackend());
      mongo.bind("127.0.0.1", 0);
      MongoServer started = mongo;
      Runtime.getRuntime().addShutdownHook(new Thread(started::shutdownNow));
    }
    InetSocketAddress address = mongo.getLocalAddress();
    return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
  }

  /** Every version {@code target} holds, in creation order, read through the port. */
  static List<VersionRecord> contents(Target target) {
    try (Store store = open(target)) {
      return all(store.storage());
    }
  }

  /** Runs {@code work} on the store {@code target} names, opened as the tool opens it. */
  static <T> T with(Target target, Function<Store, T> work) {
    try (Store store = open(target)) {
      return work.apply(store);
    }
  }

  static List<VersionRecord> all(EntityStorage storage) {
    List<VersionRecord> versions = new ArrayList<>();
    PageRequest request = PageRequest.first(PageRequest.MAX_LIMIT);
    while (true) {
      Page<VersionRecord> page = storage.listAll(request);
      versions.addAll(page.items());
      if (page.next().isEmpty()) {
        return versions;
      }
      request = PageRequest.after(page.next().get(), PageRequest.MAX_LIMIT);
    }
  }

  private static Store open(Target target) {
    Logging.configure(false);
    List<String> arguments = target.arguments();
    Store.Adapter adapter = arguments.size() > 3
        ? Store.Adapter.valueOf(arguments.get(3).toUpperCase()) : null;
    return Store.open(arguments.get(1), adapter, new Redaction());
  }
}
