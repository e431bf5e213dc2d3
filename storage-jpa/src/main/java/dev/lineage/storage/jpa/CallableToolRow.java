package dev.lineage.storage.jpa;

import static dev.lineage.storage.jpa.ColumnKind.BOOL;
import static dev.lineage.storage.jpa.ColumnKind.JSON;
import static dev.lineage.storage.jpa.ColumnKind.TEXT;

import jakarta.persistence.Column;
import jakarta.persistence.DiscriminatorValue;
import jakarta.persistence.Entity;
import jakarta.persistence.PrimaryKeyJoinColumn;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A {@code CallableTool} version: a {@code tool} row and a {@code callable_tool} row. */
@Entity(name = "CallableToolRow")
@Table(name = "callable_tool")
@DiscriminatorValue("callable_tool")
@PrimaryKeyJoinColumn(name = "ecs_id")
class CallableToolRow extends ToolRow {

  @Column(name = "docstring")
  String docstring;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "input_schema")
  String inputSchema;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "output_schema")
  String outputSchema;

  @Column(name = "strict_schema", nullable = false)
  Boolean strictSchema;

  @Column(name = "callable_text")
  String callableText;

  static final TypedMapping<CallableToolRow> MAPPING = TypedMapping.of(
      "CallableTool", "callable_tool", CallableToolRow.class, CallableToolRow::new, List.of(
          FieldColumn.of("name", "name", TEXT, false, r -> r.name, (r, v) -> r.name = (String) v),
          FieldColumn.of("docstring", "docstring", TEXT, true, r -> r.docstring,
              (r, v) -> r.docstring = (String) v),
          FieldColumn.of("inputSchema", "input_schema", JSON, true, r -> r.inputSchema,
              (r, v) -> r.inputSchema = (String) v),
          FieldColumn.of("outputSchema", "output_schema", JSON, true, r -> r.outputSchema,
              (r, v) -> r.outputSchema = (String) v),
          FieldColumn.of("strictSchema", "strict_schema", BOOL, false, r -> r.strictSchema,
              (r, v) -> r.strictSchema = (Boolean) v),
          FieldColumn.of("callableText", "callable_text", TEXT, true, r -> r.callableText,
              (r, v) -> r.callableText = (String) v)));

  @Override
  TypedMapping<?> mapping() {
    return MAPPING;
  }
}
