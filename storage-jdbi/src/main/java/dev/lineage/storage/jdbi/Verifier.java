package dev.lineage.storage.jdbi;

import dev.lineage.storage.IntegrityReport;
import dev.lineage.storage.IntegrityReport.Kind;
import dev.lineage.storage.IntegrityReport.Problem;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.sql.ResultSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * One run of {@link JdbiEntityStorage#verify()}: reads every version and every link row on one
 * handle (in one snapshot, so commits made meanwhile are not half seen) and reports what is wrong
 * instead of failing on it.
 *
 * <ol>
 *   <li>Versions are read page by page in creation order; a page that cannot be read is read
 *       again one version at a time, and each version that cannot be read is an {@link
 *       Kind#UNREADABLE} problem with the reader's message, which names the table and the id.
 *   <li>The versions that could be read get {@link IntegrityReport#check(Map)}'s checks
 *       (references and parents resolve, parents share the lineage, histories chain), except
 *       that a reference to a version that is stored but unreadable is not reported again as
 *       missing.
 *   <li>What only this layout has: each version's link rows must be exactly its references and
 *       its stored lists; every other owner of link rows must be a list segment that some stored
 *       list reaches, and hold no position beyond the longest such list; a link that says its
 *       target has no links must be right; a claimed base must be the version's parent.
 * </ol>
 *
 * A list whose rows no longer match its digest cannot be read, so it is reported in step 1.
 * Like {@link IntegrityReport#check(Map)}, a run keeps the ids, references and old ids of every
 * version in memory.
 */
final class Verifier {

  /** Versions per statement; a failing page is read again version by version. */
  static final int PAGE = 1_000;
  /** Link rows per statement. */
  private static final int LINK_PAGE = 10_000;
  /** A list descriptor inside the text of a row that cannot be read as a whole. */
  private static final Pattern DESCRIPTOR = Pattern.compile("~l([0-9a-fA-F-]{36}):([0-9]+):");

  private final Dialect dialect;
  private final VersionReader reader;
  private final List<Problem> unreadableProblems = new ArrayList<>();
  private final List<Problem> layoutProblems = new ArrayList<>();
  /** The readable versions, reduced to what the shared checks look at. */
  private final Map<UUID, VersionRecord> skeletons = new HashMap<>();
  /** The link rows each readable version must have. */
  private final Map<UUID, ExpectedLinks> expected = new HashMap<>();
  private final Set<UUID> unreadable = new HashSet<>();
  /** Owners of link rows that are not versions: list segments, or leftovers. */
  private final Map<UUID, SegmentRows> segments = new LinkedHashMap<>();
  /** The longest list, by segment, that a stored version's lists reach. */
  private final Map<UUID, Integer> reached = new HashMap<>();

  Verifier(Dialect dialect, VersionReader reader) {
    this.dialect = dialect;
    this.reader = reader;
  }

  /** What a readable version's link rows must be. */
  private static final class ExpectedLinks {
    final String type;
    final Set<UUID> references;
    final Map<String, ListDescriptor> lists;
    final ListDescriptor oldIds;
    boolean checked;

    ExpectedLinks(String type, Set<UUID> references, Map<String, ListDescriptor> lists,
        ListDescriptor oldIds) {
      this.type = type;
      this.references = references;
      this.lists = lists;
      this.oldIds = oldIds;
    }
  }

  /** A row of {@code lineage_link}. */
  private record LinkRow(UUID owner, int position, UUID target, Integer length, boolean leaf) {}

  /** What the rows of an owner that is not a version hold. */
  private static final class SegmentRows {
    int rows;
    int lastPosition = -1;
    UUID base;
    int baseLength;
    /** Positions whose target is no stored version. */
    final List<Integer> missingTargets = new ArrayList<>();
  }

  /** Checks everything stored, on {@code handle}, inside a transaction the caller opened. */
  IntegrityReport verify(Handle handle) {
    readVersions(handle);
    for (UUID id : unreadable) {
      reachFromText(handle, id);
    }
    for (ExpectedLinks links : expected.values()) {
      for (ListDescriptor list : links.lists.values()) {
        reach(list.segment(), list.length());
      }
      if (links.oldIds != null) {
        reach(links.oldIds.segment(), links.oldIds.length());
      }
    }
    readLinks(handle);
    expected.forEach((id, links) -> {
      if (!links.checked) {
        checkVersionLinks(id, links, List.of());
      }
    });
    checkSegments();
    checkLeaves(handle);
    checkSubs(handle);
    checkCopies(handle);
    checkRuns(handle);
    checkClaims(handle);
    List<Problem> problems = new ArrayList<>(unreadableProblems);
    for (Problem problem : IntegrityReport.check(skeletons).problems()) {
      if (!aboutAnUnreadableVersion(problem)) {
        problems.add(problem);
      }
    }
    problems.addAll(layoutProblems);
    return new IntegrityReport(skeletons.size() + unreadable.size(), problems);
  }

  // ---- versions ----

  /** An id and its creation time, the keys of creation order. */
  private record Position(UUID id, long createdMs) {}

  private void readVersions(Handle handle) {
    Position after = null;
    while (true) {
      List<Position> page = idsAfter(handle, after);
      if (page.isEmpty()) { // the last page was full: the store holds a multiple of a page
        return;
      }
      List<UUID> ids = new ArrayList<>(page.size());
      page.forEach(position -> ids.add(position.id()));
      try {
        accept(reader.checked(handle, ids));
      } catch (UnreadableDataException pageFails) {
        for (UUID id : ids) {
          try {
            accept(reader.checked(handle, List.of(id)));
          } catch (UnreadableDataException e) {
            unreadable.add(id);
            unreadableProblems.add(new Problem(Kind.UNREADABLE, id, e.getMessage()));
          }
        }
      }
      if (page.size() < PAGE) {
        return;
      }
      after = page.get(page.size() - 1);
    }
  }

  private List<Position> idsAfter(Handle handle, Position after) {
    Query query = handle.createQuery("SELECT ecs_id, created_ms FROM lineage_version"
        + (after == null ? "" : " WHERE (created_ms, ecs_id) > (?, ?)")
        + " ORDER BY created_ms, ecs_id LIMIT ?");
    int parameter = 0;
    if (after != null) {
      query.bind(parameter++, after.createdMs()).bind(parameter++, dialect.id(after.id()));
    }
    query.bind(parameter, PAGE);
    return query.scanResultSet((rows, context) -> {
      List<Position> page = new ArrayList<>();
      ResultSet row = rows.get();
      while (row.next()) {
        page.add(new Position(dialect.getId(row, 1), row.getLong(2)));
      }
      return page;
    });
  }

  /** Keeps what the checks need of versions read. */
  private void accept(VersionReader.Checked read) {
    Map<UUID, Map<String, ListDescriptor>> listsByVersion = new HashMap<>();
    read.lists().forEach((key, list) -> listsByVersion
        .computeIfAbsent(key.version(), id -> new HashMap<>()).put(key.field(), list));
    read.records().forEach((id, record) -> {
      Map<String, ListDescriptor> lists =
          listsByVersion.getOrDefault(id, new HashMap<>());
      ListDescriptor oldIds = lists.remove(null);
      Set<UUID> linked = new HashSet<>();
      record.fields().forEach((field, value) -> {
        if (!lists.containsKey(field)) {
          value.forEachRef(linked::add);
        }
      });
      expected.put(id, new ExpectedLinks(record.type(), linked, lists, oldIds));
      List<Value> references = new ArrayList<>();
      record.references().forEach(reference -> references.add(new Value.Ref(reference)));
      skeletons.put(id, new VersionRecord(id, record.lineageId(), record.parentId(),
          record.oldIds(), record.createdAt(), record.type(),
          Map.of("references", new Value.Seq(references))));
    });
  }

  /**
   * The lists a version that cannot be read keeps, found in its raw text as far as it goes, so
   * that their segments are not taken for leftovers.
   */
  private void reachFromText(Handle handle, UUID id) {
    handle.createQuery("SELECT old_ids, fields FROM lineage_version WHERE ecs_id = ?")
        .bind(0, dialect.id(id))
        .scanResultSet((rows, context) -> {
          ResultSet row = rows.get();
          while (row.next()) {
            for (int column = 1; column <= 2; column++) {
              String text = row.getString(column);
              Matcher descriptor = DESCRIPTOR.matcher(text == null ? "" : text);
              while (descriptor.find()) {
                try {
                  reach(UUID.fromString(descriptor.group(1)),
                      Integer.parseInt(descriptor.group(2)));
                } catch (IllegalArgumentException notADescriptor) {
                  // garbled beyond recognition: nothing to learn from it
                }
              }
            }
          }
          return null;
        });
  }

  private boolean reach(UUID segment, int length) {
    Integer known = reached.get(segment);
    if (known != null && known >= length) {
      return false;
    }
    reached.put(segment, length);
    return true;
  }

  private boolean isVersion(UUID id) {
    return expected.containsKey(id) || unreadable.contains(id);
  }

  /**
   * A shared check that a reference or parent is missing, where it is stored but unreadable:
   * already reported as unreadable.
   */
  private boolean aboutAnUnreadableVersion(Problem problem) {
    if (problem.kind() != Kind.MISSING_REFERENCE && problem.kind() != Kind.MISSING_PARENT) {
      return false;
    }
    for (UUID id : unreadable) {
      if (problem.detail().contains(id.toString())) {
        return true;
      }
    }
    return false;
  }

  // ---- link rows ----

  private void readLinks(Handle handle) {
    UUID owner = null;
    List<LinkRow> group = new ArrayList<>();
    LinkRow last = null;
    while (true) {
      List<LinkRow> page = linksAfter(handle, last);
      for (LinkRow row : page) {
        if (!row.owner().equals(owner)) {
          if (owner != null) {
            checkOwner(owner, group);
          }
          owner = row.owner();
          group = new ArrayList<>();
        }
        group.add(row);
      }
      if (page.size() < LINK_PAGE) {
        break;
      }
      last = page.get(page.size() - 1);
    }
    if (owner != null) {
      checkOwner(owner, group);
    }
  }

  private List<LinkRow> linksAfter(Handle handle, LinkRow after) {
    Query query = handle.createQuery(
        "SELECT owner_id, pos, target_id, target_len, target_leaf FROM lineage_link"
            + (after == null ? "" : " WHERE (owner_id, pos) > (?, ?)")
            + " ORDER BY owner_id, pos LIMIT ?");
    int parameter = 0;
    if (after != null) {
      query.bind(parameter++, dialect.id(after.owner())).bind(parameter++, after.position());
    }
    query.bind(parameter, LINK_PAGE);
    return query.scanResultSet((rows, context) -> {
      List<LinkRow> page = new ArrayList<>();
      ResultSet row = rows.get();
      while (row.next()) {
        int length = row.getInt(4);
        Integer listLength = row.wasNull() ? null : length;
        page.add(new LinkRow(dialect.getId(row, 1), row.getInt(2), dialect.getId(row, 3),
            listLength, row.getBoolean(5)));
      }
      return page;
    });
  }

  private void checkOwner(UUID owner, List<LinkRow> rows) {
    if (unreadable.contains(owner)) {
      return; // reported already; what its rows should be is unknown
    }
    ExpectedLinks links = expected.get(owner);
    if (links != null) {
      checkVersionLinks(owner, links, rows);
      return;
    }
    SegmentRows segment = new SegmentRows();
    for (LinkRow row : rows) {
      segment.rows++;
      if (row.position() == -1) {
        segment.base = row.target();
        segment.baseLength = row.length() == null ? 0 : row.length();
      } else {
        segment.lastPosition = Math.max(segment.lastPosition, row.position());
        if (!isVersion(row.target())) {
          segment.missingTargets.add(row.position());
        }
      }
    }
    segments.put(owner, segment);
  }

  /** The link rows of a readable version against its references and stored lists. */
  private void checkVersionLinks(UUID id, ExpectedLinks links, List<LinkRow> rows) {
    links.checked = true;
    String version = links.type + " version " + id;
    Set<UUID> linked = new HashSet<>();
    Map<String, ListDescriptor> unmatched = new LinkedHashMap<>(links.lists);
    boolean oldIdsLinked = false;
    for (LinkRow row : rows) {
      String where = "lineage_link row (" + id + ", " + row.position() + ")";
      if (row.position() == -1) {
        if (links.oldIds != null && row.target().equals(links.oldIds.segment())
            && row.length() != null && row.length() == links.oldIds.length()) {
          oldIdsLinked = true;
        } else {
          layoutProblems.add(new Problem(Kind.INCOMPLETE_COMMIT, id, where
              + " names list segment " + row.target() + " of " + row.length() + " ids as the old"
              + " ids of " + version + ", which keeps its old ids "
              + (links.oldIds == null ? "in its own row" : "in list segment "
                  + links.oldIds.segment() + " (" + links.oldIds.length() + " ids)")));
        }
      } else if (row.length() != null) {
        String field = matchingField(unmatched, row);
        if (field != null) {
          unmatched.remove(field);
        } else {
          layoutProblems.add(new Problem(Kind.INCOMPLETE_COMMIT, id, where
              + " names list segment " + row.target() + " (" + row.length() + " items), which no"
              + " list field of " + version + " is kept in"));
        }
      } else {
        linked.add(row.target());
        if (!links.references.contains(row.target())) {
          boolean stored = isVersion(row.target());
          layoutProblems.add(new Problem(
              stored ? Kind.INCOMPLETE_COMMIT : Kind.MISSING_REFERENCE, id, where
              + " links " + version + " to version " + row.target()
              + (stored ? "" : ", which is not stored")
              + ", but no field of " + version + " references it"
              + (stored ? ": loading its graph returns that version too" : "")));
        }
      }
    }
    for (UUID reference : links.references) {
      if (!linked.contains(reference)) {
        layoutProblems.add(new Problem(Kind.UNREADABLE, id, version + " references version "
            + reference + ", but lineage_link has no row for that reference: loading the graph"
            + " of " + id + " leaves that version out"));
      }
    }
    unmatched.forEach((field, list) -> layoutProblems.add(new Problem(Kind.UNREADABLE, id,
        "list field '" + field + "' of " + version + " is kept in list segment "
            + list.segment() + " (" + list.length() + " items), but lineage_link has no row of "
            + id + " that names it")));
    if (links.oldIds != null && !oldIdsLinked) {
      layoutProblems.add(new Problem(Kind.UNREADABLE, id, "the old ids of " + version
          + " are kept in list segment " + links.oldIds.segment() + " (" + links.oldIds.length()
          + " ids), but lineage_link has no row (" + id + ", -1) that names it"));
    }
  }

  private static String matchingField(Map<String, ListDescriptor> lists, LinkRow row) {
    for (Map.Entry<String, ListDescriptor> list : lists.entrySet()) {
      if (list.getValue().segment().equals(row.target())
          && list.getValue().length() == row.length()) {
        return list.getKey();
      }
    }
    return null;
  }

  /**
   * Every owner that is not a version must be a segment that a stored list reaches (through the
   * bases of the segments it continues, too), and hold no position beyond the longest such list.
   */
  private void checkSegments() {
    Deque<UUID> changed = new ArrayDeque<>(reached.keySet());
    while (!changed.isEmpty()) {
      UUID id = changed.poll();
      SegmentRows segment = segments.get(id);
      if (segment != null && segment.base != null
          && reach(segment.base, Math.min(segment.baseLength, reached.get(id)))) {
        changed.add(segment.base);
      }
    }
    segments.forEach((id, segment) -> {
      Integer longest = reached.get(id);
      String missing = segment.missingTargets.isEmpty() ? ""
          : "; positions " + abbreviate(segment.missingTargets) + " name versions that are not"
              + " stored";
      if (longest == null) {
        layoutProblems.add(new Problem(Kind.INCOMPLETE_COMMIT, null, "lineage_link holds "
            + segment.rows + " rows owned by " + id + ", which is neither a stored version nor a"
            + " list segment that a stored version's list reaches" + missing));
      } else if (segment.lastPosition >= longest) {
        layoutProblems.add(new Problem(Kind.INCOMPLETE_COMMIT, null, "list segment " + id
            + " holds positions " + longest + " to " + segment.lastPosition + ", beyond the"
            + " longest stored list that reaches it (" + longest + " items)" + missing));
      }
    });
  }

  private static String abbreviate(List<Integer> positions) {
    return positions.size() <= 10 ? positions.toString()
        : positions.subList(0, 10) + " and " + (positions.size() - 10) + " more";
  }

  /** A link that says its target has no links, where the target has some. */
  private void checkLeaves(Handle handle) {
    handle.createQuery("SELECT l.owner_id, l.pos, l.target_id FROM lineage_link l"
            + " WHERE l.target_leaf = TRUE"
            + " AND EXISTS (SELECT 1 FROM lineage_link c WHERE c.owner_id = l.target_id)")
        .scanResultSet((rows, context) -> {
          ResultSet row = rows.get();
          while (row.next()) {
            UUID owner = dialect.getId(row, 1);
            UUID target = dialect.getId(row, 3);
            layoutProblems.add(new Problem(Kind.UNREADABLE, isVersion(owner) ? owner : null,
                "lineage_link row (" + owner + ", " + row.getInt(2) + ") marks version " + target
                    + " as having no links, but lineage_link holds links of " + target
                    + ": a graph loaded through it leaves out what " + target + " references"));
          }
          return null;
        });
  }

  /**
   * A list position that names, besides its version, the one leaf that version links to: the
   * version's links must be exactly that one, and the leaf must have none.
   */
  private void checkSubs(Handle handle) {
    handle.createQuery("SELECT i.owner_id, i.pos, i.target_id, i.target_sub FROM lineage_link i"
            + " WHERE i.target_sub IS NOT NULL AND ("
            + " NOT EXISTS (SELECT 1 FROM lineage_link t WHERE t.owner_id = i.target_id"
            + " AND t.pos >= 0 AND t.target_len IS NULL AND t.target_id = i.target_sub)"
            + " OR EXISTS (SELECT 1 FROM lineage_link t WHERE t.owner_id = i.target_id"
            + " AND (t.pos < 0 OR t.target_len IS NOT NULL OR t.target_id <> i.target_sub))"
            + " OR EXISTS (SELECT 1 FROM lineage_link c WHERE c.owner_id = i.target_sub))")
        .scanResultSet((rows, context) -> {
          ResultSet row = rows.get();
          while (row.next()) {
            UUID target = dialect.getId(row, 3);
            UUID sub = dialect.getId(row, 4);
            layoutProblems.add(new Problem(Kind.UNREADABLE, null, "lineage_link row ("
                + dialect.getId(row, 1) + ", " + row.getInt(2) + ") names version " + sub
                + " as the only link of version " + target + " and as having no links, but"
                + " lineage_link holds other links of " + target + " or of " + sub
                + ": a list read through it leaves them out"));
          }
          return null;
        });
  }

  /**
   * A list position that carries a copy of its version or of its leaf (which a read takes instead
   * of the version's row): the copy must be of a stored first version, column for column.
   */
  private void checkCopies(Handle handle) {
    handle.createQuery("SELECT i.owner_id, i.pos, i.target_id, i.target_sub,"
            + " CASE WHEN " + copyDiffers("item", "v") + " THEN 1 ELSE 0 END"
            + " FROM lineage_link i"
            + " LEFT JOIN lineage_version v ON v.ecs_id = i.target_id"
            + " LEFT JOIN lineage_version u ON u.ecs_id = i.target_sub"
            + " WHERE " + copyDiffers("item", "v") + " OR " + copyDiffers("sub", "u"))
        .scanResultSet((rows, context) -> {
          ResultSet row = rows.get();
          while (row.next()) {
            UUID copied = row.getInt(5) == 1 ? dialect.getId(row, 3) : dialect.getId(row, 4);
            layoutProblems.add(new Problem(Kind.UNREADABLE, null, "lineage_link row ("
                + dialect.getId(row, 1) + ", " + row.getInt(2) + ") carries a copy of version "
                + copied + " that differs from its lineage_version row, or that version is not"
                + " stored as a first version: a list read through it returns the copy"));
          }
          return null;
        });
  }

  /**
   * SQL that is true where the copy in the link columns {@code prefix_*} of {@code i} does not
   * match the version row {@code v} (joined on the id it copies), or where a copy is partial.
   */
  private String copyDiffers(String prefix, String v) {
    String p = "i." + prefix + "_";
    return "(" + p + "fields IS NULL AND (" + p + "created_ms IS NOT NULL OR " + p + "type_id"
        + " IS NOT NULL OR " + p + "shape_id IS NOT NULL) OR " + p + "fields IS NOT NULL AND ("
        + v + ".ecs_id IS NULL OR " + v + ".lineage_id <> " + v + ".ecs_id OR " + v
        + ".parent_id IS NOT NULL OR " + v + ".old_ids IS NOT NULL OR " + p + "created_ms IS NULL"
        + " OR " + p + "created_ms <> " + v + ".created_ms OR " + p + "type_id IS NULL OR " + p
        + "type_id <> " + v + ".type_id OR COALESCE(" + p + "shape_id, -1) <> COALESCE(" + v
        + ".shape_id, -1) OR " + dialect.jsonText(p + "fields") + " <> "
        + dialect.jsonText(v + ".fields") + "))";
  }

  /**
   * Runs of ids whose last position is not a position of their segment: no commit writes them,
   * and a list read through them would take ids its positions do not hold.
   */
  private void checkRuns(Handle handle) {
    handle.createQuery("SELECT r.segment_id, COUNT(*) FROM lineage_id_run r WHERE NOT EXISTS"
            + " (SELECT 1 FROM lineage_link l WHERE l.owner_id = r.segment_id"
            + " AND l.pos = r.end_pos) GROUP BY r.segment_id")
        .scanResultSet((rows, context) -> {
          ResultSet row = rows.get();
          while (row.next()) {
            layoutProblems.add(new Problem(Kind.INCOMPLETE_COMMIT, null, "lineage_id_run rows"
                + " of list segment " + dialect.getId(row, 1) + " end at positions that"
                + " lineage_link does not hold for that segment (rows: " + row.getLong(2) + ")"));
          }
          return null;
        });
  }

  /** A version that claims as its base (the unique successor key) another than its parent. */
  private void checkClaims(Handle handle) {
    handle.createQuery("SELECT ecs_id, parent_id, successor_of FROM lineage_version"
            + " WHERE successor_of IS NOT NULL"
            + " AND (parent_id IS NULL OR successor_of <> parent_id)")
        .scanResultSet((rows, context) -> {
          ResultSet row = rows.get();
          while (row.next()) {
            UUID id = dialect.getId(row, 1);
            layoutProblems.add(new Problem(Kind.BROKEN_HISTORY, id, "lineage_version row " + id
                + " claims to be the successor of version " + dialect.getId(row, 3)
                + ", but its parent is " + dialect.getId(row, 2)));
          }
          return null;
        });
  }
}
