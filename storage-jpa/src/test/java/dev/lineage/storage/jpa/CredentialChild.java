package dev.lineage.storage.jpa;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lineage.storage.Commit;
import dev.lineage.storage.LineageException;
import dev.lineage.storage.VersionRecord;
import dev.lineage.testdb.TestDatabase;
import java.io.PrintStream;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The child JVM of {@link CredentialScenarios}: runs the adapter over data sources whose JDBC
 * URL carries a password, with every logger at debug level, and prints each typed exception with
 * its causes and stack trace, so that the parent can search everything for the password.
 *
 * <p>Arguments: the scenario ({@code wrong-password}, {@code unreachable} or {@code lost}) and the
 * database ({@code POSTGRESQL} or {@code MARIADB}). From the environment: {@code
 * LINEAGE_CREDENTIAL_URL}, the migrated namespace's URL, and {@code LINEAGE_CREDENTIAL_SECRET},
 * the password to put into URLs.
 */
final class CredentialChild {

  private static final PrintStream OUT = System.out;

  private CredentialChild() {}

  public static void main(String[] args) throws Exception {
    String url = System.getenv("LINEAGE_CREDENTIAL_URL");
    String secret = System.getenv("LINEAGE_CREDENTIAL_SECRET");
    TestDatabase database = TestDatabase.valueOf(args[1]);
    switch (args[0]) {
      case "wrong-password" -> {
        String wrong = withPassword(url, secret);
        OUT.println("url " + TestDatabase.mask(wrong));
        attempt("create over a pool", () -> JpaEntityStorage.create(lazyPool(wrong)));
        attempt("create over the driver's data source",
            () -> JpaEntityStorage.create(driverDataSource(database, wrong)));
      }
      case "unreachable" -> {
        // a port nobody listens on, and a host name that never resolves
        String refused = withPassword(withAuthority(url, "127.0.0.1:1"), secret);
        String unknown = withPassword(withAuthority(url, "lineage-nowhere.invalid:5432"), secret);
        OUT.println("url " + TestDatabase.mask(refused));
        attempt("create over a pool", () -> JpaEntityStorage.create(lazyPool(refused)));
        attempt("create over the driver's data source",
            () -> JpaEntityStorage.create(driverDataSource(database, refused)));
        attempt("persistence configuration",
            () -> JpaEntityStorage.persistenceConfiguration(lazyPool(unknown)));
        attempt("create over the driver's data source, unknown host",
            () -> JpaEntityStorage.create(driverDataSource(database, unknown)));
      }
      case "lost" -> lost(database, url, secret);
      default -> throw new IllegalArgumentException(args[0]);
    }
    OUT.println("done");
  }

  /**
   * The adapter reaches the database through a relay, stores a version, then the relay closes:
   * every call fails as unavailable.
   */
  private static void lost(TestDatabase database, String url, String secret) throws Exception {
    URI server = URI.create(url.substring("jdbc:".length()));
    try (TcpRelay relay = new TcpRelay(server.getHost(), server.getPort())) {
      String relayed = withAuthority(url, "127.0.0.1:" + relay.port());
      // PostgreSQL here trusts local connections and ignores the password; MariaDB needs its own
      if (database == TestDatabase.POSTGRESQL) {
        relayed = withPassword(relayed, secret);
      }
      OUT.println("url " + TestDatabase.mask(relayed));
      JpaEntityStorage storage = JpaEntityStorage.create(lazyPool(relayed));
      storage.migrate(); // Flyway logs the database it migrates too
      VersionRecord prompt = ThreadShapes.systemPrompt();
      storage.commit(Commit.of(prompt.ecsId(), List.of(prompt)));
      OUT.println("stored " + prompt.ecsId());
      relay.close();
      VersionRecord another = ThreadShapes.systemPrompt();
      attempt("commit", () -> {
        storage.commit(Commit.of(another.ecsId(), List.of(another)));
        return null;
      });
      attempt("loadGraphs", () -> storage.loadGraphs(List.of(prompt.ecsId())));
      attempt("listAll", () -> storage.listAll(dev.lineage.storage.PageRequest.first(10)));
      attempt("verify", storage::verify);
      attempt("status", storage::status);
      storage.close();
    }
  }

  /** Runs {@code call}, printing the exception it throws, causes and stack trace included. */
  private static void attempt(String what, Supplier<?> call) {
    try {
      call.get();
      OUT.println("no exception from " + what);
    } catch (LineageException e) {
      OUT.println("caught " + what + ": " + e.getClass().getName());
      e.printStackTrace(OUT);
    }
    OUT.flush();
  }

  /** A pool that connects on first use, so the adapter, not the pool's start, meets the failure. */
  private static DataSource lazyPool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(1_000);
    config.setValidationTimeout(500);
    config.setMaximumPoolSize(2);
    return new HikariDataSource(config);
  }

  private static DataSource driverDataSource(TestDatabase database, String url) {
    if (database == TestDatabase.POSTGRESQL) {
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      dataSource.setURL(url);
      return dataSource;
    }
    try {
      return new MariaDbDataSource(url);
    } catch (SQLException e) {
      throw new IllegalStateException("the MariaDB driver refused the URL", e);
    }
  }

  /** {@code url} with its {@code password} parameter set to {@code password}. */
  static String withPassword(String url, String password) {
    String without = url.replaceAll("([?&])password=[^&]*&?", "$1").replaceAll("[?&]$", "");
    return without + (without.contains("?") ? "&" : "?") + "password=" + password;
  }

  /** {@code url} pointing at {@code hostAndPort} instead of its server. */
  static String withAuthority(String url, String hostAndPort) {
    return url.replaceFirst("//[^/]+/", "//" + hostAndPort + "/");
  }
}
