package dev.lineage.storage.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.lineage.storage.StorageUnavailableException;
import dev.lineage.testdb.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Credentials never leave (issue 8, item 6): the adapter over data sources whose JDBC URL carries
 * a password, failing to connect or losing the database after it connected. The typed exception
 * (message, causes, stack trace) and everything logged with every logger at debug level contain
 * no password. Runs in a child JVM ({@link CredentialChild}) so that every logger can be turned
 * up and every byte it writes to standard output and error is searched.
 */
abstract class CredentialScenarios {

  static final String NAMESPACE = "jpa_credentials";

  private static final String UNAVAILABLE = StorageUnavailableException.class.getName();

  abstract TestDatabase database();

  @Test
  @DisplayName("an unreachable server: unavailable, and no password in the exception or the logs")
  void unreachableServer() throws Exception {
    String secret = secret();
    String output = runChild("unreachable", secret);
    assertThat(output).contains("caught create over a pool: " + UNAVAILABLE,
        "caught create over the driver's data source: " + UNAVAILABLE,
        "caught persistence configuration: " + UNAVAILABLE);
    assertNoCredential(output, secret);
  }

  @Test
  @DisplayName("a server lost after connecting: every call unavailable, no password anywhere")
  void lostServer() throws Exception {
    String secret = secret();
    String output = runChild("lost", secret);
    assertThat(output).contains("stored ");
    for (String call : List.of("commit", "loadGraphs", "listAll", "verify", "status")) {
      assertThat(output).contains("caught " + call + ": " + UNAVAILABLE);
    }
    assertNoCredential(output, secret);
  }

  /** A password that occurs nowhere else. */
  static String secret() {
    return "Lin3age-" + UUID.randomUUID().toString().replace("-", "");
  }

  /**
   * Runs the child's {@code scenario} on this database and returns everything it wrote to its
   * standard output and error; the child must end normally.
   */
  String runChild(String scenario, String secret) throws Exception {
    JpaTargets.storage(database(), NAMESPACE); // migrated
    HikariDataSource dataSource = (HikariDataSource) JpaTargets.dataSource(database(), NAMESPACE);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Dorg.jboss.logging.provider=slf4j"));
    // every logger of this module's simplelogger.properties, and the rest, at debug level
    for (String logger : List.of("org.hibernate", "org.hibernate.engine.jdbc.spi.SqlExceptionHelper",
        "org.hibernate.orm.jdbc.error", "org.hibernate.orm.connections.pooling",
        "com.zaxxer.hikari", "org.flywaydb")) {
      command.add("-Dorg.slf4j.simpleLogger.log." + logger + "=debug");
    }
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug");
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        CredentialChild.class.getName(), scenario, database().name()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("LINEAGE_CREDENTIAL_URL", dataSource.getJdbcUrl());
    builder.environment().put("LINEAGE_CREDENTIAL_SECRET", secret);
    Process child = builder.start();
    byte[] bytes = child.getInputStream().readAllBytes();
    assertThat(child.waitFor(3, TimeUnit.MINUTES)).isTrue();
    String output = new String(bytes, StandardCharsets.UTF_8);
    Path log = Path.of("target", "credential-child-" + database().name().toLowerCase() + "-"
        + scenario + ".log");
    Files.writeString(log, output);
    assertThat(child.exitValue()).as("the child's exit status; its output is in %s", log)
        .isZero();
    assertThat(output).as("the child's output, in %s", log).contains("done");
    return output;
  }

  /**
   * {@code output} was written with debug logging on, through URLs that carried a password, and
   * holds neither {@code secret} nor the test database's own password.
   */
  void assertNoCredential(String output, String secret) {
    assertThat(output).contains("password=***").contains("DEBUG");
    assertThat(output).doesNotContain(secret);
    String url = ((HikariDataSource) JpaTargets.dataSource(database(), NAMESPACE)).getJdbcUrl();
    Matcher own = Pattern.compile("[?&]password=([^&]+)").matcher(url);
    if (own.find()) {
      assertThat(output).doesNotContain(own.group(1));
    }
  }
}
