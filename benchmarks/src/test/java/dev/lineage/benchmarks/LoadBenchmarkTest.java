package dev.lineage.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.domain.thread.ChatThread;
import dev.lineage.storage.VersionRecord;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The load benchmark's setup and measured method at a tiny size, so that it does not rot: each
 * thing it loads comes back whole. No timing is asserted. A database that cannot run here
 * aborts its cases (reported as skipped), as in the adapters' tests.
 */
class LoadBenchmarkTest {

  private static final int MESSAGES = 20;

  @ParameterizedTest(name = "{1} on {0}")
  @CsvSource({
      "PostgreSQL, reference-join", "PostgreSQL, jdbi-records", "PostgreSQL, jdbi-load",
      "PostgreSQL, jpa-records", "PostgreSQL, jpa-load",
      "MariaDB, reference-join", "MariaDB, jdbi-records", "MariaDB, jdbi-load",
      "MariaDB, jpa-records", "MariaDB, jpa-load",
      "no database, in-memory-records", "no database, in-memory-load"})
  void loadsTheWholeThread(String database, String what) {
    LoadBenchmark benchmark = new LoadBenchmark();
    benchmark.database = database;
    benchmark.messages = MESSAGES;
    benchmark.what = what;
    benchmark.growThread();

    Object loaded = benchmark.load();

    if (what.equals("reference-join")) {
      assertThat(loaded).isEqualTo(MESSAGES); // one row per message
    } else if (what.endsWith("-records")) {
      @SuppressWarnings("unchecked")
      Map<UUID, VersionRecord> records = (Map<UUID, VersionRecord>) loaded;
      // the thread version, its config and prompt, every message, and the assistants' usages
      assertThat(records).hasSize(1 + 2 + MESSAGES + MESSAGES / 2);
    } else {
      assertThat(loaded).isInstanceOf(ChatThread.class);
      assertThat(((ChatThread) loaded).history()).hasSize(MESSAGES);
    }
  }
}
