package dev.lineage.storage.jpa;

import static dev.lineage.storage.jpa.ColumnKind.REAL;
import static dev.lineage.storage.jpa.ColumnKind.TEXT;
import static dev.lineage.storage.jpa.ColumnKind.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.annotations.Immutable;

/** A {@code ProcessedOutput} version. */
@Immutable
@Entity(name = "ProcessedOutputRow")
@Table(name = "processed_output")
class ProcessedOutputRow extends VersionRow {

  @Column(name = "content")
  String content;

  @Column(name = "json_object_id")
  java.util.UUID jsonObjectId;

  @Column(name = "usage_id")
  java.util.UUID usageId;

  @Column(name = "error")
  String error;

  @Column(name = "time_taken", nullable = false)
  Double timeTaken;

  @Column(name = "llm_client", nullable = false)
  String llmClient;

  @Column(name = "raw_output_id", nullable = false)
  java.util.UUID rawOutputId;

  @Column(name = "chat_thread_id", nullable = false)
  java.util.UUID chatThreadId;

  @Column(name = "chat_thread_live_id", nullable = false)
  java.util.UUID chatThreadLiveId;

  static final TypedMapping<ProcessedOutputRow> MAPPING = TypedMapping.of(
      "ProcessedOutput", "processed_output", ProcessedOutputRow.class, ProcessedOutputRow::new,
      List.of(
          FieldColumn.of("content", "content", TEXT, true, r -> r.content,
              (r, v) -> r.content = (String) v),
          FieldColumn.reference("jsonObject", "json_object_id", true, "GeneratedJsonObject",
              r -> r.jsonObjectId, (r, v) -> r.jsonObjectId = (java.util.UUID) v),
          FieldColumn.reference("usage", "usage_id", true, "Usage", r -> r.usageId,
              (r, v) -> r.usageId = (java.util.UUID) v),
          FieldColumn.of("error", "error", TEXT, true, r -> r.error,
              (r, v) -> r.error = (String) v),
          FieldColumn.of("timeTaken", "time_taken", REAL, false, r -> r.timeTaken,
              (r, v) -> r.timeTaken = (Double) v),
          FieldColumn.enumeration("llmClient", "llm_client", false, "LLMClient",
              ThreadEnums.LLM_CLIENT, r -> r.llmClient, (r, v) -> r.llmClient = (String) v),
          FieldColumn.reference("rawOutput", "raw_output_id", false, "RawOutput",
              r -> r.rawOutputId, (r, v) -> r.rawOutputId = (java.util.UUID) v),
          FieldColumn.of("chatThreadId", "chat_thread_id", UUID, false, r -> r.chatThreadId,
              (r, v) -> r.chatThreadId = (java.util.UUID) v),
          FieldColumn.of("chatThreadLiveId", "chat_thread_live_id", UUID, false,
              r -> r.chatThreadLiveId, (r, v) -> r.chatThreadLiveId = (java.util.UUID) v)));

  @Override
  TypedMapping<?> mapping() {
    return MAPPING;
  }
}
