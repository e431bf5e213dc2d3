package dev.lineage.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a commit of a working graph would fork, children first: each entity with its own field
 * changes, empty for an owner that forks only because something it owns changed. Entities are
 * looked up by identity: their hash codes change when a commit gives them new ids.
 */
public final class PendingChanges {

  private final List<Entity> entities;
  private final List<EntityDiff> diffs;

  PendingChanges(List<Entity> entities, List<EntityDiff> diffs) {
    this.entities = List.copyOf(entities);
    this.diffs = List.copyOf(diffs);
  }

  /** The entities that would fork, children first. */
  public List<Entity> entities() {
    return entities;
  }

  /** The field changes of {@code entity}, if it would fork. */
  public Optional<EntityDiff> changesOf(Entity entity) {
    for (int i = 0; i < entities.size(); i++) {
      if (entities.get(i) == entity) {
        return Optional.of(diffs.get(i));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code entity} would fork. */
  public boolean includes(Entity entity) {
    return changesOf(entity).isPresent();
  }

  /** Whether the commit would fork nothing. */
  public boolean isEmpty() {
    return entities.isEmpty();
  }

  @Override
  public String toString() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < entities.size(); i++) {
      lines.add(entities.get(i) + " " + diffs.get(i).changes());
    }
    return "PendingChanges" + lines;
  }
}
