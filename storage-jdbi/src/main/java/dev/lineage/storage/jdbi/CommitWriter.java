package dev.lineage.storage.jdbi;

import dev.lineage.storage.Commit;
import dev.lineage.storage.ConflictException;
import dev.lineage.storage.FieldLayout;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.statement.Update;

/**
 * Writes a commit in one transaction, whatever the size of the graph or of its lists: on
 * PostgreSQL one statement that inserts into {@code lineage_version}, {@code lineage_id_run} and
 * {@code lineage_link} from arrays (one round trip); elsewhere one multi-row insert per table.
 *
 * <p>A list of references (or of old ids) long enough to be kept as a list is written as a
 * descriptor of a list segment. When the version's parent kept the same field as a list and the
 * new list starts with it, the new version shares the parent's rows: it appends its new items to
 * the parent's segment (the common case, a conversation turn), or starts a new segment based on a
 * prefix of the parent's list. That the new list starts with the parent's is checked against the
 * parent's ids when this process knows them ({@link ListCache}), else against the parent's
 * digest, so the parent's history is never read back.
 *
 * <p>The successor check (D-11) is a unique key: the root of a non-branch commit claims its base
 * in {@code successor_of}, so of two commits from one base only one can be inserted. The root of
 * a branch commit, and every version forked as a sub-entity, claims its base only if nobody has,
 * so that a later non-branch commit from that base still conflicts (rule K-07), however its
 * successor was made. A unique key that is already taken (a stored version, a claimed base, a list
 * position another version appended first) rolls the transaction back; the commit is then
 * examined: a different payload under a stored id or a taken base is a conflict, identical stored
 * versions are left out, and the rest is written again without appending to shared segments.
 */
final class CommitWriter {

  private static final int MAX_ATTEMPTS = 4;
  private static final int MAX_ROWS_PER_INSERT = 500;
  private static final int MAX_CHARS_PER_INSERT = 2 << 20; // at most 8 MiB of UTF-8
  static final int MAX_TYPE_NAME = 512;

  private final Dialect dialect;
  private final int inlineListLimit;
  private final ListCache cache;
  private final TypeIds types;
  private final Shapes shapes;
  private final VersionReader reader;
  private final String insertVersion;
  private final String insertLink;
  private final String insertRun;
  private final String insertAll;

