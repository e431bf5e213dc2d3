package dev.lineage.conformance;

import static dev.lineage.conformance.RawVersions.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.conformance.entities.RefEntity;
import dev.lineage.conformance.entities.SimpleEntity;
import dev.lineage.storage.Commit;
import dev.lineage.storage.ConflictException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rules K: one successor per version unless branching (D-11). */
abstract class ConflictRules extends RuleGroup {

  ConflictRules(Fixture fixture) {
    super(fixture);
  }

  /**
   * D-11. If it fails: the adapter accepts a second successor of a version without a branch flag,
   * so concurrent writers silently fork the history.
   */
  @Test
  @DisplayName("K-01 committing from a version that already has a successor is a conflict")
  void staleBaseIsConflict() {
    // given
    RefEntity entity = registry().register(new RefEntity("base", new SimpleEntity("t", 1)));
    RefEntity first = registry().get(entity.ecsId(), RefEntity.class).orElseThrow();
    RefEntity second = registry().get(entity.ecsId(), RefEntity.class).orElseThrow();
    first.name = "first";
    registry().commit(first);
    long versions = registry().status().versionCount();
    // when
    second.name = "second";
    second.reference.value = 2;
    // then
    assertThatThrownBy(() -> registry().commit(second))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(entity.ecsId().toString())
        .hasMessageContaining(first.ecsId().toString());
    assertThat(registry().status().versionCount()).isEqualTo(versions);
    assertThat(registry().lineageIds(entity.lineageId())).containsExactly(entity.ecsId(),
        first.ecsId());
  }

  /** D-11. If it fails: the adapter ignores the commit's branch flag. */
  @Test
  @DisplayName("K-02 a branch commit may add a further successor")
  void branchAddsSuccessor() {
    // given
    String type = RawVersions.uniqueType("K-02");
    VersionRecord base = RawVersions.text(type, "base");
    VersionRecord first = RawVersions.next(base, fields("text", new Value.Text("first")));
    VersionRecord second = RawVersions.next(base, fields("text", new Value.Text("second")));
    storage().commit(Commit.of(base.ecsId(), List.of(base)));
    storage().commit(Commit.of(first.ecsId(), List.of(first)));
    // when
    assertThatThrownBy(() -> storage().commit(Commit.of(second.ecsId(), List.of(second))))
        .isInstanceOf(ConflictException.class);
    storage().commit(new Commit(second.ecsId(), List.of(second), true));
    // then
    assertThat(fixture().versionsOf(base.lineageId()))
        .extracting(VersionRecord::ecsId)
        .containsExactlyInAnyOrder(base.ecsId(), first.ecsId(), second.ecsId());
  }

  /**
   * D-11. If it fails: the adapter checks successors of every version in a commit; only the
   * commit's root may be checked, or shared sub-entities could never change twice.
   */
  @Test
  @DisplayName("K-03 a shared sub-entity may get a successor in each of its owners")
  void sharedSubEntityMayForkTwice() {
    // given
    SimpleEntity shared = new SimpleEntity("shared prompt", 1);
    RefEntity owner1 = registry().register(new RefEntity("owner1", shared));
    RefEntity owner2 = registry().register(new RefEntity("owner2", shared));
    RefEntity copy1 = registry().get(owner1.ecsId(), RefEntity.class).orElseThrow();
    RefEntity copy2 = registry().get(owner2.ecsId(), RefEntity.class).orElseThrow();
    // when
    copy1.reference.value = 10;
    copy2.reference.value = 20;
    registry().commit(copy1);
    registry().commit(copy2);
    // then
    assertThat(copy1.reference.parentId()).contains(shared.ecsId());
    assertThat(copy2.reference.parentId()).contains(shared.ecsId());
    assertThat(registry().lineageIds(shared.lineageId())).hasSize(3);
  }

