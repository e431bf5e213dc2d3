package dev.lineage.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.lineage.storage.Commit;
import dev.lineage.storage.EntityStorage;
import dev.lineage.storage.IntegrityReport;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.StorageStatus;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The suite catches broken adapters: each wrapper below breaks one promise of the port, and the
 * rules about that promise fail while the others still pass.
 */
class SuiteBitesTest {

  @Test
  @DisplayName("an adapter that overwrites stored versions fails the immutability rules")
  void overwritingAdapter() {
    // when
    Events tests = run(OverwritingSuite.class);
    // then
    assertThat(failed(tests)).contains("I-02", "A-02");
    assertThat(passed(tests)).contains("R-01", "V-01", "I-01");
  }

  @Test
  @DisplayName("an adapter that drops map fields fails the round-trip rules")
  void fieldDroppingAdapter() {
    // when
    Events tests = run(FieldDroppingSuite.class);
    // then
    assertThat(failed(tests))
        .contains("F-01 map of counts", "F-01 nested JSON-like data", "F-02", "F-05", "P-01");
    assertThat(passed(tests)).contains("R-01", "K-01", "C-02");
  }

  @Test
  @DisplayName("an adapter that writes a commit version by version fails the atomicity rules")
  void nonAtomicAdapter() {
    // when
    Events tests = run(NonAtomicSuite.class);
    // then
    assertThat(failed(tests)).contains("A-01", "A-02");
    assertThat(passed(tests)).contains("R-07", "I-02", "K-02");
  }

  @Test
  @DisplayName("the in-memory adapter fails nothing and skips nothing")
  void referenceAdapterPasses() {
    // when
    Events tests = run(InMemoryConformanceTest.class);
    // then
    tests.assertStatistics(stats -> stats.failed(0).aborted(0).skipped(0));
    assertThat(tests.succeeded().count()).isGreaterThanOrEqualTo(100);
  }

  @Test
  @DisplayName("a capability an adapter leaves out shows as skipped, with the reason")
  void missingCapabilityIsSkippedWithReason() {
    // when
    Events tests = run(SingleThreadedSuite.class);
    // then
    assertThat(aborted(tests)).containsExactlyInAnyOrder("K-04", "A-03", "X-01", "X-02", "X-03");
    assertThat(
            tests.aborted().stream()
                .map(event -> event.getPayload(TestExecutionResult.class)
                    .flatMap(TestExecutionResult::getThrowable)
                    .map(Throwable::getMessage)
                    .orElse("")))
        .allSatisfy(reason -> assertThat(reason).contains("CONCURRENT_ACCESS"));
    tests.assertStatistics(stats -> stats.failed(0));
  }

  // ---- the broken adapters ----

  /** Replaces a stored version when different content arrives under its id. */
  static final class OverwritingStorage extends Wrapper {
    private final Map<UUID, VersionRecord> overwritten = new ConcurrentHashMap<>();

    @Override
    public void commit(Commit commit) {
      List<VersionRecord> fresh = new ArrayList<>();
      Map<UUID, VersionRecord> stored =
          delegate.loadVersions(commit.versions().stream().map(VersionRecord::ecsId).toList());
      for (VersionRecord version : commit.versions()) {
        VersionRecord old = stored.get(version.ecsId());
        if (old != null && !old.equals(version)) {
          overwritten.put(version.ecsId(), version);
        } else {
          fresh.add(version);
        }
      }
      if (fresh.stream().anyMatch(v -> v.ecsId().equals(commit.rootId()))) {
        delegate.commit(new Commit(commit.rootId(), fresh, commit.branch()));
      } else {
        fresh.forEach(v -> delegate.commit(new Commit(v.ecsId(), List.of(v), true)));
      }
    }

    @Override
    Map<UUID, VersionRecord> adjust(Map<UUID, VersionRecord> found) {
      Map<UUID, VersionRecord> result = new LinkedHashMap<>(found);
      found.keySet().forEach(id -> {
        if (overwritten.containsKey(id)) {
          result.put(id, overwritten.get(id));
        }
      });
      return result;
    }
  }

  /** Loses every field that holds a map, as an ORM without a JSON column would. */
  static final class FieldDroppingStorage extends Wrapper {
    @Override
    public void commit(Commit commit) {
      List<VersionRecord> stripped = new ArrayList<>();
      for (VersionRecord v : commit.versions()) {
        Map<String, Value> fields = new LinkedHashMap<>(v.fields());
        fields.values().removeIf(Value.Obj.class::isInstance);
        stripped.add(new VersionRecord(v.ecsId(), v.lineageId(), v.parentId(), v.oldIds(),
            v.createdAt(), v.type(), fields));
      }
      delegate.commit(new Commit(commit.rootId(), stripped, commit.branch()));
    }
  }

