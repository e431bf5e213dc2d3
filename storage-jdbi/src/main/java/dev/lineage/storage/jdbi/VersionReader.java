package dev.lineage.storage.jdbi;

import dev.lineage.storage.Cursor;
import dev.lineage.storage.LineageException;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.sql.ResultSet;
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
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads versions with their lists in one statement, and whole graphs in one statement (on H2, one
 * per level of the graph).
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
 *   <li>4: a segment of a list that is only read (old ids, or the lists of kind 5 versions).
 * </ul>
 *
 * A row that came from a segment keeps the segment ({@code via}) and its position. The lists that
 * are only read (kind 4) are read by a second recursive part ({@code chain}), which starts from
 * each such segment once, with the longest length any version needs: a page of a thousand
 * versions of one thread reads their shared old ids once, not a thousand times. The statement
 * returns the rows of the versions of kinds 1, 5 and 6, and every segment position the walks
 * passed, from which each list is put back together. {@code UNION} drops repeated rows of the
 * walk, so reference cycles end.
 */
final class VersionReader {

  /** Ids per statement when a caller asks for more at once (the drivers' parameter limits). */
  private static final int MAX_IDS = 10_000;

  private static final int FOLLOW = 1;
  private static final int LISTS_ONLY = 5;

  private final Dialect dialect;
  private final ListCache cache;
  private final TypeIds types;

  VersionReader(Dialect dialect, ListCache cache, TypeIds types) {
    this.dialect = dialect;
    this.cache = cache;
    this.types = types;
  }

  /** A set of anchor versions: SQL selecting a column {@code ecs_id}, with its arguments. */
  private record Anchor(String sql, List<Argument> arguments) {}

  /** The versions {@code ids} name that exist, with their lists, by id. */
  Map<UUID, VersionRecord> versions(Handle handle, Collection<UUID> ids) {
    Map<UUID, VersionRecord> found = new HashMap<>();
    for (List<UUID> chunk : chunks(ids)) {
      found.putAll(run(handle, byIds(chunk), LISTS_ONLY).records(types));
    }
    return found;
  }

