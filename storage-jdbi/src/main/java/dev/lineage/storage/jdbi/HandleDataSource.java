package dev.lineage.storage.jdbi;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A {@link DataSource} over a caller's {@link Jdbi}, for Flyway, which migrates through a data
 * source while the adapter may only have been given a {@code Jdbi}. Each connection is the
 * connection of a new handle; closing it closes the handle, which gives the connection back the
 * way the caller's {@code Jdbi} was set up to.
 */
final class HandleDataSource implements DataSource {

  private final Jdbi jdbi;

  HandleDataSource(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Connection getConnection() {
    Handle handle = jdbi.open();
    Connection connection = handle.getConnection();
    return (Connection) Proxy.newProxyInstance(
        HandleDataSource.class.getClassLoader(),
        new Class<?>[] {Connection.class},
        (proxy, method, arguments) -> {
          if (method.getName().equals("close") && method.getParameterCount() == 0) {
            handle.close();
            return null;
          }
          try {
            return method.invoke(connection, arguments);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("connections come from the Jdbi the adapter was given");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no java.util.logging here");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
