package dev.lineage.storage.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A password in the connection string never reaches a message or a log line (issue 8): a JVM of
 * its own connects with one, to a server that cannot be reached and to the embedded server (which
 * knows no users, so authentication fails), with every logger of the driver and of the server at
 * trace; its whole output, the typed exception with its causes and stack trace included, is
 * searched for the password.
 */
class CredentialLeakTest {

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  @DisplayName("an unreachable server: StorageUnavailableException, and no password anywhere")
  void unreachable() throws Exception {
    String password = password();
    String output = probe("unreachable", password);
    assertThat(output).contains("failed with dev.lineage.storage.StorageUnavailableException")
        .contains("MongoTimeoutException")
        .as("the driver's own logging was captured").contains("org.mongodb.driver");
    assertThat(output).doesNotContain(password);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  @DisplayName("credentials the embedded server refuses: StorageUnavailableException naming the"
      + " refusal, and no password anywhere")
  void refused() throws Exception {
    String password = password();
    String output = probe("embedded", password);
    assertThat(output).contains("failed with dev.lineage.storage.StorageUnavailableException")
        .contains("MongoDB refused the credentials")
        .as("the driver's and the server's logging were captured")
        .contains("org.mongodb.driver").contains("de.bwaldvogel.mongo");
    assertThat(output).doesNotContain(password);
  }

  /** A password no other text contains. */
  private static String password() {
    return "pw" + UUID.randomUUID().toString().replace("-", "");
  }

  /** Runs {@link CredentialProbe}; its standard output and error together. */
  private static String probe(String target, String password)
      throws IOException, InterruptedException {
    Process probe = new ProcessBuilder(
        ProcessHandle.current().info().command().orElse(
            Path.of(System.getProperty("java.home"), "bin", "java").toString()),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
        "-Dorg.slf4j.simpleLogger.log.de.bwaldvogel.mongo=trace",
        "-cp", System.getProperty("java.class.path"),
        CredentialProbe.class.getName(), target, password)
        .redirectErrorStream(true)
        .start();
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(probe.waitFor()).as("the probe ended normally:%n%s", output).isZero();
    return output;
  }
}
