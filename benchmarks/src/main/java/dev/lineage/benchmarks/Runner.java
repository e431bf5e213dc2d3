package dev.lineage.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the same work on a subject for one thread length: a thread of {@code messages} messages
 * (setup, not measured), warm-up turns, measured turns with the footprint before and after, then
 * a first load to warm caches and the measured loads of the latest version.
 */
final class Runner {

  private final int warmupTurns;
  private final int measuredTurns;
  private final int loads;

  Runner(int warmupTurns, int measuredTurns, int loads) {
    this.warmupTurns = warmupTurns;
    this.measuredTurns = measuredTurns;
    this.loads = loads;
  }

  /**
   * Runs {@code rounds} short conversations (a new thread of 10 messages, 50 turns, a load) so
   * that the JIT has compiled the subject's paths and its pools are full before the first
   * measurement; otherwise the first length measured pays for both. Short threads keep it cheap
   * for subjects whose turn grows with the thread.
   */
  void warmUp(Subject subject, int rounds) {
    for (int round = 0; round < rounds; round++) {
      subject.startThread(10);
      for (int turn = 0; turn < 50; turn++) {
        subject.appendTurn(Turn.number(5 + turn));
      }
      subject.loadLatest();
    }
  }

  Measurement measure(Subject subject, int messages) {
    subject.startThread(messages);
    int turn = messages / 2;
    subject.refreshStatistics();
    for (int i = 0; i < warmupTurns; i++) {
      subject.appendTurn(Turn.number(turn++));
    }
    StorageFootprint before = subject.footprint();
    List<Long> appends = new ArrayList<>(measuredTurns);
    for (int i = 0; i < measuredTurns; i++) {
      Turn next = Turn.number(turn++);
      long start = System.nanoTime();
      subject.appendTurn(next);
      appends.add(System.nanoTime() - start);
    }
    StorageFootprint written = subject.footprint().minus(before);
    int expected = messages + 2 * (warmupTurns + measuredTurns);
    subject.loadLatest(); // not measured, as the warm-up turns: the first load of a size fills caches
    List<Long> loadTimes = new ArrayList<>(loads);
    for (int i = 0; i < loads; i++) {
      long start = System.nanoTime();
      int loaded = subject.loadLatest();
      loadTimes.add(System.nanoTime() - start);
      if (loaded != expected) {
        throw new IllegalStateException(subject.name() + " on " + subject.database()
            + " loaded " + loaded + " messages, expected " + expected);
      }
    }
    return new Measurement(subject.name(), subject.database(), messages, appends, written,
        measuredTurns, loadTimes);
  }
}
