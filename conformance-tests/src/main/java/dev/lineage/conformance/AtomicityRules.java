package dev.lineage.conformance;

import static dev.lineage.conformance.RawVersions.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.storage.Commit;
import dev.lineage.storage.ConflictException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rules A: all versions of a commit become visible together, or none does (D-12). */
abstract class AtomicityRules extends RuleGroup {

  AtomicityRules(Fixture fixture) {
    super(fixture);
  }

  /**
   * D-12. If it fails: the adapter wrote the versions of a commit before deciding the conflict
   * check, and left them behind when the check failed.
   */
  @Test
  @DisplayName("A-01 a commit refused as a conflict leaves none of its versions")
  void conflictLeavesNothing() {
    // given
    String type = RawVersions.uniqueType("A-01");
    VersionRecord base = RawVersions.text(type, "base");
    VersionRecord winner = RawVersions.next(base, fields("text", new Value.Text("winner")));
    storage().commit(Commit.of(base.ecsId(), List.of(base)));
    storage().commit(Commit.of(winner.ecsId(), List.of(winner)));
    VersionRecord child = RawVersions.text(type, "child of the loser");
    VersionRecord loser =
        RawVersions.next(
            base, fields("text", new Value.Text("loser"), "child", new Value.Ref(child.ecsId())));
    // when
    assertThatThrownBy(() -> storage().commit(Commit.of(loser.ecsId(), List.of(child, loser))))
        .isInstanceOf(ConflictException.class);
    // then
    assertThat(storage().loadVersions(List.of(child.ecsId(), loser.ecsId()))).isEmpty();
  }

  /**
   * D-9, D-12. If it fails: the adapter stored the good versions of a commit that also tried to
   * overwrite a stored one.
   */
  @Test
  @DisplayName("A-02 a commit refused for one version stores none of the others")
  void oneBadVersionLeavesNothing() {
    // given
    String type = RawVersions.uniqueType("A-02");
    VersionRecord stored = RawVersions.text(type, "stored");
    storage().commit(Commit.of(stored.ecsId(), List.of(stored)));
    VersionRecord changed =
        new VersionRecord(stored.ecsId(), stored.lineageId(), null, List.of(),
            stored.createdAt(), type, fields("text", new Value.Text("changed")));
    VersionRecord fresh1 = RawVersions.text(type, "fresh 1");
    VersionRecord fresh2 = RawVersions.referring(type, fresh1, stored);
    // when
    assertThatThrownBy(
            () -> storage().commit(Commit.of(fresh2.ecsId(), List.of(fresh1, changed, fresh2))))
        .isInstanceOf(ConflictException.class);
    // then
    assertThat(storage().loadVersions(List.of(fresh1.ecsId(), fresh2.ecsId()))).isEmpty();
    assertThat(storage().loadVersions(List.of(stored.ecsId())).get(stored.ecsId()))
        .isEqualTo(stored);
  }

  /**
   * D-12. If it fails: readers can observe a commit half-written (some of its versions visible,
   * others not): commits must be one transaction, or made visible in one step.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  @DisplayName("A-03 concurrent readers never see part of a commit")
  void readersNeverSeePartOfACommit() throws Exception {
    fixture().assume(Capability.CONCURRENT_ACCESS);
    // given
    String type = RawVersions.uniqueType("A-03");
    List<List<UUID>> commits = new ArrayList<>();
    List<Commit> planned = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      List<VersionRecord> versions = new ArrayList<>();
      for (int j = 0; j < 20; j++) {
        versions.add(RawVersions.text(type, "commit " + i + " version " + j));
      }
      VersionRecord root = RawVersions.referring(type, versions.toArray(VersionRecord[]::new));
      versions.add(root);
      planned.add(Commit.of(root.ecsId(), versions));
      commits.add(versions.stream().map(VersionRecord::ecsId).toList());
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> reader = pool.submit(() -> {
        int partial = 0;
        while (writing.get()) {
          for (List<UUID> ids : commits) {
            int visible = storage().loadVersions(ids).size();
            if (visible != 0 && visible != ids.size()) {
              partial++;
            }
          }
        }
        return partial;
      });
      // when
      Future<?> writer = pool.submit(() -> {
        try {
          planned.forEach(storage()::commit);
        } finally {
          writing.set(false);
        }
      });
      writer.get();
      // then
      assertThat(reader.get()).as("reads that saw part of a commit").isZero();
      assertThat(fixture().allStored(commits.get(commits.size() - 1))).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }
}
