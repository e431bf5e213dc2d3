package dev.lineage.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the engine remembers about objects that now equal their stored versions, so that later
 * commits need not look at them again.
 *
 * <p>An entity of a <em>frozen</em> class (every stored field final) that owns only pristine
 * entities becomes <em>pristine</em> once read or committed: its collections are replaced by
 * unmodifiable copies, so nothing can change it any more, and a commit skips it without comparing
 * it with its stored version. A {@code with...} copy made from it is a new object and is not
 * pristine. Lists the engine tracks remember their stored length.
 */
final class CleanState {

  private CleanState() {}

  /** Marks {@code entities}, which equal their stored versions, children before owners. */
  static void mark(List<Entity> childrenFirst) {
    // every entity that can be pristine first: a list remembers whether its items were
    for (Entity entity : childrenFirst) {
      markPristine(entity);
    }
    for (Entity entity : childrenFirst) {
      markLists(entity);
    }
  }

  /** Marks {@code entity}, which equals its stored version, after everything it references. */
  static void mark(Entity entity) {
    markPristine(entity);
    markLists(entity);
  }

  private static void markPristine(Entity entity) {
    EntityModel model = EntityModel.of(entity);
    if (model.isFrozen() && !entity.pristine() && ownsOnlyPristine(entity)) {
      freeze(entity, model);
      entity.markPristine();
    }
  }

  private static void markLists(Entity entity) {
    if (entity.baseline() != null && !entity.pristine()) {
      for (EntityModel.Property property : EntityModel.of(entity).containerProperties()) {
        if (property.get(entity) instanceof TrackedList<?> list) {
          list.markStored(entity, property.name(), entity.ecsId());
        }
      }
    }
  }

  private static boolean ownsOnlyPristine(Entity entity) {
    // Entity-valued fields, the common case, are checked without a walk; a load asks this of
    // every object it reads.
    for (EntityModel.Property property : EntityModel.of(entity).ownershipProperties()) {
      Object value = property.get(entity);
      if (value instanceof Entity child) {
        if (!child.pristine()) {
          return false;
        }
      } else if (value != null && !allPristine(value)) {
        return false;
      }
    }
    return true;
  }

  private static boolean allPristine(Object container) {
    boolean[] pristine = {true};
    EntityGraph.forEachEntityIn(container, child -> pristine[0] &= child.pristine());
    return pristine[0];
  }

  private static void freeze(Entity entity, EntityModel model) {
    for (EntityModel.Property property : model.containerProperties()) {
      Object value = property.get(entity);
      if (value != null) {
        property.set(entity, frozen(value));
      }
    }
  }

  /** An unmodifiable copy of a container, containers inside included; empty ones shared. */
  private static Object frozen(Object value) {
    if (value instanceof Collection<?> empty && empty.isEmpty()) {
      return value instanceof Set<?> ? Set.of() : List.of();
    }
    if (value instanceof Map<?, ?> empty && empty.isEmpty()) {
      return Map.of();
    }
    if (value instanceof Set<?> set) {
      Set<Object> copy = new LinkedHashSet<>();
      set.forEach(item -> copy.add(frozen(item)));
      return Collections.unmodifiableSet(copy);
    }
    if (value instanceof Collection<?> collection) {
      List<Object> copy = new ArrayList<>(collection.size());
      collection.forEach(item -> copy.add(frozen(item)));
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((key, item) -> copy.put(key, frozen(item)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof Optional<?> optional) {
      return optional.map(CleanState::frozen);
    }
    return value;
  }
}
