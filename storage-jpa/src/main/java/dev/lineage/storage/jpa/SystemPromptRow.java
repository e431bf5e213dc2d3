package dev.lineage.storage.jpa;

import static dev.lineage.storage.jpa.ColumnKind.TEXT;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.annotations.Immutable;

/** A {@code SystemPrompt} version. */
@Immutable
@Entity(name = "SystemPromptRow")
@Table(name = "system_prompt")
class SystemPromptRow extends VersionRow {

  @Column(name = "name", nullable = false)
  String name;

  @Column(name = "content", nullable = false)
  String content;

  static final TypedMapping<SystemPromptRow> MAPPING = TypedMapping.of(
      "SystemPrompt", "system_prompt", SystemPromptRow.class, SystemPromptRow::new, List.of(
          FieldColumn.of("name", "name", TEXT, false, r -> r.name, (r, v) -> r.name = (String) v),
          FieldColumn.of("content", "content", TEXT, false, r -> r.content,
              (r, v) -> r.content = (String) v)));

  @Override
  TypedMapping<?> mapping() {
    return MAPPING;
  }
}
