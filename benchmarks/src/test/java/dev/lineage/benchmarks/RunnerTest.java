package dev.lineage.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How the runner shares one length between the subjects of a database. No timing asserted. */
class RunnerTest {

  /** Every call, in order, across subjects: "name:what". */
  private final List<String> calls = new ArrayList<>();

  @Test
  @DisplayName("measured turns and loads go round the subjects, the first one changing each round;"
      + " each measurement belongs to its subject")
  void roundRobin() {
    // given
    Runner runner = new Runner(1, 3, 2);
    List<Subject> subjects = List.of(new Recording("a", 4), new Recording("b", 4),
        new Recording("c", 4));
    // when
    List<Measurement> measured = runner.measure(subjects, 4);
    // then: setup and warm-up per subject, then the measured turns 3, 4 and 5 in turns
    assertThat(calls).containsExactly(
        "a:start 4", "a:turn 2", "b:start 4", "b:turn 2", "c:start 4", "c:turn 2",
        "a:turn 3", "b:turn 3", "c:turn 3",
        "b:turn 4", "c:turn 4", "a:turn 4",
        "c:turn 5", "a:turn 5", "b:turn 5",
        "a:load", "b:load", "c:load",
        "a:load", "b:load", "c:load",
        "b:load", "c:load", "a:load");
    assertThat(measured).extracting(Measurement::subject).containsExactly("a", "b", "c");
    for (Measurement m : measured) {
      assertThat(m.appendNanos()).hasSize(3);
      assertThat(m.loadNanos()).hasSize(2);
      assertThat(m.written()).isEqualTo(new StorageFootprint(3 * 4, 0));
    }
  }

  @Test
  @DisplayName("a subject that loads the wrong number of messages stops the run, named")
  void wrongLoad() {
    Runner runner = new Runner(1, 2, 1);
    List<Subject> subjects = List.of(new Recording("a", 4), new Recording("short", 2));
    assertThatThrownBy(() -> runner.measure(subjects, 4))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("short on test loaded 8 messages, expected 10");
  }

  /** Counts messages as a store would, and records what it is asked. */
  private final class Recording implements Subject {
    private final String name;
    private final int rowsPerTurn;
    private int messages;
    private long rows;

    Recording(String name, int rowsPerTurn) {
      this.name = name;
      this.rowsPerTurn = rowsPerTurn;
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
      messages = count;
    }

    @Override
    public void appendTurn(Turn turn) {
      calls.add(name + ":turn " + turn.index());
      messages += 2;
      rows += rowsPerTurn;
    }

    @Override
    public int loadLatest() {
      calls.add(name + ":load");
      return name.equals("short") ? messages - 2 : messages;
    }

    @Override
    public int listVersions() {
      return 0;
    }

    @Override
    public Subject another() {
      throw new UnsupportedOperationException();
    }

    @Override
    public StorageFootprint footprint() {
      return new StorageFootprint(rows, 0);
    }

    @Override
    public void close() {}
  }
}
