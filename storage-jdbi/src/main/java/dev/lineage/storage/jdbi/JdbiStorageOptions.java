package dev.lineage.storage.jdbi;

import dev.lineage.storage.InvalidInputException;

/**
 * How a {@link JdbiEntityStorage} stores lists and how much it remembers between calls. Start from
 * {@link #defaults()} and change what you need with the {@code with...} methods.
 *
 * @param inlineListLimit the length from which a list of references (a top-level field whose
 *     items are all references, such as a thread's history) or a version's old ids is kept as a
 *     shared list in {@code lineage_link} rather than inline in the version's row; shorter lists
 *     are rewritten with each version, longer ones are shared between versions and only their new
 *     items are written. Between 1 and {@value #MAX_INLINE_LIST_LIMIT}.
 * @param listCacheIds how many list ids the adapter keeps in memory from the lists it wrote or
 *     read, so that the next version of a thread appends to its parent's list without any query;
 *     0 turns the cache off (each append then reads its parent's list descriptors, never the
 *     list itself). Each id takes 16 bytes.
 */
public record JdbiStorageOptions(int inlineListLimit, long listCacheIds) {

  /** The longest list kept inline: 1,000 ids fit a MariaDB {@code TEXT} column. */
  public static final int MAX_INLINE_LIST_LIMIT = 1_000;

  public JdbiStorageOptions {
    if (inlineListLimit < 1 || inlineListLimit > MAX_INLINE_LIST_LIMIT) {
      throw new InvalidInputException("inlineListLimit must be between 1 and "
          + MAX_INLINE_LIST_LIMIT + ", was " + inlineListLimit);
    }
    if (listCacheIds < 0) {
      throw new InvalidInputException("listCacheIds must not be negative, was " + listCacheIds);
    }
  }

  /** Lists of 8 or more references are shared; up to 1,048,576 ids (16 MiB) are remembered. */
  public static JdbiStorageOptions defaults() {
    return new JdbiStorageOptions(8, 1L << 20);
  }

  public JdbiStorageOptions withInlineListLimit(int inlineListLimit) {
    return new JdbiStorageOptions(inlineListLimit, listCacheIds);
  }

  public JdbiStorageOptions withListCacheIds(long listCacheIds) {
    return new JdbiStorageOptions(inlineListLimit, listCacheIds);
  }
}
