package dev.lineage.storage.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.storage.InvalidInputException;
import org.junit.jupiter.api.Test;

class JpaStorageOptionsTest {

  @Test
  void defaultsAreSensible() {
    JpaStorageOptions options = JpaStorageOptions.defaults();
    assertThat(options.commitAttempts()).isEqualTo(3);
    assertThat(options.jdbcBatchSize()).isEqualTo(100);
    assertThat(options.maxIdsPerStatement()).isEqualTo(1_000);
    assertThat(options.validateSchema()).isTrue();
    assertThat(options.listCacheIds()).isEqualTo(1L << 20);
  }

  @Test
  void withersChangeOneSetting() {
    JpaStorageOptions options = JpaStorageOptions.defaults()
        .withCommitAttempts(5).withJdbcBatchSize(10).withMaxIdsPerStatement(64)
        .withValidateSchema(false).withListCacheIds(0);
    assertThat(options).isEqualTo(new JpaStorageOptions(5, 10, 64, false, 0));
  }

  @Test
  void outOfRangeSettingsAreRefused() {
    JpaStorageOptions defaults = JpaStorageOptions.defaults();
    assertThatThrownBy(() -> defaults.withCommitAttempts(0))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("commitAttempts");
    assertThatThrownBy(() -> defaults.withJdbcBatchSize(0))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("jdbcBatchSize");
    assertThatThrownBy(() -> defaults.withMaxIdsPerStatement(2_501))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("maxIdsPerStatement");
    assertThatThrownBy(() -> defaults.withListCacheIds(-1))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("listCacheIds");
  }
}
