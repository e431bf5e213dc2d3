package dev.lineage.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The lineage tree and its Mermaid text (reference 2.11). */
class LineageTreeTest {

  private static final UUID ROOT = UUID.fromString("0192f0c3-0000-7000-8000-000000000001");
  private static final UUID CHILD = UUID.fromString("0192f0c3-0000-7000-8000-000000000002");
  private static final UUID BRANCH = UUID.fromString("0192f0c3-0000-7000-8000-000000000003");

  @Test
  @DisplayName("branches hang under their common parent, with depths and creation order")
  void branches() {
    // when
    LineageTree tree = tree();
    // then
    assertThat(tree.root()).contains(ROOT);
    assertThat(tree.sortedIds()).containsExactly(ROOT, CHILD, BRANCH);
    assertThat(tree.node(ROOT).orElseThrow().children()).containsExactly(CHILD, BRANCH);
    assertThat(tree.node(BRANCH).orElseThrow().depth()).isEqualTo(1);
    assertThat(tree.diffs()).containsOnlyKeys(CHILD, BRANCH);
  }

  @Test
  @DisplayName("an edge label names at most three fields and counts the rest; quotes are escaped")
  void edgeLabels() {
    // when
    String mermaid = tree().toMermaid();
    // then
    assertThat(mermaid.split("\n"))
        .containsExactly(
            "```mermaid",
            "graph TD",
            "  " + ROOT + "[\"Thread\\n00000001\\na=say #quot;hi#quot;\\nb=1\\nc=2\"]",
            "  " + CHILD + "[\"Thread\\n00000002\\n(4 changes)\"]",
            "  " + BRANCH + "[\"Thread\\n00000003\\n(1 changes)\"]",
            "  " + ROOT + " -->|\"a mod\\nb mod\\nc mod\\n...(1 more)\"| " + CHILD,
            "  " + ROOT + " -->|\"d mod\"| " + BRANCH,
            "```");
  }

  private static LineageTree tree() {
    VersionRecord root = record(ROOT, null, fields("say \"hi\"", 1, 2, 3));
    VersionRecord child = record(CHILD, ROOT, fields("changed", 10, 20, 30));
    VersionRecord branch = record(BRANCH, ROOT, fields("say \"hi\"", 1, 2, 4));
    return LineageTree.of(
        ROOT,
        List.of(root, child, branch),
        (before, after) -> Differ.diff(before.fields(), after.fields(), name -> false));
  }

  private static VersionRecord record(UUID id, UUID parent, Map<String, Value> fields) {
    return new VersionRecord(
        id,
        ROOT,
        parent,
        parent == null ? List.of() : List.of(parent),
        Instant.parse("2025-01-01T00:00:00Z").plusMillis(id.getLeastSignificantBits() & 0xF),
        "com.example.Thread",
        fields);
  }

  private static Map<String, Value> fields(String a, long b, long c, long d) {
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("a", new Value.Text(a));
    fields.put("b", new Value.Int(b));
    fields.put("c", new Value.Int(c));
    fields.put("d", new Value.Int(d));
    return fields;
  }
}
