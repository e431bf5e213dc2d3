package dev.lineage.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.domain.fixtures.Node;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties over random entity graphs (shared nodes, cycles, every container, back-references):
 * a graph reads back with the same shape and content, and after random edits a commit stores
 * exactly the edited graph. Each seed is one reproducible graph.
 */
class RandomGraphTest {

  static LongStream seeds() {
    return LongStream.range(1, 61);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void graphReadsBackWithItsShape(long seed) {
    // given
    EntityRegistry registry = EntityRegistry.over(new InMemoryEntityStorage());
    Node root = randomGraph(new Random(seed));
    registry.register(root);
    // when
    Node read = registry.require(root.ecsId(), Node.class);
    // then
    assertSameShape(root, read);
    assertThat(registry.pendingChanges(read).isEmpty()).isTrue();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void editedGraphIsStoredAsEdited(long seed) {
    // given
    Random random = new Random(seed);
    EntityRegistry registry = EntityRegistry.over(new InMemoryEntityStorage());
    Node root = registry.register(randomGraph(random));
    Node copy = registry.require(root.ecsId(), Node.class);
    List<Entity> nodes = EntityGraph.of(copy).nodes();
    // when
    for (int i = 0; i < 3; i++) {
      Node victim = (Node) nodes.get(random.nextInt(nodes.size()));
      if (random.nextBoolean()) {
        victim.value += 1;
      } else {
        victim.children.add(new Node("added " + i, i));
      }
    }
    registry.commit(copy);
    // then
    assertSameShape(copy, registry.require(copy.ecsId(), Node.class));
    assertThat(registry.require(root.ecsId(), Node.class).value).isEqualTo(root.value);
  }

  /** Both graphs have the same nodes in the same places, with equal content and ids. */
  private static void assertSameShape(Entity expected, Entity actual) {
    EntityGraph left = EntityGraph.of(expected);
    EntityGraph right = EntityGraph.of(actual);
    List<Entity> leftNodes = left.nodes();
    List<Entity> rightNodes = right.nodes();
    assertThat(rightNodes).hasSameSizeAs(leftNodes);
    for (int i = 0; i < leftNodes.size(); i++) {
      Entity l = leftNodes.get(i);
      Entity r = rightNodes.get(i);
      assertThat(r.ecsId()).isEqualTo(l.ecsId());
      assertThat(Entities.compare(l, r).isEmpty()).as("content of %s", l).isTrue();
      assertThat(positions(rightNodes, right.children(r)))
          .isEqualTo(positions(leftNodes, left.children(l)));
    }
  }

  private static List<Integer> positions(List<Entity> nodes, List<Entity> children) {
    List<Integer> positions = new ArrayList<>();
    for (Entity child : children) {
      for (int i = 0; i < nodes.size(); i++) {
        if (nodes.get(i) == child) {
          positions.add(i);
        }
      }
    }
    return positions;
  }

  /** Up to 30 nodes wired at random through every kind of field, cycles and sharing included. */
  static Node randomGraph(Random random) {
    List<Node> nodes = new ArrayList<>();
    int size = 1 + random.nextInt(30);
    for (int i = 0; i < size; i++) {
      nodes.add(new Node("node " + i, random.nextInt(1000)));
    }
    for (Node node : nodes) {
      int links = random.nextInt(4);
      for (int l = 0; l < links; l++) {
        Node target = nodes.get(random.nextInt(size));
        switch (random.nextInt(6)) {
          case 0 -> node.next = target;
          case 1 -> node.children.add(target);
          case 2 -> node.members.add(target);
          case 3 -> node.byKey.put("k" + l, target);
          case 4 -> node.maybe = Optional.of(target);
          default -> node.groups.add(new ArrayList<>(List.of(target, target)));
        }
      }
    }
    Node root = nodes.get(0);
    for (Entity reachable : EntityGraph.of(root).nodes()) {
      for (Entity child : EntityGraph.of(root).children(reachable)) {
        if (random.nextInt(4) == 0) {
          ((Node) child).owner = (Node) reachable;
        }
      }
    }
    return root;
  }
}
