package dev.lineage.storage.jdbi;

import dev.lineage.testdb.TestDatabase;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/** Adapters over the test databases, migrated once per namespace and shared within a JVM. */
final class Storages {

  private static final Map<String, JdbiEntityStorage> SHARED = new ConcurrentHashMap<>();

  private Storages() {}

  /**
   * A migrated adapter on namespace {@code namespace} of {@code database}; the calling test is
   * skipped with the reason if the database cannot run here.
   */
  static JdbiEntityStorage on(TestDatabase database, String namespace) {
    DataSource dataSource = database.namespace(namespace);
    return SHARED.computeIfAbsent(database + "/" + namespace, key -> {
      JdbiEntityStorage storage = JdbiEntityStorage.create(dataSource);
      storage.migrate();
      return storage;
    });
  }

  /** What a conformance report calls the target: adapter, database, and how it was reached. */
  static String target(TestDatabase database) {
    return "jdbi on " + database.describe();
  }
}
