package dev.lineage.testdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestDatabaseTest {

  @Test
  @DisplayName("passwords and user information are masked in URLs")
  void masking() {
    assertThat(TestDatabase.mask("jdbc:mariadb://h:3306/db?user=u&password=secret&sslMode=disable"))
        .isEqualTo("jdbc:mariadb://h:3306/db?user=u&password=***&sslMode=disable");
    assertThat(TestDatabase.mask("mongodb://alice:secret@host:27017/db"))
        .isEqualTo("mongodb://***@host:27017/db");
    assertThat(TestDatabase.mask("jdbc:postgresql://h/db?PASSWORD=x")).doesNotContain("x");
  }

  @Test
  @DisplayName("the database of a MariaDB URL can be read and replaced")
  void databaseNames() {
    String url = "jdbc:mariadb://127.0.0.1:3306/lineage_test?user=u&sslMode=disable";
    assertThat(TestDatabase.databaseOf(url)).isEqualTo("lineage_test");
    assertThat(TestDatabase.withDatabase(url, "other"))
        .isEqualTo("jdbc:mariadb://127.0.0.1:3306/other?user=u&sslMode=disable");
    assertThatThrownBy(() -> TestDatabase.databaseOf("jdbc:mariadb://h:3306/"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  @DisplayName("a namespace is a place of its own: a table made in one is absent from another")
  void namespacesAreSeparate(TestDatabase database) throws Exception {
    // given
    DataSource first = database.namespace("tdb_first");
    DataSource second = database.namespace("tdb_second");
    // when
    try (Connection c = first.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE probe (id INT PRIMARY KEY)");
      s.execute("INSERT INTO probe VALUES (1)");
    }
    // then
    try (Connection c = first.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM probe")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
    try (Connection c = second.getConnection(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("SELECT COUNT(*) FROM probe"))
          .isInstanceOf(SQLException.class);
    }
    assertThat(database.describe()).doesNotContainPattern("password=(?!\\*\\*\\*)").isNotBlank();
  }
}
