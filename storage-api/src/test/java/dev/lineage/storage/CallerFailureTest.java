package dev.lineage.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CallerFailureTest {

  /** An adapter's read: it translates every exception but a CallerFailure, as adapters do. */
  private static String translatingRead(Runnable work) {
    try {
      work.run();
      return "read";
    } catch (CallerFailure e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StorageUnavailableException("translated: " + e.getMessage(), e);
    }
  }

  @Test
  @DisplayName("what the caller's consumer throws passes the adapter's translation unchanged")
  void callerExceptionLeavesUnchanged() {
    IllegalStateException thrown = new IllegalStateException("the caller's own");
    Consumer<String> marked = CallerFailure.marking(item -> {
      throw thrown;
    });
    Throwable failure = catchThrowable(() ->
        CallerFailure.unwrapping(() -> translatingRead(() -> marked.accept("a version"))));
    assertThat(failure).isSameAs(thrown);
  }

  @Test
  @DisplayName("the adapter's own failures are still translated, and results pass through")
  void adapterExceptionsAndResultsAreUntouched() {
    Throwable failure = catchThrowable(() -> CallerFailure.unwrapping(() -> translatingRead(() -> {
      throw new IllegalArgumentException("the driver's");
    })));
    assertThat(failure).isInstanceOf(StorageUnavailableException.class)
        .hasMessage("translated: the driver's");
    List<String> seen = new ArrayList<>();
    Consumer<String> marked = CallerFailure.marking(seen::add);
    assertThat(CallerFailure.unwrapping(() -> translatingRead(() -> marked.accept("v"))))
        .isEqualTo("read");
    assertThat(seen).containsExactly("v");
  }
}
