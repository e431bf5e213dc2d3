package dev.lineage.storage;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The new versions of one commit, which an adapter stores atomically: all become visible together
 * or none does.
 *
 * <p>{@code rootId} names the version the caller committed (a thread, say); the others are the
 * sub-entity versions that changed with it. When the root has a parent (its <em>base</em>), the
 * commit is a conflict if another stored version already has that base as its parent, unless
 * {@code branch} is true: a lineage grows by one successor per version, and further successors are
 * explicit branches.
 *
 * @param rootId the {@code ecs_id} of the committed root; one of {@code versions}
 * @param versions the new versions, each {@code ecs_id} once
 * @param branch whether the root may become a further successor of its base
 */
public record Commit(UUID rootId, List<VersionRecord> versions, boolean branch) {

  public Commit {
    Objects.requireNonNull(rootId, "rootId");
    versions = List.copyOf(Objects.requireNonNull(versions, "versions"));
    Set<UUID> seen = new HashSet<>();
    for (VersionRecord version : versions) {
      if (!seen.add(version.ecsId())) {
        throw new InvalidInputException("version " + version.ecsId() + " appears twice");
      }
    }
    if (!seen.contains(rootId)) {
      throw new InvalidInputException("root " + rootId + " is not among the commit's versions");
    }
  }

  /** A commit that extends its root's lineage (not a branch). */
  public static Commit of(UUID rootId, List<VersionRecord> versions) {
    return new Commit(rootId, versions, false);
  }

  /** The root's record. */
  public VersionRecord root() {
    return versions.stream().filter(v -> v.ecsId().equals(rootId)).findFirst().orElseThrow();
  }
}
