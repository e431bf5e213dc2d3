package dev.lineage.storage.jpa;

import dev.lineage.storage.Credentials;
import javax.sql.DataSource;
import org.hibernate.dialect.DatabaseVersion;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.jdbc.connections.internal.DataSourceConnectionProvider;
import org.hibernate.engine.jdbc.connections.spi.DatabaseConnectionInfo;
import org.hibernate.engine.jdbc.env.spi.ExtractedDatabaseMetaData;

/**
 * Hibernate's connections from the application's {@link DataSource}, exactly as Hibernate's own
 * provider gives them, except that the JDBC URL Hibernate logs when it starts ("HHH10001005:
 * Database info", at INFO) has its password removed. The URL comes from the driver's metadata,
 * and the PostgreSQL driver returns it as given, password parameter included.
 */
final class UrlMaskingConnectionProvider extends DataSourceConnectionProvider {

  UrlMaskingConnectionProvider(DataSource dataSource) {
    setDataSource(dataSource);
  }

  @Override
  public DatabaseConnectionInfo getDatabaseConnectionInfo(Dialect dialect,
      ExtractedDatabaseMetaData metaData) {
    return new Masked(super.getDatabaseConnectionInfo(dialect, metaData));
  }

  /** Hibernate's connection information with the URL masked, wherever it shows. */
  private record Masked(DatabaseConnectionInfo info) implements DatabaseConnectionInfo {

    @Override
    public String getJdbcUrl() {
      return Credentials.mask(info.getJdbcUrl());
    }

    @Override
    public String toInfoString() {
      String text = info.toInfoString();
      String url = info.getJdbcUrl();
      return url == null || text == null ? text : text.replace(url, Credentials.mask(url));
    }

    @Override
    public String getJdbcDriver() {
      return info.getJdbcDriver();
    }

    @Override
    public DatabaseVersion getDialectVersion() {
      return info.getDialectVersion();
    }

    @Override
    public String getSchema() {
      return info.getSchema();
    }

    @Override
    public String getCatalog() {
      return info.getCatalog();
    }

    @Override
    public String getAutoCommitMode() {
      return info.getAutoCommitMode();
    }

    @Override
    public String getIsolationLevel() {
      return info.getIsolationLevel();
    }

    @Override
    public Integer getPoolMinSize() {
      return info.getPoolMinSize();
    }

    @Override
    public Integer getPoolMaxSize() {
      return info.getPoolMaxSize();
    }

    @Override
    public Integer getJdbcFetchSize() {
      return info.getJdbcFetchSize();
    }

    @Override
    public boolean hasSchema() {
      return info.hasSchema();
    }

    @Override
    public boolean hasCatalog() {
      return info.hasCatalog();
    }
  }
}
