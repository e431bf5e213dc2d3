package dev.lineage.storage.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.lineage.domain.EntityRegistry;
import dev.lineage.domain.RegistryOptions;
import dev.lineage.domain.thread.ChatMessage;
import dev.lineage.domain.thread.ChatThread;
import dev.lineage.domain.thread.LLMConfig;
import dev.lineage.domain.thread.Usage;
import dev.lineage.storage.IntegrityReport;
import dev.lineage.storage.IntegrityReport.Kind;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.VersionRecord;
import dev.lineage.storage.mongo.MongoEntityStorage.Cleanup;
import java.io.BufferedReader;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Crash safety (D-12): a writer in another JVM commits conversations of the thread domain to the
 * embedded server this JVM runs, and is killed with SIGKILL at random moments, again and again.
 * Afterwards every acknowledged commit is there, every visible thread version loads completely,
 * every parent exists, no version is visible without the commit that wrote it, and what the
 * killed writers left behind is reported by verify and removed by cleanup.
 */
class CrashTest {

  private static final int KILLS = 24;
  private static final int MID_COMMIT_KILLS = 3;
  private static final int MAX_KILLS = 120;
  private static final String DATABASE = "lineage_mongo_crash";
  private static final String CHAT = "ChatThread";
  private static final String MESSAGE = "ChatMessage";
  private static final String USAGE = "Usage";
  private static final String CONFIG = "LLMConfig";

  private static MongoClient client;
  private static MongoDatabase database;
  private static MongoEntityStorage storage;

