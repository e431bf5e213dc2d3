package dev.lineage.storage.jpa;

import dev.lineage.storage.UnreadableDataException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.hibernate.StatelessSession;

/**
 * Reads stored id lists with one query per batch of versions, whatever the lists' lengths: a
 * recursive query walks each list's segments back to its first, and the items of those segments
 * up to where each list passes through them come back in the same statement. The history variant
 * also joins every message and its usage, so a thread's messages take no statement of their own.
 */
final class ListReader {

  /** Whose lists to read: rows of one entity by id, and which pointer columns of them. */
  record Anchor(String entity, String segmentColumn, String slotColumn, Collection<UUID> ids) {}

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
   * message and usage rows (either may be null) to {@code joined}.
   */
  static ListReader read(StatelessSession session, List<Anchor> anchors, int maxIds,
      boolean messages, Consumer<VersionRow> joined) {
    ListReader reader = new ListReader();
    for (List<Anchor> batch : batches(anchors, maxIds)) {
      reader.readBatch(session, batch, messages, joined);
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

  private void readBatch(StatelessSession session, List<Anchor> anchors, boolean messages,
      Consumer<VersionRow> joined) {
    StringBuilder heads = new StringBuilder();
    for (int i = 0; i < anchors.size(); i++) {
      Anchor anchor = anchors.get(i);
      if (i > 0) {
        heads.append(" union all ");
      }
      heads.append("select t.").append(anchor.segmentColumn()).append(" as seg, t.")
          .append(anchor.slotColumn()).append(" as upTo from ").append(anchor.entity())
          .append(" t where t.ecsId in ").append(InList.of("anchor" + i + "_",
              anchor.ids().size())).append(" and t.")
          .append(anchor.segmentColumn()).append(" is not null");
    }
    String hql = "with heads as (" + heads + "), "
        + "path as (select h.seg as seg, h.upTo as upTo from heads h "
        + "union select s.parentSegmentId, s.parentSlot from ListSegmentRow s "
        + "join path p on s.segmentId = p.seg where s.parentSegmentId is not null), "
        + "reach as (select p.seg as seg, max(p.upTo) as upTo from path p group by p.seg) "
        + "select s.segmentId, s.parentSegmentId, s.parentSlot, s.firstPosition, i.slot, i.itemId"
        + (messages ? ", " + ScalarRows.MESSAGES.select("m") + ", "
            + ScalarRows.USAGES.select("u") : "")
        + " from reach r join ListSegmentRow s on s.segmentId = r.seg "
        + "join ListItemRow i on i.segmentId = r.seg and i.slot <= r.upTo"
        + (messages ? " left join ChatMessageRow m on m.ecsId = i.itemId"
            + " left join UsageRow u on u.ecsId = m.usageId" : "");
    var query = session.createSelectionQuery(hql, Object[].class);
    for (int i = 0; i < anchors.size(); i++) {
      InList.bind(query, "anchor" + i + "_", List.copyOf(anchors.get(i).ids()));
    }
    for (Object[] row : query.getResultList()) {
      UUID segmentId = (UUID) row[0];
      Segment segment = segments.computeIfAbsent(segmentId,
          id -> new Segment((UUID) row[1], (Integer) row[2], (Integer) row[3]));
      segment.put((Integer) row[4], (UUID) row[5]);
      if (messages) {
        ChatMessageRow message = ScalarRows.MESSAGES.read(row, 6);
        if (message != null) {
          joined.accept(message);
        }
        UsageRow usage = ScalarRows.USAGES.read(row, 6 + ScalarRows.MESSAGES.width());
        if (usage != null) {
          joined.accept(usage);
        }
      }
    }
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
        current.add(new Anchor(anchor.entity(), anchor.segmentColumn(), anchor.slotColumn(),
            ids.subList(from, from + take)));
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
