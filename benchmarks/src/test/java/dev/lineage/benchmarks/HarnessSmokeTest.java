package dev.lineage.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The harness at tiny sizes, in the normal build, so the benchmarks never rot: every subject on
 * every available database runs every measurement, and the report has a row for each. No timing
 * is asserted.
 */
class HarnessSmokeTest {

  @Test
  @DisplayName("a quick run measures every subject and renders the report")
  void quickRun() throws Exception {
    String report = Harness.run(Harness.Settings.quick());
    System.out.println(report);
    assertThat(report)
        .contains("lineage in-memory", "lineage mongo", "floor (raw driver)",
            "JaVers 7.10.0", "| commits/s, 2 writers");
    for (String database : new String[] {"PostgreSQL", "MariaDB"}) {
      if (report.contains("| " + database + " |")) {
        assertThat(report).contains("floor (raw JDBC) | " + database,
            "reference layout (raw JDBC) | " + database, "lineage jdbi | " + database,
            "lineage jpa | " + database);
      }
    }
    // every subject measured in turns has a row for each length, with what its turns wrote
    for (String row : new String[] {"| lineage in-memory | JVM heap |",
        "| floor (raw driver) | MongoDB (embedded mongo-java-server) |",
        "| lineage mongo | MongoDB (embedded mongo-java-server) |"}) {
      assertThat(report).contains(row + " 10 |", row + " 40 |");
    }
    assertThat(report.lines().filter(line -> line.startsWith("| lineage mongo |")
        && line.matches("\\| lineage mongo \\| [^|]+ \\| (10|40) \\| [0-9.]+ \\| [0-9.x]+ \\| [0-9.]+"
            + " \\| [1-9][0-9.]* \\|.*"))).hasSize(2);
    // at tiny sizes JaVers takes every length, so its throughput and listing run too
    assertThat(report.lines().filter(line -> line.startsWith("| JaVers 7.10.0 |")
        && line.matches(".*\\| [0-9.]+ \\([0-9]+\\) \\|.*"))).isNotEmpty();
    assertThat(report).doesNotContain("NaN");
  }
}
