package dev.lineage.conformance;

import static dev.lineage.conformance.RawVersions.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lineage.storage.Commit;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rules P: what the port's reads return (contract 4 and 5). */
abstract class PortReadRules extends RuleGroup {

  PortReadRules(Fixture fixture) {
    super(fixture);
  }

  /**
   * Contract 4. If it fails: the adapter changed a stored value: its kind, its text, its number,
   * the order of a sequence, or a versioning field.
   */
  @Test
  @DisplayName("P-01 a version record comes back exactly as written, every value kind")
  void recordRoundTripsExactly() {
    // given
    String type = RawVersions.uniqueType("P-01");
    VersionRecord target = RawVersions.text(type, "target");
    VersionRecord base = RawVersions.text(type, "base");
    VersionRecord middle = RawVersions.next(base, fields("text", new Value.Text("middle")));
    Map<String, Value> all =
        fields(
            "null", Value.NULL,
            "text", new Value.Text("tëxt 👩‍💻 \"quoted\" \\ {json}"),
            "empty", new Value.Text(""),
            "min", new Value.Int(Long.MIN_VALUE),
            "max", new Value.Int(Long.MAX_VALUE),
            "real", new Value.Real(-0.0),
            "tiny", new Value.Real(Double.MIN_VALUE),
            "huge", new Value.Real(-Double.MAX_VALUE),
            "yes", Value.Bool.TRUE,
            "no", Value.Bool.FALSE,
            "uuid", new Value.Uuid(UUID.randomUUID()),
            "time", new Value.Time(Instant.parse("1900-01-01T00:00:00.001Z")),
            "ref", new Value.Ref(target.ecsId()),
            "seq", new Value.Seq(List.of(new Value.Int(3), new Value.Text("3"), new Value.Real(3),
                Value.NULL, new Value.Seq(List.of()))),
            "obj", new Value.Obj(fields("a.b", new Value.Int(1), "$c", new Value.Obj(Map.of()),
                "", new Value.Seq(List.of(new Value.Ref(target.ecsId()))))));
    VersionRecord record = RawVersions.next(middle, all);
    storage().commit(Commit.of(target.ecsId(), List.of(target)));
    storage().commit(Commit.of(base.ecsId(), List.of(base)));
    storage().commit(Commit.of(middle.ecsId(), List.of(middle)));
    // when
    storage().commit(Commit.of(record.ecsId(), List.of(record)));
    VersionRecord read = storage().loadVersions(List.of(record.ecsId())).get(record.ecsId());
    // then
    assertThat(read).isEqualTo(record);
    assertThat(read.oldIds()).containsExactly(base.ecsId(), middle.ecsId());
    assertThat(((Value.Seq) read.fields().get("seq")).items())
        .isEqualTo(((Value.Seq) all.get("seq")).items());
  }

  /**
   * Contract 4. If it fails: {@code loadGraphs} does not follow references transitively, or
   * returns versions the roots do not reach.
   */
  @Test
  @DisplayName("P-02 loadGraphs returns everything the roots reach, and nothing else")
  void loadGraphsReturnsClosure() {
    // given
    String type = RawVersions.uniqueType("P-02");
    VersionRecord c = RawVersions.text(type, "c");
    VersionRecord b = RawVersions.referring(type, c);
    VersionRecord a = RawVersions.referring(type, b, c);
    VersionRecord unrelated = RawVersions.text(type, "unrelated");
    storage().commit(Commit.of(a.ecsId(), List.of(c, b, a)));
    storage().commit(Commit.of(unrelated.ecsId(), List.of(unrelated)));
    // when
    Map<UUID, VersionRecord> graph = storage().loadGraphs(List.of(a.ecsId(), UUID.randomUUID()));
    // then
    assertThat(graph).containsOnlyKeys(a.ecsId(), b.ecsId(), c.ecsId());
    assertThat(graph.get(b.ecsId())).isEqualTo(b);
  }