  @BeforeAll
  static void openStore() {
    client = EmbeddedMongo.client();
    database = client.getDatabase(DATABASE);
    storage = FreshStore.in(database);
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  @DisplayName("writers killed with SIGKILL mid-commit leave no partial commit, and nothing"
      + " cleanup cannot remove")
  void killedWriters() throws Exception {
    // given
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Set<UUID> acknowledged = new HashSet<>();
    // when: at least KILLS kills, and on until some of them hit a commit after it wrote
    // documents and before it became visible (about one kill in four does)
    int kills = 0;
    while (kills < KILLS
        || PendingMarks.of(database).abandonedAttempts().size() < MID_COMMIT_KILLS
            && kills < MAX_KILLS) {
      acknowledged.addAll(runAndKill(seed + kills, 1 + random.nextInt(20), random.nextInt(15_000)));
      kills++;
    }
    // then
    List<VersionRecord> chats = all(CHAT);
    List<VersionRecord> messages = all(MESSAGE);
    List<VersionRecord> usages = all(USAGE);
    List<VersionRecord> configs = all(CONFIG);
    Set<UUID> visibleChats = ids(chats);
    assertThat(visibleChats).as("every acknowledged commit is visible").containsAll(acknowledged);

    Set<UUID> reachable = new HashSet<>();
    for (VersionRecord chat : chats) {
      Map<UUID, VersionRecord> graph = storage.loadGraphs(List.of(chat.ecsId()));
      for (VersionRecord version : graph.values()) {
        assertThat(graph.keySet()).as("the graph of %s is complete", chat.ecsId())
            .containsAll(version.references());
      }
      reachable.addAll(graph.keySet());
      if (chat.parentId() != null) {
        assertThat(visibleChats).as("the parent of %s is stored", chat.ecsId())
            .contains(chat.parentId());
      }
    }
    assertThat(reachable).as("no message or usage is visible without the thread version that"
        + " committed it").containsAll(ids(messages)).containsAll(ids(usages))
        .containsAll(ids(configs));

    PendingMarks marks = PendingMarks.of(database);
    IntegrityReport before = storage.verify();
    Cleanup cleaned = storage.cleanup();
    IntegrityReport after = storage.verify();
    long leftoverVersions = before.problems().stream()
        .filter(problem -> problem.ecsId() != null).count();
    long leftoverChunks = before.problems().size() - leftoverVersions;
    System.out.printf("[lineage mongo] crash test (seed %d): %d kills, %d commits acknowledged,"
            + " %d thread versions, %d messages, %d usages visible; %d commit attempts left"
            + " documents and never became visible; verify before cleanup: %d versions checked,"
            + " %d problems (%d version and %d chunk documents of those attempts); cleanup: %s%n",
        seed, kills, acknowledged.size(), chats.size(), messages.size(), usages.size(),
        marks.abandonedAttempts().size(), before.versionsChecked(), before.problems().size(),
        leftoverVersions, leftoverChunks, cleaned);
    assertThat(marks.abandonedAttempts()).hasSizeGreaterThanOrEqualTo(MID_COMMIT_KILLS);
    assertThat(before.problems()).as("what the killed writers left, and nothing else")
        .isNotEmpty()
        .allSatisfy(problem -> assertThat(problem.kind()).isEqualTo(Kind.INCOMPLETE_COMMIT));
    assertThat(before.versionsChecked())
        .isEqualTo(chats.size() + messages.size() + usages.size() + configs.size());
    assertThat(cleaned.versionDocumentsRemoved()).isEqualTo(leftoverVersions);
    assertThat(cleaned.chunkDocumentsRemoved()).isEqualTo(leftoverChunks);
    assertThat(cleaned.documentsFinished()).isEqualTo(marks.unfinishedDocuments());
    assertThat(after.isClean()).as("verify after cleanup: %s", after).isTrue();
    assertThat(after.versionsChecked()).isEqualTo(before.versionsChecked());
    assertThat(PendingMarks.of(database)).isEqualTo(new PendingMarks(Set.of(), 0));
    assertThat(all(CHAT)).isEqualTo(chats);

    // and the threads go on: every version without a successor takes a new turn
    Set<UUID> bases = new HashSet<>();
    chats.forEach(chat -> bases.add(chat.parentId()));
    EntityRegistry registry = EntityRegistry.over(storage,
        RegistryOptions.defaults()
            .withTypes(ChatThread.class, ChatMessage.class, Usage.class, LLMConfig.class));
    for (VersionRecord chat : chats) {
      if (!bases.contains(chat.ecsId())) {
        ChatThread leaf = registry.get(chat.ecsId(), ChatThread.class).orElseThrow();
        Conversations.addTurn(leaf, "after the crashes");
        registry.commit(leaf);
      }
    }
    assertThat(storage.verify().isClean()).isTrue();
  }

  /**
   * Starts a writer, lets it acknowledge {@code commits} commits, waits {@code micros} more so the
   * kill lands at any point of the next commit, and kills it; the ids it acknowledged.
   */
  private static Set<UUID> runAndKill(long seed, int commits, int micros) throws Exception {
    Path errors = Files.createTempFile("lineage-crash-writer", ".log");
    Process writer = new ProcessBuilder(
        ProcessHandle.current().info().command().orElse(
            Path.of(System.getProperty("java.home"), "bin", "java").toString()),
        "-cp", System.getProperty("java.class.path"),
        CrashWriter.class.getName(), EmbeddedMongo.uri(DATABASE), Long.toString(seed))
        .redirectError(errors.toFile())
        .start();
    Set<UUID> acknowledged = new HashSet<>();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      while (acknowledged.size() < commits) {
        String line = out.readLine();
        if (line == null) {
          throw new AssertionError("the writer stopped by itself: " + Files.readString(errors));
        }
        acknowledge(line, acknowledged);
      }
      // not a wait for anything: a random offset, so kills fall anywhere in a commit
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(micros));
      writer.destroyForcibly();
      // destroying closes the pipes: lines printed after the offset are not counted
      assertThat(writer.waitFor()).as("killed by SIGKILL").isEqualTo(137);
    } finally {
      writer.destroyForcibly();
      Files.deleteIfExists(errors);
    }
    return acknowledged;
  }

  /** Notes the id of a {@code committed <id>} line; a line the kill cut short is no commit. */
  private static void acknowledge(String line, Set<UUID> acknowledged) {
    String prefix = "committed ";
    if (line.startsWith(prefix) && line.length() == prefix.length() + 36) {
      acknowledged.add(UUID.fromString(line.substring(prefix.length())));
    }
  }

  private static List<VersionRecord> all(String type) {
    List<VersionRecord> all = new ArrayList<>();
    PageRequest request = PageRequest.first(500);
    while (true) {
      Page<VersionRecord> page = storage.listByType(Set.of(type), request);
      all.addAll(page.items());
      if (page.next().isEmpty()) {
        return all;
      }
      request = PageRequest.after(page.next().get(), 500);
    }
  }

  private static Set<UUID> ids(List<VersionRecord> versions) {
    Set<UUID> ids = new HashSet<>();
    versions.forEach(version -> ids.add(version.ecsId()));
    return ids;
  }
}
