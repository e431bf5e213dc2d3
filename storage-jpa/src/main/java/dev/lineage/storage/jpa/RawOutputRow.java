package dev.lineage.storage.jpa;

import static dev.lineage.storage.jpa.ColumnKind.JSON;
import static dev.lineage.storage.jpa.ColumnKind.REAL;
import static dev.lineage.storage.jpa.ColumnKind.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A {@code RawOutput} version; its times are doubles (D-30), not the reference's integers. */
@Immutable
@Entity(name = "RawOutputRow")
@Table(name = "raw_output")
class RawOutputRow extends VersionRow {

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "raw_result", nullable = false)
  String rawResult;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "completion_kwargs", nullable = false)
  String completionKwargs;

  @Column(name = "start_time", nullable = false)
  Double startTime;

  @Column(name = "end_time", nullable = false)
  Double endTime;

  @Column(name = "chat_thread_id")
  java.util.UUID chatThreadId;

  @Column(name = "chat_thread_live_id")
  java.util.UUID chatThreadLiveId;

  @Column(name = "client", nullable = false)
  String client;

  static final TypedMapping<RawOutputRow> MAPPING = TypedMapping.of(
      "RawOutput", "raw_output", RawOutputRow.class, RawOutputRow::new, List.of(
          FieldColumn.of("rawResult", "raw_result", JSON, false, r -> r.rawResult,
              (r, v) -> r.rawResult = (String) v),
          FieldColumn.of("completionKwargs", "completion_kwargs", JSON, false,
              r -> r.completionKwargs, (r, v) -> r.completionKwargs = (String) v),
          FieldColumn.of("startTime", "start_time", REAL, false, r -> r.startTime,
              (r, v) -> r.startTime = (Double) v),
          FieldColumn.of("endTime", "end_time", REAL, false, r -> r.endTime,
              (r, v) -> r.endTime = (Double) v),
          FieldColumn.of("chatThreadId", "chat_thread_id", UUID, true, r -> r.chatThreadId,
              (r, v) -> r.chatThreadId = (java.util.UUID) v),
          FieldColumn.of("chatThreadLiveId", "chat_thread_live_id", UUID, true,
              r -> r.chatThreadLiveId, (r, v) -> r.chatThreadLiveId = (java.util.UUID) v),
          FieldColumn.enumeration("client", "client", false, "LLMClient", ThreadEnums.LLM_CLIENT,
              r -> r.client, (r, v) -> r.client = (String) v)));

  @Override
  TypedMapping<?> mapping() {
    return MAPPING;
  }
}
