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
 * One tool of one thread version, at its position in {@code ChatThread.tools}: a thread version
 * points at exact tool versions. Positions keep the list's order and its duplicates.
 */
@Immutable
@Entity(name = "ThreadToolRow")
@Table(name = "chat_thread_tools")
@IdClass(ThreadToolRow.Key.class)
class ThreadToolRow {

  @Id
  @Column(name = "chat_thread_id")
  UUID chatThreadId;

  @Id
  @Column(name = "position")
  Integer position;

  @Column(name = "tool_id", nullable = false)
  UUID toolId;

  @Column(name = "root_lineage_id", nullable = false)
  UUID rootLineageId;

  ThreadToolRow() {}

  ThreadToolRow(UUID chatThreadId, int position, UUID toolId, UUID rootLineageId) {
    this.chatThreadId = chatThreadId;
    this.position = position;
    this.toolId = toolId;
    this.rootLineageId = rootLineageId;
  }

  /** The primary key. */
  static final class Key implements Serializable {
    UUID chatThreadId;
    Integer position;

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && Objects.equals(chatThreadId, key.chatThreadId)
          && Objects.equals(position, key.position);
    }

    @Override
    public int hashCode() {
      return Objects.hash(chatThreadId, position);
    }
  }
}
