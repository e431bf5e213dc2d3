package dev.lineage.storage.jpa;

import static dev.lineage.storage.jpa.ColumnKind.JSON;
import static dev.lineage.storage.jpa.ColumnKind.TEXT;
import static dev.lineage.storage.jpa.ColumnKind.TIME;
import static dev.lineage.storage.jpa.ColumnKind.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A {@code ChatMessage} version. {@code chat_thread_id} is data (the thread version that created
 * the message, D-20), not a reference; {@code usage_id} is a reference.
 */
@Immutable
@Entity(name = "ChatMessageRow")
@Table(name = "chat_message")
class ChatMessageRow extends VersionRow {

  @Column(name = "timestamp")
  Instant timestamp;

  @Column(name = "role", nullable = false)
  String role;

  @Column(name = "content", nullable = false)
  String content;

  @Column(name = "author_uuid")
  java.util.UUID authorUuid;

  @Column(name = "chat_thread_id")
  java.util.UUID chatThreadId;

  @Column(name = "parent_message_uuid")
  java.util.UUID parentMessageUuid;

  @Column(name = "tool_name")
  String toolName;

  @Column(name = "tool_uuid")
  java.util.UUID toolUuid;

  @Column(name = "tool_type")
  String toolType;

  @Column(name = "oai_tool_call_id")
  String oaiToolCallId;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "tool_json_schema")
  String toolJsonSchema;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "tool_call")
  String toolCall;

  @Column(name = "usage_id")
  java.util.UUID usageId;

  static final TypedMapping<ChatMessageRow> MAPPING = TypedMapping.of(
      "ChatMessage", "chat_message", ChatMessageRow.class, ChatMessageRow::new, List.of(
          FieldColumn.of("timestamp", "timestamp", TIME, true, r -> r.timestamp,
              (r, v) -> r.timestamp = (Instant) v),
          FieldColumn.enumeration("role", "role", false, "MessageRole", ThreadEnums.MESSAGE_ROLE,
              r -> r.role, (r, v) -> r.role = (String) v),
          FieldColumn.of("content", "content", TEXT, false, r -> r.content,
              (r, v) -> r.content = (String) v),
          FieldColumn.of("authorUuid", "author_uuid", UUID, true, r -> r.authorUuid,
              (r, v) -> r.authorUuid = (java.util.UUID) v),
          FieldColumn.of("chatThreadId", "chat_thread_id", UUID, true, r -> r.chatThreadId,
              (r, v) -> r.chatThreadId = (java.util.UUID) v),
          FieldColumn.of("parentMessageUuid", "parent_message_uuid", UUID, true,
              r -> r.parentMessageUuid, (r, v) -> r.parentMessageUuid = (java.util.UUID) v),
          FieldColumn.of("toolName", "tool_name", TEXT, true, r -> r.toolName,
              (r, v) -> r.toolName = (String) v),
          FieldColumn.of("toolUuid", "tool_uuid", UUID, true, r -> r.toolUuid,
              (r, v) -> r.toolUuid = (java.util.UUID) v),
          FieldColumn.enumeration("toolType", "tool_type", true, "ToolType", ThreadEnums.TOOL_TYPE,
              r -> r.toolType, (r, v) -> r.toolType = (String) v),
          FieldColumn.of("oaiToolCallId", "oai_tool_call_id", TEXT, true, r -> r.oaiToolCallId,
              (r, v) -> r.oaiToolCallId = (String) v),
          FieldColumn.of("toolJsonSchema", "tool_json_schema", JSON, true, r -> r.toolJsonSchema,
              (r, v) -> r.toolJsonSchema = (String) v),
          FieldColumn.of("toolCall", "tool_call", JSON, true, r -> r.toolCall,
              (r, v) -> r.toolCall = (String) v),
          FieldColumn.reference("usage", "usage_id", true, "Usage", r -> r.usageId,
              (r, v) -> r.usageId = (java.util.UUID) v)));

  @Override
  TypedMapping<?> mapping() {
    return MAPPING;
  }
}
