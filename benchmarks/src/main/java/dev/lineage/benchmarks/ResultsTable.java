package dev.lineage.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The results as one Markdown table: every figure next to its ratio to the floor of the same
 * database at the same thread length (loads also to the reference layout's positional join).
 */
final class ResultsTable {

  /** Subject names of the baselines start with these words. */
  static final String FLOOR = "floor";

  static final String REFERENCE = "reference layout";

  private ResultsTable() {}

  static String render(List<Measurement> measurements) {
    List<String> lines = new ArrayList<>();
    lines.add("| subject | database | N | append median ms | x floor | append p90 ms"
        + " | rows/turn | bytes/turn | x floor bytes | load median ms | x floor | x ref. join |");
    lines.add("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Measurement m : measurements) {
      Optional<Measurement> floor = find(measurements, FLOOR, m);
      Optional<Measurement> reference = find(measurements, REFERENCE, m);
      lines.add(String.join(" | ",
          "| " + m.subject(),
          m.database(),
          String.valueOf(m.messages()),
          number(m.appendMedianMillis()),
          ratio(m.appendMedianMillis(), floor.map(Measurement::appendMedianMillis)),
          number(m.appendP90Millis()),
          number(m.rowsPerTurn()),
          String.format(Locale.ROOT, "%.0f", m.bytesPerTurn()),
          ratio(m.bytesPerTurn(), floor.map(Measurement::bytesPerTurn)),
          number(m.loadMedianMillis()),
          ratio(m.loadMedianMillis(), floor.map(Measurement::loadMedianMillis)),
          ratio(m.loadMedianMillis(), reference.map(Measurement::loadMedianMillis)) + " |"));
    }
    return String.join("\n", lines);
  }

  /** The baseline of the same database and thread length, if it ran. */
  private static Optional<Measurement> find(List<Measurement> all, String subject, Measurement m) {
    return all.stream()
        .filter(other -> other.subject().startsWith(subject) && other.database().equals(m.database())
            && other.messages() == m.messages())
        .findFirst();
  }

  private static String number(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, value < 10 ? "%.3f" : "%.1f", value);
  }

  private static String ratio(double value, Optional<Double> baseline) {
    if (baseline.isEmpty() || Double.isNaN(value) || baseline.get() <= 0) {
      return "";
    }
    return String.format(Locale.ROOT, "%.2fx", value / baseline.get());
  }
}
