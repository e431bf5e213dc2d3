package dev.lineage.benchmarks;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.lineage.domain.thread.ChatMessage;
import dev.lineage.domain.thread.ChatThread;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openjdk.jol.info.GraphLayout;

/**
 * Runs the whole comparison and prints one report: turn latency and what a turn writes at each
 * thread length, loads, throughput of concurrent writers, listing a long lineage, and the heap a
 * loaded thread holds; every figure beside the floor of its database.
 *
 * <pre>
 * java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -jar benchmarks/target/benchmarks.jar  # the full run
 * java -jar benchmarks/target/benchmarks.jar --quick   # tiny sizes: does everything still run?
 * java -jar benchmarks/target/benchmarks.jar --only jdbi  # one adapter beside the baselines
 * </pre>
 */
public final class Harness {

  static {
    // JOL reads field offsets of JDK 17 classes (records among them) this way; before it loads
    System.setProperty("jol.magicFieldOffset", "true");
  }

  /** The JVM options the README's command gives; {@link #heapPreTouched} checks the last. */
  static final String JVM_OPTIONS = "-Xms4g -Xmx4g -XX:+AlwaysPreTouch";

  private Harness() {}

  /**
   * How big a run is. {@code warmUpRounds}: short conversations per subject before the first
   * length (Runner.warmUp); a JPA turn reaches its steady speed only after about a thousand turns
   * (the JIT compiling Hibernate's paths), so 20 rounds of 50. {@code slow}: the work of the
   * subjects measured on their own (JaVers), whose turns and loads take up to seconds.
   */
  record Settings(List<Integer> sizes, int warmup, int turns, int loads, int javersMaxMessages,
      List<Integer> writers, int commitsPerWriter, int lineageVersions, int heapMessages,
      int warmUpRounds, Slow slow, Path output, String only) {

    /** Warm-up conversations, measured turns and measured loads of a slow subject. */
    record Slow(int warmUpRounds, int turns, int loads) {}

    static Settings full() {
      return new Settings(List.of(10, 100, 1_000, 5_000, 10_000), 10, 60, 11, 1_000,
          List.of(1, 4, 16), 60, 1_000, 10_000, 20, new Slow(4, 30, 3), null, null);
    }

    static Settings quick() {
      return new Settings(List.of(10, 40), 1, 3, 1, 40, List.of(1, 2), 3, 20, 100, 1,
          new Slow(1, 3, 1), null, null);
    }

    static Settings parse(String[] args) {
      Settings settings = full();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--quick" -> settings = quick();
          case "--out" -> settings = settings.withOutput(Path.of(args[++i]));
          case "--only" -> settings = settings.only(args[++i]);
          default -> throw new IllegalArgumentException("unknown argument " + args[i]
              + "; use --quick, --only SUBJECT (e.g. jdbi: it and the baselines) and --out FILE");
        }
      }
      return settings;
    }

    Settings withOutput(Path path) {
      return new Settings(sizes, warmup, turns, loads, javersMaxMessages, writers,
          commitsPerWriter, lineageVersions, heapMessages, warmUpRounds, slow, path, only);
    }

    /** Only the subjects whose name contains {@code subject}, beside their databases' floors. */
    Settings only(String subject) {
      return new Settings(sizes, warmup, turns, loads, javersMaxMessages, writers,
          commitsPerWriter, lineageVersions, heapMessages, warmUpRounds, slow, output, subject);
    }

    boolean includes(Subjects.Factory factory) {
      return only == null || factory.name().contains(only)
          || factory.name().startsWith(ResultsTable.FLOOR)
          || factory.name().startsWith(ResultsTable.REFERENCE);
    }
  }

  public static void main(String[] args) throws Exception {
    // JaVers logs every commit at INFO: thousands of lines around the report
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Settings settings = Settings.parse(args);
    String report = run(settings);
    System.out.println(report);
    if (settings.output() != null) {
      Files.writeString(settings.output(), report);
    }
    System.exit(0); // pools and embedded servers keep non-daemon threads
  }

  /** Runs every subject with {@code settings}; returns the report as Markdown. */
  static String run(Settings settings) throws Exception {
    List<Measurement> turns = new ArrayList<>();
    List<String> extras = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    long started = System.nanoTime();
    try (Subjects subjects = new Subjects(settings.javersMaxMessages())) {
      for (List<Subjects.Factory> database : byDatabase(subjects.factories(), settings)) {
        measureDatabase(database, settings, turns, extras, notes);
      }
      notes.addAll(subjects.notes());
    }
    if (!heapPreTouched()) {
      notes.add("The heap was not pre-touched (run with `" + JVM_OPTIONS + "`): loads paid the"
          + " first touch of fresh memory and may read several times slower than in a warm"
          + " process.");
    }
    return report(settings, turns, extras, notes, (System.nanoTime() - started) / 1e9);
  }

  /**
   * Whether the JVM touched every page of its heap at start. A load allocates about 10 MB at
   * 10,000 messages; in a young generation of fresh pages each page costs the kernel a fault, and
   * in a probe on this machine loads took 60 ms instead of 12 once the heap had grown and before
   * its pages had been touched once.
   */
  private static boolean heapPreTouched() {
    return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
        .getVMOption("AlwaysPreTouch").getValue());
  }

  /**
   * The subjects of one database: first those measured in turns, every length at once (Runner);
   * then each of the others on its own, one length after the other (Subjects.Pace); then each
   * one's extras. Adds to {@code turns} (grouped by subject, in the factories' order), {@code
   * extras} and {@code notes}.
   */
  private static void measureDatabase(List<Subjects.Factory> database, Settings settings,
      List<Measurement> turns, List<String> extras, List<String> notes) throws Exception {
    Runner runner = new Runner(settings.warmup(), settings.turns(), settings.loads());
    Runner slowRunner =
        new Runner(settings.warmup(), settings.slow().turns(), settings.slow().loads());
    Map<Subjects.Factory, Subject> subjects = new LinkedHashMap<>();
    Map<Subjects.Factory, Runner> runners = new LinkedHashMap<>();
    Map<Subjects.Factory, List<Measurement>> measured = new LinkedHashMap<>();
    for (Subjects.Factory factory : database) {
      log("%s on %s: warming up", factory.name(), factory.database());
      Subject subject = factory.create().get();
      boolean slow = factory.pace() == Subjects.Pace.ALONE_SLOW;
      Runner own = slow ? slowRunner : runner;
      own.warmUp(subject, slow ? settings.slow().warmUpRounds() : settings.warmUpRounds());
      subjects.put(factory, subject);
      runners.put(factory, own);
      measured.put(factory, new ArrayList<>());
    }
    List<Subjects.Factory> together = database.stream()
        .filter(factory -> factory.pace() == Subjects.Pace.IN_TURNS).toList();
    log("%s, %d subjects in turns, every length at once", database.get(0).database(),
        together.size());
    Map<Subjects.Factory, List<Runner.Cell>> cells = new LinkedHashMap<>();
    List<Runner.Cell> inTurns =
        runner.turns(together.stream().map(subjects::get).toList(), settings.sizes());
    for (int i = 0; i < inTurns.size(); i++) { // per subject, one per length
      cells.computeIfAbsent(together.get(i / settings.sizes().size()), f -> new ArrayList<>())
          .add(inTurns.get(i));
    }
    List<Runner.Cell> loadedTogether = new ArrayList<>(inTurns);
    for (Subjects.Factory factory : database) {
      if (factory.pace() == Subjects.Pace.IN_TURNS) {
        continue;
      }
      for (int size : settings.sizes()) {
        if (size <= factory.maxMessages()) {
          log("  %s alone: N = %d", factory.name(), size);
          List<Runner.Cell> own =
              runners.get(factory).turns(List.of(subjects.get(factory)), List.of(size));
          cells.computeIfAbsent(factory, f -> new ArrayList<>()).addAll(own);
          if (factory.pace() == Subjects.Pace.ALONE) {
            loadedTogether.addAll(own);
          } else {
            runners.get(factory).loads(own);
          }
        }
      }
    }
    log("%s, the loads of %d threads in turns", database.get(0).database(),
        loadedTogether.size());
    runner.loads(loadedTogether);
    cells.forEach((factory, measuredCells) -> measuredCells.forEach(
        cell -> measured.get(factory).add(runners.get(factory).measurement(cell))));
    measured.values().forEach(turns::addAll);
    int largest = settings.sizes().get(settings.sizes().size() - 1);
    for (Subjects.Factory factory : database) {
      if (factory.maxMessages() >= largest) {
        log("%s on %s: throughput, listing, heap", factory.name(), factory.database());
        extras.add(extras(subjects.get(factory), settings));
      } else {
        // its extras (a lineage of 1,000 growing versions, 1,260 commits of throughput) would
        // take longer than the whole run of every other subject
        notes.add(factory.name() + " on " + factory.database() + " measured up to "
            + factory.maxMessages() + " messages, on its own after the others, and not in the"
            + " throughput, listing and heap table: a turn beyond that takes seconds.");
      }
    }
  }

  /** The factories {@code settings} include, grouped by database in their order. */
  private static List<List<Subjects.Factory>> byDatabase(List<Subjects.Factory> factories,
      Settings settings) {
    Map<String, List<Subjects.Factory>> groups = new LinkedHashMap<>();
    for (Subjects.Factory factory : factories) {
      if (settings.includes(factory)) {
        groups.computeIfAbsent(factory.database(), d -> new ArrayList<>()).add(factory);
      }
    }
    return new ArrayList<>(groups.values());
  }

  /** Throughput, listing a long lineage and heap, for one subject: one table row. */
  private static String extras(Subject subject, Settings settings) throws Exception {
    StringBuilder row = new StringBuilder("| " + subject.name() + " | " + subject.database());
    for (int writers : settings.writers()) {
      row.append(" | ").append(String.format(Locale.ROOT, "%.0f",
          throughput(subject, writers, settings.commitsPerWriter())));
    }
    subject.startThread(0); // one version; the turns make the rest
    for (int i = 1; i < settings.lineageVersions(); i++) {
      subject.appendTurn(Turn.number(i));
    }
    subject.refreshStatistics();
    long start = System.nanoTime();
    int versions = subject.listVersions();
    row.append(String.format(Locale.ROOT, " | %.1f (%d)", (System.nanoTime() - start) / 1e6,
        versions));
    row.append(" | ").append(subject instanceof LineageSubject lineage
        ? heapPerMessage(lineage, settings.heapMessages()) : "");
    return row.append(" |").toString();
  }

  /** Commits per second with {@code writers} threads, each on a thread of its own. */
  private static double throughput(Subject subject, int writers, int commits) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Subject> own = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        Subject writer = subject.another();
        writer.startThread(10);
        own.add(writer);
      }
      subject.refreshStatistics();
      long start = System.nanoTime();
      List<Future<?>> running = new ArrayList<>();
      for (Subject writer : own) {
        running.add(pool.submit(() -> {
          for (int i = 0; i < commits; i++) {
            writer.appendTurn(Turn.number(i));
          }
        }));
      }
      for (Future<?> future : running) {
        future.get();
      }
      return writers * commits / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Heap held by a loaded thread of {@code messages} messages, per message, beyond its text. */
  private static String heapPerMessage(LineageSubject subject, int messages) {
    subject.startThread(messages);
    ChatThread thread = subject.loadLatestThread();
    long total = GraphLayout.parseInstance(thread).totalSize();
    long text = 0;
    for (ChatMessage message : thread.history()) {
      text += GraphLayout.parseInstance(message.content()).totalSize();
    }
    return String.format(Locale.ROOT, "%.0f", (double) (total - text) / thread.history().size());
  }

  private static String report(Settings settings, List<Measurement> turns, List<String> extras,
      List<String> notes, double seconds) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "## Results %s (%s, %d cores, Java %s, heap %d MiB%s), %.0f s%n%n", LocalDate.now(),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20, heapPreTouched() ? " pre-touched" : "",
        seconds));
    out.append(String.format(Locale.ROOT,
        "A turn appends a user message and an assistant message with usage. Before anything is"
            + " measured, %d warm-up conversations of 50 turns on short threads per subject. Each"
            + " subject then holds a thread of every length at once, each with %d warm-up turns"
            + " (rows and bytes per turn are measured around these, one thread at a time); the %d"
            + " measured turns go round every subject and length of a database, one at a time."
            + " The reference layout's turns run on their own after them, one length after the"
            + " other (its turn writes a row per message, which the next subject's turn would pay"
            + " for). Then one unmeasured load and the %d measured loads of every thread, the"
            + " reference layout's included, go round the same way, so each load meets the"
            + " moment and the caches of the loads it is compared with. JaVers runs on its own,"
            + " with %d warm-up conversations, %d measured turns and %d measured loads (at N=1,000"
            + " its turn and its load take seconds).%n%n",
        settings.warmUpRounds(), settings.warmup(), settings.turns(), settings.loads(),
        settings.slow().warmUpRounds(), settings.slow().turns(), settings.slow().loads()));
    out.append(ResultsTable.render(turns)).append("\n\n");
    StringBuilder header = new StringBuilder("| subject | database");
    StringBuilder rule = new StringBuilder("|---|---");
    for (int writers : settings.writers()) {
      header.append(" | commits/s, ").append(writers).append(writers == 1 ? " writer" : " writers");
      rule.append("|---:");
    }
    header.append(" | list a lineage of ").append(settings.lineageVersions())
        .append(" versions, ms (count) | heap per loaded message beyond its text, bytes ("
            + settings.heapMessages() + " messages) |");
    rule.append("|---:|---:|");
    out.append(header).append('\n').append(rule).append('\n');
    extras.forEach(row -> out.append(row).append('\n'));
    if (!notes.isEmpty()) {
      out.append('\n');
      notes.forEach(note -> out.append("- ").append(note).append('\n'));
    }
    return out.toString();
  }

  private static final long STARTED = System.nanoTime();

  private static void log(String format, Object... arguments) {
    System.err.printf(Locale.ROOT, "[bench %4.0f s] " + format + "%n",
        concat((System.nanoTime() - STARTED) / 1e9, arguments));
  }

  private static Object[] concat(double seconds, Object[] arguments) {
    Object[] all = new Object[arguments.length + 1];
    all[0] = seconds;
    System.arraycopy(arguments, 0, all, 1, arguments.length);
    return all;
  }
}
