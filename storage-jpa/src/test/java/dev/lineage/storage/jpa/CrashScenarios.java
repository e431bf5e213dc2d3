package dev.lineage.storage.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.lineage.storage.IntegrityReport;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import dev.lineage.testdb.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Crash safety (issue 8, item 5): a child JVM ({@link CrashChild}, the same class path) commits
 * thread turns in a loop against the namespace {@code jpa_crash} and is killed with SIGKILL at a
 * random moment after it reports that it is ready, {@value #KILLS} times, each child continuing
 * the thread of the one before. Afterwards no partial commit is visible: every commit a child
 * acknowledged is stored and loads whole, every commit in flight at a kill is stored whole or not
 * at all, every stored thread version loads completely with the history it was committed with,
 * and {@code verify()} finds nothing.
 */
abstract class CrashScenarios {

  static final String NAMESPACE = "jpa_crash";
  static final int KILLS = 20;

  /** How many thread versions one check loads at once. */
  private static final int LOAD_BATCH = 200;

  /** SIGKILL's exit status: 128 + 9. */
  private static final int KILLED = 137;

  abstract TestDatabase database();

  /** A commit a child began: the thread's lineage, its root, its history length, every id. */
  private record Begun(UUID lineage, UUID root, int historyLength, List<UUID> ids) {}

  /** One child: its process and what it printed. */
  private static final class Child {
    final Process process;
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch ready = new CountDownLatch(1);
    final Thread reader;

    Child(Process process) {
      this.process = process;
      this.reader = new Thread(this::read, "crash child output");
      reader.start();
    }

    private void read() {
      try (BufferedReader output = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = output.readLine(); line != null; line = output.readLine()) {
          lines.add(line);
          if (line.equals("ready")) {
            ready.countDown();
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        ready.countDown(); // a child that died before it was ready wakes the parent too
      }
    }
  }

  @Test
  @DisplayName("20 children killed with SIGKILL while committing leave no partial commit, lose"
      + " no acknowledged commit, and verify clean")
  void killedWhileCommitting() throws Exception {
    long started = System.nanoTime();
    JpaEntityStorage storage = JpaTargets.storage(database(), NAMESPACE);
    HikariDataSource dataSource =
        (HikariDataSource) JpaTargets.dataSource(database(), NAMESPACE);
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Path log = Path.of("target", "crash-child-" + database().name().toLowerCase() + ".log");
    Files.deleteIfExists(log);

    Map<UUID, Begun> begun = new LinkedHashMap<>();
    List<Begun> acknowledged = new ArrayList<>();
    List<Begun> inFlight = new ArrayList<>();
    List<Begun> refused = new ArrayList<>();
    String lineage = "new";
    for (int kill = 0; kill < KILLS; kill++) {
      Child child = start(dataSource, lineage, random.nextLong(), log);
      assertThat(child.ready.await(3, TimeUnit.MINUTES)).as("child ready").isTrue();
      // a copy: the reader thread goes on adding the lines of the child's commits
      assertThat(List.copyOf(child.lines)).as("child %d did not start; see %s", kill, log)
          .contains("ready");
      // let it commit for a random short time, then kill it wherever it is
      boolean ended = child.process.waitFor(50 + random.nextInt(1_500), TimeUnit.MILLISECONDS);
      assertThat(ended).as("child %d ended by itself; see %s", kill, log).isFalse();
      // SIGKILL through the process handle: Process.destroyForcibly would also close our end of
      // the child's output, losing the lines still in the pipe (a "begin" of a commit that landed)
      child.process.toHandle().destroyForcibly();
      assertThat(child.process.waitFor()).isEqualTo(KILLED);
      child.reader.join(TimeUnit.MINUTES.toMillis(1));

      Begun open = null;
      for (String line : List.copyOf(child.lines)) {
        String[] words = line.split(" ");
        if (words[0].equals("begin")) {
          Begun commit = parseBegin(words);
          if (commit != null) { // a line cut by the kill: its commit had not started
            begun.put(commit.root(), commit);
            open = commit;
          }
        } else if (words[0].equals("ok") && open != null
            && words.length == 2 && words[1].equals(open.root().toString())) {
          acknowledged.add(open);
          open = null;
        } else if (words[0].equals("refused") && open != null) {
          refused.add(open);
          open = null;
        }
      }
      if (open != null) {
        inFlight.add(open);
      }
      if (!begun.isEmpty()) {
        lineage = List.copyOf(begun.values()).get(begun.size() - 1).lineage().toString();
      }
    }

    long killing = System.nanoTime() - started;
    // every acknowledged commit is stored, and its thread version loads whole
    assertLoadWhole(storage, acknowledged);
    // a commit killed in flight is stored whole or not at all
    List<Begun> landed = new ArrayList<>();
    for (Begun commit : inFlight) {
      Map<UUID, VersionRecord> visible = storage.loadVersions(commit.ids());
      assertThat(visible.size()).as("versions of the commit of %s, killed in flight, stored",
          commit.root()).isIn(0, commit.ids().size());
      if (!visible.isEmpty()) {
        landed.add(commit);
      }
    }
    assertLoadWhole(storage, landed);
    // a refused commit wrote nothing of its own (its root and the new messages)
    for (Begun commit : refused) {
      assertThat(storage.exists(commit.root())).isFalse();
    }
    // every stored thread version loads whole, with the history it was committed with
    int threads = 0;
    PageRequest request = PageRequest.first(LOAD_BATCH);
    while (true) {
      Page<VersionRecord> page = storage.listByType(Set.of("ChatThread"), request);
      List<Begun> stored = new ArrayList<>();
      for (VersionRecord thread : page.items()) {
        Begun commit = begun.get(thread.ecsId());
        assertThat(commit).as("stored thread version %s was begun by a child", thread.ecsId())
            .isNotNull();
        stored.add(commit);
      }
      assertLoadWhole(storage, stored);
      threads += stored.size();
      if (page.next().isEmpty()) {
        break;
      }
      request = PageRequest.after(page.next().get(), LOAD_BATCH);
    }
    IntegrityReport report = storage.verify();
    assertThat(report.problems()).isEmpty();
    long versions = storage.status().versionCount();
    assertThat(report.versionsChecked()).isEqualTo(versions);
    assertThat(inFlight).as("kills that hit a commit in flight").isNotEmpty();

    System.out.printf("[lineage crash] %s: %d kills (%d in the middle of a commit, %d of those"
            + " stored whole, the rest not at all), %d commits acknowledged and all stored,"
            + " %d refused, %d versions visible (%d thread versions, each loading whole),"
            + " verify clean; %d s of children, %d s of checks%n",
        JpaTargets.targetName(database()), KILLS, inFlight.size(), landed.size(),
        acknowledged.size(), refused.size(), versions, threads,
        TimeUnit.NANOSECONDS.toSeconds(killing),
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started - killing));
    System.out.printf("[lineage crash] seed %d%n", seed);
  }

  private Child start(HikariDataSource dataSource, String lineage, long seed, Path log)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // a child lives for a second or two: start fast rather than run fast
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss1m",
        "-Dorg.jboss.logging.provider=slf4j",
        "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName(), lineage, Long.toString(seed))
        .redirectError(Redirect.appendTo(log.toFile()));
    builder.environment().put("LINEAGE_CRASH_URL", dataSource.getJdbcUrl());
    if (dataSource.getUsername() != null) {
      builder.environment().put("LINEAGE_CRASH_USER", dataSource.getUsername());
      builder.environment().put("LINEAGE_CRASH_PASSWORD", dataSource.getPassword());
    }
    return new Child(builder.start());
  }

  /** The commit a whole {@code begin} line announces, or null for a line the kill cut short. */
  private static Begun parseBegin(String[] words) {
    if (words.length != 5) {
      return null;
    }
    try {
      List<UUID> ids = new ArrayList<>();
      for (String id : words[4].split(",")) {
        ids.add(UUID.fromString(id));
      }
      Begun commit = new Begun(UUID.fromString(words[1]), UUID.fromString(words[2]),
          Integer.parseInt(words[3]), ids);
      // the root is the last id of every commit the child makes
      return ids.get(ids.size() - 1).equals(commit.root()) ? commit : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The thread versions {@code commits} stored load whole, a batch at a time: each with every
   * version of its commit, the history it was committed with, and every message of it.
   */
  private static void assertLoadWhole(JpaEntityStorage storage, List<Begun> commits) {
    for (List<Begun> batch : GraphLoader.batches(commits, LOAD_BATCH)) {
      Map<UUID, VersionRecord> graph =
          storage.loadGraphs(batch.stream().map(Begun::root).toList());
      for (Begun commit : batch) {
        assertThat(graph.keySet()).as("graph of thread version %s", commit.root())
            .containsAll(commit.ids());
        List<Value> history =
            ((Value.Seq) graph.get(commit.root()).fields().get("history")).items();
        assertThat(history).as("history of %s", commit.root())
            .hasSize(commit.historyLength());
        List<UUID> missing = new ArrayList<>();
        for (Value message : history) {
          if (!graph.containsKey(((Value.Ref) message).ecsId())) {
            missing.add(((Value.Ref) message).ecsId());
          }
        }
        assertThat(missing).as("messages of %s not loaded", commit.root()).isEmpty();
      }
    }
  }
}
