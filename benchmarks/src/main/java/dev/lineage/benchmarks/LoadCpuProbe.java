package dev.lineage.benchmarks;

import dev.lineage.domain.EntityRegistry;
import dev.lineage.domain.thread.ChatThread;
import dev.lineage.storage.EntityStorage;
import dev.lineage.testdb.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Where the CPU of a long thread's load is spent: in the reading thread of this process, and in
 * the database server. {@code LoadBenchmark} gives the time; this gives the work, which tells
 * whether a load waits on the server or on itself. For each read (the reference layout's join,
 * JDBI's records, JDBI's whole load) it prints, per load, the wall time, the CPU time of the
 * calling thread, and the CPU time that every process of the server spent meanwhile (from {@code
 * /proc}: Linux, with the database on this machine and otherwise idle).
 *
 * <p>{@code java -cp benchmarks.jar dev.lineage.benchmarks.LoadCpuProbe PostgreSQL|MariaDB}
 */
public final class LoadCpuProbe {

  private static final int MESSAGES = 10_000;
  private static final int ROUNDS = 6;
  private static final int WARM_ROUNDS = 2;
  private static final int LOADS = 60;
  /** Linux reports process CPU in clock ticks, 100 per second on every common kernel. */
  private static final double MS_PER_TICK = 10.0;

  private LoadCpuProbe() {}

  public static void main(String[] args) {
    if (args.length != 1 || !(args[0].equals("PostgreSQL") || args[0].equals("MariaDB"))) {
      System.err.println("usage: LoadCpuProbe PostgreSQL|MariaDB");
      System.exit(2);
    }
    System.out.printf("%s, %,d messages, per load (%d loads a round, the last %d rounds):%n",
        args[0], MESSAGES, LOADS, ROUNDS - WARM_ROUNDS);
    for (Figures figures : measure(args[0], MESSAGES, ROUNDS, LOADS)) {
      System.out.printf(
          "  %-15s wall %6.2f ms   this thread's CPU %6.2f ms   server CPU %6.2f ms%n",
          figures.read(), figures.wallMs(), figures.threadCpuMs(), figures.serverCpuMs());
    }
    System.exit(0); // the pools' threads would keep the JVM up
  }

  /** One round of one read, per load. */
  record Figures(String read, double wallMs, double threadCpuMs, double serverCpuMs) {}

  /**
   * The figures of every read in every round after the first {@value #WARM_ROUNDS} (all of
   * them when there are no more), on a thread of {@code messages} messages.
   */
  static List<Figures> measure(String databaseName, int messages, int rounds, int loads) {
    boolean postgres = databaseName.equals("PostgreSQL");
    TestDatabase database = postgres ? TestDatabase.POSTGRESQL : TestDatabase.MARIADB;
    String serverProcess = postgres ? "postgres" : "mariadbd";

    DataSource referenceSource = database.namespace("cpu_probe_ref");
    Subject reference = new ReferenceLayoutSubject(referenceSource, databaseName);
    reference.startThread(messages);
    SqlFootprint.refreshStatistics(referenceSource);
    DataSource jdbiSource = database.namespace("cpu_probe_jdbi");
    EntityStorage storage = Subjects.jdbi(jdbiSource);
    EntityRegistry registry = EntityRegistry.over(storage);
    LineageSubject lineage =
        new LineageSubject("jdbi", databaseName, registry, () -> null, () -> { });
    lineage.startThread(messages);
    UUID threadId = lineage.loadLatestThread().ecsId();
    SqlFootprint.refreshStatistics(jdbiSource);

    Map<String, Supplier<Object>> reads = new LinkedHashMap<>();
    reads.put("reference join", reference::loadLatest);
    reads.put("jdbi records", () -> storage.loadGraphs(List.of(threadId)));
    reads.put("jdbi load", () -> registry.require(threadId, ChatThread.class));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<Figures> figures = new ArrayList<>();
    int warm = rounds > WARM_ROUNDS ? WARM_ROUNDS : 0;
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<String, Supplier<Object>> read : reads.entrySet()) {
        long serverBefore = serverTicks(serverProcess);
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < loads; i++) {
          if (read.getValue().get() == null) {
            throw new IllegalStateException(read.getKey() + " returned nothing");
          }
        }
        long wall = System.nanoTime() - start;
        long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        long server = serverTicks(serverProcess) - serverBefore;
        if (round >= warm) {
          figures.add(new Figures(read.getKey(), wall / 1e6 / loads, cpu / 1e6 / loads,
              server * MS_PER_TICK / loads));
        }
      }
    }
    return figures;
  }

  /** User and system CPU of every process whose name starts with {@code name}, in ticks. */
  private static long serverTicks(String name) {
    long ticks = 0;
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        String stat;
        try {
          stat = Files.readString(process.resolve("stat"));
        } catch (IOException ended) {
          continue; // the process ended since the listing
        }
        // pid (comm) state ...: utime and stime are the 14th and 15th fields
        String command = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (command.startsWith(name)) {
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc (this probe needs Linux)", e);
    }
    return ticks;
  }
}
