package dev.lineage.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the same work on the subjects of one database for one thread length: each gets a thread
 * of {@code messages} messages (setup, not measured) and warm-up turns; then the measured turns go
 * round, one turn of each subject at a time, with the footprint before and after; then a first
 * load to warm caches and the measured loads, round the same way.
 *
 * <p>Why round-robin: the small machine drifts over the seconds a length takes (the servers'
 * background work, the page cache, the other subjects' garbage), by up to 2x. Measured one after
 * the other, a subject and its floor met different moments, and a ratio to the floor moved with
 * them; measured in turns, each of a subject's turns has the floor's turns of the same moment
 * beside it. Which subject goes first changes every round.
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

  /** The measurements of {@code subjects} at one length, in their order. */
  List<Measurement> measure(List<Subject> subjects, int messages) {
    int count = subjects.size();
    int firstMeasured = messages / 2 + warmupTurns;
    for (Subject subject : subjects) {
      subject.startThread(messages);
      subject.refreshStatistics();
      for (int i = 0; i < warmupTurns; i++) {
        subject.appendTurn(Turn.number(messages / 2 + i));
      }
    }
    List<StorageFootprint> before = new ArrayList<>();
    List<List<Long>> appends = new ArrayList<>();
    for (Subject subject : subjects) {
      before.add(subject.footprint());
      appends.add(new ArrayList<>(measuredTurns));
    }
    for (int i = 0; i < measuredTurns; i++) {
      Turn next = Turn.number(firstMeasured + i);
      for (int k = 0; k < count; k++) {
        int s = (i + k) % count;
        long start = System.nanoTime();
        subjects.get(s).appendTurn(next);
        appends.get(s).add(System.nanoTime() - start);
      }
    }
    List<StorageFootprint> written = new ArrayList<>();
    List<List<Long>> loadTimes = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      written.add(subjects.get(s).footprint().minus(before.get(s)));
      subjects.get(s).loadLatest(); // not measured: the first load of a size fills caches
      loadTimes.add(new ArrayList<>(loads));
    }
    int expected = messages + 2 * (warmupTurns + measuredTurns);
    for (int i = 0; i < loads; i++) {
      for (int k = 0; k < count; k++) {
        int s = (i + k) % count;
        Subject subject = subjects.get(s);
        long start = System.nanoTime();
        int loaded = subject.loadLatest();
        loadTimes.get(s).add(System.nanoTime() - start);
        if (loaded != expected) {
          throw new IllegalStateException(subject.name() + " on " + subject.database()
              + " loaded " + loaded + " messages, expected " + expected);
        }
      }
    }
    List<Measurement> measured = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      measured.add(new Measurement(subjects.get(s).name(), subjects.get(s).database(), messages,
          appends.get(s), written.get(s), measuredTurns, loadTimes.get(s)));
    }
    return measured;
  }
}
