package dev.lineage.storage.jpa;

import static dev.lineage.storage.jpa.ColumnKind.INT;
import static dev.lineage.storage.jpa.ColumnKind.TEXT;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.annotations.Immutable;

/** A {@code Usage} version. The table name is quoted: {@code usage} is reserved on MariaDB. */
@Immutable
@Entity(name = "UsageRow")
@Table(name = "`usage`")
class UsageRow extends VersionRow {

  @Column(name = "model", nullable = false)
  String model;

  @Column(name = "prompt_tokens", nullable = false)
  Integer promptTokens;

  @Column(name = "completion_tokens", nullable = false)
  Integer completionTokens;

  @Column(name = "total_tokens", nullable = false)
  Integer totalTokens;

  @Column(name = "cache_creation_input_tokens")
  Integer cacheCreationInputTokens;

  @Column(name = "cache_read_input_tokens")
  Integer cacheReadInputTokens;

  @Column(name = "accepted_prediction_tokens")
  Integer acceptedPredictionTokens;

  @Column(name = "audio_tokens")
  Integer audioTokens;

  @Column(name = "reasoning_tokens")
  Integer reasoningTokens;

  @Column(name = "rejected_prediction_tokens")
  Integer rejectedPredictionTokens;

  @Column(name = "cached_tokens")
  Integer cachedTokens;

  static final TypedMapping<UsageRow> MAPPING = TypedMapping.of(
      "Usage", "usage", UsageRow.class, UsageRow::new, List.of(
          FieldColumn.of("model", "model", TEXT, false, r -> r.model,
              (r, v) -> r.model = (String) v),
          FieldColumn.of("promptTokens", "prompt_tokens", INT, false, r -> r.promptTokens,
              (r, v) -> r.promptTokens = (Integer) v),
          FieldColumn.of("completionTokens", "completion_tokens", INT, false,
              r -> r.completionTokens, (r, v) -> r.completionTokens = (Integer) v),
          FieldColumn.of("totalTokens", "total_tokens", INT, false, r -> r.totalTokens,
              (r, v) -> r.totalTokens = (Integer) v),
          FieldColumn.of("cacheCreationInputTokens", "cache_creation_input_tokens", INT, true,
              r -> r.cacheCreationInputTokens, (r, v) -> r.cacheCreationInputTokens = (Integer) v),
          FieldColumn.of("cacheReadInputTokens", "cache_read_input_tokens", INT, true,
              r -> r.cacheReadInputTokens, (r, v) -> r.cacheReadInputTokens = (Integer) v),
          FieldColumn.of("acceptedPredictionTokens", "accepted_prediction_tokens", INT, true,
              r -> r.acceptedPredictionTokens, (r, v) -> r.acceptedPredictionTokens = (Integer) v),
          FieldColumn.of("audioTokens", "audio_tokens", INT, true, r -> r.audioTokens,
              (r, v) -> r.audioTokens = (Integer) v),
          FieldColumn.of("reasoningTokens", "reasoning_tokens", INT, true, r -> r.reasoningTokens,
              (r, v) -> r.reasoningTokens = (Integer) v),
          FieldColumn.of("rejectedPredictionTokens", "rejected_prediction_tokens", INT, true,
              r -> r.rejectedPredictionTokens, (r, v) -> r.rejectedPredictionTokens = (Integer) v),
          FieldColumn.of("cachedTokens", "cached_tokens", INT, true, r -> r.cachedTokens,
              (r, v) -> r.cachedTokens = (Integer) v)));

  @Override
  TypedMapping<?> mapping() {
    return MAPPING;
  }
}
