package dev.lineage.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One traced call (reference 2.9): commits stored inputs that were changed before the call,
 * registers new entities the call returns, and commits inputs the call changed.
 */
final class Tracer {

  private final EntityRegistry registry;
  private final List<Entity> inputs;

  Tracer(EntityRegistry registry, Object[] arguments) {
    this.registry = registry;
    this.inputs = entitiesIn(arguments == null ? new Object[0] : arguments);
  }

  /** Commits inputs that are stored and were changed before the call: their own version. */
  void before() {
    commitStoredInputs();
  }

  /** Registers new result entities, then commits the inputs the call changed. */
  void after(Object result) {
    Set<Entity> inputSet = identitySet(inputs);
    for (Entity produced : entitiesIn(new Object[] {result})) {
      if (!inputSet.contains(produced) && !registry.isStored(produced)) {
        registry.register(produced);
      }
    }
    commitStoredInputs();
  }

  private void commitStoredInputs() {
    for (Entity input : inputs) {
      if (registry.isStored(input)) {
        registry.commit(input);
      }
    }
  }

  /** The entities among {@code values}, looking into collections, maps and optionals; once each. */
  private static List<Entity> entitiesIn(Object[] values) {
    Set<Entity> seen = identitySet(List.of());
    List<Entity> found = new ArrayList<>();
    for (Object value : values) {
      EntityGraph.forEachEntityIn(value, entity -> {
        if (seen.add(entity)) {
          found.add(entity);
        }
      });
    }
    return found;
  }

  private static Set<Entity> identitySet(List<Entity> entities) {
    Set<Entity> set = Collections.newSetFromMap(new IdentityHashMap<>());
    set.addAll(entities);
    return set;
  }
}
