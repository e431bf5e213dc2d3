package dev.lineage.storage.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import dev.lineage.domain.EntityRegistry;
import dev.lineage.domain.thread.ChatMessage;
import dev.lineage.domain.thread.ChatThread;
import dev.lineage.domain.thread.MessageRole;
import dev.lineage.storage.VersionRecord;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a thread of the thread domain ({@link ChatThread}, its {@link ChatMessage}s and their
 * usage) costs as it grows (D-40, D-41), counted from the commands the driver sends to the
 * embedded server: loading a thread version takes one round trip more at 1,000 messages than at
 * 10 (the chunks, which lists shorter than a chunk do not have); appending a turn writes the same
 * documents and about the same bytes at both lengths, in about two round trips.
 */
class ThreadCostTest {

  private static final int CHUNK_SIZE = MongoStorageOptions.DEFAULT_CHUNK_SIZE;

  private static final CommandCounter counter = new CommandCounter();
  private static MongoClient client;
  private static MongoEntityStorage storage;
  private static EntityRegistry registry;
  /** A thread of 10 messages and one of 1,000, each built a turn at a time. */
  private static ChatThread small;
  private static ChatThread large;
  /** Their versions at 10 and 1,000 messages: stored versions never change. */
  private static UUID smallVersion;
  private static UUID largeVersion;

  @BeforeAll
  static void openStore() {
    client = EmbeddedMongo.client(counter);
    storage = FreshStore.in(client.getDatabase("lineage_mongo_cost"));
    registry = EntityRegistry.over(storage);
    small = chatOfTurns("small", 5);
    large = chatOfTurns("large", 500);
    smallVersion = small.ecsId();
    largeVersion = large.ecsId();
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @Test
  @DisplayName("a thread version loads in 1 round trip more at 1,000 messages than at 10: the chunks")
  void loadRoundTripsDoNotGrow() {
    // when
    counter.reset();
    Map<UUID, VersionRecord> smallGraph = storage.loadGraphs(List.of(smallVersion));
    long smallTrips = counter.roundTrips();
    Map<String, Long> smallCommands = counter.byName();
    counter.reset();
    Map<UUID, VersionRecord> largeGraph = storage.loadGraphs(List.of(largeVersion));
    long largeTrips = counter.roundTrips();
    // then
    System.out.printf("[lineage mongo] loading a thread version: %d round trips with 10 messages"
        + " %s, %d with 1,000 messages %s%n", smallTrips, smallCommands, largeTrips,
        counter.byName());
    // the thread and its model configuration, the messages, the usage of each answer
    assertThat(smallGraph).hasSize(2 + 10 + 5);
    assertThat(largeGraph).hasSize(2 + 1_000 + 500);
    // the lists of the small thread are shorter than a chunk and have no chunk documents to fetch
    assertThat(largeTrips).isEqualTo(smallTrips + 1);
    ChatThread read = registry.get(largeVersion, ChatThread.class).orElseThrow();
    assertThat(read.history()).hasSize(1_000);
    ChatMessage last = read.history().get(999);
    assertThat(last.role()).isEqualTo(MessageRole.ASSISTANT);
    assertThat(last.content()).isEqualTo(Conversations.answerTo("question 499"));
    assertThat(last.usage().completionTokens()).isEqualTo(42);
  }

  @Test
  @DisplayName("appending a turn writes the same documents and bytes at 10 and 1,000 messages")
  void appendCostDoesNotGrow() {
    // when: a window of appends as long as a chunk, so each covers every position in a chunk
    Cost atSmall = appendTurns(small, CHUNK_SIZE);
    Cost atLarge = appendTurns(large, CHUNK_SIZE);
    // then
    System.out.printf("[lineage mongo] a turn (2 messages, 1 usage), averaged over %d turns"
        + " appended to a thread from 10 messages on: %s; from 1,000 messages on: %s%n",
        CHUNK_SIZE, atSmall, atLarge);
    assertThat(atLarge.insertedDocuments()).isEqualTo(atSmall.insertedDocuments());
    assertThat(atLarge.writtenDocuments()).isEqualTo(atSmall.writtenDocuments());
    // the versions and the commit document; one more insert when the history (every 16 turns) or
    // the old ids (every 32 turns) fill a chunk
    assertThat(List.of(atSmall.roundTrips(), atLarge.roundTrips()))
        .allSatisfy(trips -> assertThat(trips).isBetween(2.0, 2.0 + 3.0 / CHUNK_SIZE));
    assertThat((double) atLarge.writtenBytes()).isLessThanOrEqualTo(1.1 * atSmall.writtenBytes());
    assertThat((double) atLarge.readBytes()).isLessThanOrEqualTo(1.1 * atSmall.readBytes());
  }

  /** Averages per turn over {@code turns} appends. */
  private static Cost appendTurns(ChatThread chat, int turns) {
    storage.close(); // clears the marks earlier commits left, which these turns would clear
    counter.reset();
    for (int i = 0; i < turns; i++) {
      Conversations.addTurn(chat, "question " + chat.history().size() / 2);
      registry.commit(chat);
    }
    return new Cost(counter.roundTrips() / (double) turns,
        counter.insertedDocuments() / (double) turns, counter.writtenDocuments() / (double) turns,
        counter.writtenBytes() / turns, counter.replyBytes() / turns);
  }

  private static ChatThread chatOfTurns(String name, int turns) {
    ChatThread chat = registry.register(Conversations.thread(name));
    for (int i = 0; i < turns; i++) {
      Conversations.addTurn(chat, "question " + i);
      registry.commit(chat);
    }
    return chat;
  }

  /** What one turn cost, on average. */
  private record Cost(double roundTrips, double insertedDocuments, double writtenDocuments,
      long writtenBytes, long readBytes) {

    @Override
    public String toString() {
      return String.format("%.1f round trips, %.1f documents inserted, %.1f written in all,"
          + " %d bytes written, %d bytes of replies", roundTrips, insertedDocuments,
          writtenDocuments, writtenBytes, readBytes);
    }
  }
}
