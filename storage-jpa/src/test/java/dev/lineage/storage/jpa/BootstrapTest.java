package dev.lineage.storage.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.storage.Commit;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.StorageUnavailableException;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.VersionRecord;
import dev.lineage.testdb.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import javax.sql.DataSource;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.type.SqlTypes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Building the adapter, migrating, validating and closing. */
class BootstrapTest {

  @Test
  @DisplayName("an EntityManagerFactory of the application's own, with Lineage's mapping added,"
      + " migrates and stores; closing the adapter leaves it open")
  void ownFactory() {
    DataSource dataSource = TestDatabase.H2.namespace("jpa_own_factory");
    EntityManagerFactory factory =
        JpaEntityStorage.persistenceConfiguration(dataSource).createEntityManagerFactory();
    try (JpaEntityStorage storage = JpaEntityStorage.create(factory)) {
      storage.migrate();
      VersionRecord prompt = ThreadShapes.systemPrompt();
      storage.commit(Commit.of(prompt.ecsId(), List.of(prompt)));
      assertThat(storage.loadVersions(List.of(prompt.ecsId()))).containsValue(prompt);
      assertThat(storage.status().kind()).isEqualTo("jpa/h2");
    }
    assertThat(factory.isOpen()).isTrue();
    factory.close();
  }

  @Test
  @DisplayName("a factory without Lineage's mapping is refused, saying how to build one")
  void factoryWithoutMapping() {
    DataSource dataSource = TestDatabase.H2.namespace("jpa_no_mapping");
    EntityManagerFactory factory = new HibernatePersistenceConfiguration("other")
        .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
        .createEntityManagerFactory();
    try {
      assertThatThrownBy(() -> JpaEntityStorage.create(factory))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("persistenceConfiguration");
    } finally {
      factory.close();
    }
  }

  @Test
  @DisplayName("on MariaDB, a factory keeping ids in another form than binary(16) is refused")
  void mariaDbNeedsBinaryIds() {
    DataSource dataSource = TestDatabase.MARIADB.namespace("jpa_uuid_form");
    EntityManagerFactory factory = JpaEntityStorage.persistenceConfiguration(dataSource)
        .property(AvailableSettings.PREFERRED_UUID_JDBC_TYPE, SqlTypes.UUID)
        .createEntityManagerFactory();
    try {
      assertThatThrownBy(() -> JpaEntityStorage.create(factory))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("binary(16)");
    } finally {
      factory.close();
    }
  }

  @Test
  @DisplayName("migrate() reports tables that no longer match the mapping")
  void validationFindsDrift() {
    DataSource dataSource = TestDatabase.H2.namespace("jpa_drift");
    try (JpaEntityStorage storage = JpaEntityStorage.create(dataSource)) {
      storage.migrate();
      new Sql(TestDatabase.H2, dataSource).update("alter table chat_message drop column tool_call");
      assertThatThrownBy(storage::migrate)
          .isInstanceOf(UnreadableDataException.class)
          .hasMessageContaining("tool_call");
    }
  }

  @Test
  @DisplayName("a closed adapter that started Hibernate itself refuses calls as unavailable")
  void closedAdapter() {
    JpaEntityStorage storage =
        JpaEntityStorage.create(TestDatabase.H2.namespace("jpa_closed"));
    storage.migrate();
    storage.close();
    assertThatThrownBy(storage::status)
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining("closed");
  }
}
