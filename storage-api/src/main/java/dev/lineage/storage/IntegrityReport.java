package dev.lineage.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What {@link EntityStorage#verify()} found: how many versions it checked, and each problem, with
 * the version it concerns. A clean store has none.
 *
 * @param versionsChecked how many stored versions were checked
 * @param problems every problem found, in the order found
 */
public record IntegrityReport(long versionsChecked, List<Problem> problems) {

  public IntegrityReport {
    problems = List.copyOf(problems);
  }

  /** Whether nothing is wrong. */
  public boolean isClean() {
    return problems.isEmpty();
  }

  /** The problems that concern version {@code ecsId}. */
  public List<Problem> problemsOf(UUID ecsId) {
    return problems.stream().filter(p -> ecsId.equals(p.ecsId())).toList();
  }

  /**
   * One thing wrong with what is stored.
   *
   * @param kind what is wrong
   * @param ecsId the version concerned, or null for a leftover that is no version
   * @param detail what was found, naming the ids, tables or documents involved
   */
  public record Problem(Kind kind, UUID ecsId, String detail) {
    public Problem {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** The kinds of problem a check reports. */
  public enum Kind {
    /** A version references a version that is not stored. */
    MISSING_REFERENCE,
    /** A version's parent is not stored. */
    MISSING_PARENT,
    /** A version's parent belongs to another lineage. */
    LINEAGE_MISMATCH,
    /** A version's old ids are not its parent's old ids followed by its parent (or loop). */
    BROKEN_HISTORY,
    /** Stored data that cannot be read back as a version. */
    UNREADABLE,
    /** What a commit that never became visible left behind. */
    INCOMPLETE_COMMIT
  }

  /**
   * Checks the versions {@code storage} lists (all of them, page by page): references and parents
   * resolve, parents share the lineage, histories chain. Adapters may use it for their {@code
   * verify()} and add what only they can see (unreadable rows, leftovers of crashed commits). It
   * keeps the ids and histories of all versions in memory.
   */
  public static IntegrityReport check(EntityStorage storage) {
    Map<UUID, VersionRecord> versions = new HashMap<>();
    PageRequest request = PageRequest.first(PageRequest.MAX_LIMIT);
    while (true) {
      Page<VersionRecord> page = storage.listAll(request);
      page.items().forEach(version -> versions.put(version.ecsId(), version));
      if (page.next().isEmpty()) {
        break;
      }
      request = PageRequest.after(page.next().get(), PageRequest.MAX_LIMIT);
    }
    return check(versions);
  }

  /** Checks a complete set of versions, by {@code ecs_id}. */
  public static IntegrityReport check(Map<UUID, VersionRecord> versions) {
    List<Problem> problems = new ArrayList<>();
    for (VersionRecord version : versions.values()) {
      for (UUID reference : version.references()) {
        if (!versions.containsKey(reference)) {
          problems.add(new Problem(Kind.MISSING_REFERENCE, version.ecsId(),
              version.type() + " version " + version.ecsId() + " references version " + reference
                  + ", which is not stored"));
        }
      }
      if (version.parentId() == null) {
        continue;
      }
      VersionRecord parent = versions.get(version.parentId());
      if (parent == null) {
        problems.add(new Problem(Kind.MISSING_PARENT, version.ecsId(),
            version.type() + " version " + version.ecsId() + " has the parent "
                + version.parentId() + ", which is not stored"));
        continue;
      }
      if (!parent.lineageId().equals(version.lineageId())) {
        problems.add(new Problem(Kind.LINEAGE_MISMATCH, version.ecsId(),
            "version " + version.ecsId() + " of lineage " + version.lineageId()
                + " has the parent " + parent.ecsId() + " of lineage " + parent.lineageId()));
      }
      List<UUID> expected = new ArrayList<>(parent.oldIds());
      expected.add(parent.ecsId());
      if (!expected.equals(version.oldIds()) || version.oldIds().contains(version.ecsId())) {
        problems.add(new Problem(Kind.BROKEN_HISTORY, version.ecsId(),
            "version " + version.ecsId() + " has the old ids " + version.oldIds()
                + ", not its parent's followed by the parent " + parent.ecsId()));
      }
    }
    return new IntegrityReport(versions.size(), problems);
  }
}
