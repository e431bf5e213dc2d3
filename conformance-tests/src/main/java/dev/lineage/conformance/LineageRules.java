package dev.lineage.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.conformance.entities.SimpleEntity;
import dev.lineage.domain.EntityDiff;
import dev.lineage.domain.FieldChange;
import dev.lineage.domain.LineageTree;
import dev.lineage.storage.NotFoundException;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rules L: lineages, their trees, diffs and branches (reference 2.10, 2.11, 5.6). */
abstract class LineageRules extends RuleGroup {

  LineageRules(Fixture fixture) {
    super(fixture);
  }

  /** C-LIN-1. If it fails: {@code listLineage} misses versions or breaks creation order. */
  @Test
  @DisplayName("L-01 a lineage lists every version; its tree has a root and an edge per fork")
  void lineageOfThreeVersions() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("prompt", 0));
    UUID v0 = entity.ecsId();
    entity.value = 1;
    registry().commit(entity);
    UUID v1 = entity.ecsId();
    entity.value = 2;
    registry().commit(entity);
    // when
    LineageTree tree = registry().lineageTree(entity.lineageId());
    // then
    assertThat(registry().lineageIds(entity.lineageId())).containsExactly(v0, v1, entity.ecsId());
    assertThat(tree.root()).contains(v0);
    assertThat(tree.edges())
        .containsExactly(new LineageTree.Edge(v0, v1), new LineageTree.Edge(v1, entity.ecsId()));
    assertThat(tree.node(entity.ecsId()).orElseThrow().depth()).isEqualTo(2);
    assertThat(tree.diffs().get(v1).change("value"))
        .contains(new FieldChange.Modified(0L, 1L));
  }

  /**
   * C-LIN-2, reference 6.1 (branching). If it fails: a branch from an old version is refused or
   * not linked to it.
   */
  @Test
  @DisplayName("L-02 branching from an old version makes a second child of it")
  void branchFromOldVersion() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("root", 0));
    UUID root = entity.ecsId();
    entity.name = "branch 1";
    registry().commit(entity);
    // when
    SimpleEntity branch = registry().branchFrom(root, SimpleEntity.class);
    branch.name = "branch 2";
    registry().commit(branch);
    // then
    LineageTree tree = registry().lineageTree(entity.lineageId());
    assertThat(branch.parentId()).contains(root);
    assertThat(branch.lineageId()).isEqualTo(entity.lineageId());
    assertThat(tree.node(root).orElseThrow().children()).containsExactly(entity.ecsId(),
        branch.ecsId());
    assertThat(registry().get(entity.ecsId(), SimpleEntity.class).orElseThrow().name)
        .isEqualTo("branch 1");
    assertThat(registry().get(branch.ecsId(), SimpleEntity.class).orElseThrow().name)
        .isEqualTo("branch 2");
  }

  /** C-LIN-3. If it fails: the Mermaid text's shape or a stored field differs. */
  @Test
  @DisplayName("L-03 the Mermaid text shows the origin's fields and each fork's changed fields")
  void mermaidText() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("a long name beyond fifteen", 7));
    UUID v0 = entity.ecsId();
    entity.value = 8;
    entity.name = "renamed";
    registry().commit(entity);
    UUID v1 = entity.ecsId();
    // when
    String mermaid = registry().lineageMermaid(entity.lineageId());
    // then
    String s0 = v0.toString().substring(28);
    String s1 = v1.toString().substring(28);
    assertThat(mermaid)
        .isEqualTo(
            String.join(
                "\n",
                "```mermaid",
                "graph TD",
                "  " + v0 + "[\"SimpleEntity\\n" + s0 + "\\nname=a long name bey...\\nvalue=7\"]",
                "  " + v1 + "[\"SimpleEntity\\n" + s1 + "\\n(2 changes)\"]",
                "  " + v0 + " -->|\"name mod\\nvalue mod\"| " + v1,
                "```"));
  }

  /** C-LIN-3. If it fails: an unknown lineage is not answered with the empty block. */
  @Test
  @DisplayName("L-04 the Mermaid text of an unknown lineage says there is no data")
  void mermaidOfUnknownLineage() {
    assertThat(registry().lineageMermaid(UUID.randomUUID()))
        .isEqualTo("```mermaid\ngraph TD\n  No data available\n```");
    assertThat(registry().lineageTree(UUID.randomUUID()).isEmpty()).isTrue();
  }

  /** C-LIN-4. If it fails: {@code listLineage} answers for a lineage that has no versions. */
  @Test
  @DisplayName("L-05 hasLineage and lineageIds answer for known and unknown lineages")
  void lineageQueries() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("known", 1));
    // then
    assertThat(registry().hasLineage(entity.lineageId())).isTrue();
    assertThat(registry().lineageIds(entity.lineageId())).containsExactly(entity.ecsId());
    UUID unknown = UUID.randomUUID();
    assertThat(registry().hasLineage(unknown)).isFalse();
    assertThat(registry().lineageIds(unknown)).isEmpty();
  }

  /**
   * Reference 2.10, contract 5. If it fails: a lineage page repeats, skips or misorders versions.
   */
  @Test
  @DisplayName("L-06 a lineage reads page by page in creation order")
  void lineagePages() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("paged", 0));
    for (int i = 1; i < 7; i++) {
      entity.value = i;
      registry().commit(entity);
    }
    // when
    List<Integer> values = new ArrayList<>();
    PageRequest request = PageRequest.first(3);
    int pages = 0;
    while (true) {
      Page<SimpleEntity> page = registry().lineage(entity.lineageId(), SimpleEntity.class, request);
      pages++;
      page.items().forEach(e -> values.add(e.value));
      if (page.next().isEmpty()) {
        break;
      }
      request = PageRequest.after(page.next().get(), 3);
    }
    // then
    assertThat(values).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(pages).isEqualTo(3);
  }

  /** Reference 2.5, 2.10. If it fails: stored fields differ from what the diff expects. */
  @Test
  @DisplayName("L-07 any two stored versions can be diffed; an unknown one is not found")
  void diffOfTwoVersions() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("Test Thread", 1));
    UUID v0 = entity.ecsId();
    entity.name = "Modified Thread Name";
    registry().commit(entity);
    // when
    EntityDiff diff = registry().diff(v0, entity.ecsId());
    // then
    assertThat(diff.changes())
        .containsExactly(
            Map.entry(
                "name", new FieldChange.Modified("Test Thread", "Modified Thread Name")));
    assertThat(registry().diff(v0, v0).isEmpty()).isTrue();
    assertThatThrownBy(() -> registry().diff(v0, UUID.randomUUID()))
        .isInstanceOf(NotFoundException.class);
  }
}
