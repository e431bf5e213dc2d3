package dev.lineage.domain;

import dev.lineage.storage.VersionRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The base of every versioned entity: a mutable working copy whose committed versions are
 * immutable.
 *
 * <p>Subclasses are ordinary classes with fields. Every non-static, non-{@code transient} field is
 * part of the entity's content: strings, numbers, booleans, enums, {@link UUID}s, {@link Instant}s,
 * other entities (its sub-entities), and {@code Optional}s, lists, sets and maps of those (map keys
 * are strings, UUIDs, enums or whole numbers). A field typed {@code Object} holds JSON-like data.
 * Mark a field {@link Required} if it must be set and {@link BackReference} if it points back at an
 * owner. Each subclass needs a no-argument constructor (of any visibility), which the registry uses
 * to rebuild stored versions; it sets the stored versioning fields and content after that
 * constructor has run, so the constructor should not rely on {@link #ecsId()} or {@link
 * #createdAt()}, and should have no side effects (a read may run it more than once).
 *
 * <p>The versioning fields belong to the registry: {@link #ecsId()} names one version, {@link
 * #lineageId()} all versions of one logical entity, {@link #parentId()} the version this one was
 * forked from, {@link #oldIds()} the earlier ids. {@link #liveId()} names this in-memory copy and is
 * never stored. Two entities are equal when both their version and their live copy are the same.
 *
 * <p>A working copy is not thread-safe; share stored versions, not working copies.
 */
public abstract class Entity {

  private UUID ecsId;
  private UUID lineageId;
  private UUID parentId;
  /** Never modified in place (a fork replaces it), so reads and copies can share it. */
  private List<UUID> oldIds;
  private Instant createdAt;
  /** Made on first use: most copies read from a store are never compared or hashed. */
  private transient UUID liveId;

  /** The stored version this copy was read as or last committed as; null when it has none. */
  private transient VersionRecord baseline;

  /** Set by {@link EntityRegistry#branchFrom}: the next commit of this root is a branch. */
  private transient boolean branchOnNextCommit;

  /**
   * Frozen and equal to its stored version for good: commits skip it and it keeps no baseline
   * (see CleanState).
   */
  private transient boolean pristine;

  /**
   * Its id was made by this object's constructor and has not been handed to a store since: no
   * store can hold it, so a commit writes it as new without asking the store first. Cleared by
   * anything that could have stored the id (a commit attempt, a read, a copy).
   */
  private transient boolean freshId;

  /** A new entity: a fresh version of a fresh lineage, named after its first version. */
  protected Entity() {
    this(idOfNewInstance());
    freshId = true;
  }

  /**
   * An entity that claims the version {@code ecsId}. If that version is stored with different
   * content, committing this entity forks it into the stored version's lineage.
   */
  protected Entity(UUID ecsId) {
    this.ecsId = Objects.requireNonNull(ecsId, "ecsId");
    this.lineageId = ecsId;
    this.oldIds = List.of();
    if (ecsId == TO_BE_READ) {
      STORED_INSTANCE.get().made = this; // its stored version gives it an id and a time
    } else {
      this.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
  }

  /**
   * A copy that stands for the same version as {@code version}: the same {@code ecs_id}, lineage,
   * parent, old ids, creation time and stored baseline, with a live id of its own; with a null
   * {@code version}, a new entity as {@link #Entity()} makes it. Immutable entities build both
   * their new instances and their {@code with...} copies on it: committing such a copy with other
   * content forks the version it was made from, as committing an edited working copy does, and
   * needs no lookup in the store to find that version.
   */
  protected Entity(Entity version) {
    this(version == null ? idOfNewInstance() : version.ecsId);
    if (version != null) {
      restoreVersionState(version.versionState());
      baseline = version.baseline;
    } else {
      freshId = true;
    }
  }

  /**
   * The id a stored version's object has until the registry reads that version into it (an
   * instance of its own, compared by identity): with it, the constructor neither makes an id nor
   * reads the clock, which took a sixth of the in-memory store's load of a long thread.
   */
  private static final UUID TO_BE_READ = new UUID(0L, 0L);

  /** Per thread, the registry's request that the next entity made take {@link #TO_BE_READ}. */
  private static final ThreadLocal<StoredInstance> STORED_INSTANCE =
      ThreadLocal.withInitial(StoredInstance::new);

  private static final class StoredInstance {
    boolean requested;
    Entity made;
  }

  private static UUID idOfNewInstance() {
    StoredInstance stored = STORED_INSTANCE.get();
    if (stored.requested) {
      stored.requested = false;
      return TO_BE_READ;
    }
    return Ids.next();
  }

  /**
   * An instance of {@code model} for the registry to fill from a stored version, which it reads
   * into it ({@link #readVersion}) before anything else sees it.
   */
  static Entity newStoredInstance(EntityModel model) {
    if (model.constructorMakesEntitiesFirst()) {
      return model.newInstance();
    }
    StoredInstance stored = STORED_INSTANCE.get();
    stored.requested = true;
    stored.made = null;
    Entity entity;
    Entity took;
    try {
      entity = model.newInstance();
      took = stored.made;
    } finally {
      stored.requested = false; // a constructor calling Entity(UUID) does not take it
      stored.made = null;
    }
    if (took == null || took == entity) {
      return entity;
    }
    // The constructor made another entity before its own super() call, and that one took the id
    // meant for the instance: make this class's instances as for a new entity from now on.
    model.noteConstructorMakesEntitiesFirst();
    return model.newInstance();
  }

  /** The id of this version. */
  public final UUID ecsId() {
    return ecsId;
  }

  /** The id shared by every version of this logical entity. */
  public final UUID lineageId() {
    return lineageId;
  }

  /** The version this one was forked from; empty for the first version of a lineage. */
  public final Optional<UUID> parentId() {
    return Optional.ofNullable(parentId);
  }

  /** The earlier ids of this entity, oldest first. */
  public final List<UUID> oldIds() {
    return oldIds;
  }

  /** When this version was made (for a new entity: when it was constructed), in milliseconds. */
  public final Instant createdAt() {
    return createdAt;
  }

  /** The id of this in-memory copy; every read hands out copies with new live ids. */
  public final UUID liveId() {
    UUID id = liveId;
    if (id == null) {
      id = Ids.next();
      liveId = id;
    }
    return id;
  }

  /**
   * Checks rules that span fields, before a commit writes this entity. The default checks nothing;
   * throw an unchecked exception to reject the commit (it becomes an {@link
   * dev.lineage.storage.InvalidInputException} naming this entity).
   */
  protected void validate() {}

  @Override
  public final boolean equals(Object other) {
    return other instanceof Entity that
        && ecsId.equals(that.ecsId)
        && liveId().equals(that.liveId());
  }

  @Override
  public final int hashCode() {
    return Objects.hash(ecsId, liveId());
  }

  /** {@code ClassName(ecs_id)}; never the fields, which may be cyclic. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + ecsId + ")";
  }

  // ---- versioning state, for the registry in this package ----

  VersionState versionState() {
    return new VersionState(ecsId, lineageId, parentId, oldIds, createdAt);
  }

  void restoreVersionState(VersionState state) {
    freshId = false;
    ecsId = state.ecsId();
    lineageId = state.lineageId();
    parentId = state.parentId();
    oldIds = List.copyOf(state.oldIds());
    createdAt = state.createdAt();
  }

  /** Makes this copy the next version of itself: new id, linked to the current one. */
  void forkTo(UUID newEcsId, Instant now) {
    freshId = false;
    oldIds = VersionRecord.forkedOldIds(oldIds, ecsId); // shares the parent's, not a copy
    parentId = ecsId;
    ecsId = newEcsId;
    createdAt = now;
  }

  void joinLineage(UUID storedLineageId) {
    lineageId = storedLineageId;
  }

  /** Sets the versioning fields from a stored version; used when rebuilding one. */
  void readVersion(VersionRecord record) {
    freshId = false;
    ecsId = record.ecsId();
    lineageId = record.lineageId();
    parentId = record.parentId();
    oldIds = record.oldIds(); // immutable, as VersionRecord keeps it
    createdAt = record.createdAt();
    liveId = null;
    baseline = record;
  }

  /** Copies the versioning fields (and live id) of {@code source}; used by deep copies. */
  void copyVersionFrom(Entity source) {
    restoreVersionState(source.versionState());
    liveId = source.liveId();
    baseline = source.baseline;
  }

  VersionRecord baseline() {
    return baseline != null && baseline.ecsId().equals(ecsId) ? baseline : null;
  }

  void baseline(VersionRecord record) {
    freshId = false;
    baseline = record;
  }

  /** Whether no store can hold this entity's id yet (see {@link #freshId}). */
  boolean hasFreshId() {
    return freshId;
  }

  boolean pristine() {
    return pristine;
  }

  /** Marks this entity pristine; its stored record is no longer needed to compare it. */
  void markPristine() {
    pristine = true;
    baseline = null;
  }

  boolean branchOnNextCommit() {
    return branchOnNextCommit;
  }

  void branchOnNextCommit(boolean branch) {
    branchOnNextCommit = branch;
  }

  /** A snapshot of the versioning fields, to undo a fork when its commit fails. */
  record VersionState(
      UUID ecsId, UUID lineageId, UUID parentId, List<UUID> oldIds, Instant createdAt) {}
}
