package dev.lineage.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.DiscriminatorColumn;
import jakarta.persistence.DiscriminatorType;
import jakarta.persistence.Entity;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * A tool version: {@code tool} holds what both kinds share, {@code callable_tool} or {@code
 * structured_tool} the rest (joined inheritance, discriminated by {@code tool_type}, as in the
 * reference). Each kind keeps its own NOT NULL {@code strict_schema}, so a missing kind row reads
 * as a null there and is reported, never taken for empty fields.
 */
@Immutable
@Entity(name = "ToolRow")
@Table(name = "tool")
@Inheritance(strategy = InheritanceType.JOINED)
@DiscriminatorColumn(name = "tool_type", discriminatorType = DiscriminatorType.STRING, length = 32)
abstract class ToolRow extends VersionRow {

  @Column(name = "name")
  String name;
}
