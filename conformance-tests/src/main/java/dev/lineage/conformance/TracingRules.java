package dev.lineage.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.conformance.entities.ParentEntity;
import dev.lineage.conformance.entities.SimpleEntity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rules T: traced calls version what they change and store what they create (reference 2.9). */
abstract class TracingRules extends RuleGroup {

  TracingRules(Fixture fixture) {
    super(fixture);
  }

  /** C-TRACE-1. If it fails: the changes made by a traced call are not committed. */
  @Test
  @DisplayName("T-01 a traced call that changes an entity commits a new version")
  void tracedChangeIsCommitted() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("traced", 10));
    UUID original = entity.ecsId();
    // when
    SimpleEntity result = registry().traced(() -> setValue(entity, 20), entity);
    // then
    assertThat(result).isSameAs(entity);
    assertThat(result.ecsId()).isNotEqualTo(original);
    assertThat(result.parentId()).contains(original);
    assertThat(registry().get(result.ecsId(), SimpleEntity.class).orElseThrow().value)
        .isEqualTo(20);
  }

  /** C-TRACE-2. If it fails: the earlier version was altered by the traced commit. */
  @Test
  @DisplayName("T-02 after a traced rename the lineage has both versions, the old one unchanged")
  void tracedRenameKeepsOldVersion() {
    // given
    ParentEntity entity = registry().register(new ParentEntity("old name"));
    UUID original = entity.ecsId();
    // when
    registry().traced(() -> entity.name = "new name", entity);
    // then
    assertThat(registry().lineageIds(entity.lineageId())).containsExactly(original, entity.ecsId());
    assertThat(registry().get(original, ParentEntity.class).orElseThrow().name)
        .isEqualTo("old name");
  }

  /** C-TRACE-3. If it fails: the asynchronous variant skips the after-call commit. */
  @Test
  @DisplayName("T-03 an asynchronous traced call commits when it completes")
  void asyncTracedCall() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("async", 1));
    UUID original = entity.ecsId();
    // when
    SimpleEntity result =
        registry()
            .tracedAsync(() -> CompletableFuture.supplyAsync(() -> setValue(entity, 2)), entity)
            .join();
    // then
    assertThat(result.ecsId()).isNotEqualTo(original);
    assertThat(registry().get(result.ecsId(), SimpleEntity.class).orElseThrow().value)
        .isEqualTo(2);
  }

  /**
   * C-TRACE-4. If it fails: edits made before a traced call are merged into the call's version
   * instead of becoming their own.
   */
  @Test
  @DisplayName("T-04 edits before a traced call become a version of their own")
  void editsBeforeCallAreSeparate() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("before", 1));
    UUID v0 = entity.ecsId();
    entity.name = "edited outside";
    // when
    registry().traced(() -> setValue(entity, 2), entity);
    // then
    List<UUID> ids = registry().lineageIds(entity.lineageId());
    assertThat(ids).hasSize(3).startsWith(v0).endsWith(entity.ecsId());
    SimpleEntity middle = registry().get(ids.get(1), SimpleEntity.class).orElseThrow();
    assertThat(middle.name).isEqualTo("edited outside");
    assertThat(middle.value).isEqualTo(1);
    assertThat(middle.parentId()).contains(v0);
    assertThat(entity.parentId()).contains(ids.get(1));
  }

  /**
   * C-TRACE-5. If it fails: entities created inside a traced call and returned are not stored
   * with their sub-entities.
   */
  @Test
  @DisplayName("T-05 entities a traced call creates and returns are stored whole")
  void createdResultIsRegistered() {
    // when
    ParentEntity created =
        registry()
            .traced(
                () -> new ParentEntity("made inside", new SimpleEntity("m1", 1),
                    new SimpleEntity("m2", 2)));
    // then
    ParentEntity read = registry().get(created.ecsId(), ParentEntity.class).orElseThrow();
    assertThat(read.children).extracting(c -> c.name).containsExactly("m1", "m2");
  }

  /**
   * C-TRACE-6. If it fails: entities passed inside collections or maps are not traced, or one
   * passed twice is committed twice.
   */
  @Test
  @DisplayName("T-06 entities inside lists and maps are traced, each once")
  void entitiesInsideContainers() {
    // given
    SimpleEntity inList = registry().register(new SimpleEntity("list", 1));
    SimpleEntity inMap = registry().register(new SimpleEntity("map", 1));
    // when
    registry()
        .traced(
            () -> {
              inList.value = 2;
              inMap.value = 2;
              return null;
            },
            List.of(inList, inList),
            Map.of("key", inMap),
            Optional.of(inList));
    // then
    assertThat(registry().lineageIds(inList.lineageId())).hasSize(2);
    assertThat(registry().lineageIds(inMap.lineageId())).hasSize(2);
  }

  /** C-TRACE-7. If it fails: a disabled tracer still commits. */
  @Test
  @DisplayName("T-07 with tracing disabled a traced call only runs")
  void disabledTracing() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("untraced", 1));
    UUID original = entity.ecsId();
    registry().setTracingEnabled(false);
    // when
    registry().traced(() -> setValue(entity, 2), entity);
    // then
    assertThat(registry().isTracingEnabled()).isFalse();
    assertThat(entity.ecsId()).isEqualTo(original);
    assertThat(registry().lineageIds(entity.lineageId())).containsExactly(original);
  }

  /** C-TRACE-8. If it fails: the traced call's result is not the input object. */
  @Test
  @DisplayName("T-08 a call returning one of its inputs returns that same object")
  void resultIsTheInput() {
    // given
    ParentEntity parent = registry().register(new ParentEntity("p", new SimpleEntity("c", 1)));
    // when
    SimpleEntity child = registry().traced(() -> setValue(parent.children.get(0), 5), parent);
    // then
    assertThat(child).isSameAs(parent.children.get(0));
    assertThat(registry().get(parent.ecsId(), ParentEntity.class).orElseThrow()
        .children.get(0).value).isEqualTo(5);
  }

  /**
   * Reference 2.9. If it fails: a failing traced call still committed its partial changes, or
   * lost the edits committed before it.
   */
  @Test
  @DisplayName("T-09 a call that throws commits only what was edited before it")
  void failingCallCommitsNothingAfter() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("before", 1));
    entity.name = "edited before";
    // when
    assertThatThrownBy(
            () ->
                registry()
                    .traced(
                        () -> {
                          entity.value = 99;
                          throw new IllegalStateException("the call failed");
                        },
                        entity))
        .isInstanceOf(IllegalStateException.class);
    // then
    List<UUID> ids = registry().lineageIds(entity.lineageId());
    assertThat(ids).hasSize(2);
    SimpleEntity latest = registry().get(ids.get(1), SimpleEntity.class).orElseThrow();
    assertThat(latest.name).isEqualTo("edited before");
    assertThat(latest.value).isEqualTo(1);
  }

  private static SimpleEntity setValue(SimpleEntity entity, int value) {
    entity.value = value;
    return entity;
  }
}
