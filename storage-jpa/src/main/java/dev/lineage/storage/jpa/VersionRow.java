package dev.lineage.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import java.util.UUID;

/**
 * The columns every version table shares: one row is one immutable version, keyed by its {@code
 * ecs_id}. {@code old_ids} is not a list column but a pointer into the shared id lists ({@link
 * ListSegmentRow}), so that a fork stores one new id, not its whole ancestry again.
 */
@MappedSuperclass
abstract class VersionRow {

  @Id
  @Column(name = "ecs_id")
  UUID ecsId;

  @Column(name = "lineage_id", nullable = false)
  UUID lineageId;

  @Column(name = "parent_id")
  UUID parentId;

  /** The lineage of the root of the commit that first stored this row: the shard key. */
  @Column(name = "root_lineage_id", nullable = false)
  UUID rootLineageId;

  @Column(name = "created_at", nullable = false)
  Instant createdAt;

  @Column(name = "old_ids_segment")
  UUID oldIdsSegment;

  @Column(name = "old_ids_slot")
  Integer oldIdsSlot;

  @Column(name = "old_ids_length", nullable = false)
  Integer oldIdsLength;

  @Column(name = "old_ids_digest")
  byte[] oldIdsDigest;

  /** How this row's table maps records of its type, or null for a generic row. */
  abstract TypedMapping<?> mapping();

  /** The pointer to this version's old ids. */
  final ListPointer oldIds() {
    return new ListPointer(oldIdsSegment, oldIdsSlot, oldIdsLength == null ? -1 : oldIdsLength,
        oldIdsDigest);
  }

  final void oldIds(ListPointer pointer) {
    oldIdsSegment = pointer.segment();
    oldIdsSlot = pointer.slot();
    oldIdsLength = pointer.length();
    oldIdsDigest = pointer.digest();
  }
}
