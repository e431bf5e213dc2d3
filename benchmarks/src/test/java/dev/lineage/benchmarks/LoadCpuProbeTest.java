package dev.lineage.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CPU probe at a tiny size, so that it does not rot: one round of each read, with figures in
 * the units it prints. No timing is compared with a bound.
 */
class LoadCpuProbeTest {

  @ParameterizedTest
  @ValueSource(strings = {"PostgreSQL", "MariaDB"})
  void measuresEveryRead(String database) {
    List<LoadCpuProbe.Figures> figures = LoadCpuProbe.measure(database, 20, 1, 2);

    assertThat(figures).extracting(LoadCpuProbe.Figures::read)
        .containsExactly("reference join", "jdbi records", "jdbi load");
    assertThat(figures).allSatisfy(read -> {
      assertThat(read.threadCpuMs()).isPositive();
      // one thread cannot spend more CPU than the time that passed
      assertThat(read.threadCpuMs()).isLessThanOrEqualTo(read.wallMs());
      assertThat(read.serverCpuMs()).isNotNegative();
    });
  }
}
