package dev.lineage.storage.jpa;

import dev.lineage.testdb.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.stat.Statistics;

/**
 * The adapter on each test database: one migrated instance per database and namespace, shared
 * by the tests of one JVM (every test works on fresh ids), closed when the JVM ends.
 */
final class JpaTargets {

  private static final Map<String, JpaEntityStorage> STORAGES = new ConcurrentHashMap<>();

  private JpaTargets() {}

  /** The migrated adapter on {@code namespace} of {@code database}. */
  static JpaEntityStorage storage(TestDatabase database, String namespace) {
    return STORAGES.computeIfAbsent(database + "/" + namespace, key -> {
      JpaEntityStorage storage = JpaEntityStorage.create(database.namespace(namespace));
      storage.migrate();
      Runtime.getRuntime().addShutdownHook(new Thread(storage::close));
      return storage;
    });
  }

  /** An adapter with its own Hibernate instance, which counts statements, and its statistics. */
  record Counted(JpaEntityStorage storage, Statistics statistics) {}

  private static final Map<String, Counted> COUNTED = new ConcurrentHashMap<>();

  /**
   * An adapter on {@code namespace} built from {@link JpaEntityStorage#persistenceConfiguration}
   * with Hibernate's statistics on, so a test can count the statements an operation prepares.
   */
  static Counted counted(TestDatabase database, String namespace) {
    storage(database, namespace); // migrated
    return COUNTED.computeIfAbsent(database + "/" + namespace, key -> {
      EntityManagerFactory factory =
          JpaEntityStorage.persistenceConfiguration(database.namespace(namespace))
              .property(AvailableSettings.GENERATE_STATISTICS, true)
              .createEntityManagerFactory();
      Runtime.getRuntime().addShutdownHook(new Thread(factory::close));
      return new Counted(JpaEntityStorage.create(factory),
          factory.unwrap(SessionFactory.class).getStatistics());
    });
  }

  /** The pooled data source of {@code namespace} (the one {@link #storage} runs on). */
  static DataSource dataSource(TestDatabase database, String namespace) {
    return database.namespace(namespace);
  }

  /** How the report line names the adapter on {@code database}. */
  static String targetName(TestDatabase database) {
    return "jpa on " + database.describe();
  }
}
