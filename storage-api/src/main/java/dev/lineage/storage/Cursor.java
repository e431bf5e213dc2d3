package dev.lineage.storage;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A position in {@linkplain VersionRecord#CREATION_ORDER creation order}: a page continues with
 * the versions that come strictly after it.
 *
 * @param createdAt the creation time of the last version seen
 * @param ecsId the id of the last version seen
 */
public record Cursor(Instant createdAt, UUID ecsId) {

  public Cursor {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(ecsId, "ecsId");
    if (createdAt.getNano() % 1_000_000 != 0) {
      throw new InvalidInputException("a cursor's time has milliseconds, not " + createdAt);
    }
  }

  /** The cursor just after {@code version}. */
  public static Cursor after(VersionRecord version) {
    return new Cursor(version.createdAt(), version.ecsId());
  }

  /** Whether {@code version} comes strictly after this position. */
  public boolean precedes(VersionRecord version) {
    int byTime = version.createdAt().compareTo(createdAt);
    return byTime > 0 || (byTime == 0 && VersionRecord.compareUnsigned(version.ecsId(), ecsId) > 0);
  }
}
