package dev.lineage.storage.jpa;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Works out the segment and item rows that store the id lists of one commit (thread histories,
 * old ids), sharing everything the lists have in common with their parents' lists.
 *
 * <p>A list that extends its base (the same list of the parent version) by {@code k} ids costs
 * {@code k} item rows: in the base's last segment when the base ends at that segment's last item,
 * else in a new segment branching off the base's end. Whether it extends the base is decided by
 * the base's digest, without reading the base. A list that does not extend its base is stored
 * after the longest prefix it shares with the base, when the caller can read the base, else from
 * scratch.
 */
final class ListWriter {

  /** Reads a stored list with where each position is kept. */
  interface StoredList {
    List<ListEntry> entries(ListPointer pointer);
  }

  /** One position of a stored list: its id, and the segment and slot that hold it. */
  record ListEntry(UUID id, UUID segment, int slot) {}

  private final UUID rootLineageId;
  private final Map<UUID, Integer> lastSlots = new HashMap<>();
  private final List<ListSegmentRow> segments = new ArrayList<>();
  private final List<ListItemRow> items = new ArrayList<>();

  ListWriter(UUID rootLineageId) {
    this.rootLineageId = rootLineageId;
  }

  /** Records that stored {@code segment}'s last item is at {@code slot}. */
  void knowLastSlot(UUID segment, Integer slot) {
    if (segment != null && slot != null) {
      lastSlots.merge(segment, slot, Math::max);
    }
  }

  /**
   * The pointer to {@code ids}, stored after {@code base} where they extend it.
   *
   * @param base the same list of the parent version, or null when there is none
   * @param stored reads the base when the list does not extend it, or null to store such a list
   *     from scratch
   */
  ListPointer write(List<UUID> ids, ListPointer base, StoredList stored) {
    if (ids.isEmpty()) {
      return ListPointer.EMPTY;
    }
    byte[] whole;
    if (base != null && base.length() <= ids.size()) {
      byte[][] digests = IdDigest.prefixAndWhole(ids, base.length());
      whole = digests[1];
      if (Arrays.equals(digests[0], base.digest())) {
        return base.length() == ids.size() ? base : append(base, ids, base.length(), whole);
      }
    } else {
      whole = IdDigest.of(ids);
    }
    if (stored != null && base != null && !base.isEmpty()) {
      List<ListEntry> entries = stored.entries(base);
      int common = 0;
      while (common < entries.size() && common < ids.size()
          && entries.get(common).id().equals(ids.get(common))) {
        common++;
      }
      if (common > 0) {
        ListEntry last = entries.get(common - 1);
        return append(new ListPointer(last.segment(), last.slot(), common, null), ids, common,
            whole);
      }
    }
    return append(ListPointer.EMPTY, ids, 0, whole);
  }

  /** The segments to insert, parents first. */
  List<ListSegmentRow> segments() {
    return segments;
  }

  /** The items to insert. */
  List<ListItemRow> items() {
    return items;
  }

  private ListPointer append(ListPointer at, List<UUID> ids, int from, byte[] digest) {
    UUID segment;
    int slot;
    Integer last = at.segment() == null ? null : lastSlots.get(at.segment());
    if (last != null && last.equals(at.slot())) {
      segment = at.segment();
      slot = at.slot() + 1;
    } else {
      segment = Ids.newId();
      slot = 0;
      segments.add(new ListSegmentRow(segment, at.segment(), at.slot(), at.length(),
          rootLineageId));
    }
    for (int i = from; i < ids.size(); i++) {
      items.add(new ListItemRow(segment, slot++, ids.get(i), rootLineageId));
    }
    lastSlots.put(segment, slot - 1);
    return new ListPointer(segment, slot - 1, ids.size(), digest);
  }
}
