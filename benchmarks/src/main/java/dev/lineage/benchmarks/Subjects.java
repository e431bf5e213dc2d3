package dev.lineage.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.lineage.domain.EntityRegistry;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import dev.lineage.storage.jdbi.JdbiEntityStorage;
import dev.lineage.storage.jpa.JpaEntityStorage;
import dev.lineage.storage.mongo.MongoEntityStorage;
import dev.lineage.testdb.TestDatabase;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The subjects of one run, grouped by database: each Lineage adapter beside the floor of its
 * database, the reference layout (SQL) and JaVers (PostgreSQL and MongoDB). SQL databases come
 * from the test-database targets (explicit URL, else Testcontainers); a database that is not
 * available is left out, and the run says so.
 */
final class Subjects implements AutoCloseable {

  /**
   * A subject made on demand, in a namespace of its own (one per subject, for every length),
   * measured up to {@code maxMessages} at the given pace.
   */
  record Factory(String database, String name, Supplier<Subject> create, int maxMessages,
      Pace pace) {

    Factory(String database, String name, Supplier<Subject> create) {
      this(database, name, create, Integer.MAX_VALUE, Pace.IN_TURNS);
    }
  }

  /** How a subject is measured beside the other subjects of its database. */
  enum Pace {
    /** In turns with the others: one measured turn or load each, round and round. */
    IN_TURNS,
    /**
     * Its turns on their own after the others, one length after the other: its turn writes a
     * row per message of the thread (the reference layout), and the turn measured after one of
     * its own would pay for that writing (PostgreSQL, 10,000 messages, probe: a floor turn took
     * 0.93 ms in turns with it and 0.39 ms without it). Its loads, which write nothing, go round
     * with the others' loads.
     */
    ALONE,
    /**
     * On its own after the others, one length after the other, with fewer warm-ups, turns and
     * loads: its turn takes up to seconds (JaVers).
     */
    ALONE_SLOW
  }

  private final List<Factory> factories = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private int namespaces;

  Subjects(int javersMaxMessages) {
    addInMemory();
    addSql(TestDatabase.POSTGRESQL, "PostgreSQL", javersMaxMessages);
    addSql(TestDatabase.MARIADB, "MariaDB", javersMaxMessages);
    addMongo(javersMaxMessages);
  }

  List<Factory> factories() {
    return factories;
  }

  /** What was left out and why, in one line each. */
  List<String> notes() {
    return notes;
  }

  private void addInMemory() {
    factories.add(new Factory("JVM heap", "lineage in-memory", () -> {
      InMemoryEntityStorage storage = new InMemoryEntityStorage();
      return new LineageSubject("lineage in-memory", "JVM heap", EntityRegistry.over(storage),
          () -> new StorageFootprint(storage.status().versionCount(), 0), () -> { });
    }));
  }

  private void addSql(TestDatabase target, String database, int javersMaxMessages) {
    if (!target.isAvailable()) {
      notes.add(database + " left out: " + target.describe());
      return;
    }
    factories.add(new Factory(database, "floor (raw JDBC)",
        () -> new FloorSubject(namespace(target, "floor"), database)));
    factories.add(new Factory(database, "reference layout (raw JDBC)",
        () -> new ReferenceLayoutSubject(namespace(target, "ref"), database), Integer.MAX_VALUE,
        Pace.ALONE));
    factories.add(new Factory(database, "lineage jdbi", () -> {
      DataSource dataSource = namespace(target, "jdbi");
      return new LineageSubject("lineage jdbi", database, EntityRegistry.over(jdbi(dataSource)),
          () -> SqlFootprint.of(dataSource), () -> SqlFootprint.refreshStatistics(dataSource));
    }));
    factories.add(new Factory(database, "lineage jpa", () -> {
      DataSource dataSource = namespace(target, "jpa");
      return new LineageSubject("lineage jpa", database, EntityRegistry.over(jpa(dataSource)),
          () -> SqlFootprint.of(dataSource), () -> SqlFootprint.refreshStatistics(dataSource));
    }));
    if (target == TestDatabase.POSTGRESQL) {
      factories.add(new Factory(database, "JaVers 7.10.0",
          () -> JaversSubject.onPostgres(namespace(target, "javers")), javersMaxMessages,
          Pace.ALONE_SLOW));
    }
  }

  private void addMongo(int javersMaxMessages) {
    String database = "MongoDB (embedded mongo-java-server)";
    Supplier<MongoDatabase> fresh = () -> {
      MongoServer server = new MongoServer(new MemoryBackend());
      server.bind("127.0.0.1", 0);
      InetSocketAddress address = server.getLocalAddress();
      MongoClient client = MongoClients.create(
          "mongodb://127.0.0.1:" + address.getPort());
      resources.add(client);
      resources.add(server::shutdownNow);
      return client.getDatabase("bench");
    };
    factories.add(new Factory(database, "floor (raw driver)",
        () -> new MongoFloorSubject(fresh.get(), database)));
    factories.add(new Factory(database, "lineage mongo", () -> {
      MongoDatabase mongo = fresh.get();
      MongoEntityStorage storage = MongoEntityStorage.create(mongo);
      storage.createIndexes();
      return new LineageSubject("lineage mongo", database, EntityRegistry.over(storage),
          () -> MongoFootprint.of(mongo), () -> { });
    }));
    factories.add(new Factory(database, "JaVers 7.10.0",
        () -> JaversSubject.onMongo(fresh.get(), database), javersMaxMessages,
        Pace.ALONE_SLOW));
  }

  /** The JDBI adapter on {@code dataSource}, its tables created. */
  static JdbiEntityStorage jdbi(DataSource dataSource) {
    JdbiEntityStorage storage = JdbiEntityStorage.create(dataSource);
    storage.migrate();
    return storage;
  }

  /** The JPA adapter on {@code dataSource}, its tables created. */
  static JpaEntityStorage jpa(DataSource dataSource) {
    JpaEntityStorage storage = JpaEntityStorage.create(dataSource);
    storage.migrate();
    return storage;
  }

  private DataSource namespace(TestDatabase target, String subject) {
    return target.namespace("bench_" + subject + "_" + (namespaces++));
  }

  @Override
  public void close() {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        notes.add("could not close a resource: " + e.getMessage());
      }
    }
  }
}
