package dev.lineage.storage.jpa;

import static dev.lineage.storage.jpa.ColumnKind.JSON;
import static dev.lineage.storage.jpa.ColumnKind.TEXT;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A {@code GeneratedJsonObject} version. */
@Immutable
@Entity(name = "GeneratedJsonObjectRow")
@Table(name = "generated_json_object")
class GeneratedJsonObjectRow extends VersionRow {

  @Column(name = "name", nullable = false)
  String name;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "object", nullable = false)
  String object;

  @Column(name = "tool_call_id")
  String toolCallId;

  static final TypedMapping<GeneratedJsonObjectRow> MAPPING = TypedMapping.of(
      "GeneratedJsonObject", "generated_json_object", GeneratedJsonObjectRow.class,
      GeneratedJsonObjectRow::new, List.of(
          FieldColumn.of("name", "name", TEXT, false, r -> r.name, (r, v) -> r.name = (String) v),
          FieldColumn.of("object", "object", JSON, false, r -> r.object,
              (r, v) -> r.object = (String) v),
          FieldColumn.of("toolCallId", "tool_call_id", TEXT, true, r -> r.toolCallId,
              (r, v) -> r.toolCallId = (String) v)));

  @Override
  TypedMapping<?> mapping() {
    return MAPPING;
  }
}
