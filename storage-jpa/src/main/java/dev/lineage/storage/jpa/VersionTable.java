package dev.lineage.storage.jpa;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables that hold versions, each with the row entity a query names. {@code tool} covers both
 * tool kinds (a query on {@link ToolRow} reads either); {@code generic_entity} holds every other
 * type, and records that do not fit their type's table.
 */
enum VersionTable {
  CHAT_THREAD("chat_thread", "ChatThreadRow", List.of(ChatThreadRow.MAPPING)),
  CHAT_MESSAGE("chat_message", "ChatMessageRow", List.of(ChatMessageRow.MAPPING)),
  SYSTEM_PROMPT("system_prompt", "SystemPromptRow", List.of(SystemPromptRow.MAPPING)),
  LLM_CONFIG("llm_config", "LlmConfigRow", List.of(LlmConfigRow.MAPPING)),
  USAGE("usage", "UsageRow", List.of(UsageRow.MAPPING)),
  GENERATED_JSON_OBJECT(
      "generated_json_object", "GeneratedJsonObjectRow", List.of(GeneratedJsonObjectRow.MAPPING)),
  RAW_OUTPUT("raw_output", "RawOutputRow", List.of(RawOutputRow.MAPPING)),
  PROCESSED_OUTPUT("processed_output", "ProcessedOutputRow", List.of(ProcessedOutputRow.MAPPING)),
  REQUEST_LIMITS("request_limits", "RequestLimitsRow", List.of(RequestLimitsRow.MAPPING)),
  TOOL("tool", "ToolRow", List.of(CallableToolRow.MAPPING, StructuredToolRow.MAPPING)),
  GENERIC("generic_entity", "GenericRow", List.of());

  private static final Map<String, TypedMapping<?>> BY_TYPE = new HashMap<>();
  private static final Map<String, VersionTable> TABLE_OF_TYPE = new HashMap<>();

  static {
    for (VersionTable table : values()) {
      for (TypedMapping<?> mapping : table.mappings) {
        BY_TYPE.put(mapping.typeName(), mapping);
        TABLE_OF_TYPE.put(mapping.typeName(), table);
      }
    }
  }

  private final String sqlName;
  private final String entity;
  private final List<TypedMapping<?>> mappings;

  VersionTable(String sqlName, String entity, List<TypedMapping<?>> mappings) {
    this.sqlName = sqlName;
    this.entity = entity;
    this.mappings = mappings;
  }

  /** The table's name in the database. */
  String sqlName() {
    return sqlName;
  }

  /** The entity name of its rows, for queries. */
  String entity() {
    return entity;
  }

  /** The mapping of a table that holds one type; null for {@code tool} (two kinds) and generic. */
  TypedMapping<?> mapping() {
    return mappings.size() == 1 ? mappings.get(0) : null;
  }

  /** The table {@code row} lies in. */
  static VersionTable of(VersionRow row) {
    TypedMapping<?> mapping = mappingOf(row);
    return mapping == null ? GENERIC : of(mapping.typeName());
  }

  /** The typed mapping of records of {@code type}, or null for a type without a table. */
  static TypedMapping<?> mappingOf(String type) {
    return BY_TYPE.get(type);
  }

  /** The typed mapping of a row, or null for a generic row. */
  static TypedMapping<?> mappingOf(VersionRow row) {
    return row.mapping();
  }

  /** The table {@code row} lies in, as messages name it ({@code callable_tool} for a tool kind). */
  static String sqlNameOf(VersionRow row) {
    TypedMapping<?> mapping = mappingOf(row);
    return mapping == null ? GENERIC.sqlName : mapping.table();
  }

  /** The table called {@code sqlName}, as the catalog names it. */
  static VersionTable named(String sqlName) {
    for (VersionTable table : values()) {
      if (table.sqlName.equals(sqlName)) {
        return table;
      }
    }
    throw new IllegalArgumentException("no version table " + sqlName);
  }

  /** The table that holds fitting records of {@code type}: a typed one, else the generic one. */
  static VersionTable of(String type) {
    return TABLE_OF_TYPE.getOrDefault(type, GENERIC);
  }
}
