package dev.lineage.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/**
 * A run of list items that versions share: a thread's message history, or a version's old ids.
 * A list is the items of its last segment up to a slot, after the items of that segment's parent
 * up to {@code parent_slot}, and so on back to a segment without a parent. Appending to a list
 * whose end is its segment's last item adds items to the same segment; appending elsewhere (a
 * branch) starts a new segment whose parent is that end. Items are never changed or removed, so a
 * segment serves every version whose list passes through it.
 */
@Immutable
@Entity(name = "ListSegmentRow")
@Table(name = "id_list_segment")
class ListSegmentRow {

  @Id
  @Column(name = "segment_id")
  UUID segmentId;

  @Column(name = "parent_segment_id")
  UUID parentSegmentId;

  @Column(name = "parent_slot")
  Integer parentSlot;

  /** The list position of slot 0: positions are {@code first_position + slot}. */
  @Column(name = "first_position", nullable = false)
  Integer firstPosition;

  @Column(name = "root_lineage_id", nullable = false)
  UUID rootLineageId;

  ListSegmentRow() {}

  ListSegmentRow(UUID segmentId, UUID parentSegmentId, Integer parentSlot, int firstPosition,
      UUID rootLineageId) {
    this.segmentId = segmentId;
    this.parentSegmentId = parentSegmentId;
    this.parentSlot = parentSlot;
    this.firstPosition = firstPosition;
    this.rootLineageId = rootLineageId;
  }
}
