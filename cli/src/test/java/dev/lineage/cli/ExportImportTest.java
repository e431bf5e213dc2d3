package dev.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.storage.Commit;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code export} from one backend and {@code import} into another give identical records: the
 * demo's threads, and versions of a type the tool has no class for holding every kind of value
 * at its edges, with a history and a branch.
 */
class ExportImportTest {

  /** How many versions the long lineage has: long enough for its lists to be extended. */
  private static final int LONG_LINEAGE = 100;

  @TempDir static Path directory;

  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of(Targets.Kind.H2_JDBI, Targets.Kind.POSTGRES_JPA),
        Arguments.of(Targets.Kind.POSTGRES_JDBI, Targets.Kind.MONGO),
        Arguments.of(Targets.Kind.MONGO, Targets.Kind.H2_JPA),
        Arguments.of(Targets.Kind.H2_JPA, Targets.Kind.H2_JDBI));
  }

  @ParameterizedTest(name = "{0} to {1}")
  @MethodSource("pairs")
  @DisplayName("an export imported into another backend gives identical records; again, nothing")
  void roundTrip(Targets.Kind from, Targets.Kind to) throws IOException {
    // given: a store with two demo threads and the payload catalogue
    String name = "cli_export_" + from.ordinal() + to.ordinal();
    Targets.Target source = from.target(name + "_a", directory);
    Targets.Target target = to.target(name + "_b", directory);
    succeed(source.with("demo"));
    succeed(source.with("demo"));
    Targets.with(source, store -> {
      fill(store);
      return null;
    });
    List<VersionRecord> original = Targets.contents(source);
    Path file = directory.resolve(name + ".jsonl");
    // when
    Cli.Result exported = succeed(source.with("export", "--output", file.toString()));
    Cli.Result imported = succeed(target.with("import", file.toString(), "--batch-size", "7"));
    Cli.Result again = succeed(target.with("import", file.toString()));
    // then
    assertThat(exported.out()).isEqualTo("exported " + Render.count(original.size(), "version")
        + " to " + file + "\n");
    assertThat(Files.readAllLines(file)).hasSize(original.size());
    assertThat(Files.readString(file)).as("the long lineage's lists extend their parents'")
        .contains("{\"$extend\":{\"prefix\":");
    assertThat(imported.out()).startsWith("imported " + Render.count(original.size(), "version")
        + " from " + file + " into ").endsWith("; 0 already stored\n");
    assertThat(again.out()).startsWith("imported 0 versions").endsWith("; " + original.size()
        + " already stored\n");
    assertThat(Targets.contents(target)).isEqualTo(original);
    assertThat(succeed(target.with("verify")).out()).contains(": no problem");
  }

  @Test
  @DisplayName("export and import to standard output and from a file show progress when asked")
  void progress() throws IOException {
    // given
    Targets.Target source = Targets.h2(directory.resolve("progress_a"), "jdbi");
    Targets.Target target = Targets.h2(directory.resolve("progress_b"), "jdbi");
    succeed(source.with("demo"));
    // when
    Cli.Result exported = succeed(source.with("export", "--progress"));
    Path file = directory.resolve("progress.jsonl");
    Files.writeString(file, exported.out());
    Cli.Result imported = succeed(target.with("import", file.toString(), "--progress"));
    // then
    int versions = Targets.contents(source).size();
    assertThat(exported.out().lines()).hasSize(versions);
    assertThat(exported.err()).endsWith(String.format(
        "exported %d of %d versions (100%%)%n", versions, versions));
    assertThat(imported.err()).endsWith(String.format(
        "imported %,d of %,d bytes (100%%)%n", Files.size(file), Files.size(file)));
    assertThat(Targets.contents(target)).isEqualTo(Targets.contents(source));
  }

  /**
   * Versions of a type the tool has no class for: the catalogue, a note with a history, a branch
   * of it, all committed at once in several commits, some in one millisecond.
   */
  private static void fill(Store store) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    VersionRecord first = Payloads.note("buy milk", now);
    store.storage().commit(Commit.of(first.ecsId(), List.of(first)));
    VersionRecord catalogue = Payloads.catalogue(first.ecsId(), now);
    store.storage().commit(Commit.of(catalogue.ecsId(), List.of(catalogue)));
    VersionRecord second = Payloads.next(first,
        Map.of("text", new Value.Text("buy oat milk"), "done", Value.Bool.FALSE),
        now.plusMillis(1));
    store.storage().commit(Commit.of(second.ecsId(), List.of(second)));
    VersionRecord branch = Payloads.next(first, Map.of("text", new Value.Text("buy bread")),
        now.plusMillis(2));
    store.storage().commit(new Commit(branch.ecsId(), List.of(branch), true));
    // a list that grows by one item per version, as a thread's history does, and an edit of it
    List<Value> items = new ArrayList<>();
    VersionRecord version = null;
    VersionRecord middle = null;
    for (int i = 0; i < LONG_LINEAGE; i++) {
      Instant at = now.plusMillis(3 + i);
      VersionRecord item = Payloads.note("item " + i, at);
      items.add(new Value.Ref(item.ecsId()));
      Map<String, Value> fields = Map.of("items", new Value.Seq(items));
      if (version == null) {
        UUID id = UUID.randomUUID();
        version = new VersionRecord(id, id, null, List.of(), at, Payloads.NOTE, fields);
      } else {
        version = Payloads.next(version, fields, at);
      }
      store.storage().commit(Commit.of(version.ecsId(), List.of(item, version)));
      if (i == LONG_LINEAGE / 2) {
        middle = version;
      }
    }
    Instant later = now.plusMillis(3 + LONG_LINEAGE);
    VersionRecord replacement = Payloads.note("an edited item", later);
    List<Value> edited = new ArrayList<>(items.subList(0, 30));
    edited.add(new Value.Ref(replacement.ecsId()));
    VersionRecord edit = Payloads.next(middle, Map.of("items", new Value.Seq(edited)), later);
    store.storage().commit(new Commit(edit.ecsId(), List.of(replacement, edit), true));
  }

  private static Cli.Result succeed(String... args) {
    Cli.Result result = Cli.run(args);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result;
  }
}
