package dev.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Export lines write the lists a version shares with its parent once: a thread's export grows
 * with its length, not with its square, and reads back exactly.
 */
class ExportLinesTest {

  private static final Instant START = Instant.parse("2026-01-02T03:04:05.678Z");

  @Test
  @DisplayName("a long lineage reads back exactly, and its lines do not grow with it")
  void longLineage() {
    // given: 400 versions, each adding a reference to its list and its parent to its old ids
    List<VersionRecord> versions = lineage(400);
    // when
    ExportLines.Writer writer = new ExportLines.Writer();
    List<String> lines = versions.stream().map(writer::line).toList();
    ExportLines.Reader reader = new ExportLines.Reader();
    List<VersionRecord> read = lines.stream().map(reader::read).toList();
    // then
    assertThat(read).isEqualTo(versions);
    int early = lines.get(50).length();
    assertThat(lines.subList(50, lines.size())).allMatch(line -> line.length() < early + 20);
    assertThat(lines.get(5)).doesNotContain("$extend");
    assertThat(lines.get(399)).contains("{\"$extend\":{\"prefix\":398,\"then\":[");
  }

  @Test
  @DisplayName("an edited list extends the part it shares; a far parent's list is written whole")
  void branches() {
    // given
    List<VersionRecord> versions = new ArrayList<>(lineage(100));
    VersionRecord recent = versions.get(99);
    List<Value> edited = new ArrayList<>(seq(recent).subList(0, 40));
    edited.add(new Value.Text("an edit at 40"));
    versions.add(Payloads.next(recent, Map.of("items", new Value.Seq(edited)),
        START.plusMillis(1_000)));
    VersionRecord far = versions.get(10);
    versions.add(Payloads.next(far, Map.of("items", new Value.Seq(seq(far))),
        START.plusMillis(1_001)));
    // when
    ExportLines.Writer writer = new ExportLines.Writer();
    List<String> lines = versions.stream().map(writer::line).toList();
    ExportLines.Reader reader = new ExportLines.Reader();
    // then
    assertThat(lines.stream().map(reader::read).toList()).isEqualTo(versions);
    assertThat(lines.get(100))
        .contains("{\"$extend\":{\"prefix\":40,\"then\":[\"an edit at 40\"]}}");
    assertThat(lines.get(101)).doesNotContain("$extend");
  }

  @Test
  @DisplayName("a version extending a parent that was not read just before is refused")
  void parentNotAtHand() {
    List<VersionRecord> versions = lineage(40);
    ExportLines.Writer writer = new ExportLines.Writer();
    String last = versions.stream().map(writer::line).reduce((a, b) -> b).orElseThrow();
    assertThatThrownBy(() -> new ExportLines.Reader().read(last))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("version " + versions.get(39).ecsId() + " extends its old ids from"
            + " its parent " + versions.get(38).ecsId() + ", which is not among the 64");
  }

  @Test
  @DisplayName("an object whose only key is $extend is a value, not an extension")
  void objectNamedLikeTheTag() {
    List<VersionRecord> versions = new ArrayList<>(lineage(30));
    Value lookalike = new Value.Obj(Map.of("$extend",
        new Value.Obj(Map.of("prefix", new Value.Int(1), "then", new Value.Seq(List.of())))));
    versions.add(Payloads.next(versions.get(29), Map.of("items", lookalike),
        START.plusMillis(100)));
    ExportLines.Writer writer = new ExportLines.Writer();
    ExportLines.Reader reader = new ExportLines.Reader();
    assertThat(versions.stream().map(writer::line).map(reader::read).toList())
        .isEqualTo(versions);
  }

  /** A lineage of {@code length} versions whose list {@code items} grows by a reference each. */
  private static List<VersionRecord> lineage(int length) {
    List<VersionRecord> versions = new ArrayList<>();
    List<Value> items = new ArrayList<>();
    VersionRecord previous = null;
    for (int i = 0; i < length; i++) {
      items.add(new Value.Ref(UUID.randomUUID()));
      Map<String, Value> fields =
          Map.of("items", new Value.Seq(items), "title", new Value.Text("version " + i));
      Instant at = START.plusMillis(i);
      if (previous == null) {
        UUID id = UUID.randomUUID();
        previous = new VersionRecord(id, id, null, List.of(), at, Payloads.NOTE, fields);
      } else {
        previous = Payloads.next(previous, fields, at);
      }
      versions.add(previous);
    }
    return versions;
  }

  private static List<Value> seq(VersionRecord version) {
    return ((Value.Seq) version.fields().get("items")).items();
  }
}
