package dev.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.storage.Commit;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inspectors on versions of a type the tool has no class for (an application's own entity),
 * compared and drawn from their stored records.
 */
class UntypedVersionsTest {

  @TempDir static Path directory;

  private static Targets.Target target;
  private static VersionRecord first;
  private static VersionRecord second;
  private static VersionRecord branch;

  @BeforeAll
  static void notes() {
    target = Targets.h2(directory, "jdbi");
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    first = note(null, "buy milk", List.of("home"), null, now);
    second = note(first, "buy oat milk", List.of("home", "groceries"), false, now.plusMillis(1));
    branch = note(first, "buy bread", List.of("home"), null, now.plusMillis(2));
    Targets.with(target, store -> {
      store.storage().commit(Commit.of(first.ecsId(), List.of(first)));
      store.storage().commit(Commit.of(second.ecsId(), List.of(second)));
      store.storage().commit(new Commit(branch.ecsId(), List.of(branch), true));
      return null;
    });
  }

  @Test
  @DisplayName("log shows each field's old and new value")
  void log() {
    String out = succeed("log", first.lineageId().toString());
    assertThat(out).startsWith("Note lineage " + first.lineageId() + ": 3 versions, newest first")
        .contains(branch.ecsId() + "  " + branch.createdAt() + "  branch from " + first.ecsId()
            + "  (tip)\n    text: \"buy milk\" -> \"buy bread\"\n")
        .contains(second.ecsId() + "  " + second.createdAt() + "  (tip)\n"
            + "    text: \"buy milk\" -> \"buy oat milk\"\n"
            + "    tags: [\"home\"] -> [\"home\", \"groceries\"]\n"
            + "    done: added, false\n");
  }

  @Test
  @DisplayName("tree draws the branch, as text and as Mermaid")
  void tree() {
    assertThat(succeed("tree", second.ecsId().toString()).replaceAll("  \\S+Z  ", "  "))
        .isEqualTo("Note lineage " + first.lineageId() + ": 3 versions, 2 tips\n"
            + first.ecsId() + "  first version\n"
            + "+-- " + second.ecsId() + "  text, tags, done\n"
            + "`-- " + branch.ecsId() + "  branch: text\n");
    assertThat(succeed("tree", first.lineageId().toString(), "--format", "mermaid"))
        .contains("  " + first.ecsId() + " -->|\"text mod\\ntags mod\"| " + second.ecsId());
  }

  @Test
  @DisplayName("diff compares the two branches' tips")
  void diff() {
    assertThat(succeed("diff", second.ecsId().toString(), branch.ecsId().toString()))
        .endsWith("  text: \"buy oat milk\" -> \"buy bread\"\n"
            + "  tags: [\"home\", \"groceries\"] -> [\"home\"]\n"
            + "  done: removed, was false\n");
  }

  @Test
  @DisplayName("show prints the stored fields")
  void show() {
    assertThat(succeed("show", second.ecsId().toString())).isEqualTo(
        "Note " + second.ecsId() + "\n"
            + "type      " + Payloads.NOTE + "\n"
            + "lineage   " + first.lineageId() + "\n"
            + "parent    " + first.ecsId() + "\n"
            + "created   " + second.createdAt() + "\n"
            + "fields    3\n"
            + "  text: \"buy oat milk\"\n"
            + "  tags: [\"home\", \"groceries\"]\n"
            + "  done: false\n");
  }

  private static VersionRecord note(VersionRecord parent, String text, List<String> tags,
      Boolean done, Instant createdAt) {
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("text", new Value.Text(text));
    fields.put("tags", new Value.Seq(tags.stream().map(tag -> (Value) new Value.Text(tag))
        .toList()));
    if (done != null) {
      fields.put("done", Value.Bool.of(done));
    }
    if (parent != null) {
      return Payloads.next(parent, fields, createdAt);
    }
    UUID id = UUID.randomUUID();
    return new VersionRecord(id, id, null, List.of(), createdAt, Payloads.NOTE, fields);
  }

  private static String succeed(String... args) {
    Cli.Result result = Cli.run(target.with(args));
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err()).isEmpty();
    return result.out();
  }
}
