package dev.lineage.storage;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One immutable stored version of an entity: its versioning fields, its type name and its field
 * values, with references to other versions by {@code ecs_id}.
 *
 * <p>{@code parentId} is the version this one was forked from (null for the first version of a
 * lineage) and is always the last element of {@code oldIds}, the chronological list of earlier
 * ids. {@code createdAt} is the time the version was made, in milliseconds.
 *
 * @param ecsId the id of this version
 * @param lineageId the id shared by all versions of one logical entity
 * @param parentId the version this one was forked from, or null
 * @param oldIds earlier ids of this entity, oldest first; ends with {@code parentId}
 * @param createdAt when this version was made (UTC, milliseconds)
 * @param type the entity type name, as the domain gives it
 * @param fields the entity's own fields by name; references to other entities are {@link Value.Ref}
 */
public record VersionRecord(
    UUID ecsId,
    UUID lineageId,
    UUID parentId,
    List<UUID> oldIds,
    Instant createdAt,
    String type,
    Map<String, Value> fields) {

  /**
   * Creation order, the order of every listing the port returns: by {@code createdAt}, then by
   * {@code ecsId} as unsigned 128-bit numbers (the order of their canonical text, and of
   * PostgreSQL's {@code uuid} type).
   */
  public static final Comparator<VersionRecord> CREATION_ORDER =
      Comparator.comparing(VersionRecord::createdAt)
          .thenComparing(VersionRecord::ecsId, VersionRecord::compareUnsigned);

  public VersionRecord {
    Objects.requireNonNull(ecsId, "ecsId");
    Objects.requireNonNull(lineageId, "lineageId");
    Objects.requireNonNull(oldIds, "oldIds");
    oldIds = oldIds instanceof SharedOldIds ? oldIds : List.copyOf(oldIds);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(type, "type");
    fields = Value.orderedCopy(Objects.requireNonNull(fields, "fields"));
    if (type.isBlank()) {
      throw new InvalidInputException("type of " + ecsId + " is blank");
    }
    if (createdAt.getNano() % 1_000_000 != 0) {
      throw new InvalidInputException("createdAt of " + ecsId + " has more than milliseconds");
    }
    UUID lastOld = oldIds.isEmpty() ? null : oldIds.get(oldIds.size() - 1);
    if (!Objects.equals(parentId, lastOld)) {
      throw new InvalidInputException(
          "version " + ecsId + ": parentId " + parentId + " must be the last of oldIds " + oldIds);
    }
  }

  /**
   * The old ids of a version forked from one whose old ids are {@code oldIds} and whose id is
   * {@code parentId}: {@code oldIds} and then {@code parentId}, immutable. The list shares its
   * storage with {@code oldIds} when that came from here and no other fork of the same parent
   * took it first, so forking a version with thousands of old ids costs what forking one with
   * none does.
   *
   * @throws NullPointerException if an id is null
   */
  public static List<UUID> forkedOldIds(List<UUID> oldIds, UUID parentId) {
    return SharedOldIds.append(oldIds, parentId);
  }

  /** The {@code ecs_id}s of every version this one references, in field order, once each. */
  public Set<UUID> references() {
    Set<UUID> ids = new LinkedHashSet<>();
    forEachReference(ids::add);
    return ids;
  }

  /**
   * Calls {@code action} with the {@code ecs_id} of every reference, in field order, repeated ones
   * included: what {@link #references} gives without building a set.
   */
  public void forEachReference(Consumer<UUID> action) {
    fields.forEach((name, value) -> value.forEachRef(action));
  }

  /** Compares two ids as unsigned 128-bit numbers; {@link UUID#compareTo} compares signed. */
  public static int compareUnsigned(UUID a, UUID b) {
    int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return high != 0
        ? high
        : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }
}
