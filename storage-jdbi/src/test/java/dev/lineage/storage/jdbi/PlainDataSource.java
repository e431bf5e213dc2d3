package dev.lineage.storage.jdbi;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for tests that only need to say how a connection is made: the rest of the
 * interface (credentials per call, log writer, timeouts, wrapping) has nothing to do.
 */
interface PlainDataSource extends DataSource {

  @Override
  Connection getConnection() throws SQLException;

  @Override
  default Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  @Override
  default PrintWriter getLogWriter() {
    return null;
  }

  @Override
  default void setLogWriter(PrintWriter out) {}

  @Override
  default void setLoginTimeout(int seconds) {}

  @Override
  default int getLoginTimeout() {
    return 0;
  }

  @Override
  default Logger getParentLogger() {
    return Logger.getGlobal();
  }

  @Override
  default <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  default boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
