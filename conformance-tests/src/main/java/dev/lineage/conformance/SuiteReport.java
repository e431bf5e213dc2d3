package dev.lineage.conformance;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Counts the rules of one suite run and prints one line when it ends, naming the target, so a
 * build log shows which adapter ran against which backend and how it fared.
 */
final class SuiteReport implements TestWatcher, AfterEachCallback, AfterAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SuiteReport.class);

  /** The counts of one suite class. */
  static final class Tally {
    final AtomicInteger passed = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger skipped = new AtomicInteger();
    volatile String target;

    int total() {
      return passed.get() + failed.get() + skipped.get();
    }
  }

  @Override
  public void testSuccessful(ExtensionContext context) {
    tally(context).passed.incrementAndGet();
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    tally(context).failed.incrementAndGet();
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    tally(context).skipped.incrementAndGet();
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    tally(context).skipped.incrementAndGet();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Tally tally = tally(context);
    if (tally.target == null) {
      context
          .getRequiredTestInstances()
          .findInstance(EntityStorageSuite.class)
          .filter(suite -> suite.fixture.storage != null)
          .ifPresent(suite -> tally.target = suite.targetName());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (isSuiteClass(context)) {
      Tally tally = tally(context);
      System.out.printf(
          "[lineage conformance] %s on %s: %d rules, %d passed, %d failed, %d skipped%n",
          context.getRequiredTestClass().getSimpleName(),
          tally.target == null ? "(no rule ran)" : tally.target,
          tally.total(),
          tally.passed.get(),
          tally.failed.get(),
          tally.skipped.get());
    }
  }

  private static Tally tally(ExtensionContext context) {
    ExtensionContext suite = context;
    while (!isSuiteClass(suite)) {
      suite = suite.getParent().orElseThrow();
    }
    return suite.getStore(NAMESPACE).getOrComputeIfAbsent(Tally.class, k -> new Tally(), Tally.class);
  }

  /** The context of the top-level suite class: its parent is the engine. */
  private static boolean isSuiteClass(ExtensionContext context) {
    return context.getParent().map(parent -> parent.getParent().isEmpty()).orElse(true);
  }
}
