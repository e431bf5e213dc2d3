package dev.lineage.domain.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.domain.EntityRegistry;
import dev.lineage.storage.ConflictException;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The traced thread operations (reference 2.9, 4.7): every call is a thread version. */
class ThreadOperationsTest {

  record Operands(int x, int y) {}

  private final InMemoryEntityStorage storage = new InMemoryEntityStorage();
  private final EntityRegistry registry = EntityRegistry.over(storage);
  private final CallableRegistry callables = new CallableRegistry();
  private final ThreadOperations operations = new ThreadOperations(registry, callables);

  private ChatThread newThread() {
    callables.register("add", CallableFunction.of(Operands.class, Integer.class,
        in -> in.x() + in.y()));
    return new ChatThread(new LLMConfig(LLMClient.OPENAI, "gpt-4o")
        .setResponseFormat(ResponseFormat.AUTO_TOOLS))
        .setTools(List.of(CallableTool.fromRegistry(callables, "add")));
  }

  private static ProcessedOutput answer(ChatThread thread, String fixture) {
    return RawOutput.builder(LLMClient.OPENAI, ProviderFixtures.json(fixture), Map.of())
        .chatThread(thread.ecsId(), thread.liveId())
        .build()
        .createProcessedOutput();
  }

  private static ProcessedOutput addCall(ChatThread thread) {
    RawOutput raw = RawOutput.builder(LLMClient.OPENAI, Map.of(), Map.of()).build();
    return ProcessedOutput.builder(LLMClient.OPENAI, raw, thread.ecsId(), thread.liveId())
        .jsonObject(new GeneratedJsonObject("add", Map.of("x", 2, "y", 3), "call_add"))
        .build();
  }

  @Test
  @DisplayName("4.7 a new thread is stored with its first call; each call is one version")
  void oneVersionPerCall() {
    // given
    ChatThread thread = newThread();
    // when
    ChatMessage first = operations.addUserMessage(thread, "one").orElseThrow();
    UUID v1 = thread.ecsId();
    operations.addUserMessage(thread, "two");
    // then
    List<UUID> versions = registry.lineageIds(thread.lineageId());
    assertThat(versions).containsExactly(v1, thread.ecsId());
    assertThat(registry.get(v1, ChatThread.class).orElseThrow().history())
        .extracting(ChatMessage::content).containsExactly("one");
    assertThat(registry.get(first.ecsId(), ChatMessage.class)).isPresent();
    assertThat(thread.history().get(1).chatThreadId()).isEqualTo(v1);
  }

  @Test
  @DisplayName("D-20 a message names the thread version it was added to, before the fork")
  void messageNamesPreForkVersion() {
    // given
    ChatThread thread = registry.register(newThread());
    UUID before = thread.ecsId();
    // when
    ChatMessage message = operations.addUserMessage(thread, "hello").orElseThrow();
    // then
    assertThat(message.chatThreadId()).isEqualTo(before);
    assertThat(thread.ecsId()).isNotEqualTo(before);
    assertThat(thread.parentId()).contains(before);
  }

  @Test
  @DisplayName("2.9 edits made before a call become a version of their own")
  void editsBeforeCall() {
    // given
    ChatThread thread = registry.register(newThread());
    thread.setName("renamed");
    thread.setNewMessage("pending");
    // when
    operations.addUserMessage(thread);
    // then
    List<UUID> versions = registry.lineageIds(thread.lineageId());
    assertThat(versions).hasSize(3);
    ChatThread middle = registry.get(versions.get(1), ChatThread.class).orElseThrow();
    assertThat(middle.name()).isEqualTo("renamed");
    assertThat(middle.newMessage()).isEqualTo("pending");
    assertThat(middle.history()).isEmpty();
  }

