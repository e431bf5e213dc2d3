package dev.lineage.benchmarks;

import dev.lineage.domain.EntityRegistry;
import dev.lineage.domain.thread.ChatMessage;
import dev.lineage.domain.thread.ChatThread;
import dev.lineage.domain.thread.LLMClient;
import dev.lineage.domain.thread.LLMConfig;
import dev.lineage.domain.thread.MessageRole;
import dev.lineage.domain.thread.SystemPrompt;
import dev.lineage.domain.thread.Usage;
import java.util.function.Supplier;

/**
 * A Lineage adapter keeping the thread through the registry, as an application does: the working
 * copy of the thread gets a user message and an assistant message with its usage, then is
 * committed; every version stays readable.
 */
final class LineageSubject implements Subject {

  private final String name;
  private final String database;
  private final EntityRegistry registry;
  private final Supplier<StorageFootprint> footprint;
  private final Runnable statistics;
  private ChatThread thread;

  LineageSubject(String name, String database, EntityRegistry registry,
      Supplier<StorageFootprint> footprint, Runnable statistics) {
    this.name = name;
    this.database = database;
    this.registry = registry;
    this.footprint = footprint;
    this.statistics = statistics;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String database() {
    return database;
  }

  /**
   * Grows the thread a turn at a time, one commit each, as a conversation grows: a thread of N
   * messages then has N/2 versions before it, each naming the earlier ones in its old ids, and a
   * measured turn pays for whatever grows with them.
   */
  @Override
  public void startThread(int messages) {
    thread = new ChatThread(new LLMConfig(LLMClient.OPENAI, "gpt-4o-mini"));
    thread.setName("benchmark thread");
    thread.setSystemPrompt(new SystemPrompt("support", "You are a concise support assistant."));
    registry.register(thread);
    for (int i = 0; i < messages; i += 2) {
      addTurn(Turn.number(i / 2));
      registry.commit(thread);
    }
  }

  @Override
  public void appendTurn(Turn turn) {
    addTurn(turn);
    registry.commit(thread);
  }

  @Override
  public int loadLatest() {
    return registry.require(thread.ecsId(), ChatThread.class).history().size();
  }

  @Override
  public int listVersions() {
    return registry.lineageIds(thread.lineageId()).size();
  }

  @Override
  public Subject another() {
    return new LineageSubject(name, database, registry, footprint, statistics);
  }

  /** The latest version of the thread, loaded: for measuring its heap. */
  ChatThread loadLatestThread() {
    return registry.require(thread.ecsId(), ChatThread.class);
  }

  @Override
  public void refreshStatistics() {
    statistics.run();
  }

  @Override
  public StorageFootprint footprint() {
    return footprint.get();
  }

  @Override
  public void close() {}

  private void addTurn(Turn turn) {
    thread.appendMessage(ChatMessage.builder(MessageRole.USER, turn.userText()).build());
    thread.appendMessage(ChatMessage.builder(MessageRole.ASSISTANT, turn.assistantText())
        .usage(new Usage(turn.model(), turn.promptTokens(), turn.completionTokens(),
            turn.totalTokens()))
        .build());
  }
}
