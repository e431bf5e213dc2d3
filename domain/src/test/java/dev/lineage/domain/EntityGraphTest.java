package dev.lineage.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.domain.fixtures.Node;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The dependency graph of reference 2.1 and scenarios C-GRAPH-1..5. */
class EntityGraphTest {

  @Nested
  class Discovery {

    @Test
    @DisplayName("C-GRAPH-1 dependencies and dependents mirror each other along a chain")
    void chain() {
      // given
      Node e1 = new Node("e1");
      Node e2 = new Node("e2");
      Node e3 = new Node("e3");
      e3.next = e2;
      e2.next = e1;
      // when
      EntityGraph graph = EntityGraph.of(e3);
      // then
      assertThat(graph.nodes()).containsExactly(e3, e2, e1);
      assertThat(graph.children(e1)).isEmpty();
      assertThat(graph.children(e2)).containsExactly(e1);
      assertThat(graph.children(e3)).containsExactly(e2);
      assertThat(graph.owners(e1)).containsExactly(e2);
      assertThat(graph.owners(e3)).isEmpty();
    }

    @Test
    @DisplayName("sub-entities are found in references, lists, sets, map values, optionals and nested lists")
    void everyContainer() {
      // given
      Node root = new Node("root");
      Node ref = new Node("ref");
      Node inList = new Node("list");
      Node inSet = new Node("set");
      Node inMap = new Node("map");
      Node inOptional = new Node("optional");
      Node nested = new Node("nested");
      root.next = ref;
      root.children.add(inList);
      root.members.add(inSet);
      root.byKey.put("k", inMap);
      root.maybe = Optional.of(inOptional);
      root.groups.add(List.of(nested));
      // when
      EntityGraph graph = EntityGraph.of(root);
      // then
      assertThat(graph.children(root))
          .containsExactly(ref, inList, inSet, inMap, inOptional, nested);
    }

    @Test
    @DisplayName("back-references are not walked for sub-entities")
    void backReferencesNotWalked() {
      // given
      Node owner = new Node("owner");
      Node child = new Node("child");
      child.owner = owner;
      // when
      EntityGraph graph = EntityGraph.of(child);
      // then
      assertThat(graph.nodes()).containsExactly(child);
    }

    @Test
    @DisplayName("C-GRAPH-5 a parent depends on its children; each child lists the parent")
    void parentAndChildren() {
      // given
      Node parent = new Node("parent");
      Node a = parent.adopt(new Node("a"));
      Node b = parent.adopt(new Node("b"));
      // when
      EntityGraph graph = EntityGraph.of(parent);
      // then
      assertThat(graph.children(parent)).containsExactly(a, b);
      assertThat(graph.owners(a)).containsExactly(parent);
      assertThat(graph.owners(b)).containsExactly(parent);
    }
  }

  @Nested
  class Cycles {

    @Test
    @DisplayName("C-GRAPH-2 a three-way cycle is reported and still sorted completely")
    void threeWayCycle() {
      // given
      Node a = new Node("a");
      Node b = new Node("b");
      Node c = new Node("c");
      a.next = b;
      b.next = c;
      c.next = a;
      // when
      EntityGraph graph = EntityGraph.of(a);
      // then
      assertThat(graph.cycles()).containsExactly(List.of(a, b, c));
      assertThat(graph.bottomUp()).containsExactlyInAnyOrder(a, b, c);
    }

    @Test
    @DisplayName("a back-reference closes a cycle for detection, not for ordering")
    void backReferenceCycle() {
      // given
      Node parent = new Node("parent");
      Node child = parent.adopt(new Node("child"));
      // when
      EntityGraph graph = EntityGraph.of(parent);
      // then
      assertThat(graph.cycles()).containsExactly(List.of(parent, child));
      assertThat(graph.bottomUp()).containsExactly(child, parent);
    }

    @Test
    @DisplayName("C-GRAPH-3 a diamond has no cycle and sorts the bottom first, the top last")
    void diamond() {
      // given
      Node top = new Node("top");
      Node left = new Node("left");
      Node right = new Node("right");
      Node bottom = new Node("bottom");
      top.children.addAll(List.of(left, right));
      left.next = bottom;
      right.next = bottom;
      // when
      EntityGraph graph = EntityGraph.of(top);
      // then
      assertThat(graph.nodes()).hasSize(4);
      assertThat(graph.children(top)).hasSize(2);
      assertThat(graph.owners(bottom)).containsExactly(left, right);
      assertThat(graph.cycles()).isEmpty();
      assertThat(graph.bottomUp()).containsExactly(bottom, left, right, top);
    }

    @Test
    @DisplayName("C-GRAPH-4 the bottom-up order respects every edge")
    void orderRespectsEdges() {
      // given e1 <- e2 <- e3 <- e5 and e1 <- e4 <- e5
      Node e1 = new Node("e1");
      Node e2 = new Node("e2");
      Node e3 = new Node("e3");
      Node e4 = new Node("e4");
      Node e5 = new Node("e5");
      e2.next = e1;
      e3.next = e2;
      e4.next = e1;
      e5.children.addAll(List.of(e3, e4));
      // when
      List<Entity> order = EntityGraph.of(e5).bottomUp();
      // then
      for (Entity owner : order) {
        for (Entity child : EntityGraph.of(e5).children(owner)) {
          assertThat(order.indexOf(child)).isLessThan(order.indexOf(owner));
        }
      }
    }

    @Test
    @DisplayName("a chain of 100,000 entities is walked without overflowing the stack")
    void longChain() {
      // given
      Node head = new Node("0");
      Node current = head;
      for (int i = 1; i < 100_000; i++) {
        current.next = new Node(String.valueOf(i));
        current = current.next;
      }
      // when
      EntityGraph graph = EntityGraph.of(head);
      // then
      assertThat(graph.nodes()).hasSize(100_000);
      assertThat(graph.bottomUp().get(0)).isSameAs(current);
      assertThat(graph.cycles()).isEmpty();
      assertThat(graph.withAllOwners(List.of(current))).hasSize(100_000);
    }
  }
}
