package dev.lineage.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.domain.fixtures.Node;
import dev.lineage.domain.fixtures.Tags;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Modification detection and diff shapes (reference 2.3-2.5, scenarios C-MOD-1..10). */
class ModificationTest {

  EntityRegistry registry;

  @BeforeEach
  void registry() {
    registry = EntityRegistry.over(new InMemoryEntityStorage());
  }

  @Nested
  class DetectingChanges {

    @Test
    @DisplayName("C-MOD-1 a changed value is detected and the copy is listed")
    void changedValue() {
      // given
      Node stored = registry.register(new Node("n", 10));
      Node copy = registry.require(stored.ecsId(), Node.class);
      // when
      copy.value = 20;
      // then
      PendingChanges pending = registry.pendingChanges(copy);
      assertThat(pending.entities()).containsExactly(copy);
      assertThat(pending.changesOf(copy).orElseThrow().changes())
          .containsExactly(Map.entry("value", new FieldChange.Modified(10L, 20L)));
    }

    @Test
    @DisplayName("C-MOD-2 a rename shows as modified with the old and the new name")
    void rename() {
      // given
      Node stored = registry.register(new Node("Test Thread"));
      // when
      stored.name = "Modified Thread Name";
      // then
      assertThat(registry.pendingChanges(stored).changesOf(stored).orElseThrow().change("name"))
          .contains(new FieldChange.Modified("Test Thread", "Modified Thread Name"));
    }

    @Test
    @DisplayName("C-MOD-3 a changed sub-entity is listed with its diff, its owner with an empty one")
    void changedSubEntity() {
      // given
      Node thread = new Node("thread");
      thread.next = new Node("prompt");
      registry.register(thread);
      Node copy = registry.require(thread.ecsId(), Node.class);
      // when
      copy.next.name = "new prompt";
      // then
      PendingChanges pending = registry.pendingChanges(copy);
      assertThat(pending.entities()).containsExactly(copy.next, copy);
      assertThat(pending.changesOf(copy.next).orElseThrow().change("name"))
          .contains(new FieldChange.Modified("prompt", "new prompt"));
      assertThat(pending.changesOf(copy).orElseThrow().isEmpty()).isTrue();
    }

    @Test
    @DisplayName("C-MOD-4 an unchanged copy has no changes, however its instants were given")
    void unchangedCopy() {
      // given
      Node stored = registry.register(new Node("same"));
      // when
      Node copy = registry.require(stored.ecsId(), Node.class);
      // then
      assertThat(registry.pendingChanges(copy).isEmpty()).isTrue();
      assertThat(registry.pendingChanges(stored).isEmpty()).isTrue();
    }

    @Test
    @DisplayName("C-MOD-6 an appended child changes the owner's list length")
    void appendedChild() {
      // given
      Node parent = new Node("parent");
      parent.children.add(new Node("a"));
      registry.register(parent);
      // when
      parent.children.add(new Node("b"));
      // then
      assertThat(registry.pendingChanges(parent).changesOf(parent).orElseThrow().change("children"))
          .contains(new FieldChange.LengthChanged(1, 2));
    }

    @Test
    @DisplayName("C-MOD-7 a replaced reference shows the old and the new version id")
    void replacedReference() {
      // given
      Node owner = new Node("owner");
      owner.next = new Node("old");
      registry.register(owner);
      Node old = owner.next;
      // when
      owner.next = new Node("new");
      // then
      assertThat(registry.pendingChanges(owner).changesOf(owner).orElseThrow().change("next"))
          .contains(new FieldChange.ReferenceChanged(old.ecsId(), owner.next.ecsId()));
    }

    @Test
    @DisplayName("C-MOD-8 (D-4) reordering a list of entities is a change; reordering a set is not")
    void reordering() {
      // given
      Node parent = new Node("parent");
      Node a = new Node("a");
      Node b = new Node("b");
      parent.children.addAll(List.of(a, b));
      parent.members.addAll(List.of(a, b));
      Tags tags = new Tags();
      tags.tags.addAll(List.of("x", "y"));
      registry.register(parent);
      registry.register(tags);
      // when
      parent.children = new ArrayList<>(List.of(b, a));
      parent.members = new LinkedHashSet<>(List.of(b, a));
      tags.tags = new LinkedHashSet<>(List.of("y", "x"));
      // then
      EntityDiff diff = registry.pendingChanges(parent).changesOf(parent).orElseThrow();
      assertThat(diff.changes()).containsOnlyKeys("children");
      assertThat(diff.change("children"))
          .contains(new FieldChange.MembersChanged(
              List.of(a.ecsId(), b.ecsId()), List.of(b.ecsId(), a.ecsId())));
      assertThat(registry.pendingChanges(tags).isEmpty()).isTrue();
    }

    @Test
    @DisplayName("C-MOD-9 entities with different field sets differ by schema change")
    void differentFieldSets() {
      // given
      Node node = new Node("n");
      Tags tags = new Tags();
      // when
      EntityDiff diff = Entities.compare(node, tags);
      // then
      assertThat(diff.change("tags")).containsInstanceOf(FieldChange.SchemaChange.class);
      assertThat(diff.change("name")).containsInstanceOf(FieldChange.SchemaChange.class);
    }

    @Test
    @DisplayName("C-MOD-10 a read-back copy compares equal; a changed scalar differs; nested refs equal")
    void roundTripComparison() {
      // given
      Node original = new Node("original", 1);
      original.next = new Node("nested", 2);
      registry.register(original);
      Node read = registry.require(original.ecsId(), Node.class);
      // then
      assertThat(Entities.compare(original, read).isEmpty()).isTrue();
      read.value = 2;
      assertThat(Entities.compare(original, read).changes()).containsOnlyKeys("value");
      read.next.value = 99;
      assertThat(Entities.compare(original, read).changes()).containsOnlyKeys("value");
    }
  }

  @Nested
  class Propagation {

    @Test
    @DisplayName("D-3 a leaf change lists every ancestor, children first")
    void everyAncestor() {
      // given
      Node root = new Node("root");
      Node mid = root.adopt(new Node("mid"));
      Node leaf = mid.adopt(new Node("leaf"));
      Node sibling = root.adopt(new Node("sibling"));
      registry.register(root);
      // when
      leaf.value = 1;
      // then
      assertThat(registry.pendingChanges(root).entities()).containsExactly(leaf, mid, root);
      assertThat(registry.pendingChanges(root).includes(sibling)).isFalse();
    }

    @Test
    @DisplayName("D-3 a changed owner does not fork children that only point back at it")
    void backReferencesDoNotPropagate() {
      // given
      Node parent = new Node("parent");
      Node child = parent.adopt(new Node("child"));
      registry.register(parent);
      UUID before = child.ecsId();
      // when
      parent.name = "renamed";
      registry.commit(parent);
      // then
      assertThat(child.ecsId()).isEqualTo(before);
      assertThat(child.owner).isSameAs(parent);
    }

    @Test
    @DisplayName("D-6 a fork is dated by the registry's clock, truncated to milliseconds")
    void forkUsesTheClock() {
      // given
      Instant fixed = Instant.parse("2030-01-02T03:04:05.678901Z");
      EntityRegistry dated =
          EntityRegistry.over(new InMemoryEntityStorage(),
              RegistryOptions.defaults().withClock(Clock.fixed(fixed, ZoneOffset.UTC)));
      Node node = dated.register(new Node("n"));
      // when
      node.value = 1;
      dated.commit(node);
      // then
      assertThat(node.createdAt()).isEqualTo(Instant.parse("2030-01-02T03:04:05.678Z"));
    }
  }
}