  /** Contract 5. If it fails: {@code loadVersions} follows references or includes unknown ids. */
  @Test
  @DisplayName("P-03 loadVersions returns exactly the stored versions asked for")
  void loadVersionsIsExact() {
    // given
    String type = RawVersions.uniqueType("P-03");
    VersionRecord b = RawVersions.text(type, "b");
    VersionRecord a = RawVersions.referring(type, b);
    storage().commit(Commit.of(a.ecsId(), List.of(b, a)));
    // when
    Map<UUID, VersionRecord> found = storage().loadVersions(List.of(a.ecsId(), UUID.randomUUID()));
    // then
    assertThat(found).containsOnlyKeys(a.ecsId());
    assertThat(storage().exists(b.ecsId())).isTrue();
  }

  /**
   * Contract 5. If it fails: listing by type skips, repeats or misorders versions across pages,
   * or mixes in other types.
   */
  @Test
  @DisplayName("P-04 listing by types pages in creation order without gaps or repeats")
  void listByTypePages() {
    // given
    String typeA = RawVersions.uniqueType("P-04a");
    String typeB = RawVersions.uniqueType("P-04b");
    String typeC = RawVersions.uniqueType("P-04c");
    List<VersionRecord> listed = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      VersionRecord version = RawVersions.text(i % 2 == 0 ? typeA : typeB, "v" + i);
      storage().commit(Commit.of(version.ecsId(), List.of(version)));
      listed.add(version);
    }
    VersionRecord other = RawVersions.text(typeC, "other type");
    storage().commit(Commit.of(other.ecsId(), List.of(other)));
    listed.sort(VersionRecord.CREATION_ORDER);
    // when
    List<List<VersionRecord>> pages = pagesOf(request -> storage().listByType(Set.of(typeA,
        typeB), request), 3);
    // then
    assertThat(pages).extracting(List::size).containsExactly(3, 3, 1);
    assertThat(pages.stream().flatMap(List::stream).toList()).isEqualTo(listed);
  }

  /**
   * Contract 5. If it fails: a lineage listing misorders versions or reports a next page that is
   * empty.
   */
  @Test
  @DisplayName("P-05 a lineage lists in creation order; next is present only when more follow")
  void listLineagePages() {
    // given
    String type = RawVersions.uniqueType("P-05");
    VersionRecord version = RawVersions.text(type, "v0");
    storage().commit(Commit.of(version.ecsId(), List.of(version)));
    List<VersionRecord> chain = new ArrayList<>(List.of(version));
    for (int i = 1; i < 4; i++) {
      version = RawVersions.next(version, fields("text", new Value.Text("v" + i)));
      storage().commit(Commit.of(version.ecsId(), List.of(version)));
      chain.add(version);
    }
    chain.sort(VersionRecord.CREATION_ORDER);
    // when
    Page<VersionRecord> whole = storage().listLineage(version.lineageId(), PageRequest.first(4));
    List<List<VersionRecord>> pages =
        pagesOf(request -> storage().listLineage(chain.get(0).lineageId(), request), 2);
    // then
    assertThat(whole.items()).isEqualTo(chain);
    assertThat(whole.next()).isEmpty();
    assertThat(pages).extracting(List::size).containsExactly(2, 2);
    assertThat(storage().listLineage(UUID.randomUUID(), PageRequest.first(5)).items()).isEmpty();
  }

  /**
   * Contract 4. If it fails: a reference to the same version from several places, or a cycle of
   * references, makes {@code loadGraphs} return a version twice or never finish.
   */
  @Test
  @DisplayName("P-06 loadGraphs of a cycle and of shared versions returns each version once")
  void loadGraphsOfCycle() {
    // given
    String type = RawVersions.uniqueType("P-06");
    UUID aId = UUID.randomUUID();
    VersionRecord c = RawVersions.first(type, fields("next", new Value.Ref(aId)));
    VersionRecord b = RawVersions.referring(type, c, c);
    VersionRecord a =
        new VersionRecord(aId, aId, null, List.of(), c.createdAt(), type,
            fields("next", new Value.Ref(b.ecsId()), "again", new Value.Ref(c.ecsId())));
    storage().commit(Commit.of(a.ecsId(), List.of(a, b, c)));
    // when
    Map<UUID, VersionRecord> graph = storage().loadGraphs(List.of(b.ecsId(), a.ecsId()));
    // then
    assertThat(graph).containsOnlyKeys(a.ecsId(), b.ecsId(), c.ecsId());
  }

  /**
   * Contract 4. If it fails: the streaming {@code loadGraphs} hands a version over twice, misses
   * one (a stored list's, a shared one, another root's), hands over something it does not return,
   * or calls back from another thread.
   */
  @Test
  @DisplayName("P-07 loadGraphs hands each version it returns to the caller once, on its thread")
  void loadGraphsHandsEachVersionOnce() {
    // given: a long list (stored apart by some adapters), a shared version and a cycle
    String type = RawVersions.uniqueType("P-07");
    List<VersionRecord> items = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      items.add(RawVersions.text(type, "item " + i));
    }
    VersionRecord shared = RawVersions.text(type, "shared");
    UUID firstId = UUID.randomUUID();
    VersionRecord second = RawVersions.first(type, fields("back", new Value.Ref(firstId),
        "shared", new Value.Ref(shared.ecsId())));
    List<Value> refs = new ArrayList<>(items.stream().map(v -> (Value) new Value.Ref(v.ecsId()))
        .toList());
    refs.add(new Value.Ref(shared.ecsId()));
    VersionRecord first = new VersionRecord(firstId, firstId, null, List.of(), second.createdAt(),
        type, fields("items", new Value.Seq(refs), "next", new Value.Ref(second.ecsId())));
    List<VersionRecord> all = new ArrayList<>(items);
    all.addAll(List.of(shared, second, first));
    storage().commit(Commit.of(first.ecsId(), all));
    List<VersionRecord> handed = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    // when
    Map<UUID, VersionRecord> graph = storage().loadGraphs(
        List.of(first.ecsId(), second.ecsId(), UUID.randomUUID()), record -> {
          handed.add(record);
          threads.add(Thread.currentThread());
        });
    // then
    assertThat(graph).hasSize(all.size());
    assertThat(handed).hasSize(graph.size()).doesNotHaveDuplicates();
    assertThat(handed).allSatisfy(record -> assertThat(record).isSameAs(graph.get(record.ecsId())));
    assertThat(graph.get(first.ecsId())).isEqualTo(first);
    assertThat(threads).containsOnly(Thread.currentThread());
  }

  /**
   * Contract 4 and 6. If it fails: an exception of the caller's code, thrown while a graph is
   * read, is translated or lost, or leaves the store unable to read (a result never drained, a
   * connection returned in the middle of a read).
   */
  @Test
  @DisplayName("P-08 what the caller throws while loadGraphs hands versions over leaves unchanged")
  void loadGraphsPassesCallerFailureOn() {
    // given: enough versions that a streaming read has many rows left when the caller throws
    String type = RawVersions.uniqueType("P-08");
    List<VersionRecord> all = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      all.add(RawVersions.text(type, "item " + i));
    }
    VersionRecord root = RawVersions.referring(type, all.toArray(VersionRecord[]::new));
    all.add(root);
    storage().commit(Commit.of(root.ecsId(), all));
    IllegalStateException thrown = new IllegalStateException("the caller's own failure");
    int[] calls = {0};
    // when
    Throwable failure = catchThrowable(() -> storage().loadGraphs(
        List.of(root.ecsId()), record -> {
          if (++calls[0] == 10) {
            throw thrown;
          }
        }));
    // then
    assertThat(failure).isSameAs(thrown);
    assertThat(calls[0]).isEqualTo(10);
    for (int i = 0; i < 3; i++) { // a pool of one or a few connections: each must work again
      assertThat(storage().loadGraphs(List.of(root.ecsId()))).hasSize(all.size());
    }
  }

  private static List<List<VersionRecord>> pagesOf(
      Function<PageRequest, Page<VersionRecord>> list, int size) {
    List<List<VersionRecord>> pages = new ArrayList<>();
    PageRequest request = PageRequest.first(size);
    while (true) {
      Page<VersionRecord> page = list.apply(request);
      pages.add(page.items());
      if (page.next().isEmpty()) {
        return pages;
      }
      request = PageRequest.after(page.next().get(), size);
    }
  }
}
