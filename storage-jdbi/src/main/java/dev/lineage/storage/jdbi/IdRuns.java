package dev.lineage.storage.jdbi;

import dev.lineage.storage.UnreadableDataException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Runs of ids ({@code lineage_id_run}): the ids of positions {@code end - 63} to {@code end} of a
 * list, as seen from the segment that holds position {@code end}, 16 bytes each (most significant
 * half first). A list that is only read takes its ids from its runs, and from single positions
 * only below the first and above the last run: about 80 rows for 5,000 old ids, not 5,000.
 */
final class IdRuns {

  /** Ids per run. 64 ids are 1,024 bytes, which every database keeps in the row. */
  static final int LENGTH = 64;

  private IdRuns() {}

  /** The first position at or after {@code position} that ends a run. */
  static int firstEndFrom(int position) {
    return position - position % LENGTH + LENGTH - 1;
  }

  /** The run ending at {@code end}: the ids of {@code ids} at {@code end - 63} to {@code end}. */
  static byte[] pack(List<UUID> ids, int end) {
    ByteBuffer bytes = ByteBuffer.allocate(16 * LENGTH);
    for (int position = end + 1 - LENGTH; position <= end; position++) {
      UUID id = ids.get(position);
      bytes.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    }
    return bytes.array();
  }

  /** {@link #pack}'s bytes as hexadecimal text, for PostgreSQL's array parameters. */
  static String hex(byte[] run) {
    return HexFormat.of().formatHex(run);
  }

  /** Receives the ids of a run, position by position. */
  interface Receiver {
    void id(int position, UUID id);
  }

  /**
   * Hands the ids of the run of {@code segment} ending at {@code end} to {@code receiver}.
   *
   * @throws UnreadableDataException if the run does not hold {@value #LENGTH} ids
   */
  static void unpack(UUID segment, int end, byte[] run, Receiver receiver) {
    if (run == null || run.length != 16 * LENGTH || end < LENGTH - 1) {
      throw new UnreadableDataException("lineage_id_run row (" + segment + ", " + end
          + ") holds " + (run == null ? "no ids" : run.length + " bytes") + ": a run ends at"
          + " position " + (LENGTH - 1) + " or later and holds " + 16 * LENGTH + " bytes");
    }
    ByteBuffer bytes = ByteBuffer.wrap(run);
    for (int position = end + 1 - LENGTH; position <= end; position++) {
      receiver.id(position, new UUID(bytes.getLong(), bytes.getLong()));
    }
  }
}
