package dev.lineage.storage;

import java.util.Optional;

/**
 * Which page of a listing to read: at most {@code limit} versions after {@code after} (from the
 * start when absent), in creation order.
 *
 * @param after where the previous page ended, if any
 * @param limit how many versions at most, between 1 and {@link #MAX_LIMIT}
 */
public record PageRequest(Optional<Cursor> after, int limit) {

  /** The largest page any listing returns; reads are bounded. */
  public static final int MAX_LIMIT = 10_000;

  public PageRequest {
    if (after == null) {
      throw new InvalidInputException("after must be an Optional, not null");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidInputException(
          "page limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
  }

  /** The first page of at most {@code limit} versions. */
  public static PageRequest first(int limit) {
    return new PageRequest(Optional.empty(), limit);
  }

  /** The page of at most {@code limit} versions after {@code cursor}. */
  public static PageRequest after(Cursor cursor, int limit) {
    return new PageRequest(Optional.of(cursor), limit);
  }
}