  @Test
  @DisplayName("S-REG-1 a turn stores its output; reading the parse later forks nothing")
  void outputIsStored() {
    // given
    ChatThread thread = newThread();
    operations.addUserMessage(thread, "Say hello");
    ProcessedOutput output = answer(thread, "openai-text.json");
    // when
    operations.addChatTurnHistory(thread, output);
    // then
    ProcessedOutput read = registry.get(output.ecsId(), ProcessedOutput.class).orElseThrow();
    assertThat(read.rawOutput().strContent()).isEqualTo("Hello, how can I help you today?");
    assertThat(read.rawOutput().usage().totalTokens()).isEqualTo(30);
    assertThat(registry.pendingChanges(read).isEmpty()).isTrue();
    assertThat(thread.history().get(1).usage().ecsId()).isEqualTo(read.usage().ecsId());
    assertThat(registry.lineageIds(output.lineageId())).containsExactly(output.ecsId());
  }

  @Test
  @DisplayName("P-OAI-INVALID a truncated response is stored with its error and its body")
  void malformedResponseIsKept() {
    // given
    ChatThread thread = newThread();
    operations.addUserMessage(thread, "Add 2 and 3");
    String body = "{\"id\": \"chatcmpl-9\", \"object\": \"chat.completion\", \"choi";
    ProcessedOutput output = RawOutput.forResponse(LLMClient.OPENAI,
            ProviderRequests.openAi(thread), body)
        .chatThread(thread.ecsId(), thread.liveId()).build().createProcessedOutput();
    // when
    operations.addChatTurnHistory(thread, output);
    // then
    ProcessedOutput read = registry.get(output.ecsId(), ProcessedOutput.class).orElseThrow();
    assertThat(read.error()).isEqualTo("the provider's response is not a JSON object");
    assertThat(read.rawOutput().rawResult()).containsEntry("body", body);
    assertThat(read.rawOutput().completionKwargs()).containsEntry("model", "gpt-4o");
    assertThat(thread.history()).hasSize(2);
    assertThat(thread.history().get(1).content()).isEmpty();
  }

  @Test
  @DisplayName("4.7 the resetting of the workflow step is a version")
  void resetIsVersioned() {
    // given
    ChatThread thread = registry.register(newThread().setWorkflowStep(3));
    // when
    operations.resetWorkflowStep(thread);
    // then
    assertThat(registry.lineageIds(thread.lineageId())).hasSize(2);
    assertThat(registry.get(thread.ecsId(), ChatThread.class).orElseThrow().workflowStep())
        .isZero();
  }

  @Test
  @DisplayName("4.7 an asynchronous turn is committed when its tool completes")
  void asyncTurn() throws Exception {
    // given
    CountDownLatch release = new CountDownLatch(1);
    callables.register("slow", CallableFunction.async(Operands.class, Integer.class,
        in -> CompletableFuture.supplyAsync(() -> {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return in.x() * in.y();
        })));
    ChatThread thread = newThread();
    thread.addTool(CallableTool.fromRegistry(callables, "slow"));
    operations.addUserMessage(thread, "Multiply slowly");
    UUID before = thread.ecsId();
    RawOutput raw = RawOutput.builder(LLMClient.OPENAI, Map.of(), Map.of()).build();
    ProcessedOutput output = ProcessedOutput.builder(LLMClient.OPENAI, raw, before,
        thread.liveId()).jsonObject(new GeneratedJsonObject("slow", Map.of("x", 6, "y", 7),
            "call_slow")).build();
    // when
    CompletableFuture<ChatTurn> turn = operations.addChatTurnHistoryAsync(thread, output);
    // then
    assertThat(turn).isNotDone();
    assertThat(registry.lineageIds(thread.lineageId())).containsExactly(before);
    release.countDown();
    ChatTurn done = turn.get(10, TimeUnit.SECONDS);
    assertThat(done.toolMessage().orElseThrow().content()).isEqualTo("{\"result\": 42}");
    assertThat(registry.lineageIds(thread.lineageId())).hasSize(2).endsWith(thread.ecsId());
    assertThat(registry.get(thread.ecsId(), ChatThread.class).orElseThrow().history())
        .hasSize(3);
  }

  @Test
  @DisplayName("C-TRACE-7 with tracing off the operations only change the working copy")
  void tracingDisabled() {
    // given
    ChatThread thread = newThread();
    registry.setTracingEnabled(false);
    // when
    operations.addUserMessage(thread, "untraced");
    operations.addChatTurnHistory(thread, addCall(thread));
    // then
    assertThat(thread.history()).hasSize(3);
    assertThat(registry.exists(thread.ecsId())).isFalse();
  }

