package dev.lineage.storage.jdbi;

import dev.lineage.storage.StorageUnavailableException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The adapter's tables, created and upgraded by Flyway from the versioned migrations in this jar
 * ({@code dev/lineage/storage/jdbi/migration/<database>}). The history of these migrations is
 * kept in a table of its own, {@code lineage_jdbi_schema_history}, so they never mix with an
 * application's own Flyway migrations in the same schema.
 */
final class Schema {

  static final String HISTORY_TABLE = "lineage_jdbi_schema_history";

  private Schema() {}

  static void migrate(DataSource dataSource, Dialect dialect) {
    try {
      Flyway.configure(Schema.class.getClassLoader())
          .dataSource(dataSource)
          .locations(dialect.migrations())
          .table(HISTORY_TABLE)
          // a schema that already holds the application's tables is fine: start our history at
          // version 0, before our first migration
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new StorageUnavailableException(
          dialect.kind() + ": migrating the lineage tables failed: " + e.getMessage(), e);
    }
  }
}
