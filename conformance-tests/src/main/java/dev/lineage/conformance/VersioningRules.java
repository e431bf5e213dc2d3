package dev.lineage.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.conformance.entities.BidirectionalChild;
import dev.lineage.conformance.entities.BidirectionalParent;
import dev.lineage.conformance.entities.HierarchicalEntity;
import dev.lineage.conformance.entities.ManyToManyLeft;
import dev.lineage.conformance.entities.ManyToManyRight;
import dev.lineage.conformance.entities.NestedEntity;
import dev.lineage.conformance.entities.ParentEntity;
import dev.lineage.conformance.entities.RefEntity;
import dev.lineage.conformance.entities.SimpleEntity;
import dev.lineage.domain.Entity;
import dev.lineage.domain.PendingChanges;
import dev.lineage.domain.FieldChange;
import dev.lineage.storage.ConflictException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rules V: what a commit forks, and how versions link (reference 5.2, 5.3; D-3, D-4, D-6). */
abstract class VersioningRules extends RuleGroup {

  VersioningRules(Fixture fixture) {
    super(fixture);
  }

  /** C-FORK-1. If it fails: the new version's versioning fields are not stored as written. */
  @Test
  @DisplayName("V-01 a changed field forks a new version linked to the old one")
  void changeForksLinkedVersion() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("name", 10));
    UUID original = entity.ecsId();
    SimpleEntity copy = registry().get(original, SimpleEntity.class).orElseThrow();
    // when
    copy.value = 20;
    registry().commit(copy);
    // then
    SimpleEntity read = registry().get(copy.ecsId(), SimpleEntity.class).orElseThrow();
    assertThat(read.ecsId()).isNotEqualTo(original);
    assertThat(read.lineageId()).isEqualTo(entity.lineageId());
    assertThat(read.parentId()).contains(original);
    assertThat(read.oldIds()).containsExactly(original);
    assertThat(read.name).isEqualTo("name");
    assertThat(read.value).isEqualTo(20);
  }

  /** C-FORK-6, C-FORK-9. If it fails: a commit overwrote or altered the earlier version. */
  @Test
  @DisplayName("V-02 the old version stays readable, unchanged")
  void oldVersionUnchanged() {
    // given
    NestedEntity entity = registry().register(new NestedEntity("first title", null));
    UUID original = entity.ecsId();
    // when
    entity.title = "second title";
    NestedEntity returned = registry().register(entity);
    // then
    assertThat(returned).isSameAs(entity);
    assertThat(entity.ecsId()).isNotEqualTo(original);
    assertThat(registry().get(original, NestedEntity.class).orElseThrow().title)
        .isEqualTo("first title");
    assertThat(registry().get(entity.ecsId(), NestedEntity.class).orElseThrow().title)
        .isEqualTo("second title");
    assertThat(registry().lineageIds(entity.lineageId())).containsExactly(original, entity.ecsId());
  }

  /**
   * C-FORK-4. If it fails: the owner's stored reference does not follow the child's new version.
   */
  @Test
  @DisplayName("V-03 a changed referenced entity forks together with its owner")
  void referencedChangeForksOwner() {
    // given
    RefEntity owner = registry().register(new RefEntity("owner", new SimpleEntity("target", 123)));
    UUID oldOwner = owner.ecsId();
    UUID oldTarget = owner.reference.ecsId();
    RefEntity copy = registry().get(oldOwner, RefEntity.class).orElseThrow();
    // when
    copy.reference.value = 999;
    registry().commit(copy);
    // then
    RefEntity read = registry().get(copy.ecsId(), RefEntity.class).orElseThrow();
    assertThat(read.ecsId()).isNotEqualTo(oldOwner);
    assertThat(read.reference.value).isEqualTo(999);
    assertThat(read.reference.ecsId()).isNotEqualTo(oldTarget);
    assertThat(read.reference.parentId()).contains(oldTarget);
    assertThat(registry().get(oldOwner, RefEntity.class).orElseThrow().reference.value)
        .isEqualTo(123);
  }

  /** C-FORK-5. If it fails: unchanged children are copied instead of shared. */
  @Test
  @DisplayName("V-04 unchanged children keep their versions (structural sharing)")
  void unchangedChildrenAreShared() {
    // given
    ParentEntity parent =
        registry().register(
            new ParentEntity("parent", new SimpleEntity("a", 1), new SimpleEntity("b", 2)));
    UUID firstChild = parent.children.get(0).ecsId();
    UUID secondChild = parent.children.get(1).ecsId();
    long versions = registry().status().versionCount();
    // when
    parent.children.get(0).value = 100;
    registry().commit(parent);
    // then
    ParentEntity read = registry().get(parent.ecsId(), ParentEntity.class).orElseThrow();
    assertThat(read.children.get(0).value).isEqualTo(100);
    assertThat(read.children.get(0).ecsId()).isNotEqualTo(firstChild);
    assertThat(read.children.get(1).ecsId()).isEqualTo(secondChild);
    assertThat(registry().status().versionCount() - versions).isEqualTo(2);
  }

  /**
   * C-FORK-DEEP, D-3. If it fails: a change deep in the graph does not fork every ancestor in one
   * commit, or the new ancestors do not reference the new descendants.
   */
  @Test
  @DisplayName("V-05 a change three levels down forks every ancestor in one commit")
  void deepChangeForksEveryAncestor() {
    // given
    HierarchicalEntity root = new HierarchicalEntity("root");
    HierarchicalEntity mid = root.add(new HierarchicalEntity("mid"));
    HierarchicalEntity leaf = mid.add(new HierarchicalEntity("leaf"));
    registry().register(root);
    UUID oldRoot = root.ecsId();
    UUID oldMid = mid.ecsId();
    UUID oldLeaf = leaf.ecsId();
    // when
    leaf.name = "changed leaf";
    registry().commit(root);
    // then
    assertThat(List.of(root.ecsId(), mid.ecsId(), leaf.ecsId()))
        .doesNotContainAnyElementsOf(List.of(oldRoot, oldMid, oldLeaf));
    HierarchicalEntity read = registry().get(root.ecsId(), HierarchicalEntity.class).orElseThrow();
    assertThat(read.children.get(0).ecsId()).isEqualTo(mid.ecsId());
    assertThat(read.children.get(0).children.get(0).ecsId()).isEqualTo(leaf.ecsId());
    assertThat(read.children.get(0).children.get(0).name).isEqualTo("changed leaf");
    assertThat(mid.parentId()).contains(oldMid);
  }

  /** C-FORK-12. If it fails: a mid-level change is lost or does not fork its owner. */
  @Test
  @DisplayName("V-06 a mid-level change forks it and the root, not its siblings")
  void midLevelChange() {
    // given
    HierarchicalEntity root = new HierarchicalEntity("root");
    HierarchicalEntity mid1 = root.add(new HierarchicalEntity("mid1"));
    HierarchicalEntity mid2 = root.add(new HierarchicalEntity("mid2"));
    mid1.add(new HierarchicalEntity("leaf1"));
    mid2.add(new HierarchicalEntity("leaf2"));
    registry().register(root);
    UUID oldMid2 = mid2.ecsId();
    UUID oldLeaf1 = mid1.children.get(0).ecsId();
    // when
    mid1.name = "ModifiedMid1";
    PendingChanges pending = registry().pendingChanges(root);
    registry().commit(root);
    // then
    assertThat(pending.entities()).containsExactly(mid1, root);
    assertThat(pending.changesOf(mid1).orElseThrow().change("name"))
        .contains(new FieldChange.Modified("mid1", "ModifiedMid1"));
    HierarchicalEntity read = registry().get(root.ecsId(), HierarchicalEntity.class).orElseThrow();
    assertThat(read.children).extracting(c -> c.name).containsExactly("ModifiedMid1", "mid2");
    assertThat(read.children.get(1).ecsId()).isEqualTo(oldMid2);
    assertThat(read.children.get(0).children.get(0).ecsId()).isEqualTo(oldLeaf1);
  }

  /**
   * C-FORK-13. If it fails: back-references are not restored from the owner, or a changed child
   * does not fork its owner.
   */
  @Test
  @DisplayName("V-07 a changed child of a bidirectional pair points at its parent's new version")
  void bidirectionalChildChange() {
    // given
    BidirectionalParent parent = new BidirectionalParent("parent");
    parent.addChild(new BidirectionalChild("c1", 1));
    parent.addChild(new BidirectionalChild("c2", 2));
    registry().register(parent);
    BidirectionalParent copy =
        registry().get(parent.ecsId(), BidirectionalParent.class).orElseThrow();
    // when
    copy.children.get(0).value = 100;
    registry().commit(copy);
    // then
    assertThat(copy.children.get(0).parent.ecsId()).isEqualTo(copy.ecsId());
    BidirectionalParent read =
        registry().get(copy.ecsId(), BidirectionalParent.class).orElseThrow();
    assertThat(read.children.get(0).value).isEqualTo(100);
    assertThat(read.children).allSatisfy(child -> assertThat(child.parent).isSameAs(read));
  }

  /** C-FORK-14. If it fails: a change inside a many-to-many cycle is lost or not forked. */
  @Test
  @DisplayName("V-08 many-to-many: a renamed or an added right forks the left")
  void manyToManyChanges() {
    // given
    ManyToManyLeft left = new ManyToManyLeft("left");
    left.link(new ManyToManyRight("r1"));
    left.link(new ManyToManyRight("r2"));
    registry().register(left);
    UUID original = left.ecsId();
    // when
    left.rights.get(0).name = "renamed";
    registry().commit(left);
    UUID renamed = left.ecsId();
    left.link(new ManyToManyRight("NewRight"));
    registry().commit(left);
    // then
    assertThat(List.of(original, renamed, left.ecsId())).doesNotHaveDuplicates();
    ManyToManyLeft read = registry().get(left.ecsId(), ManyToManyLeft.class).orElseThrow();
    assertThat(read.rights).extracting(r -> r.name).containsExactly("renamed", "r2", "NewRight");
    assertThat(registry().get(renamed, ManyToManyLeft.class).orElseThrow().rights).hasSize(2);
  }

  /**
   * C-FORK-10. If it fails: the registry overwrote the stored version, or the fork is not in the
   * stored version's lineage.
   */
  @Test
  @DisplayName("V-09 an entity claiming a stored id with other content forks into its lineage")
  void claimedIdForks() {
    // given
    SimpleEntity stored = registry().register(new SimpleEntity("stored", 1));
    SimpleEntity claimant = new SimpleEntity(stored.ecsId(), "different", 2);
    // when
    registry().register(claimant);
    // then
    assertThat(claimant.ecsId()).isNotEqualTo(stored.ecsId());
    assertThat(claimant.parentId()).contains(stored.ecsId());
    assertThat(claimant.lineageId()).isEqualTo(stored.lineageId());
    assertThat(registry().get(stored.ecsId(), SimpleEntity.class).orElseThrow().name)
        .isEqualTo("stored");
    assertThat(registry().lineageIds(stored.lineageId()))
        .containsExactly(stored.ecsId(), claimant.ecsId());
  }

  /** C-FORK-11. If it fails: a later commit altered an earlier version. */
  @Test
  @DisplayName("V-10 repeated commits make a chain whose every version stays readable")
  void repeatedCommitsMakeChain() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("v", 0));
    // when
    for (int i = 1; i <= 5; i++) {
      entity.value = i;
      registry().commit(entity);
    }
    // then
    List<UUID> ids = registry().lineageIds(entity.lineageId());
    assertThat(ids).hasSize(6);
    assertThat(entity.oldIds()).containsExactlyElementsOf(ids.subList(0, 5));
    for (int i = 0; i < ids.size(); i++) {
      SimpleEntity version = registry().get(ids.get(i), SimpleEntity.class).orElseThrow();
      assertThat(version.value).isEqualTo(i);
      assertThat(version.parentId())
          .isEqualTo(i == 0 ? Optional.empty() : Optional.of(ids.get(i - 1)));
    }
  }

  /**
   * D-6 (C-FORK-15 decided). If it fails: the adapter does not keep each version's own creation
   * time.
   */
  @Test
  @DisplayName("V-11 a fork is dated when it is made")
  void forkIsDated() {
    // given
    SimpleEntity entity = registry().register(new SimpleEntity("dated", 1));
    Instant firstCreated = entity.createdAt();
    Instant beforeFork = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    // when
    entity.value = 2;
    registry().commit(entity);
    // then
    SimpleEntity read = registry().get(entity.ecsId(), SimpleEntity.class).orElseThrow();
    assertThat(read.createdAt()).isAfterOrEqualTo(beforeFork).isAfterOrEqualTo(firstCreated);
    assertThat(registry().get(read.parentId().orElseThrow(), SimpleEntity.class).orElseThrow()
        .createdAt()).isEqualTo(firstCreated);
  }

  /**
   * D-4 (C-MOD-8 decided). If it fails: the adapter does not keep the order of a list of
   * references, or the registry compares lists regardless of order.
   */
  @Test
  @DisplayName("V-12 reordering a list of entities is a change, and the order is kept")
  void reorderingIsAChange() {
    // given
    ParentEntity parent =
        registry().register(
            new ParentEntity(
                "parent",
                new SimpleEntity("a", 1),
                new SimpleEntity("b", 2),
                new SimpleEntity("c", 3)));
    UUID original = parent.ecsId();
    List<UUID> before = parent.children.stream().map(Entity::ecsId).toList();
    // when
    Collections.reverse(parent.children);
    PendingChanges pending = registry().pendingChanges(parent);
    registry().commit(parent);
    // then
    assertThat(pending.changesOf(parent).orElseThrow().change("children"))
        .contains(new FieldChange.MembersChanged(before, reversed(before)));
    assertThat(parent.ecsId()).isNotEqualTo(original);
    assertThat(registry().get(parent.ecsId(), ParentEntity.class).orElseThrow().children)
        .extracting(c -> c.name)
        .containsExactly("c", "b", "a");
  }

  /**
   * C-MOD-6, C-MOD-7, reference 2.5. If it fails: an appended child or a replaced reference is
   * not seen as a change of the owner, or the diff has the wrong shape.
   */
  @Test
  @DisplayName("V-13 appending a child or replacing a reference changes the owner")
  void appendAndReplace() {
    // given
    ParentEntity parent = registry().register(new ParentEntity("p", new SimpleEntity("a", 1)));
    RefEntity ref = registry().register(new RefEntity("r", new SimpleEntity("old", 1)));
    UUID oldTarget = ref.reference.ecsId();
    // when
    parent.children.add(new SimpleEntity("b", 2));
    SimpleEntity replacement = new SimpleEntity("new", 2);
    ref.reference = replacement;
    PendingChanges parentChanges = registry().pendingChanges(parent);
    PendingChanges refChanges = registry().pendingChanges(ref);
    UUID parentBefore = parent.ecsId();
    registry().commit(parent);
    registry().commit(ref);
    // then
    assertThat(parentChanges.changesOf(parent).orElseThrow().change("children"))
        .contains(new FieldChange.LengthChanged(1, 2));
    assertThat(refChanges.changesOf(ref).orElseThrow().change("reference"))
        .contains(new FieldChange.ReferenceChanged(oldTarget, replacement.ecsId()));
    assertThat(parent.ecsId()).isNotEqualTo(parentBefore);
    assertThat(registry().exists(replacement.ecsId())).isTrue();
    assertThat(registry().get(ref.ecsId(), RefEntity.class).orElseThrow().reference.name)
        .isEqualTo("new");
  }

  /**
   * C-MOD-1, C-MOD-3, reference 2.4. If it fails: the registry's comparison with the stored
   * versions is wrong: a changed entity is missed, or an owner is reported with changes of its
   * own.
   */
  @Test
  @DisplayName("V-14 pending changes list the changed entity with its diff and its owners")
  void pendingChangesReport() {
    // given
    RefEntity owner = registry().register(new RefEntity("owner", new SimpleEntity("t", 10)));
    RefEntity copy = registry().get(owner.ecsId(), RefEntity.class).orElseThrow();
    // when
    copy.reference.value = 20;
    PendingChanges pending = registry().pendingChanges(copy);
    // then
    assertThat(pending.entities()).containsExactly(copy.reference, copy);
    assertThat(pending.changesOf(copy.reference).orElseThrow().changes())
        .containsExactly(Map.entry("value", new FieldChange.Modified(10L, 20L)));
    assertThat(pending.changesOf(copy).orElseThrow().isEmpty()).isTrue();
    assertThat(copy.ecsId()).as("pending changes write nothing").isEqualTo(owner.ecsId());
  }

  /** C-FORK-2 (decided: commit stores it). If it fails: a new entity is not stored as it is. */
  @Test
  @DisplayName("V-15 a never-stored entity is stored under its own id, without a parent")
  void newEntityKeepsItsId() {
    // given
    SimpleEntity entity = new SimpleEntity("new", 1);
    UUID id = entity.ecsId();
    // when
    assertThat(registry().pendingChanges(entity).isEmpty()).isTrue();
    registry().commit(entity);
    // then
    assertThat(entity.ecsId()).isEqualTo(id);
    SimpleEntity read = registry().get(id, SimpleEntity.class).orElseThrow();
    assertThat(read.parentId()).isEmpty();
    assertThat(read.oldIds()).isEmpty();
    assertThat(read.lineageId()).isEqualTo(id);
  }

  /**
   * Reference 2.6 (nothing lost). If it fails: a refused commit left forked ids on the working
   * copy, so a retry would not be the same commit.
   */
  @Test
  @DisplayName("V-16 a refused commit leaves the working copy's ids as they were")
  void refusedCommitRollsBackIds() {
    // given
    RefEntity entity = registry().register(new RefEntity("r", new SimpleEntity("t", 1)));
    RefEntity winner = registry().get(entity.ecsId(), RefEntity.class).orElseThrow();
    RefEntity loser = registry().get(entity.ecsId(), RefEntity.class).orElseThrow();
    winner.name = "winner";
    registry().commit(winner);
    UUID loserId = loser.ecsId();
    UUID loserTarget = loser.reference.ecsId();
    // when
    loser.reference.value = 2;
    assertThatThrownBy(() -> registry().commit(loser)).isInstanceOf(ConflictException.class);
    // then
    assertThat(loser.ecsId()).isEqualTo(loserId);
    assertThat(loser.parentId()).isEmpty();
    assertThat(loser.reference.ecsId()).isEqualTo(loserTarget);
    assertThat(loser.reference.oldIds()).isEmpty();
    assertThat(registry().pendingChanges(loser).includes(loser.reference)).isTrue();
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }
}
