package dev.lineage.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.conformance.entities.ChildEntity;
import dev.lineage.conformance.entities.ComplexEntity;
import dev.lineage.conformance.entities.DetailedEntity;
import dev.lineage.conformance.entities.NamedTypeEntity;
import dev.lineage.conformance.entities.NestedEntity;
import dev.lineage.conformance.entities.ParentEntity;
import dev.lineage.conformance.entities.RefEntity;
import dev.lineage.conformance.entities.SimpleEntity;
import dev.lineage.domain.Entity;
import dev.lineage.storage.Cursor;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.NotFoundException;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.StorageStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rules R: registering entities and reading them back (reference 5.1). */
abstract class RegistrationRules extends RuleGroup {

  RegistrationRules(Fixture fixture) {
    super(fixture);
  }

  /**
   * C-BASIC-1. If it fails: the adapter loses or alters a field of a simple version, or {@code
   * loadGraphs} does not return the version it was asked for.
   */
  @Test
  @DisplayName("R-01 a registered entity reads back with its id and fields")
  void registeredEntityReadsBack() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("Test", 42));
    // when
    SimpleEntity read = registry().get(entity.ecsId(), SimpleEntity.class).orElseThrow();
    // then
    assertThat(read.ecsId()).isEqualTo(entity.ecsId());
    assertThat(read.lineageId()).isEqualTo(entity.lineageId());
    assertThat(read.createdAt()).isEqualTo(entity.createdAt());
    assertThat(read.name).isEqualTo("Test");
    assertThat(read.value).isEqualTo(42);
  }

  /**
   * C-BASIC-2. If it fails: {@code listByType} misses versions of the asked types, returns other
   * types, or breaks creation order.
   */
  @Test
  @DisplayName("R-02 listing by type returns that type and its subclasses, every version")
  void listByTypeReturnsTypeAndSubclasses() {
    // given
    Cursor start = cursorBeforeNow();
    SimpleEntity first = registry().register(new SimpleEntity("one", 1));
    SimpleEntity second = registry().register(new SimpleEntity("two", 2));
    DetailedEntity detailed = registry().register(new DetailedEntity("three", 3, "more"));
    ParentEntity parent = registry().register(new ParentEntity("parent"));
    second.value = 22;
    registry().commit(second);
    // when
    List<UUID> simple = idsListedSince(start, SimpleEntity.class);
    List<UUID> parents = idsListedSince(start, ParentEntity.class);
    // then
    assertThat(simple)
        .containsSubsequence(first.ecsId(), detailed.ecsId(), second.ecsId())
        .contains(second.parentId().orElseThrow())
        .doesNotContain(parent.ecsId());
    assertThat(parents).contains(parent.ecsId()).doesNotContain(first.ecsId());
  }

  /**
   * C-BASIC-3, D-1. If it fails: reads share objects with each other or with the store (a read
   * must rebuild new objects), or live ids are reused.
   */
  @Test
  @DisplayName("R-03 every read hands out an independent working copy")
  void readsAreIndependentCopies() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("original", 1));
    // when
    SimpleEntity copy1 = registry().get(entity.ecsId(), SimpleEntity.class).orElseThrow();
    SimpleEntity copy2 = registry().get(entity.ecsId(), SimpleEntity.class).orElseThrow();
    copy1.name = "changed in copy 1";
    // then
    assertThat(copy1.ecsId()).isEqualTo(copy2.ecsId()).isEqualTo(entity.ecsId());
    assertThat(copy1.liveId()).isNotEqualTo(copy2.liveId()).isNotEqualTo(entity.liveId());
    assertThat(copy1).isNotEqualTo(copy2);
    assertThat(copy2.name).isEqualTo("original");
    assertThat(registry().get(entity.ecsId(), SimpleEntity.class).orElseThrow().name)
        .isEqualTo("original");
  }

  /** C-BASIC-4. If it fails: {@code exists} or {@code loadGraphs} answer wrongly for unknown ids. */
  @Test
  @DisplayName("R-04 exists answers for stored and unknown ids; an unknown id reads as empty")
  void existsAndUnknownIds() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("here", 1));
    UUID unknown = UUID.randomUUID();
    // then
    assertThat(registry().exists(entity.ecsId())).isTrue();
    assertThat(registry().exists(unknown)).isFalse();
    assertThat(registry().get(unknown)).isEmpty();
    assertThat(registry().get(unknown, SimpleEntity.class)).isEmpty();
  }

  /**
   * C-BASIC-5. If it fails: the type recorded for a version is not the one committed, so a read
   * with the wrong expected type does not notice.
   */
  @Test
  @DisplayName("R-05 reading with the wrong expected type is empty; require says why")
  void wrongExpectedType() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("simple", 1));
    // then
    assertThat(registry().get(entity.ecsId(), ParentEntity.class)).isEmpty();
    assertThatThrownBy(() -> registry().require(entity.ecsId(), ParentEntity.class))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(entity.ecsId().toString())
        .hasMessageContaining("SimpleEntity");
    assertThatThrownBy(() -> registry().require(UUID.randomUUID(), SimpleEntity.class))
        .isInstanceOf(NotFoundException.class);
  }

  /**
   * C-BASIC-6. If it fails: {@code loadGraphs} of several roots misses some, or includes unknown
   * ids.
   */
  @Test
  @DisplayName("R-06 getMany returns the stored ones asked for, in the order asked, skipping others")
  void getManyKeepsOrderAndSkipsMisses() {
    // given
    List<SimpleEntity> entities = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      entities.add(registry().register(new SimpleEntity("entity " + i, i)));
    }
    ParentEntity other = registry().register(new ParentEntity("not simple"));
    List<UUID> asked =
        List.of(
            entities.get(3).ecsId(),
            UUID.randomUUID(),
            entities.get(0).ecsId(),
            other.ecsId(),
            entities.get(2).ecsId());
    // when
    List<SimpleEntity> found = registry().getMany(asked, SimpleEntity.class);
    // then
    assertThat(found).extracting(e -> e.name).containsExactly("entity 3", "entity 0", "entity 2");
  }

  /**
   * C-BASIC-8. If it fails: sub-entities are not stored as versions of their own, or {@code
   * loadGraphs} does not follow references.
   */
  @Test
  @DisplayName("R-07 a registered graph stores every sub-entity and reads back whole")
  void graphReadsBackWhole() {
    // given
    ComplexEntity complex = new ComplexEntity("complex");
    complex.simple = new SimpleEntity("simple", 7);
    complex.nested = new NestedEntity("nested", new SimpleEntity("inner", 8));
    complex.children.add(new ChildEntity("c1", "d1"));
    complex.children.add(new ChildEntity("c2", "d2"));
    complex.children.add(new ChildEntity("c3", "d3"));
    registry().register(complex);
    // when
    ComplexEntity read = registry().get(complex.ecsId(), ComplexEntity.class).orElseThrow();
    // then
    for (Entity sub :
        List.of(complex.simple, complex.nested, complex.nested.nested, complex.children.get(2))) {
      assertThat(registry().exists(sub.ecsId())).as("%s is stored", sub).isTrue();
    }
    assertThat(read.simple.name).isEqualTo("simple");
    assertThat(read.nested.title).isEqualTo("nested");
    assertThat(read.nested.nested.value).isEqualTo(8);
    assertThat(read.children).extracting(c -> c.data).containsExactly("d1", "d2", "d3");
    assertThat(registry().pendingChanges(read).isEmpty()).isTrue();
  }

  /**
   * C-BASIC-10. If it fails: {@code status()} miscounts. The rule assumes nothing else writes to
   * the store while it runs.
   */
  @Test
  @DisplayName("R-08 status names the store and counts versions and lineages")
  void statusCounts() {
    // given
    StorageStatus before = registry().status();
    SimpleEntity entity = registry().register(new SimpleEntity("counted", 1));
    registry().register(new ParentEntity("parent", new SimpleEntity("child", 2)));
    entity.value = 2;
    registry().commit(entity);
    // when
    StorageStatus after = registry().status();
    // then
    assertThat(after.kind()).isNotBlank();
    assertThat(after.versionCount() - before.versionCount()).isEqualTo(4);
    assertThat(after.lineageCount() - before.lineageCount()).isEqualTo(3);
  }

  /**
   * C-BASIC-12, D-43. If it fails: the adapter stores the type name differently than given, or
   * cannot store a type it has no mapping for.
   */
  @Test
  @DisplayName("R-09 a type is stored under its type name and reads back as its class")
  void typeNameRoundTrips() {
    // given
    NamedTypeEntity entity = registry().register(new NamedTypeEntity("labelled"));
    // when
    var stored = storage().loadVersions(List.of(entity.ecsId())).get(entity.ecsId());
    // then
    assertThat(stored.type()).isEqualTo("conformance.NamedType");
    assertThat(registry().get(entity.ecsId(), NamedTypeEntity.class).orElseThrow().label)
        .isEqualTo("labelled");
  }

  /** C-FORK-3. If it fails: the registry re-sends versions the store reports as different. */
  @Test
  @DisplayName("R-10 committing an unchanged working copy writes nothing")
  void unchangedCommitWritesNothing() {
    // given
    RefEntity entity = registry().register(new RefEntity("ref", new SimpleEntity("target", 1)));
    RefEntity copy = registry().get(entity.ecsId(), RefEntity.class).orElseThrow();
    long versions = registry().status().versionCount();
    // when
    RefEntity committed = registry().commit(copy);
    // then
    assertThat(committed).isSameAs(copy);
    assertThat(copy.ecsId()).isEqualTo(entity.ecsId());
    assertThat(registry().status().versionCount()).isEqualTo(versions);
    assertThat(registry().lineageIds(entity.lineageId())).containsExactly(entity.ecsId());
  }

  /**
   * Reference 2.10. If it fails: {@code loadGraphs} of several roots merges objects across roots
   * (each read must be independent).
   */
  @Test
  @DisplayName("R-11 getMany hands out independent graphs even when they share a version")
  void getManyGraphsAreIndependent() {
    // given
    SimpleEntity shared = new SimpleEntity("shared", 1);
    RefEntity a = registry().register(new RefEntity("a", shared));
    RefEntity b = registry().register(new RefEntity("b", shared));
    // when
    List<RefEntity> read = registry().getMany(List.of(a.ecsId(), b.ecsId()), RefEntity.class);
    // then
    assertThat(read.get(0).reference.ecsId()).isEqualTo(read.get(1).reference.ecsId());
    assertThat(read.get(0).reference).isNotSameAs(read.get(1).reference);
  }

  /** The cursor just before this moment: a listing from it shows what this rule creates. */
  static Cursor cursorBeforeNow() {
    return new Cursor(
        Instant.now().truncatedTo(ChronoUnit.MILLIS).minusMillis(1), new UUID(0L, 0L));
  }

  private <T extends Entity> List<UUID> idsListedSince(Cursor start, Class<T> type) {
    List<UUID> ids = new ArrayList<>();
    PageRequest request = PageRequest.after(start, 2);
    while (true) {
      Page<T> page = registry().listByType(type, request);
      page.items().forEach(e -> ids.add(e.ecsId()));
      if (page.next().isEmpty()) {
        return ids;
      }
      request = PageRequest.after(page.next().get(), 2);
    }
  }
}
