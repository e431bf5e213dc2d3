package dev.lineage.storage;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * For adapters that override the streaming {@link EntityStorage#loadGraphs(java.util.Collection,
 * Consumer)}: carries what the caller's consumer threw out through the adapter's own exception
 * translation, so that it reaches the caller unchanged (conformance rule P-08). The adapter hands
 * its read {@link #marking(Consumer)} of the caller's consumer, lets this exception pass where it
 * translates the others, and runs the read {@link #unwrapping(Supplier)}. It never leaves the
 * port.
 */
public final class CallerFailure extends RuntimeException {

  private CallerFailure(RuntimeException cause) {
    super(null, cause, false, false); // only carries the cause out: no trace of its own
  }

  /** {@code eachRead}, with what it throws wrapped in a {@code CallerFailure}. */
  public static <T> Consumer<T> marking(Consumer<T> eachRead) {
    Objects.requireNonNull(eachRead, "eachRead");
    return item -> {
      try {
        eachRead.accept(item);
      } catch (RuntimeException e) {
        throw new CallerFailure(e);
      }
    };
  }

  /** The result of {@code read}; a {@code CallerFailure} it throws leaves as its cause. */
  public static <R> R unwrapping(Supplier<R> read) {
    try {
      return read.get();
    } catch (CallerFailure e) {
      throw e.getCause();
    }
  }

  @Override
  public synchronized RuntimeException getCause() {
    return (RuntimeException) super.getCause();
  }
}
