package dev.lineage.cli;

import java.io.PrintWriter;

/**
 * A line on standard error that a long export or import rewrites as it goes: {@code exported
 * 12,000 of 50,000 versions (24%)}. Redrawn at most ten times a second; silent when not wanted.
 */
final class Progress {

  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final boolean shown;
  private long lastDrawn;
  private int width;

  Progress(PrintWriter err, boolean shown) {
    this.err = err;
    this.shown = shown;
  }

  /** Shows {@code state}, unless it was redrawn a moment ago. */
  void update(String state) {
    long now = System.nanoTime();
    if (shown && (lastDrawn == 0 || now - lastDrawn >= REDRAW_NANOS)) {
      draw(state);
      lastDrawn = now;
    }
  }

  /** Shows {@code state} as the last state, and ends the line. */
  void finish(String state) {
    if (shown) {
      draw(state);
      err.println();
      err.flush();
    }
  }

  private void draw(String state) {
    // blank out what is left of a longer earlier state
    String padded = state.length() < width ? state + " ".repeat(width - state.length()) : state;
    width = state.length();
    err.print("\r" + padded);
    err.flush();
  }
}
