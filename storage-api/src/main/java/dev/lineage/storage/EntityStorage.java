package dev.lineage.storage;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The storage port: persists and loads immutable entity versions. It holds no versioning rule
 * (diff, fork, propagation live in the domain's registry); it guarantees what the registry relies
 * on, and the conformance suite checks every line of it.
 *
 * <ol>
 *   <li><b>Atomic commits.</b> {@link #commit} makes all versions of a commit visible together, or
 *       none of them; a reader never sees part of a commit, and a failed commit leaves nothing.
 *   <li><b>Immutable versions.</b> A stored version never changes. Sending a version again with
 *       the same content is a no-op; with different content it is a {@link ConflictException}.
 *   <li><b>One successor per version.</b> A commit whose root has a parent (its base) fails with
 *       {@link ConflictException} when another stored version already has that parent, unless
 *       the commit is a {@linkplain Commit#branch() branch}. Of two concurrent commits from one
 *       base exactly one wins.
 *   <li><b>Complete reads.</b> {@link #loadGraphs} returns every version reachable from the roots
 *       through {@link Value.Ref}s, each exactly as written, in a number of round trips that does
 *       not grow with the graph.
 *   <li><b>Bounded listings</b> in {@linkplain VersionRecord#CREATION_ORDER creation order}.
 *   <li><b>Typed failures.</b> Only {@link LineageException}s leave the port; a driver's exception
 *       travels as the cause.
 *   <li><b>Thread-safe.</b> Every method may be called from many threads at once.
 * </ol>
 *
 * <p>The port does not check that the references of a commit resolve: the registry only commits
 * closed graphs (every reference is in the commit or already stored).
 */
public interface EntityStorage {

  /**
   * Stores the versions of {@code commit} atomically.
   *
   * @throws ConflictException if the root's base already has another successor and the commit is
   *     not a branch, or if a version is already stored with different content
   * @throws StorageUnavailableException if the store cannot be reached; nothing was written
   */
  void commit(Commit commit);

  /**
   * The versions {@code rootIds} name and every version they reach through references, by {@code
   * ecs_id}. Unknown roots are left out; an empty map means none was found.
   */
  Map<UUID, VersionRecord> loadGraphs(Collection<UUID> rootIds);

  /**
   * Like {@link #loadGraphs(Collection)}, and hands each version of the result to {@code
   * eachRead} once, on the calling thread, before returning: as soon as it is read where the
   * adapter streams its rows, so that the caller's work on a version overlaps the reading of the
   * next ones. The order is the adapter's. An exception thrown by {@code eachRead} ends the read
   * and leaves this method unchanged; the store stays usable.
   *
   * <p>This default reads the whole result first, then hands its versions over.
   */
  default Map<UUID, VersionRecord> loadGraphs(
      Collection<UUID> rootIds, Consumer<VersionRecord> eachRead) {
    Objects.requireNonNull(eachRead, "eachRead");
    Map<UUID, VersionRecord> records = loadGraphs(rootIds);
    records.values().forEach(eachRead);
    return records;
  }

  /** Exactly the versions {@code ecsIds} name that exist, by {@code ecs_id}; no references. */
  Map<UUID, VersionRecord> loadVersions(Collection<UUID> ecsIds);

  /** Whether a version with this {@code ecs_id} is stored. */
  boolean exists(UUID ecsId);

  /** Versions whose type is one of {@code types}, in creation order, one page at a time. */
  Page<VersionRecord> listByType(Set<String> types, PageRequest page);

  /** The versions of one lineage, in creation order, one page at a time. */
  Page<VersionRecord> listLineage(UUID lineageId, PageRequest page);

  /** Every stored version, in creation order, one page at a time: for exports and checks. */
  Page<VersionRecord> listAll(PageRequest page);

  /**
   * Checks the integrity of everything stored and reports each problem precisely: references and
   * parents that do not resolve, histories that do not chain, data that cannot be read, leftovers
   * of commits that never became visible. Reads the whole store; a maintenance operation, not for
   * the hot path. {@link IntegrityReport#check(EntityStorage)} does the checks every adapter
   * shares.
   */
  IntegrityReport verify();

  /** What the store holds. */
  StorageStatus status();
}
