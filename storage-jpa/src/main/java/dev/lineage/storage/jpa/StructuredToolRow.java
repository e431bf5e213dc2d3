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

/** A {@code StructuredTool} version: a {@code tool} row and a {@code structured_tool} row. */
@Entity(name = "StructuredToolRow")
@Table(name = "structured_tool")
@DiscriminatorValue("structured_tool")
@PrimaryKeyJoinColumn(name = "ecs_id")
class StructuredToolRow extends ToolRow {

  @Column(name = "description")
  String description;

  @Column(name = "instruction_string")
  String instructionString;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "json_schema")
  String jsonSchema;

  @Column(name = "strict_schema", nullable = false)
  Boolean strictSchema;

  @Column(name = "post_validate_schema", nullable = false)
  Boolean postValidateSchema;

  static final TypedMapping<StructuredToolRow> MAPPING = TypedMapping.of(
      "StructuredTool", "structured_tool", StructuredToolRow.class, StructuredToolRow::new,
      List.of(
          FieldColumn.of("name", "name", TEXT, true, r -> r.name, (r, v) -> r.name = (String) v),
          FieldColumn.of("description", "description", TEXT, true, r -> r.description,
              (r, v) -> r.description = (String) v),
          FieldColumn.of("instructionString", "instruction_string", TEXT, true,
              r -> r.instructionString, (r, v) -> r.instructionString = (String) v),
          FieldColumn.of("jsonSchema", "json_schema", JSON, true, r -> r.jsonSchema,
              (r, v) -> r.jsonSchema = (String) v),
          FieldColumn.of("strictSchema", "strict_schema", BOOL, false, r -> r.strictSchema,
              (r, v) -> r.strictSchema = (Boolean) v),
          FieldColumn.of("postValidateSchema", "post_validate_schema", BOOL, false,
              r -> r.postValidateSchema, (r, v) -> r.postValidateSchema = (Boolean) v)));

  @Override
  TypedMapping<?> mapping() {
    return MAPPING;
  }
}
