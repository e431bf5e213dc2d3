package dev.lineage.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link VersionRecord#forkedOldIds}: each fork's old ids are its parent's plus the parent, as an
 * immutable list that shares the parent's storage where no other fork took it.
 */
class SharedOldIdsTest {

  private static UUID id(int n) {
    return new UUID(0, n);
  }

  @Test
  @DisplayName("a lineage of forks: each version's old ids are exactly the ids before it")
  void chainOfForks() {
    // given
    List<List<UUID>> versions = new ArrayList<>();
    List<UUID> oldIds = List.of();
    // when
    for (int n = 0; n < 1_000; n++) {
      oldIds = VersionRecord.forkedOldIds(oldIds, id(n));
      versions.add(oldIds);
    }
    // then: every earlier list still holds only its own ids, though later ones grew the store
    for (int n = 0; n < 1_000; n++) {
      List<UUID> expected = new ArrayList<>();
      for (int i = 0; i <= n; i++) {
        expected.add(id(i));
      }
      assertThat(versions.get(n)).isEqualTo(expected).hasSameHashCodeAs(expected);
    }
  }

  @Test
  @DisplayName("two forks of one parent (a branch) each get the parent's ids and their own")
  void branches() {
    // given
    List<UUID> parent = VersionRecord.forkedOldIds(VersionRecord.forkedOldIds(List.of(), id(1)),
        id(2));
    // when
    List<UUID> left = VersionRecord.forkedOldIds(parent, id(3));
    List<UUID> right = VersionRecord.forkedOldIds(parent, id(4));
    List<UUID> leftChild = VersionRecord.forkedOldIds(left, id(5));
    // then
    assertThat(parent).containsExactly(id(1), id(2));
    assertThat(left).containsExactly(id(1), id(2), id(3));
    assertThat(right).containsExactly(id(1), id(2), id(4));
    assertThat(leftChild).containsExactly(id(1), id(2), id(3), id(5));
  }

  @Test
  @DisplayName("the lists are immutable, refuse null ids and copy a list that came from elsewhere")
  void immutableAndChecked() {
    // given
    List<UUID> plain = new ArrayList<>(List.of(id(1)));
    // when
    List<UUID> forked = VersionRecord.forkedOldIds(plain, id(2));
    plain.add(id(9));
    // then
    assertThat(forked).containsExactly(id(1), id(2));
    assertThatThrownBy(() -> forked.add(id(3)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> forked.set(0, id(3)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> forked.remove(0))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> forked.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> VersionRecord.forkedOldIds(forked, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  @DisplayName("a version record keeps forked old ids as they are, without copying them")
  void recordKeepsThem() {
    // given
    List<UUID> oldIds = VersionRecord.forkedOldIds(List.of(), id(1));
    // when
    VersionRecord record = new VersionRecord(id(2), id(1), id(1), oldIds,
        Instant.ofEpochMilli(1), "Note", Map.of());
    // then
    assertThat(record.oldIds()).isSameAs(oldIds);
  }

  @Test
  @DisplayName("forks of one parent on several threads at once each get a correct list")
  void concurrentForks() throws Exception {
    // given
    List<UUID> parent = List.of();
    for (int n = 0; n < 100; n++) {
      parent = VersionRecord.forkedOldIds(parent, id(n));
    }
    List<UUID> base = parent;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      // when: each task forks the same parent, then forks its own list further
      List<Future<List<UUID>>> results = new ArrayList<>();
      for (int task = 0; task < 64; task++) {
        int own = 1_000 + task;
        results.add(pool.submit(() -> VersionRecord.forkedOldIds(
            VersionRecord.forkedOldIds(base, id(own)), id(own + 100))));
      }
      // then
      for (int task = 0; task < 64; task++) {
        List<UUID> expected = new ArrayList<>(base);
        expected.add(id(1_000 + task));
        expected.add(id(1_100 + task));
        assertThat(results.get(task).get()).isEqualTo(expected);
      }
      assertThat(base).hasSize(100);
    } finally {
      pool.shutdownNow();
    }
  }
}
