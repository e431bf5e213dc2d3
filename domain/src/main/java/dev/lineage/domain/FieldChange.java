package dev.lineage.domain;

import java.util.List;
import java.util.UUID;

/**
 * How one field differs between two versions. Values appear in their stored form: text, Long,
 * Double, Boolean, UUID, Instant, List, Map, or null (a reference as the referenced version's id).
 */
public sealed interface FieldChange {

  /** A value changed (a scalar, a map, or a list that is not a list of entities). */
  record Modified(Object oldValue, Object newValue) implements FieldChange {}

  /** The field refers to another version than before (either side may be null). */
  record ReferenceChanged(UUID oldId, UUID newId) implements FieldChange {}

  /** A list or set has another length than before. */
  record LengthChanged(int oldLength, int newLength) implements FieldChange {}

  /** A list of entities has the same length but other versions, or another order (D-4). */
  record MembersChanged(List<UUID> oldIds, List<UUID> newIds) implements FieldChange {
    public MembersChanged {
      oldIds = List.copyOf(oldIds);
      newIds = List.copyOf(newIds);
    }
  }

  /** The field exists on one side only: the entity's declared fields changed. */
  record SchemaChange() implements FieldChange {}
}
