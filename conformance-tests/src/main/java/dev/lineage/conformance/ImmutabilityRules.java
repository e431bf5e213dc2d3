package dev.lineage.conformance;

import static dev.lineage.conformance.RawVersions.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.storage.Commit;
import dev.lineage.storage.ConflictException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rules I: a stored version never changes (D-9), checked at the port. */
abstract class ImmutabilityRules extends RuleGroup {

  ImmutabilityRules(Fixture fixture) {
    super(fixture);
  }

  /**
   * D-9. If it fails: re-sending a stored commit is refused (it must be a no-op), or the root's
   * own version is taken for a competing successor of its base.
   */
  @Test
  @DisplayName("I-01 re-sending an identical commit is a no-op")
  void identicalResendIsNoOp() {
    // given
    String type = RawVersions.uniqueType("I-01");
    VersionRecord v0 = RawVersions.text(type, "v0");
    VersionRecord v1 = RawVersions.next(v0, fields("text", new Value.Text("v1")));
    storage().commit(Commit.of(v0.ecsId(), List.of(v0)));
    storage().commit(Commit.of(v1.ecsId(), List.of(v1)));
    long versions = storage().status().versionCount();
    // when
    storage().commit(Commit.of(v1.ecsId(), List.of(v1)));
    // then
    assertThat(storage().status().versionCount()).isEqualTo(versions);
    assertThat(storage().loadVersions(List.of(v1.ecsId())).get(v1.ecsId())).isEqualTo(v1);
  }

  /**
   * D-9. If it fails: the adapter overwrote a stored version, or accepted different content under
   * its id silently.
   */
  @Test
  @DisplayName("I-02 different content under a stored id is refused and changes nothing")
  void differentContentIsRefused() {
    // given
    String type = RawVersions.uniqueType("I-02");
    VersionRecord stored = RawVersions.text(type, "original");
    storage().commit(Commit.of(stored.ecsId(), List.of(stored)));
    VersionRecord impostor =
        new VersionRecord(
            stored.ecsId(),
            stored.lineageId(),
            null,
            List.of(),
            stored.createdAt(),
            type,
            fields("text", new Value.Text("overwritten")));
    // when / then
    assertThatThrownBy(() -> storage().commit(Commit.of(impostor.ecsId(), List.of(impostor))))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(stored.ecsId().toString());
    assertThat(storage().loadVersions(List.of(stored.ecsId())).get(stored.ecsId()))
        .isEqualTo(stored);
  }

  /**
   * D-9. If it fails: a commit that carries an already stored, identical version (a shared
   * sub-entity) is refused.
   */
  @Test
  @DisplayName("I-03 a commit may carry versions that are already stored, unchanged")
  void storedVersionsMayBeResent() {
    // given
    String type = RawVersions.uniqueType("I-03");
    VersionRecord shared = RawVersions.text(type, "shared");
    storage().commit(Commit.of(shared.ecsId(), List.of(shared)));
    VersionRecord owner = RawVersions.referring(type, shared);
    // when
    storage().commit(Commit.of(owner.ecsId(), List.of(shared, owner)));
    // then
    assertThat(storage().loadGraphs(List.of(owner.ecsId()))).containsOnlyKeys(owner.ecsId(),
        shared.ecsId());
  }
}
