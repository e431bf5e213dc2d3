package dev.lineage.storage.jpa;

import dev.lineage.storage.UnreadableDataException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reads stored id lists with one query per batch of versions, whatever the lists' lengths: a
 * recursive query walks each list's segments back to its first, and the items of those segments
 * up to where each list passes through them come back in the same statement. The history variant
 * also joins every message and its usage, so a thread's messages take no statement of their own.
 */
final class ListReader {

  /**
   * Whose lists to read: rows of one table by id, and which pointer columns of them ({@code
   * history} or {@code old_ids}: the columns {@code <list>_segment} and {@code <list>_slot}).
   */
  record Anchor(VersionTable table, String list, Collection<UUID> ids) {}

  /** A segment as read, with the items this read needed. */
  static final class Segment {
    final UUID parent;
    final Integer parentSlot;
    final int firstPosition;
    final List<UUID> items = new ArrayList<>();

    Segment(UUID parent, Integer parentSlot, int firstPosition) {
      this.parent = parent;
      this.parentSlot = parentSlot;
      this.firstPosition = firstPosition;
    }

    void put(int slot, UUID item) {
      while (items.size() <= slot) {
        items.add(null);
      }
      items.set(slot, item);
    }
  }

  private final Map<UUID, Segment> segments = new HashMap<>();

  /**
   * Reads the lists of the anchored rows; with {@code messages}, hands each history item's
   * usage and message rows (either may be null) to {@code joined}, as they arrive.
   */
  static ListReader read(Jdbc jdbc, RowSelect rows, Vendor vendor, List<Anchor> anchors,
      int maxIds, boolean messages, Consumer<VersionRow> joined) {
    ListReader reader = new ListReader();
    for (List<Anchor> batch : batches(anchors, maxIds)) {
      reader.readBatch(jdbc, rows, vendor, batch, messages, joined);
    }
    return reader;
  }

  /**
   * The ids of the list {@code pointer} names.
   *
   * @throws UnreadableDataException if its segments or items are not all there
   */
  List<UUID> ids(ListPointer pointer, String table, UUID ecsId, String field) {
    List<ListWriter.ListEntry> entries = entries(pointer, table, ecsId, field);
    List<UUID> ids = new ArrayList<>(entries.size());
    entries.forEach(entry -> ids.add(entry.id()));
    return ids;
  }

  /** Like {@link #ids}, with the segment and slot of each position. */
  List<ListWriter.ListEntry> entries(ListPointer pointer, String table, UUID ecsId,
      String field) {
    if (pointer.length() < 0 || (pointer.segment() == null) != (pointer.length() == 0)
        || (pointer.segment() == null) != (pointer.slot() == null)) {
      throw broken(table, ecsId, field, "its list pointer is inconsistent");
    }
    ListWriter.ListEntry[] entries = new ListWriter.ListEntry[pointer.length()];
    int position = pointer.length() - 1;
    UUID segmentId = pointer.segment();
    Integer upTo = pointer.slot();
    while (segmentId != null) {
      Segment segment = segments.get(segmentId);
      if (segment == null) {
        throw broken(table, ecsId, field, "list segment " + segmentId + " is missing");
      }
      if (upTo == null || segment.firstPosition + upTo != position) {
        throw broken(table, ecsId, field, "list segment " + segmentId + " does not line up");
      }
      for (int slot = upTo; slot >= 0; slot--) {
        UUID item = slot < segment.items.size() ? segment.items.get(slot) : null;
        if (item == null) {
          throw broken(table, ecsId, field,
              "list item " + slot + " of segment " + segmentId + " is missing");
        }
        entries[position--] = new ListWriter.ListEntry(item, segmentId, slot);
      }
      segmentId = segment.parent;
      upTo = segment.parentSlot;
    }
    if (position != -1) {
      throw broken(table, ecsId, field, "the list is shorter than its recorded length "
          + pointer.length());
    }
    return List.of(entries);
  }