  /**
   * D-11. If it fails: the successor check and the insert are not one atomic step, so two
   * writers from one base can both win.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  @DisplayName("K-04 of two concurrent commits from one base exactly one wins")
  void concurrentCommitsOneWins() throws Exception {
    fixture().assume(Capability.CONCURRENT_ACCESS);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        // given
        SimpleEntity entity = registry().register(new SimpleEntity("race " + round, 0));
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        for (int writer = 1; writer <= 2; writer++) {
          SimpleEntity copy = registry().get(entity.ecsId(), SimpleEntity.class).orElseThrow();
          copy.value = writer;
          outcomes.add(pool.submit(() -> {
            start.await();
            try {
              registry().commit(copy);
              return true;
            } catch (ConflictException lost) {
              return false;
            }
          }));
        }
        // when
        int wins = 0;
        for (Future<Boolean> outcome : outcomes) {
          wins += outcome.get() ? 1 : 0;
        }
        // then
        assertThat(wins).as("winners in round %d", round).isEqualTo(1);
        assertThat(registry().lineageIds(entity.lineageId())).hasSize(2);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** D-11. If it fails: a conflict left the store or the loser's copy in a state that blocks. */
  @Test
  @DisplayName("K-05 after a conflict, reloading the latest version and retrying succeeds")
  void retryAfterConflict() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("retry", 0));
    SimpleEntity winner = registry().get(entity.ecsId(), SimpleEntity.class).orElseThrow();
    SimpleEntity loser = registry().get(entity.ecsId(), SimpleEntity.class).orElseThrow();
    winner.value = 1;
    registry().commit(winner);
    loser.name = "loser's edit";
    assertThatThrownBy(() -> registry().commit(loser)).isInstanceOf(ConflictException.class);
    // when
    SimpleEntity latest = registry().get(winner.ecsId(), SimpleEntity.class).orElseThrow();
    latest.name = loser.name;
    registry().commit(latest);
    // then
    SimpleEntity read = registry().get(latest.ecsId(), SimpleEntity.class).orElseThrow();
    assertThat(read.name).isEqualTo("loser's edit");
    assertThat(read.value).isEqualTo(1);
    assertThat(read.parentId()).contains(winner.ecsId());
  }

  /**
   * Reference 6.1 (branching). If it fails: the branch flag leaks past the first commit of a
   * branch, or a branch cannot be extended.
   */
  @Test
  @DisplayName("K-06 a branch grows like any lineage after its first commit")
  void branchGrows() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("main", 0));
    UUID root = entity.ecsId();
    entity.value = 1;
    registry().commit(entity);
    SimpleEntity branch = registry().branchFrom(root, SimpleEntity.class);
    branch.value = 10;
    registry().commit(branch);
    UUID branchStart = branch.ecsId();
    // when
    branch.value = 11;
    registry().commit(branch);
    SimpleEntity stale = registry().get(branchStart, SimpleEntity.class).orElseThrow();
    stale.value = 12;
    // then
    assertThat(branch.parentId()).contains(branchStart);
    assertThatThrownBy(() -> registry().commit(stale)).isInstanceOf(ConflictException.class);
  }

  /**
   * D-11. If it fails: the adapter only counts successors that were committed as roots, so a
   * version forked as a sub-entity of another commit (a shared prompt changed through its thread)
   * does not stop a stale commit of its base: a lost update.
   */
  @Test
  @DisplayName("K-07 a successor made as a sub-entity of another commit also makes its base stale")
  void subEntitySuccessorCounts() {
    // given: a prompt committed on its own, then changed through an owner
    SimpleEntity prompt = registry().register(new SimpleEntity("prompt", 1));
    SimpleEntity stale = registry().require(prompt.ecsId(), SimpleEntity.class);
    RefEntity owner = registry().register(new RefEntity("owner", prompt));
    owner.reference.value = 2;
    registry().commit(owner);
    // when
    stale.value = 3;
    // then
    assertThatThrownBy(() -> registry().commit(stale))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(prompt.ecsId().toString());
    assertThat(registry().lineageIds(prompt.lineageId())).hasSize(2);
  }
}
