package dev.lineage.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How the runner shares the lengths and subjects of a database. No timing asserted. */
class RunnerTest {

  /** Every call, in order, across subjects: "name:what". */
  private final List<String> calls = new ArrayList<>();

  @Test
  @DisplayName("each subject gets a thread of every length; measured turns and loads go round"
      + " every (subject, length) in a new order each round; each measurement is its own")
  void inTurns() {
    // given
    Runner runner = new Runner(1, 3, 2);
    List<Subject> subjects = List.of(new Recording("a", 4), new Recording("b", 5));
    // when
    List<Measurement> measured = measure(runner, subjects, List.of(4, 6));
    // then: setup and a warm-up turn per thread
    assertThat(calls.subList(0, 8)).containsExactly(
        "a:start 4", "a4:turn 2", "a:start 6", "a6:turn 3",
        "b:start 4", "b4:turn 2", "b:start 6", "b6:turn 3");
    // the measured turns: each round one turn on every thread
    List<List<String>> rounds = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      List<String> calledInRound = calls.subList(8 + 4 * round, 12 + 4 * round);
      assertThat(calledInRound).containsExactlyInAnyOrder("a4:turn " + (3 + round),
          "a6:turn " + (4 + round), "b4:turn " + (3 + round), "b6:turn " + (4 + round));
      rounds.add(calledInRound.stream().map(call -> call.substring(0, 2)).toList());
    }
    assertThat(Set.copyOf(rounds)).as("the order of the rounds").hasSizeGreaterThan(1);
    // a first load of each thread, then the measured loads, each round on every thread
    assertThat(calls.subList(20, 24)).containsExactly("a4:load", "a6:load", "b4:load", "b6:load");
    assertThat(calls.subList(24, 28)).containsExactlyInAnyOrder(
        "a4:load", "a6:load", "b4:load", "b6:load");
    assertThat(calls.subList(28, 32)).containsExactlyInAnyOrder(
        "a4:load", "a6:load", "b4:load", "b6:load");
    assertThat(calls).hasSize(32);
    assertThat(measured).extracting(Measurement::subject).containsExactly("a", "a", "b", "b");
    assertThat(measured).extracting(Measurement::messages).containsExactly(4, 6, 4, 6);
    for (Measurement m : measured) {
      assertThat(m.appendNanos()).hasSize(3);
      assertThat(m.loadNanos()).hasSize(2);
    }
    // what a turn writes comes from that thread's warm-up turn alone, though the store is shared
    assertThat(measured).extracting(Measurement::rowsPerTurn).containsExactly(4.0, 4.0, 5.0, 5.0);
  }

  @Test
  @DisplayName("a subject that loads the wrong number of messages stops the run, named")
  void wrongLoad() {
    Runner runner = new Runner(1, 2, 1);
    List<Subject> subjects = List.of(new Recording("a", 4), new Recording("short", 2));
    assertThatThrownBy(() -> measure(runner, subjects, List.of(4)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("short on test loaded 8 messages, expected 10");
  }

  @Test
  @DisplayName("threads whose turns ran apart share the rounds of loads with the others")
  void loadsTogether() {
    // given: the turns of 'a' in turns at two lengths, those of 'r' apart, one length at a time
    Runner runner = new Runner(1, 1, 3);
    List<Runner.Cell> cells = new ArrayList<>(
        runner.turns(List.of(new Recording("a", 4)), List.of(4, 6)));
    Recording alone = new Recording("r", 9);
    cells.addAll(runner.turns(List.of(alone), List.of(4)));
    cells.addAll(runner.turns(List.of(alone), List.of(6)));
    calls.clear();
    // when
    runner.loads(cells);
    // then: a first load of each thread, then every round loads all four
    assertThat(calls.subList(0, 4)).containsExactly("a4:load", "a6:load", "r4:load", "r6:load");
    for (int round = 0; round < 3; round++) {
      assertThat(calls.subList(4 + 4 * round, 8 + 4 * round)).containsExactlyInAnyOrder(
          "a4:load", "a6:load", "r4:load", "r6:load");
    }
    assertThat(calls).hasSize(16);
    assertThat(cells.stream().map(runner::measurement).toList())
        .allSatisfy(m -> assertThat(m.loadNanos()).hasSize(3))
        .extracting(Measurement::subject).containsExactly("a", "a", "r", "r");
  }

  /** Turns, then loads, of {@code subjects} at {@code sizes}, as the harness runs them. */
  private static List<Measurement> measure(Runner runner, List<Subject> subjects,
      List<Integer> sizes) {
    List<Runner.Cell> cells = runner.turns(subjects, sizes);
    runner.loads(cells);
    return cells.stream().map(runner::measurement).toList();
  }

  /** Counts messages as a store would, and records what it is asked. */
  private final class Recording implements Subject {
    private final String name;
    private final int rowsPerTurn;
    /** The rows of the store this subject shares with those made by {@link #another}. */
    private final long[] storeRows;
    private String thread;
    private int messages;

    Recording(String name, int rowsPerTurn) {
      this(name, rowsPerTurn, new long[1]);
    }

    private Recording(String name, int rowsPerTurn, long[] storeRows) {
      this.name = name;
      this.rowsPerTurn = rowsPerTurn;
      this.storeRows = storeRows;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String database() {
      return "test";
    }

    @Override
    public void startThread(int count) {
      calls.add(name + ":start " + count);
      thread = name + count;
      messages = count;
    }

    @Override
    public void appendTurn(Turn turn) {
      calls.add(thread + ":turn " + turn.index());
      messages += 2;
      storeRows[0] += rowsPerTurn;
    }

    @Override
    public int loadLatest() {
      calls.add(thread + ":load");
      return name.equals("short") ? messages - 2 : messages;
    }

    @Override
    public int listVersions() {
      return 0;
    }

    @Override
    public Subject another() {
      return new Recording(name, rowsPerTurn, storeRows);
    }

    @Override
    public StorageFootprint footprint() {
      return new StorageFootprint(storeRows[0], 0);
    }

    @Override
    public void close() {}
  }
}