  private void readBatch(Jdbc jdbc, RowSelect rows, Vendor vendor, List<Anchor> anchors,
      boolean messages, Consumer<VersionRow> joined) {
    StringBuilder sql = new StringBuilder("with recursive heads (seg, up_to) as (");
    List<Object> parameters = new ArrayList<>();
    for (int i = 0; i < anchors.size(); i++) {
      Anchor anchor = anchors.get(i);
      List<Object> ids = Jdbc.padded(List.copyOf(anchor.ids()));
      sql.append(i == 0 ? "" : " union all ").append("select t.").append(anchor.list())
          .append("_segment, t.").append(anchor.list()).append("_slot from ")
          .append(vendor.table(anchor.table())).append(" t where t.ecs_id in ")
          .append(PlainSql.marks(ids.size())).append(" and t.").append(anchor.list())
          .append("_segment is not null");
      parameters.addAll(ids);
    }
    sql.append("), path (seg, up_to) as (select h.seg, h.up_to from heads h union"
        + " select s.parent_segment_id, s.parent_slot from id_list_segment s"
        + " join path p on s.segment_id = p.seg where s.parent_segment_id is not null),"
        + " reach (seg, up_to) as (select p.seg, max(p.up_to) from path p group by p.seg)"
        + " select s.segment_id, s.parent_segment_id, s.parent_slot, s.first_position, i.slot,"
        + " i.item_id");
    if (messages) {
      sql.append(", ").append(rows.columns(VersionTable.CHAT_MESSAGE, "m")).append(", ")
          .append(rows.columns(VersionTable.USAGE, "u"));
    }
    sql.append(" from reach r join id_list_segment s on s.segment_id = r.seg"
        + " join id_list_item i on i.segment_id = r.seg and i.slot <= r.up_to");
    if (messages) {
      sql.append(" left join chat_message m on m.ecs_id = i.item_id left join ")
          .append(vendor.table(VersionTable.USAGE)).append(" u on u.ecs_id = m.usage_id");
    }
    int usages = 7 + RowSelect.width(VersionTable.CHAT_MESSAGE);
    jdbc.query(sql.toString(), parameters, messages ? vendor.rowsPerFetch() : 0, row -> {
      UUID segmentId = jdbc.uuid(row, 1);
      Segment segment = segments.get(segmentId);
      if (segment == null) {
        segment = new Segment(jdbc.uuid(row, 2), Jdbc.integer(row, 3), row.getInt(4));
        segments.put(segmentId, segment);
      }
      segment.put(row.getInt(5), jdbc.uuid(row, 6));
      if (messages) {
        VersionRow message = rows.read(VersionTable.CHAT_MESSAGE, row, 7);
        VersionRow usage = rows.read(VersionTable.USAGE, row, usages);
        if (usage != null) { // first: a message handed over after its usage can be completed
          joined.accept(usage);
        }
        if (message != null) {
          joined.accept(message);
        }
      }
    });
  }

  /** Splits anchors so that no statement binds more than {@code maxIds} ids. */
  private static List<List<Anchor>> batches(List<Anchor> anchors, int maxIds) {
    List<List<Anchor>> batches = new ArrayList<>();
    List<Anchor> current = new ArrayList<>();
    int size = 0;
    for (Anchor anchor : anchors) {
      List<UUID> ids = List.copyOf(anchor.ids());
      for (int from = 0; from < ids.size(); ) {
        int take = Math.min(maxIds - size, ids.size() - from);
        current.add(new Anchor(anchor.table(), anchor.list(), ids.subList(from, from + take)));
        from += take;
        size += take;
        if (size == maxIds) {
          batches.add(current);
          current = new ArrayList<>();
          size = 0;
        }
      }
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }

  private static UnreadableDataException broken(String table, UUID ecsId, String field,
      String problem) {
    return new UnreadableDataException(
        table + " row " + ecsId + ": field '" + field + "' cannot be read: " + problem);
  }
}
