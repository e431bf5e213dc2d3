package dev.lineage.storage.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import dev.lineage.storage.StorageUnavailableException;
import dev.lineage.testdb.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No credential in an exception or a log line (issue 8, item 6): an adapter over a data source
 * whose JDBC URL carries a password, which the database refuses or cannot be reached, fails with
 * {@link StorageUnavailableException}; neither its message, nor any message of its causes, nor
 * anything written to {@code System.out} and {@code System.err} meanwhile (where slf4j-simple
 * logs) holds the password.
 */
class CredentialsTest {

  private static final String PASSWORD = "LineageSecret9f3kZq";
  private static final String UNREACHABLE = "lineage-unreachable.invalid";

  /** How an application hands the adapter its database: a pool, or the driver directly. */
  enum Source {
    HIKARI_POOL(url -> {
      HikariDataSource pool = new HikariDataSource();
      pool.setJdbcUrl(url);
      pool.setConnectionTimeout(5_000);
      return pool;
    }),
    DRIVER_MANAGER(DriverManagerSource::new);

    private final Function<String, DataSource> open;

    Source(Function<String, DataSource> open) {
      this.open = open;
    }
  }

  static Stream<Arguments> failures() {
    List<Arguments> cases = new ArrayList<>();
    for (Source source : Source.values()) {
      cases.add(Arguments.of("MariaDB refuses a wrong password", TestDatabase.MARIADB,
          withPassword(envUrl("LINEAGE_TEST_MARIADB_URL")), source));
      cases.add(Arguments.of("PostgreSQL refuses a database that does not exist",
          TestDatabase.POSTGRESQL, withPassword(envUrl("LINEAGE_TEST_POSTGRES_URL"))
              .replace("/lineage_test?", "/lineage_no_such_database?"), source));
      cases.add(Arguments.of("PostgreSQL on a host that does not resolve", null,
          "jdbc:postgresql://" + UNREACHABLE + ":5432/lineage_test?user=postgres&password="
              + PASSWORD, source));
      cases.add(Arguments.of("MariaDB on a host that does not resolve", null,
          "jdbc:mariadb://" + UNREACHABLE + ":3306/lineage_test?user=lineage&password="
              + PASSWORD, source));
      cases.add(Arguments.of("PostgreSQL where nothing listens", null,
          "jdbc:postgresql://127.0.0.1:1/lineage_test?user=postgres&password=" + PASSWORD,
          source));
      cases.add(Arguments.of("MariaDB where nothing listens", null,
          "jdbc:mariadb://127.0.0.1:1/lineage_test?user=lineage&password=" + PASSWORD, source));
    }
    return cases.stream();
  }

  private static String envUrl(String variable) {
    String url = System.getenv(variable);
    return url == null ? "" : url;
  }

  /** {@code url} with its password replaced by (or given) the test's wrong one. */
  private static String withPassword(String url) {
    if (url.matches(".*[?&]password=.*")) {
      return url.replaceAll("([?&])password=[^&]*", "$1password=" + PASSWORD);
    }
    return url + (url.contains("?") ? "&" : "?") + "password=" + PASSWORD;
  }

  @ParameterizedTest(name = "{0}, through {3}")
  @MethodSource("failures")
  @DisplayName("a password in the JDBC URL appears in no exception and no log line")
  void passwordNeverShows(String situation, TestDatabase server, String url, Source source)
      throws Exception {
    if (server != null) {
      Assumptions.assumeTrue(server.isAvailable(), server.describe());
    }
    assertThat(url).contains(PASSWORD);
    // given
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(logged, true, StandardCharsets.UTF_8);
    DataSource dataSource = source.open.apply(url);
    Throwable failure;
    // when
    System.setOut(capture);
    System.setErr(capture);
    try {
      failure = catchThrowable(() -> JdbiEntityStorage.create(dataSource).status());
    } finally {
      System.setOut(out);
      System.setErr(err);
      if (dataSource instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
    String output = logged.toString(StandardCharsets.UTF_8);
    err.print(output);
    // then
    assertThat(failure).isInstanceOf(StorageUnavailableException.class);
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).as("the exception and its causes").doesNotContain(PASSWORD);
    assertThat(output).as("what was logged").doesNotContain(PASSWORD);
    if (source == Source.HIKARI_POOL) {
      assertThat(output).as("the pool's log lines, captured").contains("HikariPool");
    }
  }

  /** The driver itself, without a pool: a connection per call from {@link DriverManager}. */
  private record DriverManagerSource(String url) implements PlainDataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url);
    }

    @Override
    public String toString() {
      return "a DriverManager data source";
    }
  }
}
