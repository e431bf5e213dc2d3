package dev.lineage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.conformance.entities.RefEntity;
import dev.lineage.conformance.entities.SimpleEntity;
import dev.lineage.storage.ConflictException;
import dev.lineage.storage.IntegrityReport;
import dev.lineage.storage.VersionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rules X: the adapter is safe for concurrent use (contract 7). */
abstract class ConcurrencyRules extends RuleGroup {

  private static final int WRITERS = 8;
  private static final int COMMITS = 200;
  private static final int STRESS_COMMITS = 500;

  ConcurrencyRules(Fixture fixture) {
    super(fixture);
  }

  /**
   * Contract 7. If it fails: concurrent commits on different lineages lost versions or
   * interfered (shared state without locks, a connection shared between threads).
   */
  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  @DisplayName("X-01 8 writers x 200 commits on distinct lineages lose nothing")
  void concurrentWritersLoseNothing() throws Exception {
    fixture().assume(Capability.CONCURRENT_ACCESS);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      // given
      CountDownLatch start = new CountDownLatch(1);
      List<Future<RefEntity>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        String name = "writer " + w;
        writers.add(pool.submit(() -> {
          start.await();
          RefEntity entity = registry().register(new RefEntity(name, new SimpleEntity(name, 0)));
          for (int i = 1; i < COMMITS; i++) {
            entity.reference.value = i;
            registry().commit(entity);
          }
          return entity;
        }));
      }
      // when
      start.countDown();
      List<RefEntity> results = new ArrayList<>();
      for (Future<RefEntity> writer : writers) {
        results.add(writer.get());
      }
      // then
      for (RefEntity result : results) {
        List<UUID> owners = registry().lineageIds(result.lineageId());
        assertThat(owners).hasSize(COMMITS);
        assertThat(registry().lineageIds(result.reference.lineageId())).hasSize(COMMITS);
        assertThat(result.oldIds()).containsExactlyElementsOf(owners.subList(0, COMMITS - 1));
        RefEntity latest = registry().get(result.ecsId(), RefEntity.class).orElseThrow();
        assertThat(latest.reference.value).isEqualTo(COMMITS - 1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Contract 7, D-12. If it fails: a reader saw an owner version with the child of another
   * commit, or a read failed while writers were busy.
   */
  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  @DisplayName("X-02 readers running beside writers always see whole, consistent versions")
  void readersBesideWriters() throws Exception {
    fixture().assume(Capability.CONCURRENT_ACCESS);
    // given
    RefEntity entity = registry().register(new RefEntity("v0", new SimpleEntity("child", 0)));
    List<UUID> committed = new CopyOnWriteArrayList<>(List.of(entity.ecsId()));
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          int reads = 0;
          while (writing.get() || reads == 0) {
            UUID id = committed.get(committed.size() - 1);
            RefEntity read = registry().get(id, RefEntity.class).orElseThrow();
            assertThat(read.name).isEqualTo("v" + read.reference.value);
            reads++;
          }
          return reads;
        }));
      }
      // when
      Future<?> writer = pool.submit(() -> {
        try {
          for (int i = 1; i <= 100; i++) {
            entity.name = "v" + i;
            entity.reference.value = i;
            registry().commit(entity);
            committed.add(entity.ecsId());
          }
        } finally {
          writing.set(false);
        }
      });
      writer.get();
      // then
      for (Future<Integer> reader : readers) {
        assertThat(reader.get()).isPositive();
      }
      assertThat(registry().lineageIds(entity.lineageId())).hasSize(101);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Issue 8 (concurrency stress), D-11, D-12. If it fails: under load from many writers and
   * readers a commit counted as successful was lost or reads back incomplete, a conflict happened
   * where no other commit got there first, or a lineage stopped being a tree.
   */
  @Test
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  @DisplayName("X-03 8 writers x 500 commits on shared and distinct lineages, with readers")
  void stress() throws Exception {
    fixture().assume(Capability.CONCURRENT_ACCESS);
    // given: four lineages every writer competes for, and one lineage per writer
    List<RefEntity> shared = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      shared.add(registry().register(new RefEntity("shared " + i, new SimpleEntity("s", 0))));
    }
    List<UUID> committed = new CopyOnWriteArrayList<>(List.of());
    List<UUID> ownConflicts = new CopyOnWriteArrayList<>();
    List<UUID> sharedConflictBases = new CopyOnWriteArrayList<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          int reads = 0;
          while (writing.get()) {
            if (!committed.isEmpty()) {
              UUID id = committed.get((reads * 7919) % committed.size());
              RefEntity read = registry().get(id, RefEntity.class).orElseThrow();
              assertThat(read.reference).isNotNull();
              assertThat(read.name).isEqualTo("v" + read.reference.value);
              reads++;
            }
          }
          return reads;
        }));
      }
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(pool.submit(() -> {
          RefEntity own = registry().register(new RefEntity("v0", new SimpleEntity("own", 0)));
          for (int i = 1; i <= STRESS_COMMITS; i++) {
            boolean onShared = (i + writer) % 2 == 0;
            RefEntity target = onShared ? latest(shared.get((i + writer) % shared.size())) : own;
            UUID base = target.ecsId();
            int value = writer * 100_000 + i;
            target.name = "v" + value;
            target.reference.value = value;
            try {
              registry().commit(target);
              committed.add(target.ecsId());
            } catch (ConflictException lost) {
              (onShared ? sharedConflictBases : ownConflicts).add(base);
            }
          }
          return null;
        }));
      }
      // when
      for (Future<?> writer : writers) {
        writer.get();
      }
      writing.set(false);
      int reads = 0;
      for (Future<Integer> reader : readers) {
        reads += reader.get();
      }
      // then
      assertThat(ownConflicts).as("conflicts on lineages with one writer").isEmpty();
      for (UUID base : sharedConflictBases) {
        assertThat(successorsOf(base)).as("a conflict on %s needs a winner", base).isNotEmpty();
      }
      assertThat(fixture().allStored(committed)).isTrue();
      for (UUID id : committed) {
        RefEntity read = registry().require(id, RefEntity.class);
        assertThat(read.name).isEqualTo("v" + read.reference.value);
      }
      IntegrityReport report = storage().verify();
      for (UUID id : committed) {
        assertThat(report.problemsOf(id)).isEmpty();
      }
      for (RefEntity lineage : shared) {
        for (VersionRecord version : fixture().versionsOf(lineage.lineageId())) {
          assertThat(successorsOf(version.ecsId())).hasSizeLessThanOrEqualTo(1);
        }
      }
      System.out.printf("[lineage conformance] X-03 stress: %d commits succeeded, %d conflicts"
              + " on shared lineages, 0 on own lineages, %d concurrent reads%n",
          committed.size(), sharedConflictBases.size(), reads);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The latest version of a lineage with one successor per version: the last created. */
  private RefEntity latest(RefEntity lineage) {
    List<UUID> ids = registry().lineageIds(lineage.lineageId());
    return registry().require(ids.get(ids.size() - 1), RefEntity.class);
  }

  private List<UUID> successorsOf(UUID base) {
    UUID lineage = storage().loadVersions(List.of(base)).get(base).lineageId();
    return fixture().versionsOf(lineage).stream()
        .filter(version -> base.equals(version.parentId()))
        .map(VersionRecord::ecsId)
        .toList();
  }
}
