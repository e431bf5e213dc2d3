package dev.lineage.storage.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.lineage.domain.EntityRegistry;
import dev.lineage.storage.IntegrityReport;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import dev.lineage.testdb.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Crash safety (issue 8, item 5): a child JVM ({@link CrashingWriter}) appends thread turns in a
 * loop and is killed with SIGKILL at random moments, many of them while a commit is in flight.
 * Afterwards no partial commit is visible: every visible thread version loads whole, every
 * message and usage stored belongs to a visible thread version, {@code verify()} finds nothing,
 * and every commit the child acknowledged is stored.
 */
class CrashSafetyTest {

  private static final int KILLS = 22;
  private static final int THREADS = 3;
  /** SIGKILL's exit status on Linux: 128 + 9. */
  private static final int KILLED = 137;
  /** End of a child's output, in the queue of its lines. */
  private static final String END = "\u0000end";

  /** What one child printed. */
  private record Child(Process process, BlockingQueue<String> lines, Path log) {}

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TestDatabase.class, names = {"POSTGRESQL", "MARIADB"})
  @DisplayName("a writer killed with SIGKILL at random moments leaves no partial commit")
  void killedWritersLeaveNoPartialCommit(TestDatabase database) throws Exception {
    // given: threads of a few turns in a namespace of this test's own
    DataSource dataSource = database.namespace("jdbi_crash");
    JdbiEntityStorage storage = Storages.on(database, "jdbi_crash");
    EntityRegistry registry = EntityRegistry.over(storage);
    List<UUID> lineages = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      TestThread thread = new TestThread("crash " + i);
      thread.addTurn();
      lineages.add(registry.register(thread).lineageId());
    }
    Random random = new Random();
    Set<UUID> acknowledged = new HashSet<>();
    int midCommit = 0;
    // when
    for (int kill = 0; kill < KILLS; kill++) {
      Child child = start((HikariDataSource) dataSource, lineages);
      String last = awaitLine(child, "ready", acknowledged);
      // kill after a random number of commits have begun, a random moment later: within a
      // commit, or between two
      int begun = 1 + random.nextInt(12);
      for (int i = 0; i < begun; i++) {
        last = awaitLine(child, "begin", acknowledged);
      }
      // not a wait for anything: the random part of the moment of the kill
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextInt(15_000)));
      // SIGKILL through the process handle: Process.destroyForcibly would also close our end of
      // the child's output, losing the lines still in the pipe (an "ok" of a stored commit)
      child.process().toHandle().destroyForcibly();
      assertThat(child.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.process().exitValue()).as("exit status of a child killed with SIGKILL")
          .isEqualTo(KILLED);
      for (String line = child.lines().take(); !line.equals(END); line = child.lines().take()) {
        acknowledge(line, acknowledged);
        last = line;
      }
      if (last.equals("begin")) {
        midCommit++;
      }
      Files.delete(child.log());
    }
    // then: every acknowledged commit is stored
    assertThat(storage.loadVersions(acknowledged).keySet()).containsExactlyInAnyOrderElementsOf(
        acknowledged);
    // every visible thread version loads whole, and its messages and usages are all there
    Set<UUID> reachable = new HashSet<>();
    int versions = 0;
    for (UUID lineage : lineages) {
      for (VersionRecord version : lineage(storage, lineage)) {
        versions++;
        Map<UUID, VersionRecord> graph = storage.loadGraphs(List.of(version.ecsId()));
        for (Value item : ((Value.Seq) version.fields().get("history")).items()) {
          UUID message = ((Value.Ref) item).ecsId();
          assertThat(graph).as("message %s of %s", message, version.ecsId())
              .containsKey(message);
          reachable.addAll(graph.get(message).references());
          reachable.add(message);
        }
        TestThread thread = registry.get(version.ecsId(), TestThread.class).orElseThrow();
        assertThat(thread.history).hasSize(2 * (1 + version.oldIds().size()));
        assertThat(thread.history.get(thread.history.size() - 1).usage.promptTokens)
            .isEqualTo(900);
      }
    }
    // no message or usage that no visible thread version holds: nothing of a commit that died
    for (String type : List.of("jdbi-test.Message", "jdbi-test.Usage")) {
      for (VersionRecord version : all(storage, type)) {
        assertThat(reachable).as("%s %s belongs to a visible thread version", type,
            version.ecsId()).contains(version.ecsId());
      }
    }
    IntegrityReport report = storage.verify();
    assertThat(report.problems()).isEmpty();
    assertThat(midCommit).as("kills that landed inside a commit").isPositive();
    System.out.printf("[jdbi crash] %s: %d kills (exit %d), %d of them inside a commit;"
            + " %d commits acknowledged, %d thread versions visible (%d written before the"
            + " children, %d committed by a child killed before it could acknowledge them);"
            + " verify clean over %d versions%n",
        database.describe(), KILLS, KILLED, midCommit, acknowledged.size(), versions, THREADS,
        versions - THREADS - acknowledged.size(), report.versionsChecked());
  }

  private static Child start(HikariDataSource dataSource, List<UUID> lineages)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName()));
    lineages.forEach(lineage -> command.add(lineage.toString()));
    Path log = Files.createTempFile("jdbi-crash-child", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    // the URL may carry a password: the environment, not the command line
    builder.environment().put("LINEAGE_CRASH_URL", dataSource.getJdbcUrl());
    if (dataSource.getUsername() != null) {
      builder.environment().put("LINEAGE_CRASH_USER", dataSource.getUsername());
      builder.environment().put("LINEAGE_CRASH_PASSWORD",
          dataSource.getPassword() == null ? "" : dataSource.getPassword());
    }
    Process process = builder.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("read failed: " + e);
      } finally {
        lines.add(END);
      }
    }, "crash-child-output");
    reader.setDaemon(true);
    reader.start();
    return new Child(process, lines, log);
  }

  /**
   * Reads the child's lines up to the first that is {@code wanted}, adding the acknowledged
   * commits to {@code acknowledged}; fails if the child ends first or says nothing for a minute.
   */
  private static String awaitLine(Child child, String wanted, Set<UUID> acknowledged)
      throws InterruptedException, IOException {
    while (true) {
      String line = child.lines().poll(60, TimeUnit.SECONDS);
      if (line == null || line.equals(END)) {
        // SIGKILL through the process handle: Process.destroyForcibly would also close our end of
      // the child's output, losing the lines still in the pipe (an "ok" of a stored commit)
      child.process().toHandle().destroyForcibly();
        throw new AssertionError("the writer " + (line == null ? "fell silent" : "ended")
            + " before it was killed; its log:\n" + Files.readString(child.log()));
      }
      acknowledge(line, acknowledged);
      if (line.equals(wanted)) {
        return line;
      }
    }
  }

  private static void acknowledge(String line, Set<UUID> acknowledged) {
    if (line.startsWith("committed ")) {
      acknowledged.add(UUID.fromString(line.substring("committed ".length())));
    }
  }

  private static List<VersionRecord> lineage(JdbiEntityStorage storage, UUID lineage) {
    List<VersionRecord> versions = new ArrayList<>();
    PageRequest request = PageRequest.first(PageRequest.MAX_LIMIT);
    while (true) {
      Page<VersionRecord> page = storage.listLineage(lineage, request);
      versions.addAll(page.items());
      if (page.next().isEmpty()) {
        return versions;
      }
      request = PageRequest.after(page.next().get(), PageRequest.MAX_LIMIT);
    }
  }

  private static List<VersionRecord> all(JdbiEntityStorage storage, String type) {
    List<VersionRecord> versions = new ArrayList<>();
    PageRequest request = PageRequest.first(PageRequest.MAX_LIMIT);
    while (true) {
      Page<VersionRecord> page = storage.listByType(Set.of(type), request);
      versions.addAll(page.items());
      if (page.next().isEmpty()) {
        return versions;
      }
      request = PageRequest.after(page.next().get(), PageRequest.MAX_LIMIT);
    }
  }
}