  /** Everything the versions {@code roots} reach through references, by id. */
  Map<UUID, VersionRecord> graphs(Handle handle, Collection<UUID> roots) {
    Map<UUID, VersionRecord> found = new HashMap<>();
    if (dialect.closureInOneQuery()) {
      for (List<UUID> chunk : chunks(roots)) {
        Rows rows = run(handle, byIds(chunk), FOLLOW);
        found.putAll(rows.records(types));
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
        level.putAll(rows.records(types));
        if (first) {
          rows.remember(chunk, cache);
        }
      }
      first = false;
      found.putAll(level);
      frontier = new LinkedHashSet<>();
      for (VersionRecord record : level.values()) {
        for (UUID reference : record.references()) {
          if (asked.add(reference)) {
            frontier.add(reference);
          }
        }
      }
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
    return inCreationOrder(run(handle, new Anchor(sql, arguments), LISTS_ONLY).records(types));
  }

  /** Up to {@code page.limit() + 1} versions of every type, in creation order. */
  List<VersionRecord> allPage(Handle handle, PageRequest page) {
    List<Argument> arguments = new ArrayList<>();
    String sql = "SELECT ecs_id FROM lineage_version WHERE 1 = 1" + after(page, arguments)
        + " ORDER BY created_ms, ecs_id LIMIT ?";
    arguments.add(limit(page.limit() + 1));
    return inCreationOrder(run(handle, new Anchor(sql, arguments), LISTS_ONLY).records(types));
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
    return inCreationOrder(run(handle, new Anchor(sql.toString(), arguments), LISTS_ONLY)
        .records(types));
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

  private static List<List<UUID>> chunks(Collection<UUID> ids) {
    List<UUID> all = List.copyOf(new LinkedHashSet<>(ids));
    List<List<UUID>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += MAX_IDS) {
      chunks.add(all.subList(from, Math.min(all.size(), from + MAX_IDS)));
    }
    return chunks;
  }

  private static List<VersionRecord> inCreationOrder(Map<UUID, VersionRecord> records) {
    List<VersionRecord> ordered = new ArrayList<>(records.values());
    ordered.sort(VersionRecord.CREATION_ORDER);
    return ordered;
  }

  private String statement(String anchor, int anchorKind) {
    return "WITH RECURSIVE reach (node, lim, kind, via, pos, tlen) AS ("
        + " SELECT a.ecs_id, 2147483647, " + anchorKind + ", " + dialect.nullId() + ", 0, 0"
        + " FROM (" + anchor + ") a"
        + " UNION"
        + " SELECT l.target_id,"
        + " CASE WHEN l.target_len IS NULL THEN 2147483647"
        + " WHEN r.kind = 3 THEN LEAST(l.target_len, r.lim) ELSE l.target_len END,"
        + " CASE WHEN l.pos = -1 THEN (CASE WHEN r.kind = 3 THEN 3 ELSE 4 END)"
        + " WHEN l.target_len IS NOT NULL THEN (CASE WHEN r.kind = 5 THEN 4 ELSE 3 END)"
        + " WHEN l.target_leaf THEN 6 ELSE 1 END,"
        + " CASE WHEN r.kind = 3 THEN r.node ELSE " + dialect.nullId() + " END,"
        + " l.pos, COALESCE(l.target_len, 0)"
        + " FROM reach r JOIN lineage_link l ON l.owner_id = r.node AND l.pos < r.lim"
        + " WHERE r.kind IN (1, 3) OR (r.kind = 5 AND l.target_len IS NOT NULL)),"
        + " chain (node, lim, kind, via, pos, tlen) AS ("
        + " SELECT node, MAX(lim), 4, " + dialect.nullId() + ", 0, 0"
        + " FROM reach WHERE kind = 4 GROUP BY node"
        + " UNION"
        + " SELECT l.target_id,"
        + " CASE WHEN l.pos = -1 THEN LEAST(l.target_len, c.lim) ELSE 2147483647 END,"
        + " CASE WHEN l.pos = -1 THEN 4 ELSE 2 END,"
        + " c.node, l.pos, COALESCE(l.target_len, 0)"
        + " FROM chain c JOIN lineage_link l ON l.owner_id = c.node AND l.pos < c.lim"
        + " WHERE c.kind = 4)"
        + " SELECT 0, v.ecs_id, v.lineage_id, v.parent_id, v.created_ms, v.type_id, v.old_ids,"
        + " v.fields"
        + " FROM reach f JOIN lineage_version v ON v.ecs_id = f.node"
        + " WHERE f.kind IN (1, 5, 6)"
        + " UNION ALL"
        + " SELECT 1, via, node, NULL, pos, tlen, NULL, NULL FROM reach WHERE via IS NOT NULL"
        + " UNION ALL"
        + " SELECT 1, via, node, NULL, pos, tlen, NULL, NULL FROM chain WHERE via IS NOT NULL";
  }

  private Rows run(Handle handle, Anchor anchor, int anchorKind) {
    Query query = handle.createQuery(statement(anchor.sql(), anchorKind));
    for (int i = 0; i < anchor.arguments().size(); i++) {
      query.bind(i, anchor.arguments().get(i));
    }
    Rows read = query.scanResultSet((rows, context) -> {
      Rows found = new Rows();
      ResultSet row = rows.get();
      while (row.next()) {
        if (row.getInt(1) == 0) {
          UUID ecsId = dialect.getId(row, 2);
          if (found.seen.add(ecsId)) {
            found.versions.add(new VersionRow(ecsId, dialect.getId(row, 3),
                dialect.getId(row, 4), row.getLong(5), row.getInt(6), row.getString(7),
                row.getString(8)));
          }
        } else {
          found.position(dialect.getId(row, 2), row.getInt(5), dialect.getId(row, 3),
              row.getInt(6));
        }
      }
      return found;
    });
    if (!types.knowsIds(read.typeIds())) {
      types.refresh(handle);
    }
    return read;
  }

  /** A row of {@code lineage_version} as read. */
  private record VersionRow(UUID ecsId, UUID lineageId, UUID parentId, long createdMs,
      int typeId, String oldIds, String fields) {}

  /** The rows of one segment that a read passed: some of its items and its base, if any. */
  private static final class Segment {
    Value.Ref[] items = new Value.Ref[16];
    UUID base;
    int baseLength;

    void item(int position, UUID id) {
      if (position >= items.length) {
        items = Arrays.copyOf(items, Math.max(position + 1, items.length * 2));
      }
      if (items[position] == null) {
        items[position] = new Value.Ref(id);
      }
    }

    Value.Ref at(int position) {
      return position < items.length ? items[position] : null;
    }
  }

  /** What one statement returned, and how to turn it into records. */
  private static final class Rows {
    final List<VersionRow> versions = new ArrayList<>();
    final Set<UUID> seen = new HashSet<>();
    final Map<UUID, Segment> segments = new HashMap<>();
    /** The field names of the records read so far, per type. */
    final Map<Integer, JsonCodec.FieldNames> fieldNames = new HashMap<>();
    /** The stored lists the records were given, kept for {@link #remember}. */
    final Map<ListCache.Key, Listed> lists = new HashMap<>();

    /** A stored list as read. */
    record Listed(ListDescriptor where, Value.Ref[] items) {}

    /** Lets the next versions of {@code versionIds} append to their lists without a query. */
    void remember(Collection<UUID> versionIds, ListCache cache) {
      Set<UUID> wanted = new HashSet<>(versionIds);
      lists.forEach((key, list) -> {
        if (wanted.contains(key.version())) {
          List<UUID> ids = new ArrayList<>(list.items().length);
          for (Value.Ref ref : list.items()) {
            ids.add(ref.ecsId());
          }
          cache.put(key, new KnownList(list.where(), IdList.of(ids), null));
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

    /** The type ids the rows use. */
    Set<Integer> typeIds() {
      Set<Integer> ids = new HashSet<>();
      for (VersionRow row : versions) {
        ids.add(row.typeId());
      }
      return ids;
    }

    /** The records of the version rows, their type names given by {@code types}. */
    Map<UUID, VersionRecord> records(TypeIds types) {
      Map<UUID, VersionRecord> records = new HashMap<>(versions.size() * 2);
      for (VersionRow row : versions) {
        String type = types.nameOf(row.typeId());
        if (type == null) {
          throw new UnreadableDataException(
              "lineage_version row " + row.ecsId() + " has type_id " + row.typeId()
                  + ", which lineage_type does not hold");
        }
        records.put(row.ecsId(), record(row, type));
      }
      return records;
    }

    private VersionRecord record(VersionRow row, String type) {
      Map<String, Value> fields;
      List<UUID> oldIds;
      try {
        fields = JsonCodec.readFields(row.fields(), (field, list) -> new Value.Seq(List.of(
            refs(list, row, type, field, "the list field '" + field + "'"))),
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
      if (text.startsWith("~l")) {
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
        if (segment.base == null) {
          break;
        }
        segmentId = segment.base;
        end = start;
      }
      IdDigest digest = IdDigest.start();
      for (Value.Ref ref : out) {
        digest.add(ref.ecsId());
      }
      if (!digest.finish().equals(list.digest())) {
        throw new UnreadableDataException(
            "lineage_link rows of list segment " + list.segment() + " do not hold the ids "
                + what + " of lineage_version row " + row.ecsId() + " (" + type
                + ") was stored with: their digest differs");
      }
      lists.put(new ListCache.Key(row.ecsId(), field), new Listed(list, out));
      return out;
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
