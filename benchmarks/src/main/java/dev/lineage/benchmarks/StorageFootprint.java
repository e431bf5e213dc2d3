package dev.lineage.benchmarks;

/**
 * How much a store holds, read from the database's own statistics: rows (or documents, or
 * records) and bytes. Differences of two footprints give what a run of turns wrote.
 *
 * @param rows rows, documents or records
 * @param bytes stored bytes as the database measures them
 */
record StorageFootprint(long rows, long bytes) {

  StorageFootprint minus(StorageFootprint earlier) {
    return new StorageFootprint(rows - earlier.rows, bytes - earlier.bytes);
  }
}
