package dev.lineage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.conformance.entities.BidirectionalChild;
import dev.lineage.conformance.entities.BidirectionalParent;
import dev.lineage.conformance.entities.CircularRefA;
import dev.lineage.conformance.entities.CircularRefB;
import dev.lineage.conformance.entities.CircularRefC;
import dev.lineage.conformance.entities.DiamondBottom;
import dev.lineage.conformance.entities.DiamondTop;
import dev.lineage.conformance.entities.HierarchicalEntity;
import dev.lineage.conformance.entities.ManyToManyLeft;
import dev.lineage.conformance.entities.ManyToManyRight;
import dev.lineage.domain.Entities;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rules C: cyclic and shared structure survives every operation (reference 2.8, 5.4). */
abstract class CycleRules extends RuleGroup {

  CycleRules(Fixture fixture) {
    super(fixture);
  }

  /** C-CYC-1. If it fails: {@code loadGraphs} stops at a version it has already returned. */
  @Test
  @DisplayName("C-01 a many-to-many pair reads back linked both ways")
  void manyToManyPair() {
    // given
    ManyToManyLeft left = new ManyToManyLeft("LeftEntity");
    left.link(new ManyToManyRight("RightEntity"));
    registry().register(left);
    // when
    ManyToManyLeft read = registry().get(left.ecsId(), ManyToManyLeft.class).orElseThrow();
    // then
    assertThat(read.rights).hasSize(1);
    assertThat(read.rights.get(0).name).isEqualTo("RightEntity");
    assertThat(read.rights.get(0).lefts.get(0)).isSameAs(read);
  }

  /** C-CYC-2. If it fails: a cycle of references is not read back as the same cycle. */
  @Test
  @DisplayName("C-02 a three-way cycle reads back as one cycle")
  void threeWayCycle() {
    // given
    CircularRefA a = cycle();
    registry().register(a);
    // when
    CircularRefA read = registry().get(a.ecsId(), CircularRefA.class).orElseThrow();
    // then
    assertThat(read.refToB.refToC.refToA).isSameAs(read);
    assertThat(read.refToB.refToC.refToA.ecsId()).isEqualTo(a.ecsId());
  }

  /**
   * C-CYC-3. If it fails: forking inside a cycle leaves a member pointing at an old version.
   */
  @Test
  @DisplayName("C-03 changing a cycle member forks the whole cycle consistently")
  void forkInsideCycle() {
    // given
    CircularRefA a = cycle();
    registry().register(a);
    CircularRefA copy = registry().get(a.ecsId(), CircularRefA.class).orElseThrow();
    // when
    copy.refToB.refToC.name = "Modified C";
    registry().commit(copy);
    // then
    assertThat(copy.ecsId()).isNotEqualTo(a.ecsId());
    CircularRefA read = registry().get(copy.ecsId(), CircularRefA.class).orElseThrow();
    assertThat(read.refToB.refToC.refToA.ecsId()).isEqualTo(copy.ecsId());
    assertThat(read.refToB.refToC.name).isEqualTo("Modified C");
    assertThat(read.refToB.ecsId()).isNotEqualTo(a.refToB.ecsId());
    CircularRefA old = registry().get(a.ecsId(), CircularRefA.class).orElseThrow();
    assertThat(old.refToB.refToC.name).isEqualTo("C");
  }

  /** C-CYC-4. If it fails: cross-linked lists lose members or order. */
  @Test
  @DisplayName("C-04 a cross-linked many-to-many of two by two reads back whole")
  void crossLinkedManyToMany() {
    // given
    ManyToManyLeft left1 = new ManyToManyLeft("Left1");
    ManyToManyLeft left2 = new ManyToManyLeft("Left2");
    ManyToManyRight right1 = new ManyToManyRight("Right1");
    ManyToManyRight right2 = new ManyToManyRight("Right2");
    left1.link(right1);
    left1.link(right2);
    left2.link(right1);
    left2.link(right2);
    registry().register(left1);
    // when
    ManyToManyLeft read = registry().get(left1.ecsId(), ManyToManyLeft.class).orElseThrow();
    ManyToManyRight readRight =
        registry().get(right1.ecsId(), ManyToManyRight.class).orElseThrow();
    // then
    assertThat(read.rights).extracting(r -> r.name).containsExactly("Right1", "Right2");
    assertThat(read.rights.get(0).lefts).extracting(l -> l.name).containsExactly("Left1", "Left2");
    assertThat(read.rights.get(0).lefts.get(1)).isSameAs(read.rights.get(1).lefts.get(1));
    assertThat(readRight.lefts).extracting(l -> l.name).containsExactly("Left1", "Left2");
  }

