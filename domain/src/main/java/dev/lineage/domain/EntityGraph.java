package dev.lineage.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The entities reachable from a root through its declared fields, with their ownership edges (an
 * owner holds a child) and back-reference edges (a child points back at an owner).
 *
 * <p>Nodes are the objects themselves, compared by identity, in breadth-first order from the root
 * (deterministic: fields in declaration order, collections in iteration order). The graph is built
 * afresh for every operation and never cached on the entities (D-8). Every walk is iterative, so
 * a chain of any length cannot overflow the stack.
 */
final class EntityGraph {

  private final List<Entity> nodes = new ArrayList<>();
  private final Map<Entity, Integer> index = new IdentityHashMap<>();
  private final List<List<Integer>> children = new ArrayList<>();
  private final List<List<Integer>> owners = new ArrayList<>();
  private final List<List<Integer>> backReferences = new ArrayList<>();

  private EntityGraph() {}

  /** The graph of everything {@code root} owns, directly or not. */
  static EntityGraph of(Entity root) {
    return build(root, false);
  }

  /**
   * The part of {@code root}'s graph a commit must look at: pristine entities (which cannot have
   * changed, see CleanState) are left out, and of a tracked list whose stored beginning holds
   * only pristine entities, only the rest is walked. The root is always a node.
   */
  static EntityGraph toCommit(Entity root) {
    return build(root, true);
  }

  private static EntityGraph build(Entity root, boolean skipClean) {
    EntityGraph graph = new EntityGraph();
    graph.add(root);
    for (int i = 0; i < graph.nodes.size(); i++) {
      int owner = i;
      Set<Integer> seen = new LinkedHashSet<>();
      Consumer<Entity> link = child -> {
        if (skipClean && child.pristine()) {
          return;
        }
        int childIndex = graph.add(child);
        if (seen.add(childIndex)) {
          graph.children.get(owner).add(childIndex);
          graph.owners.get(childIndex).add(owner);
        }
      };
      if (skipClean) {
        forEachChangeableChild(graph.nodes.get(i), link);
      } else {
        forEachChild(graph.nodes.get(i), link);
      }
    }
    for (int i = 0; i < graph.nodes.size(); i++) {
      Entity node = graph.nodes.get(i);
      for (EntityModel.Property property : EntityModel.of(node).properties()) {
        if (property.backReference()) {
          Integer target = graph.index.get(property.get(node));
          if (target != null) {
            graph.backReferences.get(i).add(target);
          }
        }
      }
    }
    return graph;
  }

  /** Calls {@code action} for every entity {@code owner} holds in its own (non-back) fields. */
  static void forEachChild(Entity owner, Consumer<Entity> action) {
    for (EntityModel.Property property : EntityModel.of(owner).ownershipProperties()) {
      forEachEntityIn(property.get(owner), action);
    }
  }

  /**
   * Like {@link #forEachChild}, but skips the stored, pristine beginning of tracked lists: the
   * entities there cannot have changed.
   */
  private static void forEachChangeableChild(Entity owner, Consumer<Entity> action) {
    var baseline = owner.baseline();
    for (EntityModel.Property property : EntityModel.of(owner).ownershipProperties()) {
      Object value = property.get(owner);
      if (baseline != null && value instanceof TrackedList<?> list) {
        int prefix = list.pristinePrefix(owner, property.name(), baseline.ecsId());
        if (prefix >= 0) {
          forEachEntityIn(list.after(prefix), action);
          continue;
        }
      }
      forEachEntityIn(value, action);
    }
  }

  /** Calls {@code action} for every entity inside {@code value}, looking through containers. */
  static void forEachEntityIn(Object value, Consumer<Entity> action) {
    // The common shapes first, without a stack: a field holding an entity, or nothing, or a list
    // of entities (a thread's history); anything nested goes to the general walk.
    if (value == null) {
      return;
    }
    if (value instanceof Entity entity) {
      action.accept(entity);
      return;
    }
    if (value instanceof List<?> list && list instanceof RandomAccess) {
      for (int i = 0, size = list.size(); i < size; i++) {
        Object item = list.get(i);
        if (item instanceof Entity entity) {
          action.accept(entity);
        } else if (item != null) {
          forEachNestedEntityIn(item, action);
        }
      }
      return;
    }
    forEachNestedEntityIn(value, action);
  }

  private static void forEachNestedEntityIn(Object value, Consumer<Entity> action) {
    Deque<Object> pending = new ArrayDeque<>();
    pending.push(value);
    while (!pending.isEmpty()) {
      Object next = pending.pop();
      if (next instanceof Entity entity) {
        action.accept(entity);
      } else if (next instanceof Collection<?> || next instanceof Map<?, ?>
          || next instanceof Optional<?>) {
        List<Object> items = new ArrayList<>();
        if (next instanceof Collection<?> collection) {
          items.addAll(collection);
        } else if (next instanceof Map<?, ?> map) {
          items.addAll(map.values());
        } else {
          ((Optional<?>) next).ifPresent(items::add);
        }
        for (int i = items.size() - 1; i >= 0; i--) { // keep iteration order on the stack
          if (items.get(i) != null) {
            pending.push(items.get(i));
          }
        }
      }
    }
  }

