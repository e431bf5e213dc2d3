package dev.lineage.testdb;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The relational databases the SQL adapters are tested on, each reached in this order: an explicit
 * JDBC URL from the environment, else a Testcontainers container where Docker runs, else not at
 * all, and then every test that asks for it is reported as skipped with the reason. An explicit
 * URL that cannot be reached fails the tests; it never falls back silently. H2 runs in memory,
 * always.
 *
 * <p>Each target is resolved once per JVM and says in one line how it was reached. Tests ask for a
 * {@linkplain #namespace namespace}: a schema (PostgreSQL) or database (MariaDB, H2) of their own,
 * emptied once per JVM, so adapters and runs do not see each other's tables.
 */
public enum TestDatabase {
  POSTGRESQL("PostgreSQL", "LINEAGE_TEST_POSTGRES_URL"),
  MARIADB("MariaDB", "LINEAGE_TEST_MARIADB_URL"),
  H2("H2", null);

  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)(password|pwd)=[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("//[^/@]*@");

  private final String label;
  private final String environmentVariable;
  private final Map<String, HikariDataSource> namespaces = new ConcurrentHashMap<>();
  private volatile Target target;

  TestDatabase(String label, String environmentVariable) {
    this.label = label;
    this.environmentVariable = environmentVariable;
  }

  /** How a target was reached, or why not. */
  private record Target(String url, String user, String password, String description,
      String unavailable) {}

  /**
   * A pooled data source on the namespace {@code name} of this database, created empty the first
   * time this JVM asks for it. If the database cannot run here, the calling test is aborted
   * (reported as skipped) with the reason.
   *
   * @throws IllegalStateException if an explicit URL is set but the database cannot be reached
   */
  public DataSource namespace(String name) {
    if (!name.matches("[a-z][a-z0-9_]{0,30}")) {
      throw new IllegalArgumentException("namespace must be lower case letters, digits, _: " + name);
    }
    Target resolved = target();
    Assumptions.assumeTrue(resolved.unavailable() == null, resolved.unavailable());
    return namespaces.computeIfAbsent(name, n -> open(resolved, n));
  }

  /** How this database was reached, credentials left out; or why it was not. */
  public String describe() {
    Target resolved = target();
    return resolved.unavailable() == null ? resolved.description() : resolved.unavailable();
  }

  /** Whether tests on this database run here. */
  public boolean isAvailable() {
    return target().unavailable() == null;
  }

  /** {@code url} with its password and user information left out, for logs and messages. */
  public static String mask(String url) {
    if (url == null) {
      return null;
    }
    String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1=***");
    return USER_INFO.matcher(masked).replaceAll("//***@");
  }

  private Target target() {
    Target resolved = target;
    if (resolved == null) {
      synchronized (this) {
        resolved = target;
        if (resolved == null) {
          resolved = resolve();
          System.out.println("[lineage test databases] " + label + ": "
              + (resolved.unavailable() == null ? resolved.description() : resolved.unavailable()));
          target = resolved;
        }
      }
    }
    return resolved;
  }

  private Target resolve() {
    if (this == H2) {
      return new Target("jdbc:h2:mem:", "sa", "", "embedded H2 " + org.h2.engine.Constants.VERSION
          + " in memory", null);
    }
    String url = System.getenv(environmentVariable);
    if (url != null && !url.isBlank()) {
      String version = serverVersion(url, null, null, environmentVariable);
      return new Target(url, null, null,
          version + " at " + mask(url) + " (from " + environmentVariable + ")", null);
    }
    if (!dockerAvailable()) {
      return new Target(null, null, null, null,
          label + " tests skipped: " + environmentVariable + " is not set and no Docker engine"
              + " runs here for Testcontainers");
    }
    JdbcDatabaseContainer<?> container =
        this == POSTGRESQL
            ? new PostgreSQLContainer("postgres:15-alpine")
            : new MariaDBContainer("mariadb:10.11");
    container.start();
    String version =
        serverVersion(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
            "Testcontainers");
    return new Target(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
        version + " in a Testcontainers container (" + container.getDockerImageName() + ")", null);
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private String serverVersion(String url, String user, String password, String source) {
    try (Connection connection = connect(url, user, password)) {
      var meta = connection.getMetaData();
      return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
    } catch (SQLException e) {
      throw new IllegalStateException(
          label + " at " + mask(url) + " (from " + source + ") cannot be reached: "
              + e.getMessage(), e);
    }
  }

  private HikariDataSource open(Target resolved, String name) {
    String url;
    try (Connection admin = connect(resolved.url() + (this == H2 ? name : ""), resolved.user(),
        resolved.password()); Statement statement = admin.createStatement()) {
      switch (this) {
        case POSTGRESQL -> {
          statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
          statement.execute("CREATE SCHEMA " + name);
          url = withParameter(resolved.url(), "currentSchema=" + name);
        }
        case MARIADB -> {
          String database = databaseOf(resolved.url()) + "_" + name;
          statement.execute("DROP DATABASE IF EXISTS " + database);
          statement.execute(
              "CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
          url = withDatabase(resolved.url(), database);
        }
        default -> url = resolved.url() + name + ";DB_CLOSE_DELAY=-1";
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot prepare namespace " + name + " on " + label + ": " + e.getMessage(), e);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (resolved.user() != null) {
      config.setUsername(resolved.user());
      config.setPassword(resolved.password());
    }
    config.setMaximumPoolSize(12);
    config.setMinimumIdle(2); // many namespaces share one server's connection limit
    config.setPoolName("lineage-test-" + name().toLowerCase() + "-" + name);
    HikariDataSource dataSource = new HikariDataSource(config);
    Runtime.getRuntime().addShutdownHook(new Thread(dataSource::close));
    return dataSource;
  }

  private static Connection connect(String url, String user, String password)
      throws SQLException {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
      properties.setProperty("password", password == null ? "" : password);
    }
    return DriverManager.getConnection(url, properties);
  }

  private static String withParameter(String url, String parameter) {
    return url + (url.contains("?") ? "&" : "?") + parameter;
  }

  /** The database of a {@code jdbc:mariadb://host:port/database?…} URL. */
  static String databaseOf(String url) {
    int slash = url.indexOf('/', url.indexOf("//") + 2);
    if (slash < 0) {
      throw new IllegalArgumentException("no database in " + mask(url));
    }
    int end = url.indexOf('?', slash);
    String database = url.substring(slash + 1, end < 0 ? url.length() : end);
    if (database.isEmpty()) {
      throw new IllegalArgumentException("no database in " + mask(url));
    }
    return database;
  }

  static String withDatabase(String url, String database) {
    int slash = url.indexOf('/', url.indexOf("//") + 2);
    int end = url.indexOf('?', slash);
    return url.substring(0, slash + 1) + database + (end < 0 ? "" : url.substring(end));
  }
}
