package dev.lineage.storage.jpa;

import dev.lineage.storage.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Works out the segment and item rows that store the id lists of one commit (thread histories,
 * old ids), sharing everything the lists have in common with their parents' lists.
 *
 * <p>A list that extends its base (the same list of the parent version) by {@code k} ids costs
 * {@code k} item rows: in the base's last segment when the base ends at that segment's last item,
 * else in a new segment branching off the base's end. Whether it extends the base is decided
 * without reading the base: against the base's ids when this process knows them ({@link
 * ListCache}), whose running digest then continues over the new ids only; else by hashing the new
 * list's prefix and comparing it with the base's stored digest. A list that does not extend its
 * base is stored after the longest prefix it shares with the base, when the caller can read the
 * base, else from scratch.
 */
final class ListWriter {

  /** Reads a stored list with where each position is kept. */
  interface StoredList {
    List<ListEntry> entries(ListPointer pointer);
  }

  /** One position of a stored list: its id, and the segment and slot that hold it. */
  record ListEntry(UUID id, UUID segment, int slot) {}

  /** A list as written: where it ends, and what this process knows of it from now on. */
  record Written(ListPointer end, ListCache.Known known) {}

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
   * Stores {@code ids} after {@code base} where they extend it.
   *
   * @param seq the sequence {@code ids} come from, or null
   * @param base the same list of the parent version, or null when there is none
   * @param known the base as this process knows it, or null; used only if it ends where {@code
   *     base} ends
   * @param stored reads the base when the list does not extend it, or null to store such a list
   *     from scratch
   */
  Written write(List<UUID> ids, Value.Seq seq, ListPointer base, ListCache.Known known,
      StoredList stored) {
    if (ids.isEmpty()) {
      return new Written(ListPointer.EMPTY, null);
    }
    if (base != null && !base.isEmpty() && known != null && sameEnd(known.end(), base)
        && (grownFrom(seq, known) || sameObjects(known, ids) || known.ids().isPrefixOf(ids))) {
      if (base.length() == ids.size()) {
        return new Written(base, known);
      }
      IdDigest digest = known.digestState();
      for (int i = base.length(); i < ids.size(); i++) {
        digest.add(ids.get(i));
      }
      ListPointer end = append(base, ids, base.length(), digest.snapshot());
      return new Written(end, new ListCache.Known(end, known.ids().extendedBy(ids, base.length()),
          digest, seq, seq == null ? ids : null));
    }
    IdDigest digest = IdDigest.start();
    int prefix = base == null ? 0 : Math.min(base.length(), ids.size());
    for (int i = 0; i < prefix; i++) {
      digest.add(ids.get(i));
    }
    boolean extendsBase = base != null && base.length() <= ids.size()
        && Arrays.equals(digest.snapshot(), base.digest());
    for (int i = prefix; i < ids.size(); i++) {
      digest.add(ids.get(i));
    }
    byte[] whole = digest.snapshot();
    ListPointer end;
    if (extendsBase) {
      end = base.length() == ids.size() ? base : append(base, ids, base.length(), whole);
    } else {
      end = append(sharedPrefix(ids, base, stored), ids, whole);
    }
    return new Written(end,
        new ListCache.Known(end, IdRun.of(ids), digest, seq, seq == null ? ids : null));
  }

  /**
   * Whether {@code ids} start with the very UUID objects of the old ids {@code known} was written
   * from: a version's old ids hold its parent's, and comparing references spares reading
   * thousands of objects spread over the heap, which {@link IdRun#isPrefixOf} does.
   */
  private static boolean sameObjects(ListCache.Known known, List<UUID> ids) {
    List<UUID> source = known.source();
    if (source == null || source.size() != known.ids().length() || ids.size() < source.size()) {
      return false;
    }
    for (int i = 0; i < source.size(); i++) {
      if (source.get(i) != ids.get(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code seq} starts with the sequence {@code known} was written from. */
  private static boolean grownFrom(Value.Seq seq, ListCache.Known known) {
    return seq != null && known.seq() != null
        && known.seq().items().size() == known.ids().length() && seq.startsWith(known.seq());
  }

  /** The segments to insert, parents first. */
  List<ListSegmentRow> segments() {
    return segments;
  }

  /** The items to insert. */
  List<ListItemRow> items() {
    return items;
  }

  /** Whether two list ends are the same end of the same stored list. */
  static boolean sameEnd(ListPointer a, ListPointer b) {
    return a.length() == b.length() && Objects.equals(a.segment(), b.segment())
        && Objects.equals(a.slot(), b.slot()) && Arrays.equals(a.digest(), b.digest());
  }

  /** Where the longest prefix {@code ids} shares with the stored base ends (EMPTY for none). */
  private static ListPointer sharedPrefix(List<UUID> ids, ListPointer base, StoredList stored) {
    if (stored == null || base == null || base.isEmpty()) {
      return ListPointer.EMPTY;
    }
    List<ListEntry> entries = stored.entries(base);
    int common = 0;
    while (common < entries.size() && common < ids.size()
        && entries.get(common).id().equals(ids.get(common))) {
      common++;
    }
    if (common == 0) {
      return ListPointer.EMPTY;
    }
    ListEntry last = entries.get(common - 1);
    return new ListPointer(last.segment(), last.slot(), common, null);
  }

  private ListPointer append(ListPointer at, List<UUID> ids, byte[] digest) {
    return append(at, ids, at.length(), digest);
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