  private int add(Entity entity) {
    Integer existing = index.get(entity);
    if (existing != null) {
      return existing;
    }
    int position = nodes.size();
    nodes.add(entity);
    index.put(entity, position);
    children.add(new ArrayList<>());
    owners.add(new ArrayList<>());
    backReferences.add(new ArrayList<>());
    return position;
  }

  List<Entity> nodes() {
    return Collections.unmodifiableList(nodes);
  }

  Entity root() {
    return nodes.get(0);
  }

  boolean contains(Entity entity) {
    return index.containsKey(entity);
  }

  /** The entities {@code owner} holds directly (its dependencies). */
  List<Entity> children(Entity owner) {
    return entities(children.get(index.get(owner)));
  }

  /** The entities that hold {@code child} directly (its dependents). */
  List<Entity> owners(Entity child) {
    return entities(owners.get(index.get(child)));
  }

  /** {@code changed} and every entity that owns one of them, directly or not (D-3). */
  Set<Entity> withAllOwners(Collection<Entity> changed) {
    Set<Entity> result = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Integer> pending = new ArrayDeque<>();
    for (Entity entity : changed) {
      if (result.add(entity)) {
        pending.add(index.get(entity));
      }
    }
    while (!pending.isEmpty()) {
      for (int owner : owners.get(pending.poll())) {
        if (result.add(nodes.get(owner))) {
          pending.add(owner);
        }
      }
    }
    return result;
  }

  /**
   * The groups of entities that reach each other, over ownership and back-reference edges alike:
   * every cycle lies within one group. Each group is in breadth-first order; groups are ordered by
   * their first member.
   */
  List<List<Entity>> cycles() {
    List<List<Integer>> all = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      List<Integer> edges = new ArrayList<>(children.get(i));
      edges.addAll(backReferences.get(i));
      all.add(edges);
    }
    List<List<Entity>> cycles = new ArrayList<>();
    for (int[] component : stronglyConnected(all)) {
      boolean selfLoop = component.length == 1 && all.get(component[0]).contains(component[0]);
      if (component.length > 1 || selfLoop) {
        Arrays.sort(component);
        cycles.add(entities(Arrays.stream(component).boxed().toList()));
      }
    }
    cycles.sort(Comparator.comparingInt(cycle -> index.get(cycle.get(0))));
    return cycles;
  }

  /**
   * Every node, children before their owners: sorted by depth (0 for an entity that owns nothing,
   * else one more than its deepest child), ties in breadth-first order. Members of an ownership
   * cycle share a depth.
   */
  List<Entity> bottomUp() {
    int[] depth = new int[nodes.size()];
    // Tarjan emits a component only after every component it reaches, so its children's depths
    // are known when it is emitted.
    for (int[] component : stronglyConnected(children)) {
      Set<Integer> members = new LinkedHashSet<>();
      Arrays.stream(component).forEach(members::add);
      int componentDepth = 0;
      for (int member : component) {
        for (int child : children.get(member)) {
          if (!members.contains(child)) {
            componentDepth = Math.max(componentDepth, depth[child] + 1);
          }
        }
      }
      for (int member : component) {
        depth[member] = componentDepth;
      }
    }
    List<Integer> order = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt(i -> depth[i])); // stable: ties keep breadth-first order
    return entities(order);
  }

  private List<Entity> entities(List<Integer> positions) {
    List<Entity> result = new ArrayList<>(positions.size());
    positions.forEach(position -> result.add(nodes.get(position)));
    return result;
  }

  /** Tarjan's strongly connected components, iteratively; sinks first. */
  private static List<int[]> stronglyConnected(List<List<Integer>> edges) {
    int n = edges.size();
    int[] order = new int[n];
    int[] low = new int[n];
    boolean[] onStack = new boolean[n];
    Arrays.fill(order, -1);
    Deque<Integer> stack = new ArrayDeque<>();
    List<int[]> components = new ArrayList<>();
    int counter = 0;
    for (int start = 0; start < n; start++) {
      if (order[start] != -1) {
        continue;
      }
      Deque<int[]> calls = new ArrayDeque<>(); // {node, next edge to look at}
      calls.push(new int[] {start, 0});
      order[start] = low[start] = counter++;
      stack.push(start);
      onStack[start] = true;
      while (!calls.isEmpty()) {
        int[] frame = calls.peek();
        int node = frame[0];
        List<Integer> out = edges.get(node);
        if (frame[1] < out.size()) {
          int next = out.get(frame[1]++);
          if (order[next] == -1) {
            order[next] = low[next] = counter++;
            stack.push(next);
            onStack[next] = true;
            calls.push(new int[] {next, 0});
          } else if (onStack[next]) {
            low[node] = Math.min(low[node], order[next]);
          }
          continue;
        }
        calls.pop();
        if (!calls.isEmpty()) {
          int caller = calls.peek()[0];
          low[caller] = Math.min(low[caller], low[node]);
        }
        if (low[node] == order[node]) {
          List<Integer> members = new ArrayList<>();
          int member;
          do {
            member = stack.pop();
            onStack[member] = false;
            members.add(member);
          } while (member != node);
          components.add(members.stream().mapToInt(Integer::intValue).toArray());
        }
      }
    }
    return components;
  }
}
