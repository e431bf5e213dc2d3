package dev.lineage.storage.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.lineage.domain.EntityRegistry;
import dev.lineage.domain.thread.ChatThread;
import dev.lineage.storage.VersionRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A commit leaves its pending marks for later ({@link MarksToClear}): the storage that wrote them
 * reads them as visible without asking, any other storage asks the commits collection once per
 * level it reads, and the marks are cleared a few hundred documents at a time, by {@code close()}
 * and by {@code cleanup()}.
 */
class WaitingMarksTest {

  private static final AtomicInteger databases = new AtomicInteger();

  private final CommandCounter counter = new CommandCounter();
  private MongoClient client;
  private MongoDatabase database;
  private MongoEntityStorage storage;
  private EntityRegistry registry;

  @BeforeEach
  void openStore() {
    client = EmbeddedMongo.client(counter);
    database = client.getDatabase("lineage_mongo_marks_" + databases.incrementAndGet());
    storage = FreshStore.in(database);
    registry = EntityRegistry.over(storage);
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  @DisplayName("are read as visible by the storage that wrote them without asking the server")
  void writerDoesNotAsk() {
    // given
    ChatThread chat = threadOfTurns(3);
    assertThat(PendingMarks.of(database).unfinishedDocuments()).isPositive();
    // when
    counter.reset();
    Map<UUID, VersionRecord> read = storage.loadGraphs(List.of(chat.ecsId()));
    Map<String, Long> writerCommands = counter.byName();
    MongoEntityStorage other = MongoEntityStorage.create(database);
    counter.reset();
    Map<UUID, VersionRecord> readByOther = other.loadGraphs(List.of(chat.ecsId()));
    // then
    assertThat(readByOther).isEqualTo(read);
    assertThat(read.get(chat.ecsId()).ecsId()).isEqualTo(chat.ecsId());
    long writerFinds = writerCommands.get("find");
    assertThat(counter.byName().get("find")).as("the other storage asks about the marks")
        .isGreaterThan(writerFinds);
  }

  @Test
  @DisplayName("are cleared by close(), and the storage stays usable")
  void clearedByClose() {
    // given
    ChatThread chat = threadOfTurns(3);
    // when
    storage.close();
    // then
    assertThat(PendingMarks.of(database)).isEqualTo(new PendingMarks(Set.of(), 0));
    Conversations.addTurn(chat, "after close");
    registry.commit(chat);
    assertThat(storage.loadGraphs(List.of(chat.ecsId()))).containsKey(chat.ecsId());
  }

  @Test
  @DisplayName("are cleared by cleanup(), which counts none of them as left by a dead writer")
  void clearedByCleanup() {
    // given
    threadOfTurns(3);
    // when
    MongoEntityStorage.Cleanup cleaned = storage.cleanup();
    // then
    assertThat(cleaned.documentsFinished()).isZero();
    assertThat(PendingMarks.of(database)).isEqualTo(new PendingMarks(Set.of(), 0));
  }

  @Test
  @DisplayName("wait for at most MAX_WAITING documents: the commit that reaches it clears them all")
  void boundedWait() {
    // given: a turn writes 4 version documents with marks, and a chunk when a list fills one
    ChatThread chat = threadOfTurns(1);
    long most = 0;
    // when
    for (int turn = 0; turn < 120; turn++) {
      Conversations.addTurn(chat, "question " + turn);
      registry.commit(chat);
      most = Math.max(most, PendingMarks.of(database).unfinishedDocuments());
    }
    // then
    assertThat(most).isLessThan(MarksToClear.MAX_WAITING);
    assertThat(most).as("marks did wait").isGreaterThan(MarksToClear.MAX_WAITING / 2);
    assertThat(PendingMarks.of(database).abandonedAttempts()).isEmpty();
  }

  private ChatThread threadOfTurns(int turns) {
    ChatThread chat = registry.register(Conversations.thread("marks"));
    for (int i = 0; i < turns; i++) {
      Conversations.addTurn(chat, "question " + i);
      registry.commit(chat);
    }
    return chat;
  }
}
