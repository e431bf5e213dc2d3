package dev.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.lineage.storage.Commit;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import dev.lineage.testdb.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input gives one clear line on standard error and a non-zero exit code, never a stack trace
 * unless asked for; a password in a store URL never appears in any output.
 */
class BadInputTest {

  private static final String PASSWORD = "hunter2-secret";

  @TempDir static Path directory;

  @Nested
  @DisplayName("a store that cannot be opened")
  class Stores {

    @Test
    @DisplayName("an unknown kind of store")
    void unknownScheme() {
      failsWithOneLine(Cli.run("--store", "redis://localhost/0", "threads"), 1,
          "lineage: unknown store 'redis://localhost/0': give memory, a JDBC URL");
    }

    @Test
    @DisplayName("a JDBC URL no driver of the tool accepts, with its password masked")
    void noDriver() {
      failsWithOneLine(Cli.run("--store", "jdbc:oracle:thin:scott/x@host;password=" + PASSWORD,
          "threads"), 1, "lineage: no JDBC driver of this tool accepts jdbc:oracle:thin:");
    }

    @Test
    @DisplayName("a PostgreSQL server that does not answer")
    void unreachablePostgres() {
      failsWithOneLine(Cli.run("--store", "jdbc:postgresql://127.0.0.1:1/lineage?user=bob&password="
          + PASSWORD, "threads"), 1, "lineage: the store is unavailable: cannot connect to"
          + " jdbc:postgresql://127.0.0.1:1/lineage?user=bob&password=***");
    }

    @Test
    @DisplayName("an H2 database opened with the wrong password")
    void wrongPassword() {
      String url = "jdbc:h2:file:" + directory.resolve("locked").toAbsolutePath() + ";USER=sa";
      Cli.Result created = Cli.run("--store", url + ";PASSWORD=" + PASSWORD, "demo");
      assertThat(created.exitCode()).as(created.toString()).isZero();
      assertThat(created.out() + created.err()).doesNotContain(PASSWORD)
          .contains(";PASSWORD=***");
      Cli.Result wrong = Cli.run("--store", url + ";PASSWORD=not-" + PASSWORD, "threads");
      failsWithOneLine(wrong, 1, "lineage: the store is unavailable: cannot connect to");
      assertThat(wrong.err()).contains("Wrong user name or password");
    }

    @Test
    @DisplayName("a MongoDB URI without a database")
    void mongoWithoutDatabase() {
      failsWithOneLine(Cli.run("--store", "mongodb://bob:" + PASSWORD + "@127.0.0.1:1/",
          "threads"), 1, "lineage: the MongoDB URI mongodb://bob:***@127.0.0.1:1/ names no"
          + " database");
    }

    @Test
    @DisplayName("a MongoDB server that does not answer, even with the stack trace asked for")
    void unreachableMongo() {
      String uri = "mongodb://bob:" + PASSWORD + "@127.0.0.1:1/chat?serverSelectionTimeoutMS=300";
      failsWithOneLine(Cli.run("--store", uri, "threads"), 1,
          "lineage: the store is unavailable: ");
      Cli.Result verbose = Cli.run("--store", uri, "--verbose", "threads");
      assertThat(verbose.exitCode()).isEqualTo(1);
      assertThat(verbose.err()).contains("\tat ").doesNotContain(PASSWORD);
      assertThat(verbose.errLines().get(verbose.errLines().size() - 1))
          .startsWith("lineage: the store is unavailable: ");
    }

    @Test
    @DisplayName("an adapter for a store that is no JDBC store")
    void adapterWithoutJdbc() {
      failsWithOneLine(Cli.run("--store", "memory", "--adapter", "jpa", "threads"), 1,
          "lineage: --adapter chooses how a JDBC store is written; memory is not one");
    }

    @Test
    @DisplayName("an adapter that does not exist")
    void unknownAdapter() {
      failsWithOneLine(Cli.run("--adapter", "hibernate", "threads"), 2,
          "lineage: Invalid value for option '--adapter'");
    }
  }

  @Nested
  @DisplayName("ids")
  class Ids {

