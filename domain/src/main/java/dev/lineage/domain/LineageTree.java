package dev.lineage.domain;

import dev.lineage.storage.VersionRecord;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The versions of one lineage as a tree (reference 2.11): each version under the version it was
 * forked from, with what changed between them.
 *
 * @param lineageId the lineage
 * @param nodes every version, in creation order
 * @param edges one edge per version that has a parent in the lineage, in creation order
 */
public record LineageTree(UUID lineageId, List<Node> nodes, List<Edge> edges) {

  public LineageTree {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /**
   * One version.
   *
   * @param ecsId the version
   * @param type its stored type name
   * @param parentId the version it was forked from, if any
   * @param createdAt when it was made
   * @param depth 0 for a root of the tree, else one more than its parent
   * @param children the versions forked from it, in creation order
   * @param data its fields in stored form (references as version ids)
   * @param diffFromParent what changed since its parent, when the parent is in the lineage
   */
  public record Node(
      UUID ecsId,
      String type,
      Optional<UUID> parentId,
      Instant createdAt,
      int depth,
      List<UUID> children,
      Map<String, Object> data,
      Optional<EntityDiff> diffFromParent) {

    public Node {
      children = List.copyOf(children);
      data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
  }

  /** A fork from {@code parentId} to {@code childId}. */
  public record Edge(UUID parentId, UUID childId) {}

  /** Whether the lineage has no stored version. */
  public boolean isEmpty() {
    return nodes.isEmpty();
  }

  /** The first version without a parent, the lineage's origin. */
  public Optional<UUID> root() {
    return nodes.stream().filter(n -> n.parentId().isEmpty()).map(Node::ecsId).findFirst();
  }

  /** The version ids in creation order. */
  public List<UUID> sortedIds() {
    return nodes.stream().map(Node::ecsId).toList();
  }

  /** The non-empty diffs from parent, by child version. */
  public Map<UUID, EntityDiff> diffs() {
    Map<UUID, EntityDiff> diffs = new LinkedHashMap<>();
    for (Node node : nodes) {
      node.diffFromParent().filter(d -> !d.isEmpty()).ifPresent(d -> diffs.put(node.ecsId(), d));
    }
    return diffs;
  }

  /** The node of version {@code ecsId}, if it is in the lineage. */
  public Optional<Node> node(UUID ecsId) {
    return nodes.stream().filter(n -> n.ecsId().equals(ecsId)).findFirst();
  }

  /**
   * The tree as a Mermaid {@code graph TD} block: each version labelled with its type and the last
   * 8 characters of its id, the origin with its first three fields, every other version with its
   * number of changed fields, every edge with the changed fields.
   */
  public String toMermaid() {
    List<String> lines = new ArrayList<>();
    lines.add("```mermaid");
    lines.add("graph TD");
    if (nodes.isEmpty()) {
      lines.add("  No data available");
    }
    for (Node node : nodes) {
      StringBuilder label = new StringBuilder(simpleName(node.type()));
      label.append("\\n").append(shortId(node.ecsId()));
      if (node.parentId().isEmpty()) {
        Iterator<Map.Entry<String, Object>> fields = node.data().entrySet().iterator();
        for (int i = 0; i < 3 && fields.hasNext(); i++) {
          Map.Entry<String, Object> field = fields.next();
          label.append("\\n").append(field.getKey()).append('=').append(shorten(field.getValue()));
        }
      } else {
        int changes = node.diffFromParent().map(d -> d.changes().size()).orElse(0);
        label.append("\\n(").append(changes).append(" changes)");
      }
      lines.add("  " + node.ecsId() + "[\"" + escape(label.toString()) + "\"]");
    }
    for (Edge edge : edges) {
      EntityDiff diff = node(edge.childId()).flatMap(Node::diffFromParent).orElse(null);
      if (diff == null || diff.isEmpty()) {
        lines.add("  " + edge.parentId() + " --> " + edge.childId());
      } else {
        lines.add(
            "  " + edge.parentId() + " -->|\"" + escape(edgeLabel(diff)) + "\"| " + edge.childId());
      }
    }
    lines.add("```");
    return String.join("\n", lines);
  }

  private static String edgeLabel(EntityDiff diff) {
    List<String> parts = new ArrayList<>();
    diff.changes().forEach((field, change) -> {
      if (!(change instanceof FieldChange.SchemaChange)) {
        parts.add(field + " mod");
      }
    });
    if (parts.size() > 3) {
      int more = diff.changes().size() - 3;
      parts.subList(3, parts.size()).clear();
      parts.add("...(" + more + " more)");
    }
    return String.join("\\n", parts);
  }

  /**
   * The last 8 characters of an id. UUIDv7 ids begin with their time, so versions made in the
   * same minute share their first 8 characters (the reference shows those); the end tells them
   * apart.
   */
  static String shortId(UUID id) {
    return id.toString().substring(28);
  }

  private static String shorten(Object value) {
    String text = String.valueOf(value);
    return text.length() > 15 ? text.substring(0, 15) + "..." : text;
  }

  /** Double quotes end a Mermaid label; Mermaid's entity code stands in for them. */
  private static String escape(String label) {
    return label.replace("\"", "#quot;");
  }

  private static String simpleName(String type) {
    return type.substring(Math.max(type.lastIndexOf('.'), type.lastIndexOf('$')) + 1);
  }

  /**
   * Builds the tree of {@code versions} (all versions of one lineage, in creation order); {@code
   * diff} compares a parent version with a child version.
   */
  static LineageTree of(
      UUID lineageId,
      List<VersionRecord> versions,
      BiFunction<VersionRecord, VersionRecord, EntityDiff> diff) {
    Map<UUID, VersionRecord> byId = new LinkedHashMap<>();
    versions.forEach(v -> byId.put(v.ecsId(), v));
    Map<UUID, List<UUID>> children = new HashMap<>();
    List<Edge> edges = new ArrayList<>();
    for (VersionRecord version : versions) {
      if (version.parentId() != null && byId.containsKey(version.parentId())) {
        children.computeIfAbsent(version.parentId(), k -> new ArrayList<>()).add(version.ecsId());
        edges.add(new Edge(version.parentId(), version.ecsId()));
      }
    }
    Map<UUID, Integer> depths = new HashMap<>();
    for (VersionRecord version : versions) {
      if (version.parentId() == null || !byId.containsKey(version.parentId())) {
        Deque<UUID> pending = new ArrayDeque<>(List.of(version.ecsId()));
        depths.put(version.ecsId(), 0);
        while (!pending.isEmpty()) {
          UUID id = pending.poll();
          for (UUID child : children.getOrDefault(id, List.of())) {
            depths.put(child, depths.get(id) + 1);
            pending.add(child);
          }
        }
      }
    }
    List<Node> nodes = new ArrayList<>();
    for (VersionRecord version : versions) {
      VersionRecord parent = version.parentId() == null ? null : byId.get(version.parentId());
      Map<String, Object> data = new LinkedHashMap<>();
      version.fields().forEach((name, value) -> data.put(name, ValueCodec.plain(value)));
      nodes.add(
          new Node(
              version.ecsId(),
              version.type(),
              Optional.ofNullable(version.parentId()),
              version.createdAt(),
              depths.getOrDefault(version.ecsId(), 0),
              children.getOrDefault(version.ecsId(), List.of()),
              data,
              parent == null ? Optional.empty() : Optional.of(diff.apply(parent, version))));
    }
    return new LineageTree(lineageId, nodes, edges);
  }
}
