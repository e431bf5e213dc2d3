package dev.lineage.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.domain.fixtures.Fact;
import dev.lineage.domain.fixtures.Journal;
import dev.lineage.domain.fixtures.Node;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A commit looks only at what can have changed (D-40): immutable entities that equal their stored
 * versions are skipped, and of a list whose stored beginning holds only such entities, only the
 * rest is walked and encoded. Counted in graph nodes, not in time.
 */
class CommitCostTest {

  EntityRegistry registry;

  @BeforeEach
  void registry() {
    registry = EntityRegistry.over(new InMemoryEntityStorage());
  }

  private Journal journalOf(int facts) {
    Journal journal = new Journal("journal");
    for (int i = 0; i < facts; i++) {
      journal.facts.add(fact("fact " + i));
    }
    return registry.register(journal);
  }

  private static Fact fact(String text) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("n", text.length());
    return new Fact(text, data, new ArrayList<>(List.of("t")), null);
  }

  @Test
  @DisplayName("appending to a list of 10 or of 2,000 stored facts looks at the same few entities")
  void appendLooksOnlyAtTheTail() {
    for (Journal journal : List.of(journalOf(10), journalOf(2_000))) {
      // given: the committed working copy, then a copy of the latest version read back
      for (int step = 0; step < 2; step++) {
        Journal copy = step == 0 ? journal : registry.require(journal.ecsId(), Journal.class);
        // when
        copy.facts.add(fact("new " + step));
        // then
        assertThat(EntityGraph.toCommit(copy).nodes()).hasSize(2);
        registry.commit(copy);
        journal = copy;
      }
    }
  }

  @Test
  @DisplayName("an appended list is stored whole, in order, and every version keeps its own")
  void appendedListsAreWhole() {
    // given
    Journal journal = journalOf(100);
    Journal first = registry.require(journal.ecsId(), Journal.class);
    // when
    journal.facts.add(fact("one more"));
    registry.commit(journal);
    journal.facts.add(fact("and another"));
    registry.commit(journal);
    // then
    Journal latest = registry.require(journal.ecsId(), Journal.class);
    assertThat(latest.facts).hasSize(102);
    assertThat(latest.facts.get(101).text).isEqualTo("and another");
    assertThat(latest.facts.get(0).ecsId()).isEqualTo(first.facts.get(0).ecsId());
    assertThat(registry.require(first.ecsId(), Journal.class).facts).hasSize(100);
  }

  @Test
  @DisplayName("changes inside the stored beginning of a list are seen: replace, remove, reorder")
  void changesBeforeTheEnd() {
    // given
    Journal journal = journalOf(5);
    List<Fact> original = new ArrayList<>(journal.facts);
    // when
    journal.facts.set(1, fact("replaced"));
    journal.facts.remove(3);
    registry.commit(journal);
    Journal reordered = registry.require(journal.ecsId(), Journal.class);
    Collections.swap(reordered.facts, 0, 1);
    registry.commit(reordered);
    // then
    Journal read = registry.require(reordered.ecsId(), Journal.class);
    assertThat(read.facts).extracting(f -> f.text)
        .containsExactly("replaced", "fact 0", "fact 2", "fact 4");
    assertThat(read.facts.get(1).ecsId()).isEqualTo(original.get(0).ecsId());
  }

  @Test
  @DisplayName("a stored immutable entity's collections become unmodifiable; a new one's are its own")
  void storedImmutableEntitiesAreFrozen() {
    // given
    Fact fact = fact("frozen");
    fact.data.put("before commit", true);
    Journal journal = new Journal("j");
    journal.facts.add(fact);
    // when
    registry.register(journal);
    // then
    assertThat(registry.require(fact.ecsId(), Fact.class).data).containsKey("before commit");
    assertThatThrownBy(() -> fact.data.put("after commit", true))
        .isInstanceOf(UnsupportedOperationException.class);
    Fact read = registry.require(fact.ecsId(), Fact.class);
    assertThatThrownBy(() -> read.tags.add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(((Entity) read).pristine()).isTrue();
  }

  @Test
  @DisplayName("an immutable entity owning a mutable one is not skipped: the child's change forks it")
  void immutableOwnerOfMutableChild() {
    // given
    Node note = new Node("note");
    Fact fact = new Fact("with note", Map.of(), List.of(), note);
    Journal journal = new Journal("j");
    journal.facts.add(fact);
    registry.register(journal);
    Journal copy = registry.require(journal.ecsId(), Journal.class);
    // when
    copy.facts.get(0).note.value = 7;
    registry.commit(copy);
    // then
    Journal read = registry.require(copy.ecsId(), Journal.class);
    assertThat(read.facts.get(0).note.value).isEqualTo(7);
    assertThat(read.facts.get(0).ecsId()).isNotEqualTo(fact.ecsId());
  }
}