    private final Targets.Target target = Targets.h2(directory.resolve("ids"), "jdbi");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"show", "log", "tree"})
    @DisplayName("an id no version or lineage has")
    void unknownId(String command) {
      UUID unknown = UUID.randomUUID();
      failsWithOneLine(Cli.run(target.with(command, unknown.toString())), 1,
          "lineage: no " + (command.equals("show") ? "" : "lineage or ") + "version " + unknown
              + " is stored");
    }

    @Test
    @DisplayName("a diff with a version that is not stored")
    void unknownDiff() {
      UUID unknown = UUID.randomUUID();
      failsWithOneLine(Cli.run(target.with("diff", unknown.toString(), unknown.toString())), 1,
          "lineage: no version " + unknown + " is stored");
    }

    @Test
    @DisplayName("an id that is no UUID")
    void notAnId() {
      failsWithOneLine(Cli.run(target.with("show", "42")), 2,
          "lineage: Invalid value for positional parameter at index 0 (ECS_ID): cannot convert"
              + " '42' to UUID");
    }

    @Test
    @DisplayName("a command that does not exist")
    void unknownCommand() {
      failsWithOneLine(Cli.run("frobnicate"), 2, "lineage: Unmatched argument at index 0:"
          + " 'frobnicate' (see 'lineage --help')");
    }

    @Test
    @DisplayName("JSON and a drawing at once")
    void jsonAndFormat() {
      failsWithOneLine(Cli.run(target.with("tree", UUID.randomUUID().toString(), "--json",
          "--format", "dot")), 2, "lineage: --json prints the tree as JSON; leave out --format");
    }
  }

  @Nested
  @DisplayName("stored data that cannot be read")
  class Corrupted {

    @Test
    @DisplayName("a row altered by hand, on H2")
    void h2() throws SQLException {
      Targets.Target target = Targets.h2(directory.resolve("corrupted"), "jdbi");
      String url = target.store();
      VersionRecord damaged = storeTwoVersions(target);
      try (Connection connection = DriverManager.getConnection(url)) {
        corrupt(connection, damaged.ecsId());
      }
      checkUnreadable(target, damaged);
    }

    @Test
    @DisplayName("a row altered by hand, on PostgreSQL")
    void postgres() throws SQLException {
      Targets.Target target = Targets.postgres("cli_corrupted", "jdbi");
      VersionRecord damaged = storeTwoVersions(target);
      HikariDataSource dataSource =
          (HikariDataSource) TestDatabase.POSTGRESQL.namespace("cli_corrupted");
      try (Connection connection = dataSource.getConnection()) {
        corrupt(connection, damaged.ecsId());
      }
      checkUnreadable(target, damaged);
    }

    private VersionRecord storeTwoVersions(Targets.Target target) {
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      VersionRecord first = Payloads.note("soon damaged", now);
      VersionRecord second = Payloads.next(first, Map.of("text", new Value.Text("fine")),
          now.plusMillis(1));
      Targets.with(target, store -> {
        store.storage().commit(Commit.of(first.ecsId(), List.of(first)));
        store.storage().commit(Commit.of(second.ecsId(), List.of(second)));
        return null;
      });
      return first;
    }

    /** Points the version's row at a type that does not exist, as a botched repair might. */
    private void corrupt(Connection connection, UUID ecsId) throws SQLException {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE lineage_version SET type_id = 987654 WHERE ecs_id = ?")) {
        update.setObject(1, ecsId);
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
    }

    private void checkUnreadable(Targets.Target target, VersionRecord damaged) {
      String unreadable = "lineage: unreadable data: ";
      Cli.Result show = Cli.run(target.with("show", damaged.ecsId().toString()));
      failsWithOneLine(show, 1, unreadable);
      assertThat(show.err()).contains(damaged.ecsId().toString());
      failsWithOneLine(Cli.run(target.with("log", damaged.lineageId().toString())), 1,
          unreadable);
      failsWithOneLine(Cli.run(target.with("export")), 1, unreadable);
      // an adapter either reports the row (exit code 3) or cannot list past it (exit code 1)
      Cli.Result verify = Cli.run(target.with("verify"));
      if (verify.exitCode() == 3) {
        assertThat(verify.out()).contains("UNREADABLE " + damaged.ecsId());
        assertThat(verify.err()).isEmpty();
      } else {
        failsWithOneLine(verify, 1, unreadable);
      }
    }
  }

  @Nested
  @DisplayName("verify")
  class Verify {

    @Test
    @DisplayName("reports each problem in one line, and exits with 3")
    void problems() {
      // given: a version whose reference and parent are not stored (the port does not check)
      Targets.Target target = Targets.h2(directory.resolve("dangling"), "jdbi");
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      UUID missing = UUID.randomUUID();
      UUID lineage = UUID.randomUUID();
      VersionRecord dangling = new VersionRecord(UUID.randomUUID(), lineage, missing,
          List.of(missing), now, Payloads.NOTE, Map.of("see", new Value.Ref(missing)));
      Targets.with(target, store -> {
        store.storage().commit(new Commit(dangling.ecsId(), List.of(dangling), true));
        return null;
      });
      // when
      Cli.Result result = Cli.run(target.with("verify"));
      // then
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
      assertThat(result.out().lines()).containsExactlyInAnyOrder(
          "MISSING_REFERENCE " + dangling.ecsId() + " " + Payloads.NOTE + " version "
              + dangling.ecsId() + " references version " + missing + ", which is not stored",
          "MISSING_PARENT " + dangling.ecsId() + " " + Payloads.NOTE + " version "
              + dangling.ecsId() + " has the parent " + missing + ", which is not stored",
          result.out().lines().filter(line -> line.startsWith("checked")).findFirst()
              .orElse("no summary"));
      assertThat(result.out()).contains("checked 1 version in ").endsWith(": 2 problems\n");
    }
  }

  @Nested
  @DisplayName("import")
  class Import {

    private final Targets.Target target = Targets.h2(directory.resolve("import"), "jdbi");

    @Test
    @DisplayName("a line that is no record names the file and line")
    void badLine() throws IOException {
      VersionRecord note = Payloads.note("fine", Instant.now().truncatedTo(ChronoUnit.MILLIS));
      Path file = directory.resolve("bad.jsonl");
      Files.writeString(file, new ExportLines.Writer().line(note) + "\n\n{\"ecsId\": 1}\n");
      failsWithOneLine(Cli.run(target.with("import", file.toString())), 1,
          "lineage: " + file + ", line 3: ecsId is not a UUID in canonical form: 1");
    }

    @Test
    @DisplayName("a version stored with other content is a conflict")
    void conflict() throws IOException {
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      VersionRecord note = Payloads.note("original", now);
      VersionRecord changed = new VersionRecord(note.ecsId(), note.lineageId(), null, List.of(),
          now, note.type(), Map.of("text", new Value.Text("changed")));
      Path file = directory.resolve("conflict.jsonl");
      Files.writeString(file, new ExportLines.Writer().line(note) + "\n");
      assertThat(Cli.run(target.with("import", file.toString())).exitCode()).isZero();
      Files.writeString(file, new ExportLines.Writer().line(changed) + "\n");
      failsWithOneLine(Cli.run(target.with("import", file.toString())), 1,
          "lineage: conflict: " + file + ", line 1: " + Payloads.NOTE + " version " + note.ecsId()
              + " is stored with other content");
    }

    @Test
    @DisplayName("a file that does not exist")
    void missingFile() {
      Path file = directory.resolve("nowhere.jsonl");
      failsWithOneLine(Cli.run(target.with("import", file.toString())), 1,
          "lineage: no such file: " + file);
    }

    @Test
    @DisplayName("an export into a folder that does not exist")
    void unwritable() {
      Path file = directory.resolve("no/such/folder.jsonl");
      failsWithOneLine(Cli.run(target.with("export", "--output", file.toString())), 1,
          "lineage: no such file: " + file);
    }
  }

  /** The run failed with {@code exitCode}, printing one line that starts with {@code start}. */
  private static void failsWithOneLine(Cli.Result result, int exitCode, String start) {
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
    assertThat(result.errLines()).as(result.toString()).hasSize(1);
    assertThat(result.err()).as(result.toString()).startsWith(start).doesNotContain("\tat ")
        .doesNotContain(PASSWORD);
    assertThat(result.out()).as(result.toString()).doesNotContain(PASSWORD);
  }
}