  /** Stores each version of a commit on its own, the root last. */
  static final class NonAtomicStorage extends Wrapper {
    @Override
    public void commit(Commit commit) {
      for (VersionRecord version : commit.versions()) {
        if (!version.ecsId().equals(commit.rootId())) {
          delegate.commit(new Commit(version.ecsId(), List.of(version), true));
        }
      }
      delegate.commit(new Commit(commit.rootId(), List.of(commit.root()), commit.branch()));
    }
  }

  /** Passes everything to an in-memory store; subclasses break one promise. */
  abstract static class Wrapper implements EntityStorage {
    final InMemoryEntityStorage delegate = new InMemoryEntityStorage();

    Map<UUID, VersionRecord> adjust(Map<UUID, VersionRecord> found) {
      return found;
    }

    @Override
    public void commit(Commit commit) {
      delegate.commit(commit);
    }

    @Override
    public Map<UUID, VersionRecord> loadGraphs(Collection<UUID> rootIds) {
      return adjust(delegate.loadGraphs(rootIds));
    }

    @Override
    public Map<UUID, VersionRecord> loadVersions(Collection<UUID> ecsIds) {
      return adjust(delegate.loadVersions(ecsIds));
    }

    @Override
    public boolean exists(UUID ecsId) {
      return delegate.exists(ecsId);
    }

    @Override
    public Page<VersionRecord> listByType(Set<String> types, PageRequest page) {
      return delegate.listByType(types, page);
    }

    @Override
    public Page<VersionRecord> listLineage(UUID lineageId, PageRequest page) {
      return delegate.listLineage(lineageId, page);
    }

    @Override
    public Page<VersionRecord> listAll(PageRequest page) {
      return delegate.listAll(page);
    }

    @Override
    public IntegrityReport verify() {
      return delegate.verify();
    }

    @Override
    public StorageStatus status() {
      return delegate.status();
    }
  }

  // ---- suites over them, run only from this class ----

  static class OverwritingSuite extends EntityStorageSuite {
    @Override
    protected EntityStorage createStorage() {
      return new OverwritingStorage();
    }

    @Override
    protected String targetName() {
      return "in-memory, broken on purpose: overwrites stored versions";
    }
  }

  static class FieldDroppingSuite extends EntityStorageSuite {
    @Override
    protected EntityStorage createStorage() {
      return new FieldDroppingStorage();
    }

    @Override
    protected String targetName() {
      return "in-memory, broken on purpose: drops map fields";
    }
  }

  static class NonAtomicSuite extends EntityStorageSuite {
    @Override
    protected EntityStorage createStorage() {
      return new NonAtomicStorage();
    }

    @Override
    protected String targetName() {
      return "in-memory, broken on purpose: not atomic";
    }
  }

  static class SingleThreadedSuite extends EntityStorageSuite {
    @Override
    protected EntityStorage createStorage() {
      return new InMemoryEntityStorage();
    }

    @Override
    protected Set<Capability> capabilities() {
      return Set.of();
    }

    @Override
    protected String targetName() {
      return "in-memory, declared without CONCURRENT_ACCESS";
    }
  }

  // ---- running and reading results ----

  private static Events run(Class<?> suite) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(suite)).execute()
        .testEvents();
  }

  private static Set<String> failed(Events tests) {
    return ruleNames(tests.failed().stream().toList());
  }

  private static Set<String> passed(Events tests) {
    return ruleNames(tests.succeeded().stream().toList());
  }

  private static Set<String> aborted(Events tests) {
    return ruleNames(tests.aborted().stream().toList()).stream()
        .map(name -> name.substring(0, 4))
        .collect(Collectors.toSet());
  }

  /** Each event under its rule id and under its full display name, to match either way. */
  private static Set<String> ruleNames(List<Event> events) {
    Set<String> names = new TreeSet<>();
    for (Event event : events) {
      String name = event.getTestDescriptor().getDisplayName();
      names.add(name);
      names.add(name.substring(0, 4));
      int roundTrips = name.indexOf(" round-trips exactly");
      if (roundTrips > 0) {
        names.add(name.substring(0, roundTrips));
      }
    }
    return names;
  }
}
