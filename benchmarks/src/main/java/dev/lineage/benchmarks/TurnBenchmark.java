package dev.lineage.benchmarks;

import dev.lineage.domain.EntityRegistry;
import dev.lineage.domain.thread.ChatMessage;
import dev.lineage.domain.thread.ChatThread;
import dev.lineage.domain.thread.LLMClient;
import dev.lineage.domain.thread.LLMConfig;
import dev.lineage.domain.thread.MessageRole;
import dev.lineage.domain.thread.Usage;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import java.util.concurrent.TimeUnit;
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
 * The engine's own cost, without a database: committing a turn, and loading the thread, through
 * the registry over the in-memory adapter, at several thread lengths. The commit should not grow
 * with the length (D-40); the load grows linearly, as it must.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TurnBenchmark {

  @Param({"10", "1000", "10000"})
  int messages;

  EntityRegistry registry;
  ChatThread thread;
  int turn;

  @Setup(Level.Trial)
  public void thread() {
    registry = EntityRegistry.over(new InMemoryEntityStorage());
    thread = new ChatThread(new LLMConfig(LLMClient.OPENAI, "gpt-4o-mini"));
    for (int i = 0; i < messages / 2; i++) {
      append(Turn.number(i));
    }
    registry.register(thread);
    turn = messages / 2;
  }

  /** One turn: two messages appended to the working copy, then committed. */
  @Benchmark
  public ChatThread commitTurn() {
    append(Turn.number(turn++));
    return registry.commit(thread);
  }

  /** The latest version with every message, as a fresh working copy. */
  @Benchmark
  public ChatThread loadThread() {
    return registry.require(thread.ecsId(), ChatThread.class);
  }

  private void append(Turn next) {
    thread.appendMessage(ChatMessage.of(MessageRole.USER, next.userText()));
    thread.appendMessage(ChatMessage.builder(MessageRole.ASSISTANT, next.assistantText())
        .usage(new Usage(next.model(), next.promptTokens(), next.completionTokens(),
            next.totalTokens()))
        .build());
  }
}
