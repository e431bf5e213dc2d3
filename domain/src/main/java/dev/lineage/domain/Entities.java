package dev.lineage.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Operations on working copies that need no store. */
public final class Entities {

  private Entities() {}

  /**
   * What differs from {@code before} to {@code after}, field by field, as a commit would see it
   * (reference 2.3): references compare by version id, lists in order, sets regardless of order.
   * Entities of different classes show their differing fields as schema changes.
   */
  public static EntityDiff compare(Entity before, Entity after) {
    EntityModel model = EntityModel.of(after);
    return Differ.diff(
        CommitPlan.fieldsOf(before), CommitPlan.fieldsOf(after), model::isSetField);
  }

  /**
   * A new, empty list for an entity's field of other entities (a thread's messages, say). It
   * remembers how much of it is stored: when that part holds immutable entities and only grows at
   * the end, a commit looks at and writes only what was added, so appending to a list of any
   * length costs the same. Lists read from the registry are such lists already.
   */
  public static <T> List<T> newList() {
    return new TrackedList<>();
  }

  /**
   * A deep copy of {@code root} and everything it references: every entity is copied once, so
   * shared and cyclic structure is preserved; versioning fields and live ids are kept, so each
   * copy equals its original.
   */
  public static <T extends Entity> T deepCopy(T root) {
    Map<Entity, Entity> copies = new IdentityHashMap<>();
    Deque<Entity> pending = new ArrayDeque<>();
    T copy = copyOf(root, copies, pending);
    while (!pending.isEmpty()) {
      Entity original = pending.poll();
      Entity target = copies.get(original);
      for (EntityModel.Property property : EntityModel.of(original).properties()) {
        property.set(target, copyValue(property.get(original), copies, pending));
      }
    }
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static <T extends Entity> T copyOf(
      T original, Map<Entity, Entity> copies, Deque<Entity> pending) {
    Entity existing = copies.get(original);
    if (existing != null) {
      return (T) existing;
    }
    Entity copy = EntityModel.of(original).newInstance();
    copy.copyVersionFrom(original);
    copies.put(original, copy);
    pending.add(original);
    return (T) copy;
  }

  private static Object copyValue(Object value, Map<Entity, Entity> copies, Deque<Entity> pending) {
    if (value instanceof Entity entity) {
      return copyOf(entity, copies, pending);
    }
    if (value instanceof Optional<?> optional) {
      return optional.map(item -> copyValue(item, copies, pending));
    }
    if (value instanceof Set<?> set) {
      Set<Object> result = new LinkedHashSet<>();
      set.forEach(item -> result.add(copyValue(item, copies, pending)));
      return result;
    }
    if (value instanceof Collection<?> collection) {
      List<Object> result = new ArrayList<>(collection.size());
      collection.forEach(item -> result.add(copyValue(item, copies, pending)));
      return result;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> result = new LinkedHashMap<>();
      map.forEach((key, item) -> result.put(key, copyValue(item, copies, pending)));
      return result;
    }
    return value; // strings, numbers, UUIDs, instants, enums: immutable
  }
}
