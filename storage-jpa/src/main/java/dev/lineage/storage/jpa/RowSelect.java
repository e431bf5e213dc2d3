package dev.lineage.storage.jpa;

import dev.lineage.storage.UnreadableDataException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rows of each version table as plain SQL selects them: the select list, the {@code from}
 * clause (a tool joins its kind's table) and how a result row becomes a {@link VersionRow}. The
 * columns are those of the table's {@link TypedMapping}, after the versioning columns every table
 * shares; thread rows add their list pointers, generic rows their type name, body and field names.
 */
final class RowSelect {

  /** The versioning columns, in the order they are selected. */
  private static final List<String> VERSIONING = List.of("ecs_id", "lineage_id", "parent_id",
      "root_lineage_id", "created_at", "old_ids_segment", "old_ids_slot", "old_ids_length",
      "old_ids_digest");

  private static final List<String> THREAD_LISTS = List.of("history_segment", "history_slot",
      "history_length", "history_digest", "tools_count");

  private static final List<String> GENERIC = List.of("type_name", "body", "field_names");

  /** The kind tables of {@code tool}, with the alias they are joined as. */
  private static final String CALLABLE = "c";
  private static final String STRUCTURED = "s";

  private final Jdbc jdbc;
  private final Vendor vendor;
  private final Map<VersionTable, String> selects = new EnumMap<>(VersionTable.class);

  RowSelect(Jdbc jdbc, Vendor vendor) {
    this.jdbc = jdbc;
    this.vendor = vendor;
  }

  /** How many columns a row of {@code table} takes in a select list. */
  static int width(VersionTable table) {
    switch (table) {
      case GENERIC:
        return VERSIONING.size() + GENERIC.size();
      case TOOL:
        return VERSIONING.size() + 1 + CallableToolRow.MAPPING.columns().size()
            + StructuredToolRow.MAPPING.columns().size() - 1;
      case CHAT_THREAD:
        return VERSIONING.size() + ChatThreadRow.MAPPING.columns().size() + THREAD_LISTS.size();
      default:
        return VERSIONING.size() + table.mapping().columns().size();
    }
  }

  /** The select list of a row of {@code table} whose table has the alias {@code alias}. */
  String columns(VersionTable table, String alias) {
    if (alias.equals("t")) {
      return selects.computeIfAbsent(table, t -> buildColumns(t, "t"));
    }
    return buildColumns(table, alias);
  }

  /**
   * The {@code from} clause of {@code table} as {@code alias}; a tool's kinds are joined as
   * {@code alias + "c"} and {@code alias + "s"}.
   */
  String from(VersionTable table, String alias) {
    String from = vendor.table(table) + " " + alias;
    if (table != VersionTable.TOOL) {
      return from;
    }
    return from + " left join callable_tool " + alias + CALLABLE + " on " + alias + CALLABLE
        + ".ecs_id = " + alias + ".ecs_id left join structured_tool " + alias + STRUCTURED
        + " on " + alias + STRUCTURED + ".ecs_id = " + alias + ".ecs_id";
  }

  private String buildColumns(VersionTable table, String alias) {
    List<String> columns = new ArrayList<>();
    VERSIONING.forEach(column -> columns.add(alias + "." + column));
    switch (table) {
      case GENERIC:
        GENERIC.forEach(column -> columns.add(alias + "." + column));
        break;
      case TOOL:
        columns.add(alias + ".tool_type");
        for (FieldColumn<CallableToolRow> column : CallableToolRow.MAPPING.columns()) {
          columns.add(toolColumn(alias, CALLABLE, column.column()));
        }
        for (FieldColumn<StructuredToolRow> column : StructuredToolRow.MAPPING.columns()) {
          if (!column.column().equals("name")) {
            columns.add(toolColumn(alias, STRUCTURED, column.column()));
          }
        }
        break;
      default:
        for (FieldColumn<?> column : table.mapping().columns()) {
          columns.add(alias + "." + column.column());
        }
        if (table == VersionTable.CHAT_THREAD) {
          THREAD_LISTS.forEach(column -> columns.add(alias + "." + column));
        }
    }
    return String.join(", ", columns);
  }

  /** The name lives in {@code tool}, every other field in the kind's table. */
  private static String toolColumn(String alias, String kind, String column) {
    return column.equals("name") ? alias + ".name" : alias + kind + "." + column;
  }

  /**
   * The row of {@code table} whose columns start at {@code from} (1-based), or null when they
   * are null (an outer join found none).
   */
  VersionRow read(VersionTable table, ResultSet row, int from) throws SQLException {
    UUID ecsId = jdbc.uuid(row, from);
    if (ecsId == null) {
      return null;
    }
    int at = from + VERSIONING.size();
    VersionRow read;
    switch (table) {
      case GENERIC: {
        GenericRow generic = new GenericRow();
        generic.typeName = row.getString(at);
        generic.body = jdbc.json(row, at + 1);
        generic.fieldNames = jdbc.json(row, at + 2);
        read = generic;
        break;
      }
      case TOOL:
        read = readTool(row, ecsId, at);
        break;
      default: {
        TypedMapping<?> mapping = table.mapping();
        read = readColumns(mapping, row, at);
        if (read instanceof ChatThreadRow thread) {
          int lists = at + mapping.columns().size();
          thread.historySegment = jdbc.uuid(row, lists);
          thread.historySlot = Jdbc.integer(row, lists + 1);
          thread.historyLength = Jdbc.integer(row, lists + 2);
          thread.historyDigest = row.getBytes(lists + 3);
          thread.toolsCount = Jdbc.integer(row, lists + 4);
        }
      }
    }
    read.ecsId = ecsId;
    read.lineageId = jdbc.uuid(row, from + 1);
    read.parentId = jdbc.uuid(row, from + 2);
    read.rootLineageId = jdbc.uuid(row, from + 3);
    read.createdAt = jdbc.instant(row, from + 4);
    read.oldIdsSegment = jdbc.uuid(row, from + 5);
    read.oldIdsSlot = Jdbc.integer(row, from + 6);
    read.oldIdsLength = Jdbc.integer(row, from + 7);
    read.oldIdsDigest = row.getBytes(from + 8);
    return read;
  }

  private VersionRow readTool(ResultSet row, UUID ecsId, int at) throws SQLException {
    String kind = row.getString(at);
    int callable = at + 1;
    int structured = callable + CallableToolRow.MAPPING.columns().size();
    if ("callable_tool".equals(kind)) {
      return readColumns(CallableToolRow.MAPPING, row, callable);
    }
    if ("structured_tool".equals(kind)) {
      StructuredToolRow tool = new StructuredToolRow();
      int next = structured;
      for (FieldColumn<StructuredToolRow> column : StructuredToolRow.MAPPING.columns()) {
        // the name was selected with the callable columns, from the tool table
        int index = column.column().equals("name") ? callable + nameIndex() : next++;
        column.set().accept(tool, value(column.kind(), row, index));
      }
      return tool;
    }
    throw new UnreadableDataException(
        "tool row " + ecsId + ": tool_type '" + kind + "' is no tool kind");
  }

  /** Where the name is among the callable tool's columns. */
  private static int nameIndex() {
    List<FieldColumn<CallableToolRow>> columns = CallableToolRow.MAPPING.columns();
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).column().equals("name")) {
        return i;
      }
    }
    throw new IllegalStateException("a callable tool has a name");
  }

  private <R extends VersionRow> R readColumns(TypedMapping<R> mapping, ResultSet row, int at)
      throws SQLException {
    R read = mapping.newRow().get();
    int index = at;
    for (FieldColumn<R> column : mapping.columns()) {
      column.set().accept(read, value(column.kind(), row, index++));
    }
    return read;
  }

  private Object value(ColumnKind kind, ResultSet row, int index) throws SQLException {
    switch (kind) {
      case TEXT:
      case ENUM:
        return row.getString(index);
      case INT:
        return Jdbc.integer(row, index);
      case REAL:
        return Jdbc.real(row, index);
      case BOOL:
        return Jdbc.bool(row, index);
      case UUID:
      case REF:
        return jdbc.uuid(row, index);
      case TIME:
        return jdbc.instant(row, index);
      case JSON:
        return jdbc.json(row, index);
      default:
        throw new AssertionError(kind);
    }
  }
}
