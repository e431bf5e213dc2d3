package dev.lineage.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The masking of the connection strings that adapters' messages and logs quote. */
class CredentialsTest {

  @Test
  @DisplayName("password parameters and user information are masked, the rest is kept")
  void masksPasswords() {
    assertThat(Credentials.mask(
        "jdbc:postgresql://db:5432/app?user=app&password=s3cret&currentSchema=x"))
        .isEqualTo("jdbc:postgresql://db:5432/app?user=app&password=***&currentSchema=x");
    assertThat(Credentials.mask(
        "jdbc:mariadb://db/app?PASSWORD=s3cret&sslPassword=other"))
        .isEqualTo("jdbc:mariadb://db/app?PASSWORD=***&sslPassword=***");
    assertThat(Credentials.mask("jdbc:h2:mem:x;USER=sa;PWD=s3cret;MODE=PostgreSQL"))
        .isEqualTo("jdbc:h2:mem:x;USER=sa;PWD=***;MODE=PostgreSQL");
    assertThat(Credentials.mask("jdbc:postgresql://app:s3cret@db/app"))
        .isEqualTo("jdbc:postgresql://***@db/app");
    assertThat(Credentials.mask("Connection to db:5432 refused."))
        .isEqualTo("Connection to db:5432 refused.");
    assertThat(Credentials.mask(null)).isNull();
  }
}
