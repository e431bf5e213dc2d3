package dev.lineage.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/**
 * Every stored version, whatever table holds it: where its row is, its lineage, parent and
 * creation time. Its key makes an {@code ecs_id} unique across all tables (a version of one type
 * cannot slip into another table under a stored id, even in a race), and the questions asked of
 * every version (is it stored, where, what follows a version, what a lineage holds) take one
 * index of one table instead of a union over eleven.
 */
@Immutable
@Entity(name = "CatalogRow")
@Table(name = "version_catalog")
class CatalogRow {

  @Id
  @Column(name = "ecs_id")
  UUID ecsId;

  /** The table that holds the version's row. */
  @Column(name = "stored_in", nullable = false, length = 32)
  String storedIn;

  @Column(name = "lineage_id", nullable = false)
  UUID lineageId;

  @Column(name = "parent_id")
  UUID parentId;

  @Column(name = "created_at", nullable = false)
  Instant createdAt;

  @Column(name = "root_lineage_id", nullable = false)
  UUID rootLineageId;

  CatalogRow() {}

  CatalogRow(VersionRow row, VersionTable table) {
    this.ecsId = row.ecsId;
    this.storedIn = table.sqlName();
    this.lineageId = row.lineageId;
    this.parentId = row.parentId;
    this.createdAt = row.createdAt;
    this.rootLineageId = row.rootLineageId;
  }
}
