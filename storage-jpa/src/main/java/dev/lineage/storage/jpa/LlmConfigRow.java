package dev.lineage.storage.jpa;

import static dev.lineage.storage.jpa.ColumnKind.BOOL;
import static dev.lineage.storage.jpa.ColumnKind.INT;
import static dev.lineage.storage.jpa.ColumnKind.REAL;
import static dev.lineage.storage.jpa.ColumnKind.TEXT;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.annotations.Immutable;

/** An {@code LLMConfig} version. */
@Immutable
@Entity(name = "LlmConfigRow")
@Table(name = "llm_config")
class LlmConfigRow extends VersionRow {

  @Column(name = "client", nullable = false)
  String client;

  @Column(name = "model")
  String model;

  @Column(name = "max_tokens", nullable = false)
  Integer maxTokens;

  @Column(name = "temperature", nullable = false)
  Double temperature;

  @Column(name = "response_format")
  String responseFormat;

  @Column(name = "use_cache", nullable = false)
  Boolean useCache;

  @Column(name = "reasoner", nullable = false)
  Boolean reasoner;

  @Column(name = "reasoning_effort")
  String reasoningEffort;

  static final TypedMapping<LlmConfigRow> MAPPING = TypedMapping.of(
      "LLMConfig", "llm_config", LlmConfigRow.class, LlmConfigRow::new, List.of(
          FieldColumn.enumeration("client", "client", false, "LLMClient", ThreadEnums.LLM_CLIENT,
              r -> r.client, (r, v) -> r.client = (String) v),
          FieldColumn.of("model", "model", TEXT, true, r -> r.model,
              (r, v) -> r.model = (String) v),
          FieldColumn.of("maxTokens", "max_tokens", INT, false, r -> r.maxTokens,
              (r, v) -> r.maxTokens = (Integer) v),
          FieldColumn.of("temperature", "temperature", REAL, false, r -> r.temperature,
              (r, v) -> r.temperature = (Double) v),
          FieldColumn.enumeration("responseFormat", "response_format", true, "ResponseFormat",
              ThreadEnums.RESPONSE_FORMAT, r -> r.responseFormat,
              (r, v) -> r.responseFormat = (String) v),
          FieldColumn.of("useCache", "use_cache", BOOL, false, r -> r.useCache,
              (r, v) -> r.useCache = (Boolean) v),
          FieldColumn.of("reasoner", "reasoner", BOOL, false, r -> r.reasoner,
              (r, v) -> r.reasoner = (Boolean) v),
          FieldColumn.enumeration("reasoningEffort", "reasoning_effort", true, "ReasoningEffort",
              ThreadEnums.REASONING_EFFORT, r -> r.reasoningEffort,
              (r, v) -> r.reasoningEffort = (String) v)));

  @Override
  TypedMapping<?> mapping() {
    return MAPPING;
  }
}
