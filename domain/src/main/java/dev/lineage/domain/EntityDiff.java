package dev.lineage.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The fields that differ between two versions of an entity, by field name, in field order.
 * Versioning fields (ids, parent, lineage, creation time) are never part of a diff (D-5).
 *
 * @param changes what changed, by field name
 */
public record EntityDiff(Map<String, FieldChange> changes) {

  private static final EntityDiff NONE = new EntityDiff(Map.of());

  public EntityDiff {
    changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
  }

  /** The diff of two versions that do not differ. */
  public static EntityDiff none() {
    return NONE;
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** How {@code field} changed, if it did. */
  public Optional<FieldChange> change(String field) {
    return Optional.ofNullable(changes.get(field));
  }
}
