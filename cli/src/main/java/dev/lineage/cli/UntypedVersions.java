package dev.lineage.cli;

import dev.lineage.domain.EntityDiff;
import dev.lineage.domain.FieldChange;
import dev.lineage.domain.LineageTree;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Diffs and lineage trees of versions whose type the tool has no class for (an application's own
 * entities), computed from their stored records. They say what the registry's would, except that
 * a set field is compared as a list: the record does not say which fields are sets.
 */
final class UntypedVersions {

  private UntypedVersions() {}

  /** What changed from {@code before} to {@code after}, field by field, in field order. */
  static EntityDiff diff(VersionRecord before, VersionRecord after) {
    Map<String, FieldChange> changes = new LinkedHashMap<>();
    Set<String> names = new LinkedHashSet<>(after.fields().keySet());
    names.addAll(before.fields().keySet());
    for (String name : names) {
      Value old = before.fields().get(name);
      Value now = after.fields().get(name);
      if (old == null || now == null) {
        changes.put(name, new FieldChange.SchemaChange());
      } else if (!old.equals(now)) {
        changes.put(name, change(old, now));
      }
    }
    return changes.isEmpty() ? EntityDiff.none() : new EntityDiff(changes);
  }

  /**
   * The tree of a lineage's {@code versions} (all of them, in creation order), each with its diff
   * from its parent, as the registry builds it for known types.
   */
  static LineageTree tree(UUID lineageId, List<VersionRecord> versions) {
    Map<UUID, VersionRecord> byId = new LinkedHashMap<>();
    versions.forEach(version -> byId.put(version.ecsId(), version));
    Map<UUID, List<UUID>> children = new HashMap<>();
    List<LineageTree.Edge> edges = new ArrayList<>();
    for (VersionRecord version : versions) {
      if (version.parentId() != null && byId.containsKey(version.parentId())) {
        children.computeIfAbsent(version.parentId(), k -> new ArrayList<>()).add(version.ecsId());
        edges.add(new LineageTree.Edge(version.parentId(), version.ecsId()));
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
    List<LineageTree.Node> nodes = new ArrayList<>();
    for (VersionRecord version : versions) {
      VersionRecord parent = version.parentId() == null ? null : byId.get(version.parentId());
      Map<String, Object> data = new LinkedHashMap<>();
      version.fields().forEach((name, value) -> data.put(name, plain(value)));
      nodes.add(new LineageTree.Node(version.ecsId(), version.type(),
          Optional.ofNullable(version.parentId()), version.createdAt(),
          depths.getOrDefault(version.ecsId(), 0),
          children.getOrDefault(version.ecsId(), List.of()), data,
          parent == null ? Optional.empty() : Optional.of(diff(parent, version))));
    }
    return new LineageTree(lineageId, nodes, edges);
  }

  private static FieldChange change(Value old, Value now) {
    boolean oldRef = old instanceof Value.Ref || old instanceof Value.Null;
    boolean newRef = now instanceof Value.Ref || now instanceof Value.Null;
    if (oldRef && newRef) {
      return new FieldChange.ReferenceChanged(refId(old), refId(now));
    }
    if (old instanceof Value.Seq oldSeq && now instanceof Value.Seq newSeq) {
      List<Value> oldItems = oldSeq.items();
      List<Value> newItems = newSeq.items();
      if (oldItems.size() != newItems.size()) {
        return new FieldChange.LengthChanged(oldItems.size(), newItems.size());
      }
      if (allReferences(oldItems) && allReferences(newItems)) {
        return new FieldChange.MembersChanged(ids(oldItems), ids(newItems));
      }
    }
    return new FieldChange.Modified(plain(old), plain(now));
  }

  private static UUID refId(Value value) {
    return value instanceof Value.Ref ref ? ref.ecsId() : null;
  }

  private static boolean allReferences(List<Value> items) {
    return items.stream().allMatch(Value.Ref.class::isInstance);
  }

  private static List<UUID> ids(List<Value> items) {
    List<UUID> ids = new ArrayList<>(items.size());
    items.forEach(item -> ids.add(((Value.Ref) item).ecsId()));
    return ids;
  }

  /**
   * A value in the plain form diffs and trees hold: text, Long, Double, Boolean, UUID (data or
   * reference), Instant, List, Map, or null.
   */
  static Object plain(Value value) {
    if (value instanceof Value.Text text) {
      return text.value();
    } else if (value instanceof Value.Int number) {
      return number.value();
    } else if (value instanceof Value.Real number) {
      return number.value();
    } else if (value instanceof Value.Bool bool) {
      return bool.value();
    } else if (value instanceof Value.Uuid uuid) {
      return uuid.value();
    } else if (value instanceof Value.Time time) {
      return time.value();
    } else if (value instanceof Value.Ref ref) {
      return ref.ecsId();
    } else if (value instanceof Value.Seq seq) {
      List<Object> items = new ArrayList<>(seq.items().size());
      seq.items().forEach(item -> items.add(plain(item)));
      return items;
    } else if (value instanceof Value.Obj obj) {
      Map<String, Object> fields = new LinkedHashMap<>();
      obj.fields().forEach((key, item) -> fields.put(key, plain(item)));
      return fields;
    }
    return null;
  }
}
