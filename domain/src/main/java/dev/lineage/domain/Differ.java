package dev.lineage.domain;

import dev.lineage.storage.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Field-by-field comparison of two stored forms (reference 2.3, with D-4 and D-5): references
 * compare by version id, whatever the referenced content (it is compared when that entity is
 * visited itself); lists compare in order; sets compare regardless of order.
 */
final class Differ {

  private Differ() {}

  /**
   * What differs from {@code before} to {@code after}; {@code isSet} says which fields are sets.
   */
  static EntityDiff diff(
      Map<String, Value> before, Map<String, Value> after, Predicate<String> isSet) {
    Map<String, FieldChange> changes = new LinkedHashMap<>();
    Set<String> names = new LinkedHashSet<>(after.keySet());
    names.addAll(before.keySet());
    for (String name : names) {
      Value old = before.get(name);
      Value now = after.get(name);
      if (old == null || now == null) {
        changes.put(name, new FieldChange.SchemaChange());
        continue;
      }
      FieldChange change = compare(old, now, isSet.test(name));
      if (change != null) {
        changes.put(name, change);
      }
    }
    return changes.isEmpty() ? EntityDiff.none() : new EntityDiff(changes);
  }

  private static FieldChange compare(Value old, Value now, boolean isSet) {
    if (old instanceof Value.Seq oldSeq && now instanceof Value.Seq newSeq
        && oldSeq.items().size() != newSeq.items().size()) {
      // before equals: sequences sharing a long prefix would be compared item by item
      return new FieldChange.LengthChanged(oldSeq.items().size(), newSeq.items().size());
    }
    if (old == now || old.equals(now)) {
      return null;
    }
    if (isReference(old) && isReference(now)) {
      return new FieldChange.ReferenceChanged(refId(old), refId(now));
    }
    if (old instanceof Value.Seq oldSeq && now instanceof Value.Seq newSeq) {
      List<Value> oldItems = oldSeq.items();
      List<Value> newItems = newSeq.items();
      if (oldItems.size() != newItems.size()) {
        return new FieldChange.LengthChanged(oldItems.size(), newItems.size());
      }
      if (isSet && sameMembers(oldItems, newItems)) {
        return null;
      }
      if (allReferences(oldItems) && allReferences(newItems)) {
        return new FieldChange.MembersChanged(ids(oldItems), ids(newItems));
      }
    }
    return new FieldChange.Modified(ValueCodec.plain(old), ValueCodec.plain(now));
  }

  private static boolean isReference(Value value) {
    return value instanceof Value.Ref || value instanceof Value.Null;
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

  /** Equal as multisets. */
  private static boolean sameMembers(List<Value> a, List<Value> b) {
    Map<Value, Integer> counts = new HashMap<>();
    a.forEach(item -> counts.merge(item, 1, Integer::sum));
    for (Value item : b) {
      Integer count = counts.get(item);
      if (count == null) {
        return false;
      }
      if (count == 1) {
        counts.remove(item);
      } else {
        counts.put(item, count - 1);
      }
    }
    return counts.isEmpty();
  }
}
