package dev.lineage.benchmarks;

import dev.lineage.domain.EntityRegistry;
import dev.lineage.domain.thread.ChatThread;
import dev.lineage.storage.EntityStorage;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import dev.lineage.testdb.TestDatabase;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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

  /** Reads the thread's latest version as {@code what} names. */
  private Supplier<Object> read;

  @Setup(Level.Trial)
  public void growThread() {
    if (what.equals("reference-join")) {
      DataSource dataSource = namespace("ref");
      Subject reference = new ReferenceLayoutSubject(dataSource, database);
      reference.startThread(messages);
      SqlFootprint.refreshStatistics(dataSource);
      read = reference::loadLatest;
      return;
    }
    String adapter = what.substring(0, what.lastIndexOf('-'));
    DataSource dataSource = adapter.equals("in-memory") ? null : namespace(adapter);
    EntityStorage storage = switch (adapter) {
      case "jdbi" -> Subjects.jdbi(dataSource);
      case "jpa" -> Subjects.jpa(dataSource);
      case "in-memory" -> new InMemoryEntityStorage();
      default -> throw new IllegalArgumentException("unknown adapter in '" + what + "'");
    };
    EntityRegistry registry = EntityRegistry.over(storage);
    LineageSubject subject = new LineageSubject(what, database, registry, () -> null, () -> { });
    subject.startThread(messages);
    UUID threadId = subject.loadLatestThread().ecsId();
    if (dataSource != null) {
      SqlFootprint.refreshStatistics(dataSource);
    }
    read = what.endsWith("-records")
        ? () -> storage.loadGraphs(List.of(threadId))
        : () -> registry.require(threadId, ChatThread.class);
  }

  /** The thread's latest version read as {@code what} names. */
  @Benchmark
  public Object load() {
    return read.get();
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
