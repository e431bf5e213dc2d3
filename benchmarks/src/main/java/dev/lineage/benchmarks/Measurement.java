package dev.lineage.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one subject did at one thread length: append latencies, what the appends wrote, and load
 * latencies.
 *
 * @param subject the subject's name
 * @param database the database it ran on
 * @param messages the thread length set up before the turns
 * @param appendNanos the latency of each measured turn
 * @param written what the warm-up turns wrote in all (measured around them, one thread at a
 *     time: once they take turns, the threads of a store cannot be told apart)
 * @param writingTurns how many turns {@code written} covers
 * @param loadNanos the latency of each measured load of the latest version
 */
record Measurement(String subject, String database, int messages, List<Long> appendNanos,
    StorageFootprint written, int writingTurns, List<Long> loadNanos) {

  double appendMedianMillis() {
    return percentile(appendNanos, 50);
  }

  double appendP90Millis() {
    return percentile(appendNanos, 90);
  }

  double loadMedianMillis() {
    return percentile(loadNanos, 50);
  }

  double rowsPerTurn() {
    return (double) written.rows() / writingTurns;
  }

  double bytesPerTurn() {
    return (double) written.bytes() / writingTurns;
  }

  /** The p-th percentile (nearest rank) in milliseconds; NaN when nothing was measured. */
  static double percentile(List<Long> nanos, int p) {
    if (nanos.isEmpty()) {
      return Double.NaN;
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1)) / 1_000_000.0;
  }
}
