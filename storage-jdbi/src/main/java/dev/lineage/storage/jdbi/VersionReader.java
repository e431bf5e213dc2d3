package dev.lineage.storage.jdbi;

import dev.lineage.storage.Cursor;
import dev.lineage.storage.FieldLayout;
import dev.lineage.storage.LineageException;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads versions with their lists in one statement, and whole graphs in one statement (on MariaDB
 * in two, the lists' positions apart; on H2 one per level of the graph).
 *
 * <p>Every read is the same statement, started from an anchor set of versions. Its recursive part
 * ({@code reach}) walks {@code lineage_link}: from a version to the versions it references and to
 * the list segments of its list fields, from such a segment to its items below the list's length
 * and to the segment it is based on. A row of the walk has a <em>kind</em>:
 *
 * <ul>
 *   <li>1: a version of the graph whose links are followed;
 *   <li>6: a version of the graph known to have no links (a leaf, such as a message without
 *       usage), so no lookup is spent on it;
 *   <li>5: an anchor version whose lists are read but whose references are not followed;
 *   <li>3: a segment of a list whose items belong to the graph;
 *   <li>7: an item of such a list whose references are followed; its position carries a copy of
 *       it (and of its leaf), so its row comes from the position. An item whose position lacks
 *       a copy is reached as kind 1 or 6 instead and read from {@code lineage_version}.
 *   <li>4: a segment of a list that is only read (old ids, or the lists of kind 5 versions).
 * </ul>
 *
 * The lists that are only read (kind 4) are read from a second recursive part ({@code chain}),
 * which starts from each such segment once, with the longest length any version needs, and
 * follows its bases: a page of a thousand versions of one thread reads their shared old ids once,
 * not a thousand times. Such a list takes its ids from the runs of its segments ({@link IdRuns}),
 * 64 ids a row, and from single positions below the first run and above the last (on H2, which
 * keeps no runs, from its positions). The statement returns the rows of the versions of kinds 1,
 * 5 and 6, and every segment position and run it read, from which each list is put back
 * together. {@code UNION} drops repeated rows of the walk, so reference cycles end.
 *
 * <p>A version row is decoded as soon as it arrives, unless it holds a stored list (whose
 * positions may come later) or a type or shape this process does not know yet; those are decoded
 * at the end. A graph's rows are streamed, so this decoding overlaps the server's work: on
 * MariaDB the driver hands them over a thousand at a time ({@link Dialect#rowsPerFetch}), on
 * PostgreSQL they come through {@code COPY} ({@link CopyRows}).
 */
final class VersionReader {

  /** Ids per statement when a caller asks for more at once (the drivers' parameter limits). */
  private static final int MAX_IDS = 10_000;

  /** The columns of every row a read returns. */
  private static final int COLUMNS = 21;

  private static final int FOLLOW = 1;
  private static final int LISTS_ONLY = 5;

  private final Dialect dialect;
  private final ListCache cache;
  private final TypeIds types;
  private final Shapes shapes;

  VersionReader(Dialect dialect, ListCache cache, TypeIds types, Shapes shapes) {
    this.dialect = dialect;
    this.cache = cache;
    this.types = types;
    this.shapes = shapes;
  }

  /** A set of anchor versions: SQL selecting a column {@code ecs_id}, with its arguments. */
  private record Anchor(String sql, List<Argument> arguments) {}

  /** The versions {@code ids} name that exist, with their lists, by id. */
  Map<UUID, VersionRecord> versions(Handle handle, Collection<UUID> ids) {
    Map<UUID, VersionRecord> found = new HashMap<>();
    for (List<UUID> chunk : chunks(ids)) {
      found = merged(found, run(handle, byIds(chunk), LISTS_ONLY));
    }
    return found;
  }

  /**
   * What a verification reads of some versions (at most {@value #MAX_IDS}): their records, and
   * where each of their stored lists is kept.
   *
   * @throws UnreadableDataException if one of them cannot be read
   */
  Checked checked(Handle handle, List<UUID> ids) {
    Rows rows = run(handle, byIds(ids), LISTS_ONLY);
    Map<UUID, VersionRecord> records = rows.records();
    Map<ListCache.Key, ListDescriptor> lists = new HashMap<>();
    rows.lists.forEach((key, listed) -> lists.put(key, listed.where()));
    return new Checked(records, lists);
  }

  /**
   * Versions as read, with the descriptors of their stored lists by version and field (the old
   * ids under a null field).
   */
  record Checked(Map<UUID, VersionRecord> records, Map<ListCache.Key, ListDescriptor> lists) {}

  /**
   * Everything the versions {@code roots} reach through references, by id, each also handed to
   * {@code eachRead} once: as soon as it is decoded, where the dialect reads a graph in one
   * statement.
   */
  Map<UUID, VersionRecord> graphs(
      Handle handle, Collection<UUID> roots, Consumer<VersionRecord> eachRead) {
    Map<UUID, VersionRecord> found = new HashMap<>();
    if (dialect.closureInOneQuery()) {
      boolean stream = dialect.streamsGraphs() && CopyRows.usable(handle.getConnection());
      for (List<UUID> chunk : chunks(roots)) {
        // every chunk's rows go into one map, so a version two chunks reach is handed over once
        Rows rows = new Rows(types, shapes, cache, found, eachRead);
        if (stream) {
          copied(handle, idsInline(chunk), rows);
        } else {
          run(handle, byIds(chunk), FOLLOW, rows);
        }
        rows.records();
        rows.remember(chunk, cache);
      }
      return found;
    }
    Set<UUID> asked = new HashSet<>(roots);
    Set<UUID> frontier = new LinkedHashSet<>(roots);
    boolean first = true;
    while (!frontier.isEmpty()) {
      Map<UUID, VersionRecord> level = new HashMap<>();
      for (List<UUID> chunk : chunks(frontier)) {
        Rows rows = run(handle, byIds(chunk), LISTS_ONLY);
        level = merged(level, rows);
        if (first) {
          rows.remember(chunk, cache);
        }
      }
      first = false;
      for (VersionRecord record : level.values()) {
        if (found.putIfAbsent(record.ecsId(), record) == null) {
          eachRead.accept(record);
        }
      }
      Set<UUID> next = new LinkedHashSet<>();
      for (VersionRecord record : level.values()) {
        record.forEachReference(reference -> {
          if (asked.add(reference)) {
            next.add(reference);
          }
        });
      }
      frontier = next;
    }
    return found;
  }

  /** Up to {@code page.limit() + 1} versions of a lineage, in creation order. */
  List<VersionRecord> lineagePage(Handle handle, UUID lineageId, PageRequest page) {
    List<Argument> arguments = new ArrayList<>();
    arguments.add(dialect.id(lineageId));
    String sql = "SELECT ecs_id FROM lineage_version WHERE lineage_id = ?"
        + after(page, arguments) + " ORDER BY created_ms, ecs_id LIMIT ?";
    arguments.add(limit(page.limit() + 1));
    return inCreationOrder(run(handle, new Anchor(sql, arguments), LISTS_ONLY));
  }

  /** Up to {@code page.limit() + 1} versions of every type, in creation order. */
  List<VersionRecord> allPage(Handle handle, PageRequest page) {
    List<Argument> arguments = new ArrayList<>();
    String sql = "SELECT ecs_id FROM lineage_version WHERE 1 = 1" + after(page, arguments)
        + " ORDER BY created_ms, ecs_id LIMIT ?";
    arguments.add(limit(page.limit() + 1));
    return inCreationOrder(run(handle, new Anchor(sql, arguments), LISTS_ONLY));
  }

  /**
   * Up to {@code page.limit() + 1} versions of the given types, in creation order. Each type is
   * read from the type index on its own and the results merged, so a page costs the same however
   * many versions the types have.
   */
  List<VersionRecord> typesPage(Handle handle, Set<String> typeNames, PageRequest page) {
    if (typeNames.isEmpty()) {
      return List.of();
    }
    List<Argument> arguments = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT ecs_id FROM (");
    boolean first = true;
    for (String type : typeNames) {
      if (!first) {
        sql.append(" UNION ALL ");
      }
      first = false;
      arguments.add((position, statement, context) -> statement.setString(position, type));
      sql.append("(SELECT ecs_id, created_ms FROM lineage_version WHERE type_id = (SELECT"
          + " type_id FROM lineage_type WHERE type_name = ?)");
      sql.append(after(page, arguments)).append(" ORDER BY created_ms, ecs_id LIMIT ?)");
      arguments.add(limit(page.limit() + 1));
    }
    sql.append(") typed ORDER BY created_ms, ecs_id LIMIT ?");
    arguments.add(limit(page.limit() + 1));
    return inCreationOrder(run(handle, new Anchor(sql.toString(), arguments), LISTS_ONLY));
  }

  private String after(PageRequest page, List<Argument> arguments) {
    if (page.after().isEmpty()) {
      return "";
    }
    Cursor cursor = page.after().get();
    long millis = cursor.createdAt().toEpochMilli();
    arguments.add((position, statement, context) -> statement.setLong(position, millis));
    arguments.add(dialect.id(cursor.ecsId()));
    return " AND (created_ms, ecs_id) > (?, ?)";
  }

  private static Argument limit(int limit) {
    return (position, statement, context) -> statement.setInt(position, limit);
  }

  private Anchor byIds(List<UUID> ids) {
    List<Argument> arguments = new ArrayList<>(ids.size());
    for (UUID id : ids) {
      arguments.add(dialect.id(id));
    }
    return new Anchor(
        "SELECT ecs_id FROM lineage_version WHERE ecs_id IN (" + Sql.placeholders(ids.size())
            + ")",
        arguments);
  }

  /** The anchor of {@code ids} with the ids in its text (ids only: nothing a caller wrote). */
  private static String idsInline(List<UUID> ids) {
    StringBuilder sql = new StringBuilder("SELECT ecs_id FROM lineage_version WHERE ecs_id IN (");
    for (int i = 0; i < ids.size(); i++) {
      sql.append(i == 0 ? "'" : ", '").append(ids.get(i)).append('\'');
    }
    return sql.append(')').toString();
  }

  private static List<List<UUID>> chunks(Collection<UUID> ids) {
    List<UUID> all = List.copyOf(new LinkedHashSet<>(ids));
    List<List<UUID>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += MAX_IDS) {
      chunks.add(all.subList(from, Math.min(all.size(), from + MAX_IDS)));
    }
    return chunks;
  }

  /**
   * {@code found} with the records of {@code rows} added; the records' own map when {@code found}
   * is empty (one statement's worth, as a read mostly is), which spares copying a thread's graph
   * of tens of thousands of versions from one map to another.
   */
  private static Map<UUID, VersionRecord> merged(Map<UUID, VersionRecord> found, Rows rows) {
    Map<UUID, VersionRecord> records = rows.records();
    if (found.isEmpty()) {
      return records;
    }
    found.putAll(records);
    return found;
  }

  private List<VersionRecord> inCreationOrder(Rows rows) {
    List<VersionRecord> ordered = new ArrayList<>(rows.records().values());
    ordered.sort(VersionRecord.CREATION_ORDER);
    return ordered;
  }

  /**
   * The statements that read the versions of {@code anchor} (SQL selecting {@code ecs_id}) as
   * {@code anchorKind} (FOLLOW or LISTS_ONLY): one, the walk with the rows of {@link #positions}
   * and {@link #others}; on MariaDB, a graph read by following in two, the walk with each. MariaDB
   * writes the rows of a {@code UNION ALL} into a temporary table before it sends them, and the
   * positions of a long history are most of them (measured, a thread of 10,000 messages: 32 to 38
   * ms in one statement, 25 to 29 in two). The anchors are ids, and what they reach never changes
   * once committed; the versions are read first, so a root whose commit becomes visible between
   * the two statements is either not read at all or read with all its positions.
   */
  private List<Statement> statements(String anchor, int anchorKind) {
    String walk = walk(anchor, anchorKind);
    if (anchorKind == FOLLOW && dialect.readsPositionsApart()) {
      return List.of(new Statement(walk + others(), false),
          new Statement(walk + POSITIONS_ALONE, true));
    }
    return List.of(new Statement(walk + positions() + " UNION ALL" + others(), false));
  }

  /**
   * One statement of a read: {@code positionsAlone} for the rows of {@link #POSITIONS_ALONE},
   * else the rows of every kind, {@link #COLUMNS} columns each.
   */
  private record Statement(String sql, boolean positionsAlone) {}

  /**
   * The rows of {@link #positions} in a statement of their own, without the columns the other
   * kinds of row need: 12 columns instead of 21, fewer bytes to send and to skip per position
   * (measured on MariaDB, a thread of 10,000 messages: 0.93x the load's time). Each row: the
   * segment, the position, the version it names and that version's copy (3 to 7), the leaf
   * the position names and its copy (8 to 12).
   */
  private static final String POSITIONS_ALONE =
      " SELECT s.node, i.pos, i.target_id, i.item_created_ms, i.item_type_id, i.item_shape_id,"
      + " i.item_fields, i.target_sub, i.sub_created_ms, i.sub_type_id, i.sub_shape_id,"
      + " i.sub_fields"
      + " FROM segs s JOIN lineage_link i ON i.owner_id = s.node AND i.pos >= 0"
      + " AND i.pos < s.lim";

  private static final int POSITIONS_ALONE_COLUMNS = 12;

  /**
   * The common table expressions every read starts with: the walk ({@code reach}) from the
   * anchor, the segments of the lists whose items belong to the graph ({@code segs}), and the
   * lists that are only read.
   */
  private String walk(String anchor, int anchorKind) {
    return "WITH RECURSIVE reach (node, lim, kind) AS ("
        + " SELECT a.ecs_id, 2147483647, " + anchorKind + " FROM (" + anchor + ") a"
        + " UNION"
        + " SELECT l.target_id,"
        + " CASE WHEN l.target_len IS NULL THEN 2147483647"
        + " WHEN r.kind = 3 THEN LEAST(l.target_len, r.lim) ELSE l.target_len END,"
        + " CASE WHEN l.pos = -1 THEN (CASE WHEN r.kind = 3 THEN 3 ELSE 4 END)"
        + " WHEN l.target_len IS NOT NULL THEN (CASE WHEN r.kind = 5 THEN 4 ELSE 3 END)"
        + " WHEN r.kind = 3 AND NOT " + UNCOPIED + " THEN 7"
        + " WHEN l.target_leaf THEN 6 ELSE 1 END"
        + " FROM reach r JOIN lineage_link l" + dialect.walkedLinksHint()
        + " ON l.owner_id = r.node AND l.pos < r.lim"
        + (dialect.marksWalkedLinks() ? WALKED : "")
        + " WHERE r.kind IN (1, 3, 7) OR (r.kind = 5 AND l.target_len IS NOT NULL)),"
        + " segs (node, lim) AS (SELECT node, MAX(lim) FROM reach WHERE kind = 3 GROUP BY node),"
        + (dialect.keepsIdRuns() ? onlyReadByRuns() : onlyReadByPositions());
  }

  /**
   * Rows of kind 1: a position of a list of the graph with the copy of the version it holds
   * (columns 5 to 11) and, when the position names it, of the one leaf that version links to (13
   * to 20), null where the position has no copy.
   */
  private String positions() {
    // a copy is of a first version: its lineage is its own id, it has no parent, no old ids
    return " SELECT 1, s.node, i.pos, i.target_id, NULL, NULL, i.item_created_ms,"
        + " i.item_type_id, i.item_shape_id, NULL, i.item_fields, 0,"
        + " i.target_sub, NULL, NULL, i.sub_created_ms, i.sub_type_id, i.sub_shape_id, NULL,"
        + " i.sub_fields, " + dialect.nullBytes()
        + " FROM segs s JOIN lineage_link i ON i.owner_id = s.node AND i.pos >= 0"
        + " AND i.pos < s.lim";
  }

  /**
   * The other rows: kind 0, a version the walk reached (the graph's versions that no position
   * copies); kind 2, a position of a list segment, only its id (and a base's length, 12); kind 3,
   * a run of ids of a list that is only read, ending at the position (its bytes, 21).
   */
  private String others() {
    return " SELECT 0, NULL, 0, v.ecs_id, NULLIF(v.lineage_id, v.ecs_id), v.parent_id,"
        + " v.created_ms, v.type_id, v.shape_id, v.old_ids, v.fields, 0," + NO_VERSION
        + " NULL, NULL"
        + " FROM reach f JOIN lineage_version v ON v.ecs_id = f.node WHERE f.kind IN (1, 5, 6)"
        + " UNION ALL"
        + " SELECT 2, s.node, b.pos, b.target_id," + NO_VERSION + " b.target_len," + NO_VERSION
        + " NULL, NULL"
        + " FROM segs s JOIN lineage_link b ON b.owner_id = s.node AND b.pos = -1"
        + (dialect.keepsIdRuns() ? ONLY_READ_BY_RUNS_ROWS : ONLY_READ_BY_POSITIONS_ROWS);
  }

  private static final String NO_VERSION = " NULL, NULL, NULL, NULL, NULL, NULL, NULL,";

  /**
   * The walk takes only the links with {@code walk} set (V6, indexed; see {@link
   * Dialect#marksWalkedLinks}): every link but a list position that carries the copies of its
   * version and of that version's leaf, which brings all it names in its own row. So from a
   * segment (kind 3) the walk takes its base and the items to follow or to read on their own,
   * without scanning every position.
   */
  private static final String WALKED = " AND l.walk = TRUE";

  /**
   * A position of link {@code l} that lacks the copy of its version or of its leaf: the walk
   * reaches such a version as one of the graph (kind 1 or 6), and it is read from {@code
   * lineage_version}. Every other position brings its versions in its own row, without a join.
   */
  private static final String UNCOPIED =
      "(l.item_fields IS NULL OR (l.target_sub IS NOT NULL AND l.sub_fields IS NULL))";

  /**
   * The lists that are only read, where they keep runs of ids: their segments and the bases
   * below ({@code chain}), each segment with the longest length read ({@code rsegs}), and the
   * positions its runs cover ({@code runs}).
   */
  private String onlyReadByRuns() {
    return " chain (node, lim, via, tlen) AS ("
        + " SELECT node, MAX(lim), " + dialect.nullId() + ", 0"
        + " FROM reach WHERE kind = 4 GROUP BY node"
        + " UNION"
        + " SELECT l.target_id, LEAST(l.target_len, c.lim), c.node, l.target_len"
        + " FROM chain c JOIN lineage_link l ON l.owner_id = c.node AND l.pos = -1),"
        + " rsegs (node, lim) AS (SELECT node, MAX(lim) FROM chain GROUP BY node),"
        + " runs (node, lo, hi) AS (SELECT s.node, MIN(r.end_pos) - " + (IdRuns.LENGTH - 1)
        + ", MAX(r.end_pos) FROM rsegs s JOIN lineage_id_run r ON r.segment_id = s.node"
        + " AND r.end_pos < s.lim GROUP BY s.node)";
  }

  /** Their rows: the bases, the runs, and the single positions outside the runs. */
  private static final String ONLY_READ_BY_RUNS_ROWS = " UNION ALL"
      + " SELECT 2, c.via, -1, c.node," + NO_VERSION + " c.tlen," + NO_VERSION + " NULL, NULL"
      + " FROM chain c WHERE c.via IS NOT NULL"
      + " UNION ALL"
      + " SELECT 3, r.segment_id, r.end_pos, NULL," + NO_VERSION + " 0," + NO_VERSION + " NULL,"
      + " r.ids FROM rsegs s JOIN lineage_id_run r ON r.segment_id = s.node"
      + " AND r.end_pos < s.lim"
      + " UNION ALL"
      + " SELECT 2, s.node, i.pos, i.target_id," + NO_VERSION + " 0," + NO_VERSION + " NULL, NULL"
      + " FROM rsegs s LEFT JOIN runs n ON n.node = s.node"
      + " JOIN lineage_link i ON i.owner_id = s.node AND i.pos >= 0"
      + " AND i.pos < COALESCE(n.lo, s.lim)"
      + " UNION ALL"
      + " SELECT 2, s.node, i.pos, i.target_id," + NO_VERSION + " 0," + NO_VERSION + " NULL, NULL"
      + " FROM rsegs s JOIN runs n ON n.node = s.node"
      + " JOIN lineage_link i ON i.owner_id = s.node AND i.pos > n.hi AND i.pos < s.lim";

  /**
   * The lists that are only read, on H2 (which keeps no runs): one recursive walk from each
   * segment, with the longest length read, to its positions below that length and to its base.
   * H2 evaluates a common table expression anew wherever a statement names it, so here the walk
   * is named once.
   */
  private String onlyReadByPositions() {
    return " chain (node, lim, kind, via, pos, tlen) AS ("
        + " SELECT node, MAX(lim), 4, " + dialect.nullId() + ", 0, 0"
        + " FROM reach WHERE kind = 4 GROUP BY node"
        + " UNION"
        + " SELECT l.target_id,"
        + " CASE WHEN l.pos = -1 THEN LEAST(l.target_len, c.lim) ELSE 2147483647 END,"
        + " CASE WHEN l.pos = -1 THEN 4 ELSE 2 END,"
        + " c.node, l.pos, COALESCE(l.target_len, 0)"
        + " FROM chain c JOIN lineage_link l ON l.owner_id = c.node AND l.pos < c.lim"
        + " WHERE c.kind = 4)";
  }

  /** Their rows: every position and base the walk passed. */
  private static final String ONLY_READ_BY_POSITIONS_ROWS = " UNION ALL"
      + " SELECT 2, c.via, c.pos, c.node," + NO_VERSION + " c.tlen," + NO_VERSION + " NULL, NULL"
      + " FROM chain c WHERE c.via IS NOT NULL";

  private Rows run(Handle handle, Anchor anchor, int anchorKind) {
    return run(handle, anchor, anchorKind, new Rows(types, shapes, cache));
  }

  private Rows run(Handle handle, Anchor anchor, int anchorKind, Rows read) {
    for (Statement statement : statements(anchor.sql(), anchorKind)) {
      Query query = handle.createQuery(statement.sql());
      if (dialect.rowsPerFetch() > 0) {
        query.setFetchSize(dialect.rowsPerFetch());
      }
      for (int i = 0; i < anchor.arguments().size(); i++) {
        query.bind(i, anchor.arguments().get(i));
      }
      query.scanResultSet((rows, context) -> statement.positionsAlone()
          ? scanPositions(Columns.of(rows.get(), dialect), read)
          : scan(Columns.of(rows.get(), dialect), read));
    }
    return learnt(handle, read);
  }

  /**
   * The rows of a graph's read streamed through {@link CopyRows}, with {@code anchor} naming its
   * roots by id, inline.
   */
  private Rows copied(Handle handle, String anchor, Rows read) {
    for (Statement statement : statements(anchor, FOLLOW)) {
      try (CopyRows rows = CopyRows.start(handle.getConnection(), statement.sql(),
          statement.positionsAlone() ? POSITIONS_ALONE_COLUMNS : COLUMNS)) {
        if (statement.positionsAlone()) {
          scanPositions(rows, read);
        } else {
          scan(rows, read);
        }
      } catch (SQLException e) {
        throw new IllegalStateException("streaming a graph's rows failed", e); // translated
      }
    }
    return learnt(handle, read);
  }

  /** {@code read}, after this process learnt the types and shapes it holds. */
  private Rows learnt(Handle handle, Rows read) {
    if (read.unknownTypes) {
      types.refresh(handle);
    }
    if (!read.unknownShapes.isEmpty()) {
      shapes.learn(handle, read.unknownShapes);
    }
    return read;
  }

  /** Adds the rows of one statement to {@code found}. */
  private Rows scan(Columns row, Rows found) throws SQLException {
    while (row.next()) {
      int kind = row.getInt(1);
      if (kind == 3) {
        UUID segment = row.getId(2);
        IdRuns.unpack(segment, row.getInt(3), row.getBytes(21),
            (position, item) -> found.position(segment, position, item, 0));
        continue;
      }
      UUID id = row.getId(4);
      if (kind == 2) {
        found.position(row.getId(2), row.getInt(3), id, row.getInt(12));
        continue;
      }
      if (kind == 1) {
        found.position(row.getId(2), row.getInt(3), id, 0);
        UUID sub = row.getId(13);
        if (sub != null) {
          version(found, row, 13, sub);
        }
      }
      version(found, row, 4, id);
    }
    return found;
  }

  /** Adds the rows of a statement of {@link #POSITIONS_ALONE} to {@code found}. */
  private Rows scanPositions(Columns row, Rows found) throws SQLException {
    while (row.next()) {
      UUID id = row.getId(3);
      found.position(row.getId(1), row.getInt(2), id, 0);
      UUID sub = row.getId(8);
      if (sub != null) {
        copy(found, row, 8, sub);
      }
      copy(found, row, 3, id);
    }
    return found;
  }

  /**
   * Keeps the version {@code id} whose copy follows column {@code at} of a row of {@link
   * #POSITIONS_ALONE}, unless the position has no copy of it (the version then comes in a row of
   * its own). A copy is of a first version: its lineage is its own id, no parent, no old ids.
   */
  private void copy(Rows found, Columns row, int at, UUID id) throws SQLException {
    long createdMs = row.getLong(at + 1);
    if (row.wasNull()) {
      return;
    }
    int type = row.getInt(at + 2);
    int shape = row.getInt(at + 3);
    Integer shapeId = row.wasNull() ? null : shape;
    found.add(new VersionRow(id, id, null, createdMs, type, shapeId, null, row.getString(at + 4)));
  }

  /**
   * Keeps the version {@code id} whose columns follow column {@code at}, unless its columns are
   * null (a position without a copy: the version comes in a row of its own, if it is stored). The
   * statement leaves out a lineage id that is the version's own (the first version of every
   * lineage, so every message and usage): fewer bytes to send.
   */
  private void version(Rows found, Columns row, int at, UUID id) throws SQLException {
    long createdMs = row.getLong(at + 3);
    if (row.wasNull()) {
      return;
    }
    UUID lineageId = row.getId(at + 1);
    int type = row.getInt(at + 4);
    int shape = row.getInt(at + 5);
    Integer shapeId = row.wasNull() ? null : shape;
    found.add(new VersionRow(id, lineageId == null ? id : lineageId,
        row.getId(at + 2), createdMs, type, shapeId, row.getString(at + 6),
        row.getString(at + 7)));
  }

  /** A row of {@code lineage_version} as read; {@code shapeId} null for a JSON object. */
  private record VersionRow(UUID ecsId, UUID lineageId, UUID parentId, long createdMs,
      int typeId, Integer shapeId, String oldIds, String fields) {}

  /**
   * The rows of one segment that a read passed: some of its items and its base, if any. Each
   * item's id is kept as its two numbers too, so that checking and caching a list of thousands
   * reads two arrays instead of an object per item.
   */
  private static final class Segment {
    Value.Ref[] items = new Value.Ref[16];
    long[] bits = new long[32];
    UUID base;
    int baseLength;

    void item(int position, UUID id) {
      if (position >= items.length) {
        int capacity = Math.max(position + 1, items.length * 2);
        items = Arrays.copyOf(items, capacity);
        bits = Arrays.copyOf(bits, 2 * capacity);
      }
      if (items[position] == null) {
        items[position] = new Value.Ref(id);
        bits[2 * position] = id.getMostSignificantBits();
        bits[2 * position + 1] = id.getLeastSignificantBits();
      }
    }

    Value.Ref at(int position) {
      return position < items.length ? items[position] : null;
    }
  }

  /** What one statement returned, and how to turn it into records. */
  private static final class Rows {
    final TypeIds types;
    final Shapes shapes;
    final ListCache cache;
    /**
     * The versions read, by id, decoded as their rows came in. A version reached twice comes in
     * two rows; it is decoded once.
     */
    private final Map<UUID, VersionRecord> records;
    /** Gets each record as it goes into {@link #records}. */
    private final Consumer<VersionRecord> eachRead;
    /** The version rows decoded at the end: they hold stored lists, or an unknown type or shape. */
    private final List<VersionRow> deferred = new ArrayList<>();
    final Map<UUID, Segment> segments = new HashMap<>();
    /** The field names of the records read so far, per type. */
    final Map<Integer, JsonCodec.FieldNames> fieldNames = new HashMap<>();
    /** The stored lists the records were given, kept for {@link #remember}. */
    final Map<ListCache.Key, Listed> lists = new HashMap<>();

    /** Whether a row has a type id this process does not know yet. */
    boolean unknownTypes;
    /** The shape ids of the rows that this process does not know yet. */
    final Set<Integer> unknownShapes = new HashSet<>();

    Rows(TypeIds types, Shapes shapes, ListCache cache) {
      this(types, shapes, cache, new HashMap<>(), record -> { });
    }

    /** Rows that put their records into {@code records} and hand each new one to {@code eachRead}. */
    Rows(TypeIds types, Shapes shapes, ListCache cache, Map<UUID, VersionRecord> records,
        Consumer<VersionRecord> eachRead) {
      this.types = types;
      this.shapes = shapes;
      this.cache = cache;
      this.records = records;
      this.eachRead = eachRead;
    }

    /** A stored list as read: the numbers of its ids, two by two. */
    record Listed(ListDescriptor where, long[] bits) {}

    /** Lets the next versions of {@code versionIds} append to their lists without a query. */
    void remember(Collection<UUID> versionIds, ListCache cache) {
      Set<UUID> wanted = new HashSet<>(versionIds);
      lists.forEach((key, list) -> {
        if (wanted.contains(key.version())) {
          cache.put(key, new KnownList(list.where(), IdList.of(list.bits(), list.bits().length / 2),
              null, null, null));
        }
      });
    }

    void position(UUID segmentId, int position, UUID target, int targetLength) {
      Segment segment = segments.computeIfAbsent(segmentId, id -> new Segment());
      if (position == -1) {
        segment.base = target;
        segment.baseLength = targetLength;
      } else {
        segment.item(position, target);
      }
    }

    /**
     * Keeps a version row, and decodes it now unless it needs what only the statement's end
     * brings: its stored lists, whose positions may come later, or the name of a type or shape
     * this process learns after the statement. Decoding a row while the next ones arrive is what
     * makes streaming them worth it ({@link Dialect#rowsPerFetch}).
     */
    void add(VersionRow row) {
      String type = types.nameOf(row.typeId());
      FieldLayout names = row.shapeId() == null ? null : shapes.namesOf(row.shapeId());
      if (type == null) {
        unknownTypes = true;
      }
      if (row.shapeId() != null && names == null) {
        unknownShapes.add(row.shapeId());
      }
      if (type == null || (row.shapeId() != null && names == null)
          || JsonCodec.mayHoldList(row.fields())
          || (row.oldIds() != null && ListDescriptor.isDescriptor(row.oldIds()))) {
        deferred.add(row);
      } else {
        records.computeIfAbsent(row.ecsId(), id -> handed(record(row, type, names)));
      }
    }

    /**
     * The records of every version row, by id: the deferred rows decoded now, their type names
     * given by {@code types} and their field names by {@code shapes}, which know by now what the
     * statement brought.
     */
    Map<UUID, VersionRecord> records() {
      for (VersionRow row : deferred) {
        String type = types.nameOf(row.typeId());
        if (type == null) {
          throw new UnreadableDataException(
              "lineage_version row " + row.ecsId() + " has type_id " + row.typeId()
                  + ", which lineage_type does not hold");
        }
        FieldLayout names = null;
        if (row.shapeId() != null) {
          names = shapes.namesOf(row.shapeId());
          if (names == null) {
            throw new UnreadableDataException(
                "lineage_version row " + row.ecsId() + " (" + type + ") has shape_id "
                    + row.shapeId() + ", which lineage_shape does not hold readably");
          }
        }
        FieldLayout shapeNames = names;
        records.computeIfAbsent(row.ecsId(), id -> handed(record(row, type, shapeNames)));
      }
      deferred.clear();
      return records;
    }

    private VersionRecord handed(VersionRecord record) {
      eachRead.accept(record);
      return record;
    }

    private VersionRecord record(VersionRow row, String type, FieldLayout names) {
      Map<String, Value> fields;
      List<UUID> oldIds;
      try {
        BiFunction<String, ListDescriptor, Value> lists = (field, list) -> new Value.Seq(
            List.of(refs(list, row, type, field, "the list field '" + field + "'")));
        fields = names != null ? JsonCodec.readValues(row.fields(), names, lists)
            : JsonCodec.readFields(row.fields(), lists,
                fieldNames.computeIfAbsent(row.typeId(), id -> new JsonCodec.FieldNames()));
        oldIds = oldIds(row, type);
      } catch (JsonCodec.BadJson e) {
        throw new UnreadableDataException(
            "lineage_version row " + row.ecsId() + " (" + type + ") cannot be read: "
                + e.getMessage(), e);
      }
      try {
        return new VersionRecord(row.ecsId(), row.lineageId(), row.parentId(), oldIds,
            Instant.ofEpochMilli(row.createdMs()), type, fields);
      } catch (LineageException | IllegalArgumentException e) {
        throw new UnreadableDataException(
            "lineage_version row " + row.ecsId() + " (" + type + ") is inconsistent: "
                + e.getMessage(), e);
      }
    }

    private List<UUID> oldIds(VersionRow row, String type) {
      String text = row.oldIds();
      if (text == null || text.isEmpty()) {
        return List.of();
      }
      if (ListDescriptor.isDescriptor(text)) {
        Value.Ref[] refs = refs(ListDescriptor.decode(text), row, type, null, "the old ids");
        List<UUID> ids = new ArrayList<>(refs.length);
        for (Value.Ref ref : refs) {
          ids.add(ref.ecsId());
        }
        return ids;
      }
      List<UUID> ids = new ArrayList<>();
      for (String id : text.split(",", -1)) {
        try {
          ids.add(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
          throw new JsonCodec.BadJson("old_ids holds '" + JsonCodec.abbreviate(id)
              + "', which is not an id");
        }
      }
      return ids;
    }

    /** The items of a stored list, checked against its digest. */
    private Value.Ref[] refs(ListDescriptor list, VersionRow row, String type, String field,
        String what) {
      Value.Ref[] out = new Value.Ref[list.length()];
      long[] bits = new long[2 * list.length()];
      UUID segmentId = list.segment();
      int end = list.length();
      while (end > 0) {
        Segment segment = segments.get(segmentId);
        if (segment == null) {
          throw missing(row, type, what, list, segmentId, end - 1);
        }
        int start = segment.base == null ? 0 : Math.min(segment.baseLength, end);
        for (int position = start; position < end; position++) {
          Value.Ref item = segment.at(position);
          if (item == null) {
            throw missing(row, type, what, list, segmentId, position);
          }
          out[position] = item;
        }
        System.arraycopy(segment.bits, 2 * start, bits, 2 * start, 2 * (end - start));
        if (segment.base == null) {
          break;
        }
        segmentId = segment.base;
        end = start;
      }
      ListCache.Key key = new ListCache.Key(row.ecsId(), field);
      if (isKnown(key, list, bits)) {
        lists.put(key, new Listed(list, bits));
        return out;
      }
      IdDigest digest = IdDigest.start();
      for (int i = 0; i < bits.length; i += 2) {
        digest.add(bits[i], bits[i + 1]);
      }
      if (!digest.finish().equals(list.digest())) {
        throw new UnreadableDataException(
            "lineage_link rows of list segment " + list.segment() + " do not hold the ids "
                + what + " of lineage_version row " + row.ecsId() + " (" + type
                + ") was stored with: their digest differs");
      }
      lists.put(key, new Listed(list, bits));
      return out;
    }

    /**
     * Whether this process wrote or read the list {@code list} of {@code key} with the very ids
     * whose numbers are {@code bits} (their digest was checked then), which spares hashing them
     * again.
     */
    private boolean isKnown(ListCache.Key key, ListDescriptor list, long[] bits) {
      KnownList known = cache.get(key);
      if (known == null || known.ids() == null || !known.where().equals(list)
          || 2 * known.ids().length() != bits.length) {
        return false;
      }
      IdList ids = known.ids();
      for (int i = 0; i < bits.length / 2; i++) {
        if (ids.msb(i) != bits[2 * i] || ids.lsb(i) != bits[2 * i + 1]) {
          return false;
        }
      }
      return true;
    }

    private static UnreadableDataException missing(VersionRow row, String type, String what,
        ListDescriptor list, UUID segment, int position) {
      return new UnreadableDataException(
          "lineage_link has no row for position " + position + " of list segment " + segment
              + ", which " + what + " of lineage_version row " + row.ecsId() + " ("
              + type + ") needs (a list of " + list.length() + " ids)");
    }
  }
}
