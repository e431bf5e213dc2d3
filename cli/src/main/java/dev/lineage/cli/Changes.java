package dev.lineage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.domain.EntityDiff;
import dev.lineage.domain.FieldChange;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What changed between two versions, for people and for scripts: each changed field with its old
 * and new value (cut short), and for a list of references (a thread's history) the versions it
 * lost and gained, each in one line.
 */
final class Changes {

  /** How many gained or lost list members are listed before the rest is counted. */
  private static final int MEMBER_LINES = 10;

  private final EntityDiff diff;
  private final VersionRecord before;
  private final VersionRecord after;

  Changes(EntityDiff diff, VersionRecord before, VersionRecord after) {
    this.diff = diff;
    this.before = before;
    this.after = after;
  }

  boolean isEmpty() {
    return diff.isEmpty();
  }

  /** The field names that changed, in field order. */
  List<String> fields() {
    return List.copyOf(diff.changes().keySet());
  }

  /**
   * The changed fields in a few words: {@code history +2} for a list of references that gained two
   * members, {@code history 1 replaced}, {@code history -1 +3}; other fields by name.
   */
  String brief() {
    List<String> parts = new ArrayList<>();
    for (String field : diff.changes().keySet()) {
      Members members = members(field);
      int lost = members == null ? 0 : members.removed().size();
      int gained = members == null ? 0 : members.added().size();
      if (members == null || lost + gained == 0) {
        parts.add(field);
      } else if (lost == 0) {
        parts.add(field + " +" + gained);
      } else if (gained == 0) {
        parts.add(field + " -" + lost);
      } else if (lost == gained) {
        parts.add(field + " " + lost + " replaced");
      } else {
        parts.add(field + " -" + lost + " +" + gained);
      }
    }
    return String.join(", ", parts);
  }

  /** The versions that reference lists lost or gained: to be loaded at once, for summaries. */
  Set<UUID> members() {
    Set<UUID> ids = new LinkedHashSet<>();
    diff.changes().keySet().forEach(field -> {
      Members members = members(field);
      if (members != null) {
        ids.addAll(members.removed());
        ids.addAll(members.added());
      }
    });
    return ids;
  }

  /** A line per changed field, with indented lines for list members; {@code loaded} names them. */
  List<String> lines(Map<UUID, VersionRecord> loaded) {
    List<String> lines = new ArrayList<>();
    diff.changes().forEach((field, change) -> {
      Value old = before.fields().get(field);
      Value now = after.fields().get(field);
      Members members = members(field);
      if (change instanceof FieldChange.SchemaChange) {
        lines.add(old == null ? field + ": added, " + Render.value(now, Render.SHORT)
            : field + ": removed, was " + Render.value(old, Render.SHORT));
      } else if (change instanceof FieldChange.ReferenceChanged reference) {
        lines.add(field + ": " + reference.oldId() + " -> " + reference.newId());
      } else if (members != null) {
        lines.add(field + ": " + Render.count(members.oldLength(), "item") + " -> "
            + Render.count(members.newLength(), "item"));
        memberLines(lines, "- ", members.removed(), loaded);
        memberLines(lines, "+ ", members.added(), loaded);
      } else {
        lines.add(field + ": " + Render.value(old, Render.SHORT) + " -> "
            + Render.value(now, Render.SHORT));
      }
    });
    return lines;
  }

  /** The changes as JSON: field, kind, and old and new values or the list members. */
  ArrayNode json() {
    ArrayNode changes = RecordJson.MAPPER.createArrayNode();
    diff.changes().forEach((field, change) -> {
      ObjectNode node = changes.addObject().put("field", field);
      Value old = before.fields().get(field);
      Value now = after.fields().get(field);
      Members members = members(field);
      if (change instanceof FieldChange.SchemaChange) {
        node.put("kind", old == null ? "added" : "removed");
      } else if (change instanceof FieldChange.ReferenceChanged) {
        node.put("kind", "reference");
      } else if (members != null) {
        node.put("kind", change instanceof FieldChange.MembersChanged ? "members" : "length");
        node.put("oldLength", members.oldLength()).put("newLength", members.newLength());
        ArrayNode removed = node.putArray("removed");
        members.removed().forEach(id -> removed.add(id.toString()));
        ArrayNode added = node.putArray("added");
        members.added().forEach(id -> added.add(id.toString()));
        return;
      } else {
        node.put("kind", "modified");
      }
      node.set("old", old == null ? null : RecordJson.encode(old));
      node.set("new", now == null ? null : RecordJson.encode(now));
    });
    return changes;
  }

  /** The list members a field lost and gained, or null if it is not a list of references. */
  private Members members(String field) {
    if (!(before.fields().get(field) instanceof Value.Seq old)
        || !(after.fields().get(field) instanceof Value.Seq now)
        || !allReferences(old.items()) || !allReferences(now.items())) {
      return null;
    }
    List<Value> oldItems = old.items();
    List<Value> newItems = now.items();
    int prefix = 0;
    while (prefix < oldItems.size() && prefix < newItems.size()
        && oldItems.get(prefix).equals(newItems.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < oldItems.size() - prefix && suffix < newItems.size() - prefix
        && oldItems.get(oldItems.size() - 1 - suffix)
            .equals(newItems.get(newItems.size() - 1 - suffix))) {
      suffix++;
    }
    return new Members(oldItems.size(), newItems.size(),
        ids(oldItems.subList(prefix, oldItems.size() - suffix)),
        ids(newItems.subList(prefix, newItems.size() - suffix)));
  }

  private static void memberLines(
      List<String> lines, String sign, List<UUID> ids, Map<UUID, VersionRecord> loaded) {
    for (int i = 0; i < ids.size() && i < MEMBER_LINES; i++) {
      lines.add("  " + sign + Summaries.of(ids.get(i), loaded));
    }
    if (ids.size() > MEMBER_LINES) {
      lines.add("  " + sign + "... and " + (ids.size() - MEMBER_LINES) + " more");
    }
  }

  private static boolean allReferences(List<Value> items) {
    return items.stream().allMatch(Value.Ref.class::isInstance);
  }

  private static List<UUID> ids(List<Value> refs) {
    List<UUID> ids = new ArrayList<>(refs.size());
    refs.forEach(ref -> ids.add(((Value.Ref) ref).ecsId()));
    return ids;
  }

  /** How a list of references changed: its lengths, the members it lost and gained. */
  private record Members(int oldLength, int newLength, List<UUID> removed, List<UUID> added) {}
}
