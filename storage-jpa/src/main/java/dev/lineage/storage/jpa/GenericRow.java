package dev.lineage.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A version of a type without a table of its own (D-43), or one whose fields do not fit its
 * type's table: the type name and every field as one JSON object ({@link ValueJson}).
 */
@Immutable
@Entity(name = "GenericRow")
@Table(name = "generic_entity")
class GenericRow extends VersionRow {

  /** The longest type name the {@code type_name} column and its index take. */
  static final int MAX_TYPE_NAME = 500;

  @Column(name = "type_name", nullable = false, length = MAX_TYPE_NAME)
  String typeName;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "body", nullable = false)
  String body;

  /**
   * The field names in the record's order, as a JSON array: PostgreSQL's {@code jsonb} keeps an
   * object's keys in an order of its own, and the order of a record's fields shows (in a lineage's
   * Mermaid text, for one).
   */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "field_names", nullable = false)
  String fieldNames;

  /** None: a generic row holds any type, its fields as JSON. */
  @Override
  TypedMapping<?> mapping() {
    return null;
  }
}
