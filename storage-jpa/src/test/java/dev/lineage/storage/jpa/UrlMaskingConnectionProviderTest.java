package dev.lineage.storage.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The masking of JDBC URLs that Hibernate logs and the adapter's messages quote. */
class UrlMaskingConnectionProviderTest {

  @Test
  @DisplayName("password parameters and user information are masked, the rest is kept")
  void masksPasswords() {
    assertThat(UrlMaskingConnectionProvider.mask(
        "jdbc:postgresql://db:5432/app?user=app&password=s3cret&currentSchema=x"))
        .isEqualTo("jdbc:postgresql://db:5432/app?user=app&password=***&currentSchema=x");
    assertThat(UrlMaskingConnectionProvider.mask(
        "jdbc:mariadb://db/app?PASSWORD=s3cret&sslPassword=other"))
        .isEqualTo("jdbc:mariadb://db/app?PASSWORD=***&sslPassword=***");
    assertThat(UrlMaskingConnectionProvider.mask("jdbc:h2:mem:x;USER=sa;PWD=s3cret;MODE=PostgreSQL"))
        .isEqualTo("jdbc:h2:mem:x;USER=sa;PWD=***;MODE=PostgreSQL");
    assertThat(UrlMaskingConnectionProvider.mask("jdbc:postgresql://app:s3cret@db/app"))
        .isEqualTo("jdbc:postgresql://***@db/app");
    assertThat(UrlMaskingConnectionProvider.mask("Connection to db:5432 refused."))
        .isEqualTo("Connection to db:5432 refused.");
    assertThat(UrlMaskingConnectionProvider.mask(null)).isNull();
  }
}
