package dev.lineage.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Runs the same work on the subjects of one database at every thread length at once. Each
 * subject gets a thread of each length on its store ({@link Subject#another}), built as setup
 * and followed by warm-up turns, with the footprint before and after those: what a turn writes,
 * which does not depend on the moment and could not be told apart once the threads of a store
 * take turns. Then the measured turns go round every (subject, length) pair, one turn each at a
 * time and in a new order each round ({@link #turns}); then a first load of each thread to warm
 * caches and the measured loads, round the same way ({@link #loads}), over these threads and
 * any others whose loads are to be compared with theirs.
 *
 * <p>Why round and round: the small machine drifts over the minutes a run takes (the servers'
 * background work, the page cache, the other subjects' garbage), by up to 2x. Measured one
 * length after the other, a turn at 10,000 messages met another moment and a fuller database
 * than a turn at 10 (in probes on PostgreSQL, a floor turn measured that way took 1.6-1.9x as
 * long at 10,000 as at 10, and nearly as long at 10 when measured again after 10,000); measured
 * in turns, each turn has the turns of the other lengths and of the floor of the same moment
 * beside it. The order of the pairs changes every round.
 */
final class Runner {

  /** The rounds' orders are random but the same in every run. */
  private static final long ORDER_SEED = 20261127L;

  private final int warmupTurns;
  private final int measuredTurns;
  private final int loads;
  private final Random order = new Random(ORDER_SEED);

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

  /**
   * Gives each subject a thread of each length on its store, with its warm-up turns, then runs
   * the measured turns round every (subject, length) pair: the cells, for each subject in order,
   * one per length in order, their loads still to measure.
   */
  List<Cell> turns(List<Subject> subjects, List<Integer> sizes) {
    List<Cell> cells = new ArrayList<>();
    for (Subject subject : subjects) {
      for (int size : sizes) {
        cells.add(new Cell(subject.another(), size));
      }
    }
    for (Cell cell : cells) {
      cell.subject.startThread(cell.messages);
      cell.subject.refreshStatistics();
      StorageFootprint before = cell.subject.footprint();
      for (int i = 0; i < warmupTurns; i++) {
        cell.subject.appendTurn(Turn.number(cell.messages / 2 + i));
      }
      cell.written = cell.subject.footprint().minus(before);
    }
    for (int i = 0; i < measuredTurns; i++) {
      for (Cell cell : shuffled(cells, order)) {
        Turn next = Turn.number(cell.messages / 2 + warmupTurns + i);
        long start = System.nanoTime();
        cell.subject.appendTurn(next);
        cell.appends.add(System.nanoTime() - start);
      }
    }
    return cells;
  }

  /**
   * Measures the loads of {@code cells}, whose turns this runner ran: one unmeasured load of
   * each, then the measured loads round every cell, in a new order each round. Cells of
   * subjects whose turns ran apart can share the rounds: each load then meets the same moment
   * and the same caches, warm or not, as the loads it is compared with.
   */
  void loads(List<Cell> cells) {
    for (Cell cell : cells) {
      cell.subject.loadLatest(); // not measured: the first load of a thread fills caches
    }
    int added = 2 * (warmupTurns + measuredTurns);
    for (int i = 0; i < loads; i++) {
      for (Cell cell : shuffled(cells, order)) {
        long start = System.nanoTime();
        int loaded = cell.subject.loadLatest();
        cell.loads.add(System.nanoTime() - start);
        int expected = cell.messages + added;
        if (loaded != expected) {
          throw new IllegalStateException(cell.subject.name() + " on " + cell.subject.database()
              + " loaded " + loaded + " messages, expected " + expected);
        }
      }
    }
  }

  /** What was measured on {@code cell}, whose turns and loads ran. */
  Measurement measurement(Cell cell) {
    return new Measurement(cell.subject.name(), cell.subject.database(), cell.messages,
        cell.appends, cell.written, warmupTurns, cell.loads);
  }

  /**
   * The pairs in a new order for each round. Rotating one fixed order puts the same pair before
   * each pair in every round: in a run that did, the thread of 10 messages of each subject always
   * came right after the thread of 10,000 of another, and every subject's turn at 10 came out
   * 1.1-1.4x slower than at 100.
   */
  private static List<Cell> shuffled(List<Cell> cells, Random order) {
    List<Cell> round = new ArrayList<>(cells);
    Collections.shuffle(round, order);
    return round;
  }

  /** One subject's thread of one length, and what was measured on it. */
  static final class Cell {
    final Subject subject;
    final int messages;
    final List<Long> appends = new ArrayList<>();
    final List<Long> loads = new ArrayList<>();
    StorageFootprint written;

    Cell(Subject subject, int messages) {
      this.subject = subject;
      this.messages = messages;
    }
  }
}
