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

/** One id at one slot of a {@link ListSegmentRow}: a message of a history, an old id. */
@Immutable
@Entity(name = "ListItemRow")
@Table(name = "id_list_item")
@IdClass(ListItemRow.Key.class)
class ListItemRow {

  @Id
  @Column(name = "segment_id")
  UUID segmentId;

  @Id
  @Column(name = "slot")
  Integer slot;

  @Column(name = "item_id", nullable = false)
  UUID itemId;

  @Column(name = "root_lineage_id", nullable = false)
  UUID rootLineageId;

  ListItemRow() {}

  ListItemRow(UUID segmentId, int slot, UUID itemId, UUID rootLineageId) {
    this.segmentId = segmentId;
    this.slot = slot;
    this.itemId = itemId;
    this.rootLineageId = rootLineageId;
  }

  /** The primary key. */
  static final class Key implements Serializable {
    UUID segmentId;
    Integer slot;

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && Objects.equals(segmentId, key.segmentId)
          && Objects.equals(slot, key.slot);
    }

    @Override
    public int hashCode() {
      return Objects.hash(segmentId, slot);
    }
  }
}
