package dev.lineage.storage.jpa;

import static dev.lineage.storage.jpa.ColumnKind.INT;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.annotations.Immutable;

/** A {@code RequestLimits} version. */
@Immutable
@Entity(name = "RequestLimitsRow")
@Table(name = "request_limits")
class RequestLimitsRow extends VersionRow {

  @Column(name = "max_requests_per_minute", nullable = false)
  Integer maxRequestsPerMinute;

  @Column(name = "max_tokens_per_minute", nullable = false)
  Integer maxTokensPerMinute;

  @Column(name = "provider")
  String provider;

  static final TypedMapping<RequestLimitsRow> MAPPING = TypedMapping.of(
      "RequestLimits", "request_limits", RequestLimitsRow.class, RequestLimitsRow::new, List.of(
          FieldColumn.of("maxRequestsPerMinute", "max_requests_per_minute", INT, false,
              r -> r.maxRequestsPerMinute, (r, v) -> r.maxRequestsPerMinute = (Integer) v),
          FieldColumn.of("maxTokensPerMinute", "max_tokens_per_minute", INT, false,
              r -> r.maxTokensPerMinute, (r, v) -> r.maxTokensPerMinute = (Integer) v),
          FieldColumn.enumeration("provider", "provider", true, "LLMClient",
              ThreadEnums.LLM_CLIENT, r -> r.provider, (r, v) -> r.provider = (String) v)));

  @Override
  TypedMapping<?> mapping() {
    return MAPPING;
  }
}
