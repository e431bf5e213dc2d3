package dev.lineage.benchmarks;

import javax.sql.DataSource;

/**
 * What the raw-JDBC baselines share: their database, measured and kept current the same way as
 * the adapters' ({@link SqlFootprint}).
 */
abstract class RawSqlSubject implements Subject {

  final DataSource dataSource;
  private final String database;

  RawSqlSubject(DataSource dataSource, String database) {
    this.dataSource = dataSource;
    this.database = database;
  }

  @Override
  public final String database() {
    return database;
  }

  @Override
  public final void refreshStatistics() {
    SqlFootprint.refreshStatistics(dataSource);
  }

  @Override
  public final StorageFootprint footprint() {
    return SqlFootprint.of(dataSource);
  }

  @Override
  public void close() {}
}
