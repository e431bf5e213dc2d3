package dev.lineage.benchmarks;

import dev.lineage.domain.EntityRegistry;
import dev.lineage.domain.thread.ChatThread;
import dev.lineage.storage.EntityStorage;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import dev.lineage.storage.jdbi.JdbiEntityStorage;
import dev.lineage.storage.jpa.JpaEntityStorage;
import dev.lineage.testdb.TestDatabase;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where the load of a long thread spends its time, beside the reference layout's positional join
 * on the same database: an adapter's read alone (the versions of the thread's graph as records,
 * {@link EntityStorage#loadGraphs}) and the whole load through the registry (that read, then the
 * records rebuilt into a working copy). The harness measures the whole load only; this splits it.
 *
 * <p>{@code what} is one of {@code reference-join}, {@code <adapter>-records} and {@code
 * <adapter>-load}, the adapter being {@code jdbi}, {@code jpa} or {@code in-memory} (which has no
 * database, so its {@code database} parameter is ignored). Each value is its own trial, with a
 * thread of {@code messages} messages grown a turn at a time, as in the harness.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class LoadBenchmark {

  @Param({"PostgreSQL", "MariaDB"})
  String database;

  @Param({"10000"})
  int messages;

  @Param({"reference-join", "jdbi-records", "jdbi-load", "jpa-records", "jpa-load",
      "in-memory-records", "in-memory-load"})
  String what;

  private Subject reference;
  private EntityStorage storage;
  private EntityRegistry registry;
  private UUID threadId;

  @Setup(Level.Trial)
  public void growThread() {
    if (what.equals("reference-join")) {
      DataSource dataSource = namespace("ref");
      reference = new ReferenceLayoutSubject(dataSource, database);
      reference.startThread(messages);
      SqlFootprint.refreshStatistics(dataSource);
      return;
    }
    String adapter = what.substring(0, what.lastIndexOf('-'));
    DataSource dataSource = null;
    switch (adapter) {
      case "jdbi" -> {
        dataSource = namespace("jdbi");
        JdbiEntityStorage jdbi = JdbiEntityStorage.create(dataSource);
        jdbi.migrate();
        storage = jdbi;
      }
      case "jpa" -> {
        dataSource = namespace("jpa");
        JpaEntityStorage jpa = JpaEntityStorage.create(dataSource);
        jpa.migrate();
        storage = jpa;
      }
      case "in-memory" -> storage = new InMemoryEntityStorage();
      default -> throw new IllegalArgumentException("unknown adapter in '" + what + "'");
    }
    registry = EntityRegistry.over(storage);
    LineageSubject subject = new LineageSubject(what, database, registry, () -> null, () -> { });
    subject.startThread(messages);
    threadId = subject.loadLatestThread().ecsId();
    if (dataSource != null) {
      SqlFootprint.refreshStatistics(dataSource);
    }
  }

  /** The thread's latest version read as {@code what} names. */
  @Benchmark
  public Object load() {
    if (reference != null) {
      return reference.loadLatest();
    }
    if (what.endsWith("-records")) {
      return storage.loadGraphs(List.of(threadId));
    }
    return registry.require(threadId, ChatThread.class);
  }

  private DataSource namespace(String subject) {
    TestDatabase target = switch (database) {
      case "PostgreSQL" -> TestDatabase.POSTGRESQL;
      case "MariaDB" -> TestDatabase.MARIADB;
      default -> throw new IllegalArgumentException("unknown database '" + database + "'");
    };
    return target.namespace("bench_load_" + subject);
  }
}
