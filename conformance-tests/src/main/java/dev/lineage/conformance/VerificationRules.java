package dev.lineage.conformance;

import static dev.lineage.conformance.RawVersions.fields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.conformance.entities.RefEntity;
import dev.lineage.conformance.entities.SimpleEntity;
import dev.lineage.storage.Commit;
import dev.lineage.storage.Cursor;
import dev.lineage.storage.IntegrityReport;
import dev.lineage.storage.IntegrityReport.Kind;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Rules W: the whole store can be listed and verified (issue 8). Stores are shared between rules,
 * and other rules store broken data on purpose, so these rules look only at their own versions.
 */
abstract class VerificationRules extends RuleGroup {

  VerificationRules(Fixture fixture) {
    super(fixture);
  }

  /** Issue 9 (export). If it fails: listAll misses versions, repeats them or breaks the order. */
  @Test
  @DisplayName("W-01 listAll pages through every version in creation order")
  void listAllPages() {
    // given
    String type = RawVersions.uniqueType("W-01");
    List<VersionRecord> mine = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      VersionRecord version = RawVersions.text(type, "w" + i);
      storage().commit(Commit.of(version.ecsId(), List.of(version)));
      mine.add(version);
    }
    mine.sort(VersionRecord.CREATION_ORDER);
    // when
    List<VersionRecord> seen = new ArrayList<>();
    PageRequest request = PageRequest.after(
        new Cursor(mine.get(0).createdAt().minusMillis(1), new UUID(0L, 0L)), 2);
    while (true) {
      Page<VersionRecord> page = storage().listAll(request);
      seen.addAll(page.items());
      if (page.next().isEmpty()) {
        break;
      }
      request = PageRequest.after(page.next().get(), 2);
    }
    // then
    assertThat(seen).doesNotHaveDuplicates();
    assertThat(seen).isSortedAccordingTo(VersionRecord.CREATION_ORDER);
    assertThat(seen.stream().filter(v -> v.type().equals(type)).toList()).isEqualTo(mine);
  }

  /**
   * Issue 8. If it fails: verify() does not see a reference or a parent that does not resolve,
   * or does not name the version.
   */
  @Test
  @DisplayName("W-02 verify reports a missing reference and a missing parent, naming the version")
  void verifyFindsDanglingLinks() {
    // given
    String type = RawVersions.uniqueType("W-02");
    UUID nowhere = UUID.randomUUID();
    VersionRecord dangling = RawVersions.first(type, fields("ref", new Value.Ref(nowhere)));
    UUID lostParent = UUID.randomUUID();
    VersionRecord orphan = new VersionRecord(UUID.randomUUID(), UUID.randomUUID(), lostParent,
        List.of(lostParent), dangling.createdAt(), type, fields("text", new Value.Text("orphan")));
    storage().commit(Commit.of(dangling.ecsId(), List.of(dangling)));
    storage().commit(new Commit(orphan.ecsId(), List.of(orphan), true));
    // when
    IntegrityReport report = storage().verify();
    // then
    assertThat(report.problemsOf(dangling.ecsId()))
        .singleElement()
        .satisfies(problem -> {
          assertThat(problem.kind()).isEqualTo(Kind.MISSING_REFERENCE);
          assertThat(problem.detail()).contains(nowhere.toString());
        });
    assertThat(report.problemsOf(orphan.ecsId()))
        .singleElement()
        .satisfies(problem -> {
          assertThat(problem.kind()).isEqualTo(Kind.MISSING_PARENT);
          assertThat(problem.detail()).contains(lostParent.toString());
        });
    assertThat(report.versionsChecked()).isGreaterThanOrEqualTo(2);
  }

  /**
   * Issue 8. If it fails: verify() reports a problem about versions the registry committed
   * correctly: a false alarm, often a history (old ids) or a reference the adapter stores in a
   * form of its own.
   */
  @Test
  @DisplayName("W-03 versions committed through the registry verify clean")
  void registeredVersionsVerifyClean() {
    // given
    RefEntity entity = registry().register(new RefEntity("clean", new SimpleEntity("t", 1)));
    for (int i = 2; i < 5; i++) {
      entity.reference.value = i;
      registry().commit(entity);
    }
    List<UUID> mine = new ArrayList<>(registry().lineageIds(entity.lineageId()));
    mine.addAll(registry().lineageIds(entity.reference.lineageId()));
    // when
    IntegrityReport report = storage().verify();
    // then
    for (UUID id : mine) {
      assertThat(report.problemsOf(id)).as("problems of %s", id).isEmpty();
    }
  }
}
