package dev.lineage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.conformance.entities.RefEntity;
import dev.lineage.conformance.entities.SimpleEntity;
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
}
