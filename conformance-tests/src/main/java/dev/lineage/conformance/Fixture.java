package dev.lineage.conformance;

import dev.lineage.domain.EntityRegistry;
import dev.lineage.storage.EntityStorage;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.VersionRecord;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/** What every rule works with: the adapter under test and a registry over it, fresh per test. */
final class Fixture {

  EntityStorage storage;
  EntityRegistry registry;
  Set<Capability> capabilities;

  /** Skips the calling rule, with a reason, when the adapter lacks {@code capability}. */
  void assume(Capability capability) {
    Assumptions.assumeTrue(
        capabilities.contains(capability),
        "the adapter does not declare " + capability + " (" + capability.description() + ")");
  }

  /** Every stored version of one lineage, oldest first. */
  List<VersionRecord> versionsOf(UUID lineageId) {
    return storage.listLineage(lineageId, PageRequest.first(PageRequest.MAX_LIMIT)).items();
  }

  /** Whether each of {@code ids} is stored. */
  boolean allStored(List<UUID> ids) {
    return storage.loadVersions(ids).keySet().containsAll(ids);
  }
}