  CommitWriter(Dialect dialect, JdbiStorageOptions options, ListCache cache, TypeIds types,
      Shapes shapes, VersionReader reader) {
    this.dialect = dialect;
    this.inlineListLimit = options.inlineListLimit();
    this.cache = cache;
    this.types = types;
    this.shapes = shapes;
    this.reader = reader;
    String json = dialect.jsonParameter();
    this.insertVersion = "INSERT INTO lineage_version (ecs_id, lineage_id, parent_id, successor_of,"
        + " created_ms, type_id, shape_id, shard_key, old_ids, fields)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, " + json + ")";
    this.insertLink = "INSERT INTO lineage_link (owner_id, pos, target_id, target_len,"
        + " target_leaf, target_sub, shard_key, item_created_ms, item_type_id, item_shape_id,"
        + " item_fields, sub_created_ms, sub_type_id, sub_shape_id, sub_fields)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + json + ", ?, ?, ?, " + json + ")";
    this.insertRun = "INSERT INTO lineage_id_run (segment_id, end_pos, ids, shard_key)"
        + " VALUES (?, ?, ?, ?)";
    this.insertAll = "WITH versions AS (INSERT INTO lineage_version (ecs_id, lineage_id, parent_id,"
        + " successor_of, created_ms, type_id, shape_id, shard_key, old_ids, fields)"
        + " SELECT v.ecs_id, v.lineage_id, v.parent_id, v.successor_of, v.created_ms, v.type_id,"
        + " v.shape_id, ?, v.old_ids, CAST(v.fields AS json)"
        + " FROM unnest(CAST(? AS uuid[]), CAST(? AS uuid[]), CAST(? AS uuid[]),"
        + " CAST(? AS uuid[]), CAST(? AS bigint[]), CAST(? AS integer[]), CAST(? AS integer[]),"
        + " CAST(? AS text[]), CAST(? AS text[])) AS v (ecs_id, lineage_id, parent_id,"
        + " successor_of, created_ms, type_id, shape_id, old_ids, fields)),"
        + " runs AS (INSERT INTO lineage_id_run (segment_id, end_pos, ids, shard_key)"
        + " SELECT r.segment_id, r.end_pos, decode(r.ids, 'hex'), ?"
        + " FROM unnest(CAST(? AS uuid[]), CAST(? AS integer[]), CAST(? AS text[]))"
        + " AS r (segment_id, end_pos, ids))"
        + " INSERT INTO lineage_link (owner_id, pos, target_id, target_len, target_leaf,"
        + " target_sub, shard_key, item_created_ms, item_type_id, item_shape_id, item_fields,"
        + " sub_created_ms, sub_type_id, sub_shape_id, sub_fields)"
        + " SELECT l.owner_id, l.pos, l.target_id, l.target_len, l.target_leaf, l.target_sub, ?,"
        + " l.item_created_ms, l.item_type_id, l.item_shape_id, CAST(l.item_fields AS json),"
        + " l.sub_created_ms, l.sub_type_id, l.sub_shape_id, CAST(l.sub_fields AS json)"
        + " FROM unnest(CAST(? AS uuid[]), CAST(? AS integer[]), CAST(? AS uuid[]),"
        + " CAST(? AS integer[]), CAST(? AS boolean[]), CAST(? AS uuid[]), CAST(? AS bigint[]),"
        + " CAST(? AS integer[]), CAST(? AS integer[]), CAST(? AS text[]), CAST(? AS bigint[]),"
        + " CAST(? AS integer[]), CAST(? AS integer[]), CAST(? AS text[])) AS l (owner_id, pos,"
        + " target_id, target_len, target_leaf, target_sub, item_created_ms, item_type_id,"
        + " item_shape_id, item_fields, sub_created_ms, sub_type_id, sub_shape_id, sub_fields)";
  }

  /** Stores {@code commit} on {@code handle}, atomically. */
  void commit(Handle handle, Commit commit) {
    Set<String> typeNames = new LinkedHashSet<>();
    Set<List<String>> fieldNames = new LinkedHashSet<>();
    for (VersionRecord version : commit.versions()) {
      check(version);
      typeNames.add(version.type());
      fieldNames.add(List.copyOf(version.fields().keySet()));
    }
    if (!types.knowsAll(typeNames)) {
      types.ensure(handle, typeNames);
    }
    shapes.ensure(handle, fieldNames);
    List<VersionRecord> pending = commit.versions();
    boolean appendToShared = true;
    for (int attempt = 1; ; attempt++) {
      Plan plan = new Plan(commit, pending, appendToShared, knownParentLists(handle, pending));
      try {
        write(handle, plan);
        plan.lists.forEach(cache::put);
        return;
      } catch (JdbiException e) {
        SQLException sql = Failures.sqlCause(e);
        if (sql == null || !Failures.isCollision(sql)) {
          throw e;
        }
        pending = examine(handle, commit, pending);
        if (pending.isEmpty()) {
          return;
        }
        if (attempt == MAX_ATTEMPTS) {
          throw new ConflictException(
              "commit of " + commit.root().type() + " version " + commit.rootId()
                  + " collided with concurrent commits " + MAX_ATTEMPTS + " times; retry it", e);
        }
        appendToShared = false;
      }
    }
  }

  private static void check(VersionRecord version) {
    if (version.type().length() > MAX_TYPE_NAME) {
      throw new InvalidInputException(
          "version " + version.ecsId() + ": type name longer than " + MAX_TYPE_NAME
              + " characters: " + JsonCodec.abbreviate(version.type()));
    }
    try {
      version.createdAt().toEpochMilli();
    } catch (ArithmeticException e) {
      throw new InvalidInputException(
          "version " + version.ecsId() + " (" + version.type() + "): createdAt "
              + version.createdAt() + " is beyond the range the adapter stores", e);
    }
  }

  private void write(Handle handle, Plan plan) {
    if (dialect == Dialect.POSTGRESQL && plan.claimsIfFree.isEmpty()
        && !handle.isInTransaction()) {
      writeInOneStatement(handle, plan);
    } else {
      handle.useTransaction(transaction -> writeBatches(transaction, plan));
    }
  }

  /**
   * PostgreSQL: the whole commit as one statement (a data-modifying {@code WITH} inserting the
   * versions, the runs of ids and the links, each from arrays), run on its own, so that it is one
   * transaction and one round trip, whatever the number of rows. The statement's text never
   * changes, so the server plans it once per connection.
   */
  private void writeInOneStatement(Handle handle, Plan plan) {
    int versionCount = plan.rows.size();
    UUID[] ecsIds = new UUID[versionCount];
    UUID[] lineageIds = new UUID[versionCount];
    UUID[] parentIds = new UUID[versionCount];
    UUID[] claims = new UUID[versionCount];
    Long[] createdMs = new Long[versionCount];
    Integer[] typeIds = new Integer[versionCount];
    Integer[] shapeIds = new Integer[versionCount];
    String[] oldIds = new String[versionCount];
    String[] fields = new String[versionCount];
    for (int i = 0; i < versionCount; i++) {
      VersionRow row = plan.rows.get(i);
      VersionRecord record = row.record();
      ecsIds[i] = record.ecsId();
      lineageIds[i] = record.lineageId();
      parentIds[i] = record.parentId();
      claims[i] = record.ecsId().equals(plan.rootId) ? plan.rootClaim : null;
      createdMs[i] = record.createdAt().toEpochMilli();
      typeIds[i] = types.idOf(record.type());
      shapeIds[i] = row.shapeId();
      oldIds[i] = row.oldIds();
      fields[i] = row.fields();
    }
    int linkCount = plan.links.size();
    UUID[] owners = new UUID[linkCount];
    Integer[] positions = new Integer[linkCount];
    UUID[] targets = new UUID[linkCount];
    Integer[] lengths = new Integer[linkCount];
    Boolean[] leaves = new Boolean[linkCount];
    UUID[] subs = new UUID[linkCount];
    Copies items = new Copies(linkCount);
    Copies subCopies = new Copies(linkCount);
    for (int i = 0; i < linkCount; i++) {
      LinkOut out = plan.resolve(plan.links.get(i));
      owners[i] = out.link().owner();
      positions[i] = out.link().position();
      targets[i] = out.link().target();
      lengths[i] = out.link().length();
      leaves[i] = out.leaf();
      subs[i] = out.sub();
      items.set(i, out.item());
      subCopies.set(i, out.subCopy());
    }
    // plain JDBC on the handle's connection: the statement runs on every commit, and JDBI's
    // argument binding and statement context cost a tenth of a turn's client time (JFR)
    Connection connection = handle.getConnection();
    int runCount = plan.runs.size();
    UUID[] runSegments = new UUID[runCount];
    Integer[] runEnds = new Integer[runCount];
    String[] runIds = new String[runCount];
    for (int i = 0; i < runCount; i++) {
      RunRow run = plan.runs.get(i);
      runSegments[i] = run.segment();
      runEnds[i] = run.end();
      runIds[i] = IdRuns.hex(run.ids());
    }
    try (PreparedStatement insert = connection.prepareStatement(insertAll)) {
      dialect.setId(insert, 1, plan.shardKey);
      insert.setArray(2, connection.createArrayOf("uuid", ecsIds));
      insert.setArray(3, connection.createArrayOf("uuid", lineageIds));
      insert.setArray(4, connection.createArrayOf("uuid", parentIds));
      insert.setArray(5, connection.createArrayOf("uuid", claims));
      insert.setArray(6, connection.createArrayOf("int8", createdMs));
      insert.setArray(7, connection.createArrayOf("int4", typeIds));
      insert.setArray(8, connection.createArrayOf("int4", shapeIds));
      insert.setArray(9, connection.createArrayOf("text", oldIds));
      insert.setArray(10, connection.createArrayOf("text", fields));
      dialect.setId(insert, 11, plan.shardKey);
      insert.setArray(12, connection.createArrayOf("uuid", runSegments));
      insert.setArray(13, connection.createArrayOf("int4", runEnds));
      insert.setArray(14, connection.createArrayOf("text", runIds));
      dialect.setId(insert, 15, plan.shardKey);
      insert.setArray(16, connection.createArrayOf("uuid", owners));
      insert.setArray(17, connection.createArrayOf("int4", positions));
      insert.setArray(18, connection.createArrayOf("uuid", targets));
      insert.setArray(19, connection.createArrayOf("int4", lengths));
      insert.setArray(20, connection.createArrayOf("bool", leaves));
      insert.setArray(21, connection.createArrayOf("uuid", subs));
      items.bind(connection, insert, 22);
      subCopies.bind(connection, insert, 26);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  /**
   * Every other case: a transaction with one multi-row insert per table (more for a commit of
   * over {@value #MAX_ROWS_PER_INSERT} rows or {@value #MAX_CHARS_PER_INSERT} characters of
   * text, well below the servers' packet limits): the server parses and runs one statement, not
   * one per row as a batch would on MariaDB's text protocol.
   */
  private void writeBatches(Handle transaction, Plan plan) {
    Map<UUID, UUID> claims = claims(transaction, plan);
    insertRows(transaction, insertVersion, 10, plan.rows,
        row -> row.fields().length() + (row.oldIds() == null ? 0 : row.oldIds().length()),
        (update, at, row) -> {
          VersionRecord record = row.record();
          update
              .bind(at, dialect.id(record.ecsId()))
              .bind(at + 1, dialect.id(record.lineageId()))
              .bind(at + 2, dialect.id(record.parentId()))
              .bind(at + 3, dialect.id(claims.get(record.ecsId())))
              .bind(at + 4, record.createdAt().toEpochMilli())
              .bind(at + 5, types.idOf(record.type()))
              .bind(at + 6, row.shapeId())
              .bind(at + 7, dialect.id(plan.shardKey))
              .bind(at + 8, row.oldIds())
              .bind(at + 9, row.fields());
        });
    List<LinkOut> links = new ArrayList<>(plan.links.size());
    for (LinkRow link : plan.links) {
      links.add(plan.resolve(link));
    }
    insertRows(transaction, insertLink, 15, links,
        out -> copiedChars(out.item()) + copiedChars(out.subCopy()),
        (update, at, out) -> {
          update
              .bind(at, dialect.id(out.link().owner()))
              .bind(at + 1, out.link().position())
              .bind(at + 2, dialect.id(out.link().target()))
              .bind(at + 3, out.link().length())
              .bind(at + 4, out.leaf())
              .bind(at + 5, dialect.id(out.sub()))
              .bind(at + 6, dialect.id(plan.shardKey));
          bindCopy(update, at + 7, out.item());
          bindCopy(update, at + 11, out.subCopy());
        });
    insertRows(transaction, insertRun, 4, plan.runs, run -> run.ids().length,
        (update, at, run) -> update
            .bind(at, dialect.id(run.segment()))
            .bind(at + 1, run.end())
            .bind(at + 2, run.ids())
            .bind(at + 3, dialect.id(plan.shardKey)));
  }

  private static int copiedChars(VersionRow copy) {
    return copy == null ? 0 : copy.fields().length();
  }

  /** Binds the four columns of a copied version (all null without one) from {@code at} on. */
  private void bindCopy(Update update, int at, VersionRow copy) {
    VersionRecord record = copy == null ? null : copy.record();
    update
        .bind(at, record == null ? null : record.createdAt().toEpochMilli())
        .bind(at + 1, record == null ? null : types.idOf(record.type()))
        .bind(at + 2, copy == null ? null : copy.shapeId())
        .bind(at + 3, copy == null ? null : copy.fields());
  }

  /** The four columns of the versions copied into link rows, as arrays for PostgreSQL. */
  private final class Copies {
    private final Long[] createdMs;
    private final Integer[] typeIds;
    private final Integer[] shapeIds;
    private final String[] fields;

    Copies(int count) {
      createdMs = new Long[count];
      typeIds = new Integer[count];
      shapeIds = new Integer[count];
      fields = new String[count];
    }

    void set(int index, VersionRow copy) {
      if (copy != null) {
        createdMs[index] = copy.record().createdAt().toEpochMilli();
        typeIds[index] = types.idOf(copy.record().type());
        shapeIds[index] = copy.shapeId();
        fields[index] = copy.fields();
      }
    }

    void bind(Connection connection, PreparedStatement insert, int at) throws SQLException {
      insert.setArray(at, connection.createArrayOf("int8", createdMs));
      insert.setArray(at + 1, connection.createArrayOf("int4", typeIds));
      insert.setArray(at + 2, connection.createArrayOf("int4", shapeIds));
      insert.setArray(at + 3, connection.createArrayOf("text", fields));
    }
  }

  /** Binds the columns of one row, the first at parameter {@code at}. */
  private interface RowBinder<T> {
    void bind(Update update, int at, T row);
  }

  /**
   * Inserts {@code rows} with {@code insert} (one row's {@code INSERT ... VALUES (...)}, of
   * {@code columns} parameters), as many rows per statement as the limits allow.
   */
  private static <T> void insertRows(Handle transaction, String insert, int columns,
      List<T> rows, ToIntFunction<T> chars, RowBinder<T> binder) {
    int valuesAt = insert.lastIndexOf(" VALUES ") + " VALUES ".length();
    String head = insert.substring(0, valuesAt);
    String values = insert.substring(valuesAt);
    int from = 0;
    while (from < rows.size()) {
      int to = from;
      long text = 0;
      while (to < rows.size() && to - from < MAX_ROWS_PER_INSERT) {
        int rowText = chars.applyAsInt(rows.get(to));
        if (to > from && text + rowText > MAX_CHARS_PER_INSERT) {
          break;
        }
        text += rowText;
        to++;
      }
      StringBuilder sql = new StringBuilder(head.length() + (to - from) * (values.length() + 2));
      sql.append(head);
      for (int i = from; i < to; i++) {
        sql.append(i == from ? "" : ", ").append(values);
      }
      Update update = transaction.createUpdate(sql.toString());
      for (int i = from; i < to; i++) {
        binder.bind(update, (i - from) * columns, rows.get(i));
      }
      update.execute();
      from = to;
    }
  }

  /**
   * The base each version of {@code plan} claims, by version: the root's of a non-branch commit
   * always; the others' only where no stored version has claimed it yet.
   */
  private Map<UUID, UUID> claims(Handle transaction, Plan plan) {
    Map<UUID, UUID> claims = new HashMap<>();
    if (plan.rootClaim != null) {
      claims.put(plan.rootId, plan.rootClaim);
    }
    if (plan.claimsIfFree.isEmpty()) {
      return claims;
    }
    Query claimed = transaction.createQuery("SELECT successor_of FROM lineage_version WHERE"
        + " successor_of IN (" + Sql.placeholders(plan.claimsIfFree.size()) + ")");
    int position = 0;
    for (UUID base : plan.claimsIfFree.values()) {
      claimed.bind(position++, dialect.id(base));
    }
    Set<UUID> taken = claimed.scanResultSet((rows, context) -> {
      Set<UUID> found = new HashSet<>();
      ResultSet row = rows.get();
      while (row.next()) {
        found.add(dialect.getId(row, 1));
      }
      return found;
    });
    plan.claimsIfFree.forEach((version, base) -> {
      if (!taken.contains(base)) {
        claims.put(version, base);
      }
    });
    return claims;
  }

  /**
   * After a collision: refuses a different payload under a stored id and a commit from a base that
   * already has another successor; answers the versions still to write (the identical stored
   * ones are left out).
   */
  private List<VersionRecord> examine(Handle handle, Commit commit, List<VersionRecord> pending) {
    List<UUID> ids = new ArrayList<>(pending.size());
    for (VersionRecord version : pending) {
      ids.add(version.ecsId());
    }
    Map<UUID, VersionRecord> stored = reader.versions(handle, ids);
    List<VersionRecord> rest = new ArrayList<>();
    for (VersionRecord version : pending) {
      VersionRecord existing = stored.get(version.ecsId());
      if (existing == null) {
        rest.add(version);
      } else if (!existing.equals(version)) {
        throw new ConflictException(
            "version " + version.ecsId() + " (" + version.type() + ") is already stored with"
                + " different content; stored versions never change");
      }
    }
    VersionRecord root = commit.root();
    if (!commit.branch() && root.parentId() != null) {
      Query successors = handle.createQuery(
          "SELECT ecs_id FROM lineage_version WHERE parent_id = ? AND ecs_id <> ?");
      successors.bind(0, dialect.id(root.parentId())).bind(1, dialect.id(root.ecsId()));
      UUID other = successors.scanResultSet((rows, context) -> {
        ResultSet row = rows.get();
        return row.next() ? dialect.getId(row, 1) : null;
      });
      if (other != null) {
        throw new ConflictException(
            root.type() + " version " + root.parentId() + " already has the successor " + other
                + "; reload the latest version, or commit a branch");
      }
    }
    return rest;
  }

  /**
   * The stored lists of the parents of {@code pending} that this process does not hold, read as
   * descriptors (never their items) with one query, by list key.
   */
  private Map<ListCache.Key, KnownList> knownParentLists(Handle handle,
      List<VersionRecord> pending) {
    Set<UUID> inCommit = new HashSet<>();
    for (VersionRecord version : pending) {
      inCommit.add(version.ecsId());
    }
    Set<UUID> parents = new LinkedHashSet<>();
    for (VersionRecord version : pending) {
      UUID parent = version.parentId();
      if (parent == null || inCommit.contains(parent)) {
        continue;
      }
      if (version.oldIds().size() >= inlineListLimit
          && cache.get(new ListCache.Key(parent, null)) == null) {
        parents.add(parent);
      }
      for (Map.Entry<String, Value> field : version.fields().entrySet()) {
        // the cache first: checking that every item is a reference walks the whole list
        // unless the sequence was grown by appends
        if (field.getValue() instanceof Value.Seq seq && seq.items().size() >= inlineListLimit
            && cache.get(new ListCache.Key(parent, field.getKey())) == null
            && isList(seq)) {
          parents.add(parent);
        }
      }
    }
    Map<ListCache.Key, KnownList> known = new HashMap<>();
    if (parents.isEmpty()) {
      return known;
    }
    Query query = handle.createQuery("SELECT ecs_id, old_ids, fields, shape_id FROM"
        + " lineage_version WHERE ecs_id IN (" + Sql.placeholders(parents.size()) + ")");
    int position = 0;
    for (UUID parent : parents) {
      query.bind(position++, dialect.id(parent));
    }
    List<ParentRow> read = query.scanResultSet((rows, context) -> {
      List<ParentRow> found = new ArrayList<>();
      ResultSet row = rows.get();
      while (row.next()) {
        int shape = row.getInt(4);
        found.add(new ParentRow(dialect.getId(row, 1), row.getString(2), row.getString(3),
            row.wasNull() ? null : shape));
      }
      return found;
    });
    Set<Integer> shapeIds = new HashSet<>();
    read.forEach(row -> {
      if (row.shapeId() != null) {
        shapeIds.add(row.shapeId());
      }
    });
    shapes.learn(handle, shapeIds);
    for (ParentRow row : read) {
      UUID parent = row.ecsId();
      String oldIds = row.oldIds();
      FieldLayout names = row.shapeId() == null ? null : shapes.namesOf(row.shapeId());
      if (row.shapeId() != null && names == null) {
        continue; // its shape is unreadable: the new version does not share its lists
      }
      try {
        if (oldIds != null && ListDescriptor.isDescriptor(oldIds)) {
          known.put(new ListCache.Key(parent, null),
              new KnownList(ListDescriptor.decode(oldIds), null, null, null, null));
        }
        JsonCodec.readListDescriptors(row.fields(), names).forEach((field, descriptor) ->
            known.put(new ListCache.Key(parent, field),
                new KnownList(descriptor, null, null, null, null)));
      } catch (JsonCodec.BadJson unreadable) {
        // the parent's row is damaged: the new version does not share its lists, and reading
        // the parent reports the damage
      }
    }
    return known;
  }

  /** What a new version needs of its parent's row: where the parent's lists are kept. */
  private record ParentRow(UUID ecsId, String oldIds, String fields, Integer shapeId) {}

  private boolean isList(Value value) {
    return value instanceof Value.Seq seq && seq.items().size() >= inlineListLimit
        && seq.onlyReferences();
  }

  /**
   * Thrown while planning a list whose items turn out not to be all references; it is then
   * written inline. Planning visits every item before it adds any row, so nothing is left over.
   */
  private static final class NotAList extends RuntimeException {
    static final NotAList INSTANCE = new NotAList();

    private NotAList() {
      super("not a list of references", null, false, false);
    }
  }

  /** A row of {@code lineage_version} to insert. */
  private record VersionRow(VersionRecord record, int shapeId, String oldIds, String fields) {}

  /** A row of {@code lineage_id_run} to insert: the ids of a segment's list up to {@code end}. */
  private record RunRow(UUID segment, int end, byte[] ids) {}

  /** A row of {@code lineage_link} to insert; {@code length} is set when it points at a list. */
  private record LinkRow(UUID owner, int position, UUID target, Integer length) {}

  /**
   * A link row with the columns worked out from the whole commit: whether its target is a leaf,
   * the leaf a list position names ({@code sub}), and the rows a position copies (or nulls).
   */
  private record LinkOut(LinkRow link, boolean leaf, UUID sub, VersionRow item,
      VersionRow subCopy) {}

  /** The ids a list of references holds, read through without copying. */
  private static List<UUID> idsOf(Value.Seq seq) {
    List<Value> items = seq.items();
    return new AbstractList<>() {
      @Override
      public UUID get(int index) {
        Value item = items.get(index);
        if (item instanceof Value.Ref ref) {
          return ref.ecsId();
        }
        throw NotAList.INSTANCE;
      }

      @Override
      public int size() {
        return items.size();
      }
    };
  }

  /** The rows of one attempt at a commit, worked out before the transaction opens. */
  private final class Plan {
    final UUID rootId;
    final UUID shardKey;
    final UUID rootClaim;
    /** Version to base, for the branch root and each forked sub-entity, one version per base. */
    final Map<UUID, UUID> claimsIfFree = new LinkedHashMap<>();
    final boolean appendToShared;
    final Map<ListCache.Key, KnownList> fetched;
    final List<VersionRow> rows = new ArrayList<>();
    /** The rows of this commit that a list position may carry a copy of, by id. */
    final Map<UUID, VersionRow> copyable = new HashMap<>();
    final List<LinkRow> links = new ArrayList<>();
    final List<RunRow> runs = new ArrayList<>();
    final Map<ListCache.Key, KnownList> lists = new HashMap<>();
    final Set<UUID> planned = new HashSet<>();
    /** The link rows of each planned version that has any. */
    final Map<UUID, List<LinkRow>> owners = new HashMap<>();

    Plan(Commit commit, List<VersionRecord> pending, boolean appendToShared,
        Map<ListCache.Key, KnownList> fetched) {
      VersionRecord root = commit.root();
      this.rootId = root.ecsId();
      this.shardKey = root.lineageId();
      this.rootClaim = commit.branch() ? null : root.parentId();
      Set<UUID> bases = new HashSet<>();
      if (rootClaim != null) {
        bases.add(rootClaim);
      }
      for (VersionRecord version : pending) {
        UUID base = version.parentId();
        if (base != null && (commit.branch() || !version.ecsId().equals(rootId))
            && bases.add(base)) {
          claimsIfFree.put(version.ecsId(), base);
        }
      }
      this.appendToShared = appendToShared;
      this.fetched = fetched;
      for (VersionRecord version : parentsFirst(pending)) {
        plan(version);
      }
    }

    /** The versions with any parent in the same commit after that parent. */
    private List<VersionRecord> parentsFirst(List<VersionRecord> pending) {
      Map<UUID, VersionRecord> waiting = new LinkedHashMap<>();
      for (VersionRecord version : pending) {
        waiting.put(version.ecsId(), version);
      }
      List<VersionRecord> ordered = new ArrayList<>(pending.size());
      while (!waiting.isEmpty()) {
        int before = waiting.size();
        for (var it = waiting.values().iterator(); it.hasNext(); ) {
          VersionRecord version = it.next();
          if (version.parentId() == null || !waiting.containsKey(version.parentId())) {
            ordered.add(version);
            it.remove();
          }
        }
        if (waiting.size() == before) { // parents pointing at each other: no order helps
          ordered.addAll(waiting.values());
          break;
        }
      }
      return ordered;
    }

    private void plan(VersionRecord version) {
      UUID id = version.ecsId();
      planned.add(id);
      List<LinkRow> own = new ArrayList<>();
      String oldIds = null;
      if (version.oldIds().size() >= inlineListLimit) {
        ListDescriptor list = planList(version, null, version.oldIds(), null);
        oldIds = list.encode();
        own.add(new LinkRow(id, -1, list.segment(), list.length()));
      } else if (!version.oldIds().isEmpty()) {
        StringBuilder text = new StringBuilder(37 * version.oldIds().size());
        for (UUID old : version.oldIds()) {
          text.append(text.length() == 0 ? "" : ",").append(old);
        }
        oldIds = text.toString();
      }
      Map<String, ListDescriptor> lists = new HashMap<>();
      int position = 0;
      for (Map.Entry<String, Value> field : version.fields().entrySet()) {
        // a list of references is checked item by item while it is planned (one pass over a
        // long history, not two)
        if (field.getValue() instanceof Value.Seq seq && seq.items().size() >= inlineListLimit
            && seq.items().get(0) instanceof Value.Ref) {
          try {
            ListDescriptor list = planList(version, field.getKey(), idsOf(seq), seq);
            lists.put(field.getKey(), list);
            own.add(new LinkRow(id, position++, list.segment(), list.length()));
          } catch (NotAList mixed) {
            // written inline with the other fields
          }
        }
      }
      Set<UUID> references = new LinkedHashSet<>();
      String json = JsonCodec.writeValues(version.fields(), lists, references::add);
      for (UUID reference : references) {
        own.add(new LinkRow(id, position++, reference, null));
      }
      if (!own.isEmpty()) {
        owners.put(id, own);
        links.addAll(own);
      }
      int shape = shapes.idOf(List.copyOf(version.fields().keySet()));
      VersionRow row = new VersionRow(version, shape, oldIds, json);
      rows.add(row);
      if (version.lineageId().equals(id) && version.parentId() == null && oldIds == null) {
        copyable.put(id, row);
      }
    }

    /** {@code link} with its columns that depend on the rest of the commit, worked out once. */
    LinkOut resolve(LinkRow link) {
      UUID sub = subOf(link);
      return new LinkOut(link, isLeaf(link), sub, copyOf(itemOf(link)), copyOf(sub));
    }

    /** The version a list position names; null for a link that is not a list position. */
    private UUID itemOf(LinkRow link) {
      return link.length() != null || link.position() < 0 || planned.contains(link.owner())
          ? null : link.target();
    }

    /**
     * The row a list position copies for the version {@code id}: one of this commit, and a first
     * version (its own lineage, no parent, no old ids), so that the position's copy and the
     * identity a read derives from it say the same as its row. Null otherwise, or for a null id.
     */
    private VersionRow copyOf(UUID id) {
      return id == null ? null : copyable.get(id);
    }

    /**
     * Whether a link points at a version of this commit that has no links of its own, so that
     * reads need not look for any.
     */
    private boolean isLeaf(LinkRow link) {
      return link.length() == null && planned.contains(link.target())
          && !owners.containsKey(link.target());
    }

    /**
     * For a position of a list whose version (of this commit) links to exactly one version, and
     * that one is a leaf (an assistant message and its usage): that leaf, which the position then
     * names too, so that a read of the list takes both without walking to either. Null for any
     * other link.
     */
    private UUID subOf(LinkRow link) {
      if (link.length() != null || link.position() < 0 || planned.contains(link.owner())) {
        return null; // not a position of a list
      }
      List<LinkRow> own = owners.get(link.target());
      if (own == null || own.size() != 1) {
        return null;
      }
      LinkRow only = own.get(0);
      return only.position() >= 0 && isLeaf(only) ? only.target() : null;
    }

    private KnownList known(ListCache.Key key) {
      KnownList list = lists.get(key);
      if (list == null) {
        list = cache.get(key);
      }
      return list != null ? list : fetched.get(key);
    }

    /**
     * Plans the rows of one list of {@code version} (its ids, and the sequence they come from, if
     * any): nothing when it equals its parent's, its new items when it extends the parent's
     * segment, else a segment of its own based on the longest prefix it shares with the parent's
     * list.
     */
    private ListDescriptor planList(VersionRecord version, String field, List<UUID> ids,
        Value.Seq seq) {
      int size = ids.size();
      KnownList parent =
          version.parentId() == null ? null : known(new ListCache.Key(version.parentId(), field));
      int parentSize = parent == null ? 0 : parent.where().length();
      int shared = 0;
      IdDigest digest = null;
      int hashed = 0;
      if (parent != null && parent.ids() != null && seq != null && parent.seq() != null
          && seq.startsWith(parent.seq())) {
        shared = parentSize; // grown from the parent's sequence: its shared blocks are equal
      } else if (parent != null && parent.ids() != null) {
        int limit = Math.min(parentSize, size);
        shared = sameObjects(parent.source(), ids, limit);
        while (shared < limit && parent.ids().holds(shared, ids.get(shared))) {
          shared++;
        }
      } else if (parent != null && parentSize <= size) {
        digest = IdDigest.start();
        for (int i = 0; i < parentSize; i++) {
          digest.add(ids.get(i));
        }
        hashed = parentSize;
        IdDigest check = digest.copy();
        if (check == null) {
          check = IdDigest.start();
          check.addAll(ids.subList(0, parentSize));
        }
        if (check.finish().equals(parent.where().digest())) {
          shared = parentSize;
        }
      }
      ListCache.Key key = new ListCache.Key(version.ecsId(), field);
      boolean extendsParent = parent != null && shared > 0 && shared == parentSize;
      if (extendsParent && shared == size) {
        KnownList same = new KnownList(parent.where(),
            parent.ids() != null ? parent.ids() : IdList.of(ids),
            parent.end() != null ? parent.end() : digest, seq, seq == null ? ids : null);
        lists.put(key, same);
        return same.where();
      }
      if (digest == null) {
        if (extendsParent) {
          digest = parent.digestState();
          hashed = shared;
        } else {
          digest = IdDigest.start();
        }
      }
      for (int i = hashed; i < size; i++) {
        digest.add(ids.get(i));
      }
      UUID segment;
      if (extendsParent && appendToShared) {
        segment = parent.where().segment();
      } else {
        segment = newSegmentId();
        if (shared > 0) {
          links.add(new LinkRow(segment, -1, parent.where().segment(), shared));
        }
      }
      for (int i = shared; i < size; i++) {
        links.add(new LinkRow(segment, i, ids.get(i), null));
      }
      if (dialect.keepsIdRuns()) {
        for (int end = IdRuns.firstEndFrom(shared); end < size; end += IdRuns.LENGTH) {
          runs.add(new RunRow(segment, end, IdRuns.pack(ids, end)));
        }
      }
      IdDigest end = digest.copy();
      ListDescriptor where = new ListDescriptor(segment, size, digest.finish());
      IdList known = parent != null && parent.ids() != null && shared > 0
          ? parent.ids().extend(shared, ids, shared, size)
          : IdList.of(ids);
      lists.put(key, new KnownList(where, known, end, seq, seq == null ? ids : null));
      return where;
    }
  }

  /**
   * How many leading ids of {@code ids}, up to {@code limit}, are the very objects at the same
   * positions of {@code source} (none when it is null): a version's old ids hold its parent's
   * UUID objects, and comparing references spares reading thousands of objects spread over the
   * heap, which comparing values does.
   */
  private static int sameObjects(List<UUID> source, List<UUID> ids, int limit) {
    if (source == null) {
      return 0;
    }
    int end = Math.min(limit, source.size());
    int same = 0;
    while (same < end && source.get(same) == ids.get(same)) {
      same++;
    }
    return same;
  }

  /**
   * A new, time-ordered segment id (UUID version 7 layout), so that new segments land at the end
   * of the link table's primary key like new versions do.
   */
  private static UUID newSegmentId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