  @Test
  @DisplayName("D-11 two working copies of one version cannot both add a turn")
  void concurrentEditsConflict() {
    // given
    ChatThread thread = registry.register(newThread());
    ChatThread other = registry.get(thread.ecsId(), ChatThread.class).orElseThrow();
    operations.addUserMessage(thread, "first");
    // then
    assertThatThrownBy(() -> operations.addUserMessage(other, "second"))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  @DisplayName("6.1 a branch from an old version stays a branch through a traced call")
  void regenerateThroughOperations() {
    // given
    ChatThread thread = newThread();
    operations.addUserMessage(thread, "first question");
    UUID asked = thread.ecsId();
    operations.addUserMessage(thread, "second question");
    // when
    ChatThread branch = registry.branchFrom(asked, ChatThread.class);
    operations.addUserMessage(branch, "another second question");
    // then
    assertThat(branch.parentId()).contains(asked);
    assertThat(registry.lineageTree(thread.lineageId()).node(asked).orElseThrow().children())
        .containsExactly(thread.ecsId(), branch.ecsId());
    assertThat(registry.get(branch.ecsId(), ChatThread.class).orElseThrow().history())
        .extracting(ChatMessage::content)
        .containsExactly("first question", "another second question");
  }

  @Test
  @DisplayName("a registry that never saw the thread types reads a stored thread whole")
  void freshRegistryReadsThread() {
    // given
    ChatThread thread = newThread().setSystemPrompt(new SystemPrompt("p", "be kind"))
        .setForcedOutput(new StructuredTool("s", Map.of("type", "object")));
    operations.addUserMessage(thread, "hi");
    operations.addChatTurnHistory(thread, addCall(thread));
    // when
    ChatThread read = EntityRegistry.over(storage)
        .get(thread.ecsId(), ChatThread.class).orElseThrow();
    // then
    assertThat(read.history()).hasSize(3);
    assertThat(read.tools()).extracting(Tool::name).containsExactly("add");
    assertThat(read.forcedOutput()).isInstanceOf(StructuredTool.class);
    assertThat(read.systemPrompt().content()).isEqualTo("be kind");
    assertThat(EntityRegistry.over(storage).listByType(Tool.class,
        dev.lineage.storage.PageRequest.first(10)).items()).hasSize(2);
  }

  @Test
  @DisplayName("require on a registry that never saw the thread types reads a stored thread")
  void freshRegistryRequiresThread() {
    // given
    ChatThread thread = newThread();
    operations.addUserMessage(thread, "hi");
    // when
    ChatThread read = EntityRegistry.over(storage).require(thread.ecsId(), ChatThread.class);
    // then
    assertThat(read.history()).extracting(ChatMessage::content).containsExactly("hi");
  }

  @Test
  @DisplayName("D-40 a turn writes as many versions at 1,000 messages as at 10")
  void turnCostIsIndependentOfLength() {
    assertThat(versionsWrittenByTurn(10)).isEqualTo(versionsWrittenByTurn(1_000));
  }

  /** How many versions a user message plus a tool-calling turn store on a thread of size n. */
  private long versionsWrittenByTurn(int size) {
    ChatThread thread = new ChatThread(new LLMConfig(LLMClient.OPENAI, "gpt-4o")
        .setResponseFormat(ResponseFormat.AUTO_TOOLS));
    if (!callables.contains("add")) {
      callables.register("add", CallableFunction.of(Operands.class, Integer.class,
          in -> in.x() + in.y()));
    }
    thread.addTool(CallableTool.fromRegistry(callables, "add"));
    for (int i = 0; i < size; i++) {
      thread.appendMessage(ChatMessage.of(i % 2 == 0 ? MessageRole.USER : MessageRole.ASSISTANT,
          "message " + i));
    }
    registry.register(thread);
    long before = registry.status().versionCount();
    operations.addUserMessage(thread, "Add 2 and 3");
    operations.addChatTurnHistory(thread, addCall(thread));
    return registry.status().versionCount() - before;
  }
}
