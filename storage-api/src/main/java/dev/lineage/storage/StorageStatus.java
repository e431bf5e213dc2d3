package dev.lineage.storage;

import java.util.Objects;

/**
 * What a store holds, for diagnostics.
 *
 * @param kind which adapter and backend, e.g. {@code in-memory} or {@code jdbi/postgresql}
 * @param versionCount how many versions are stored
 * @param lineageCount how many distinct lineages they belong to
 */
public record StorageStatus(String kind, long versionCount, long lineageCount) {

  public StorageStatus {
    Objects.requireNonNull(kind, "kind");
  }
}
