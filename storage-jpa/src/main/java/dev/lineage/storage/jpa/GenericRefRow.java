package dev.lineage.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/**
 * A reference from a generic version to another version. The references are inside the JSON body
 * too; this copy lets one recursive query find everything a generic graph reaches, however deep.
 */
@Immutable
@Entity(name = "GenericRefRow")
@Table(name = "generic_ref")
@IdClass(GenericRefRow.Key.class)
class GenericRefRow {

  @Id
  @Column(name = "from_id")
  UUID fromId;

  @Id
  @Column(name = "to_id")
  UUID toId;

  @Column(name = "root_lineage_id", nullable = false)
  UUID rootLineageId;

  GenericRefRow() {}

  GenericRefRow(UUID fromId, UUID toId, UUID rootLineageId) {
    this.fromId = fromId;
    this.toId = toId;
    this.rootLineageId = rootLineageId;
  }

  /** The primary key. */
  static final class Key implements Serializable {
    UUID fromId;
    UUID toId;

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && Objects.equals(fromId, key.fromId)
          && Objects.equals(toId, key.toId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(fromId, toId);
    }
  }
}