  /**
   * C-CYC-5. If it fails: back-references are stored or restored wrongly; each child must point
   * at its owner in the graph read.
   */
  @Test
  @DisplayName("C-05 back-references point at their owners after a read")
  void backReferencesRestored() {
    // given
    BidirectionalParent parent = new BidirectionalParent("parent");
    parent.addChild(new BidirectionalChild("c1", 1));
    parent.addChild(new BidirectionalChild("c2", 2));
    HierarchicalEntity root = new HierarchicalEntity("root");
    HierarchicalEntity mid = root.add(new HierarchicalEntity("mid"));
    mid.add(new HierarchicalEntity("leaf"));
    registry().register(parent);
    registry().register(root);
    // when
    BidirectionalParent readParent =
        registry().get(parent.ecsId(), BidirectionalParent.class).orElseThrow();
    HierarchicalEntity readRoot = registry().get(root.ecsId(), HierarchicalEntity.class).orElseThrow();
    HierarchicalEntity readLeafAlone =
        registry().get(mid.children.get(0).ecsId(), HierarchicalEntity.class).orElseThrow();
    // then
    assertThat(readParent.children).allSatisfy(c -> assertThat(c.parent).isSameAs(readParent));
    assertThat(readRoot.parent).isNull();
    HierarchicalEntity readMid = readRoot.children.get(0);
    assertThat(readMid.parent).isSameAs(readRoot);
    assertThat(readMid.children.get(0).parent).isSameAs(readMid);
    assertThat(readLeafAlone.parent).as("an owner outside the graph read").isNull();
    assertThat(registry().pendingChanges(readLeafAlone).isEmpty()).isTrue();
  }

  /**
   * C-CYC-6. If it fails: an operation on a cycle does not terminate, or stores a member twice.
   */
  @Test
  @DisplayName("C-06 every operation on a cycle terminates and stores each member once")
  void cycleOperationsTerminate() {
    // given
    CircularRefA a = cycle();
    long before = registry().status().versionCount();
    // when
    registry().register(a);
    long afterRegister = registry().status().versionCount();
    a.refToB.name = "B2";
    registry().commit(a);
    CircularRefA copy = Entities.deepCopy(a);
    // then
    assertThat(afterRegister - before).isEqualTo(3);
    assertThat(registry().status().versionCount() - afterRegister).isEqualTo(3);
    assertThat(copy.refToB.refToC.refToA).isSameAs(copy);
    assertThat(copy).isEqualTo(a).isNotSameAs(a);
    assertThat(registry().pendingChanges(copy).isEmpty()).isTrue();
  }

  /**
   * Reference 5.12 (diamond). If it fails: a version reached by two paths is stored twice or read
   * back as two objects.
   */
  @Test
  @DisplayName("C-07 a diamond's shared bottom is one version and one object")
  void diamondSharesBottom() {
    // given
    DiamondTop top = DiamondTop.over(new DiamondBottom("bottom"));
    long before = registry().status().versionCount();
    registry().register(top);
    // when
    DiamondTop read = registry().get(top.ecsId(), DiamondTop.class).orElseThrow();
    read.left.bottom.name = "changed bottom";
    registry().commit(read);
    // then
    assertThat(registry().status().versionCount() - before).isEqualTo(4 + 4);
    assertThat(read.right.bottom).isSameAs(read.left.bottom);
    DiamondTop again = registry().get(read.ecsId(), DiamondTop.class).orElseThrow();
    assertThat(again.right.bottom).isSameAs(again.left.bottom);
    assertThat(again.right.bottom.name).isEqualTo("changed bottom");
    List<UUID> sides = List.of(again.left.ecsId(), again.right.ecsId());
    assertThat(sides).doesNotContain(top.left.ecsId(), top.right.ecsId());
  }

  private static CircularRefA cycle() {
    CircularRefA a = new CircularRefA("A");
    CircularRefB b = new CircularRefB("B");
    CircularRefC c = new CircularRefC("C");
    a.refToB = b;
    b.refToC = c;
    c.refToA = a;
    return a;
  }
}
