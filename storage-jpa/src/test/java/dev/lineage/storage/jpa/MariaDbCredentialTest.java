package dev.lineage.storage.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.storage.StorageUnavailableException;
import dev.lineage.testdb.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** No credential in exceptions or logs, on MariaDB, which also refuses a wrong password. */
class MariaDbCredentialTest extends CredentialScenarios {

  @Override
  TestDatabase database() {
    return TestDatabase.MARIADB;
  }

  @Test
  @DisplayName("a wrong password: unavailable, and no password in the exception or the logs")
  void wrongPassword() throws Exception {
    String secret = secret();
    String output = runChild("wrong-password", secret);
    String unavailable = StorageUnavailableException.class.getName();
    assertThat(output).contains("caught create over a pool: " + unavailable,
        "caught create over the driver's data source: " + unavailable, "Access denied");
    assertNoCredential(output, secret);
  }
}
