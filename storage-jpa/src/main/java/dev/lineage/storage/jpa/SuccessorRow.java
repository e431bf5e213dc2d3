package dev.lineage.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/**
 * The one plain successor of a base version: the root of a commit that is not a branch. Its
 * primary key decides races: of two concurrent commits from one base, the second insert fails
 * (D-11), whatever tables the two roots live in.
 */
@Immutable
@Entity(name = "SuccessorRow")
@Table(name = "version_successor")
class SuccessorRow {

  @Id
  @Column(name = "base_id")
  UUID baseId;

  @Column(name = "successor_id", nullable = false)
  UUID successorId;

  @Column(name = "root_lineage_id", nullable = false)
  UUID rootLineageId;

  SuccessorRow() {}

  SuccessorRow(UUID baseId, UUID successorId, UUID rootLineageId) {
    this.baseId = baseId;
    this.successorId = successorId;
    this.rootLineageId = rootLineageId;
  }
}
