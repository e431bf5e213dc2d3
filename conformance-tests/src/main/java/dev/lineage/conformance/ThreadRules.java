package dev.lineage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.domain.Entity;
import dev.lineage.domain.EntityRegistry;
import dev.lineage.domain.thread.CallableRegistry;
import dev.lineage.domain.thread.CallableTool;
import dev.lineage.domain.thread.ChatMessage;
import dev.lineage.domain.thread.ChatThread;
import dev.lineage.domain.thread.ChatTurn;
import dev.lineage.domain.thread.LLMClient;
import dev.lineage.domain.thread.LLMConfig;
import dev.lineage.domain.thread.MessageRole;
import dev.lineage.domain.thread.ProcessedOutput;
import dev.lineage.domain.thread.RawOutput;
import dev.lineage.domain.thread.RequestLimits;
import dev.lineage.domain.thread.ResponseFormat;
import dev.lineage.domain.thread.StructuredTool;
import dev.lineage.domain.thread.SystemPrompt;
import dev.lineage.domain.thread.ThreadOperations;
import dev.lineage.domain.thread.Tool;
import dev.lineage.domain.thread.ToolType;
import dev.lineage.domain.thread.Usage;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rules H: chat threads, their entities and their history per version (reference 5.7, 5.10, D-20,
 * D-30), with the real thread entities of {@code dev.lineage.domain.thread}.
 */
abstract class ThreadRules extends RuleGroup {

  ThreadRules(Fixture fixture) {
    super(fixture);
  }

  /** The contract's type names and stored field names (thread-entities.md). */
  static final Map<String, List<String>> CONTRACT = contract();

  private static Map<String, List<String>> contract() {
    Map<String, List<String>> contract = new LinkedHashMap<>();
    contract.put("SystemPrompt", List.of("name", "content"));
    contract.put("LLMConfig", List.of("client", "model", "maxTokens", "temperature",
        "responseFormat", "useCache", "reasoner", "reasoningEffort"));
    contract.put("Usage", List.of("model", "promptTokens", "completionTokens", "totalTokens",
        "cacheCreationInputTokens", "cacheReadInputTokens", "acceptedPredictionTokens",
        "audioTokens", "reasoningTokens", "rejectedPredictionTokens", "cachedTokens"));
    contract.put("GeneratedJsonObject", List.of("name", "object", "toolCallId"));
    contract.put("ChatMessage", List.of("timestamp", "role", "content", "authorUuid",
        "chatThreadId", "parentMessageUuid", "toolName", "toolUuid", "toolType", "oaiToolCallId",
        "toolJsonSchema", "toolCall", "usage"));
    contract.put("CallableTool", List.of("name", "docstring", "inputSchema", "outputSchema",
        "strictSchema", "callableText"));
    contract.put("StructuredTool", List.of("name", "description", "instructionString",
        "jsonSchema", "strictSchema", "postValidateSchema"));
    contract.put("RawOutput", List.of("rawResult", "completionKwargs", "startTime", "endTime",
        "chatThreadId", "chatThreadLiveId", "client"));
    contract.put("ProcessedOutput", List.of("content", "jsonObject", "usage", "error",
        "timeTaken", "llmClient", "rawOutput", "chatThreadId", "chatThreadLiveId"));
    contract.put("ChatThread", List.of("name", "systemPrompt", "history", "newMessage", "prefill",
        "postfill", "useSchemaInstruction", "useHistory", "forcedOutput", "llmConfig", "tools",
        "workflowStep"));
    contract.put("RequestLimits", List.of("maxRequestsPerMinute", "maxTokensPerMinute",
        "provider"));
    return contract;
  }

  static Stream<Arguments> everyEntity() {
    return ThreadFixtures.everyEntity().stream()
        .map(entity -> Arguments.of(entity.getClass().getSimpleName(), entity));
  }

  // ---- entities round-trip ----

  /**
   * C-BASIC-9, D-5, D-30. If it fails: the adapter loses, rounds or retypes a field of the named
   * thread entity (the message names the field path); every field must come back as written.
   */
  @ParameterizedTest(name = "H-01 {0} round-trips field by field", quoteTextArguments = false)
  @MethodSource("everyEntity")
  @DisplayName("H-01 every thread entity round-trips field by field, every field set")
  void entityRoundTrips(String type, Entity entity) throws ReflectiveOperationException {
    // given
    ThreadFixtures.assertEveryFieldSet(entity);
    registry().register(entity);
    // when
    Entity read = registry().get(entity.ecsId(), entity.getClass()).orElseThrow();
    // then
    assertThat(read).as(type)
        .usingRecursiveComparison()
        .ignoringFieldsMatchingRegexes(".*liveId", ".*baseline", ".*branchOnNextCommit",
            ".*validator.*", ".*parsed")
        .isEqualTo(entity);
    assertThat(registry().pendingChanges(read).isEmpty()).as("changes after a round trip")
        .isTrue();
  }

  /**
   * C-BASIC-13, thread-entities.md. If it fails: the adapter stores a thread entity under another
   * type name or field names, or changes a value's kind (an enum, a UUID, a number, a reference).
   */
  @Test
  @DisplayName("H-02 thread entities are stored under the contract's type and field names")
  void storedShape() {
    // given
    List<Entity> entities = ThreadFixtures.everyEntity();
    entities.forEach(registry()::register);
    RequestLimits limits = (RequestLimits) entities.get(entities.size() - 1);
    UUID limitsId = limits.ecsId();
    // when
    Map<UUID, VersionRecord> records =
        storage().loadVersions(entities.stream().map(Entity::ecsId).toList());
    // then
    for (Entity entity : entities) {
      VersionRecord record = records.get(entity.ecsId());
      String type = entity.getClass().getSimpleName();
      assertThat(record.type()).isEqualTo(type);
      assertThat(record.fields().keySet()).as(type)
          .containsExactlyInAnyOrderElementsOf(CONTRACT.get(type));
    }
    Map<String, Value> limitFields = records.get(limitsId).fields();
    assertThat(limits.ecsId()).isEqualTo(limitsId);
    assertThat(limitFields.get("maxRequestsPerMinute")).isEqualTo(new Value.Int(500));
    assertThat(limitFields.get("maxTokensPerMinute")).isEqualTo(new Value.Int(200_000));
    assertThat(limitFields.get("provider")).isEqualTo(new Value.Text("ANTHROPIC"));
    ChatMessage message = (ChatMessage) entities.get(4);
    Map<String, Value> messageFields = records.get(message.ecsId()).fields();
    assertThat(messageFields.get("role")).isEqualTo(new Value.Text("ASSISTANT"));
    assertThat(messageFields.get("toolType")).isEqualTo(new Value.Text("STRUCTURED"));
    assertThat(messageFields.get("timestamp")).isInstanceOf(Value.Time.class);
    assertThat(messageFields.get("chatThreadId")).isInstanceOf(Value.Uuid.class);
    assertThat(messageFields.get("usage")).isEqualTo(new Value.Ref(message.usage().ecsId()));
    assertThat(messageFields.get("toolCall")).isInstanceOf(Value.Obj.class);
    ChatThread thread = (ChatThread) entities.get(9);
    Map<String, Value> threadFields = records.get(thread.ecsId()).fields();
    assertThat(threadFields.get("history")).isEqualTo(new Value.Seq(List.of(
        new Value.Ref(thread.history().get(0).ecsId()),
        new Value.Ref(thread.history().get(1).ecsId()))));
    assertThat(threadFields.get("workflowStep")).isEqualTo(new Value.Int(3));
    ProcessedOutput output = (ProcessedOutput) entities.get(8);
    assertThat(records.get(output.ecsId()).fields().get("timeTaken"))
        .isEqualTo(new Value.Real(0.5));
  }

  // ---- messages ----

  /** C-MSG-5. If it fails: null links of a message come back as something else. */
  @Test
  @DisplayName("H-03 a message without links reads back without links, with its timestamp")
  void messageWithoutLinks() {
    // given
    ChatMessage message = registry().register(ChatMessage.of(MessageRole.USER, "plain"));
    // when
    ChatMessage read = registry().get(message.ecsId(), ChatMessage.class).orElseThrow();
    // then
    assertThat(read.parentMessageUuid()).isNull();
    assertThat(read.chatThreadId()).isNull();
    assertThat(read.toolUuid()).isNull();
    assertThat(read.usage()).isNull();
    assertThat(read.timestamp()).isEqualTo(message.timestamp());
  }

  /** C-MSG-6. If it fails: a message's usage is not stored with it, or its counts change. */
  @Test
  @DisplayName("H-04 a message's usage reads back with its counts")
  void messageWithUsage() {
    // given
    ChatMessage message = registry().register(ChatMessage.builder(MessageRole.ASSISTANT, "ok")
        .usage(new Usage("gpt-4", 20, 10, 30)).build());
    // when
    Usage read = registry().get(message.ecsId(), ChatMessage.class).orElseThrow().usage();
    // then
    assertThat(List.of(read.model(), read.promptTokens(), read.completionTokens(),
        read.totalTokens())).containsExactly("gpt-4", 20, 10, 30);
    assertThat(registry().exists(read.ecsId())).isTrue();
  }

  /** C-MSG-7. If it fails: message links (UUID fields) do not survive, so parents are lost. */
  @Test
  @DisplayName("H-05 a chain of messages walks back through its parents; siblings share one")
  void conversationChain() {
    // given
    UUID parent = null;
    ChatMessage last = null;
    for (int i = 1; i <= 5; i++) {
      last = registry().register(ChatMessage.builder(MessageRole.USER, "Message " + i)
          .parentMessageUuid(parent).build());
      parent = last.ecsId();
    }
    ChatMessage root = registry().register(ChatMessage.of(MessageRole.USER, "root"));
    List<ChatMessage> siblings = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      siblings.add(registry().register(ChatMessage.builder(MessageRole.ASSISTANT, "sibling " + i)
          .parentMessageUuid(root.ecsId()).build()));
    }
    // when
    List<String> walked = new ArrayList<>();
    ChatMessage current = registry().get(last.ecsId(), ChatMessage.class).orElseThrow();
    while (current != null) {
      walked.add(current.content());
      current = current.parent(registry()).orElse(null);
    }
    // then
    assertThat(walked).containsExactly("Message 5", "Message 4", "Message 3", "Message 2",
        "Message 1");
    for (ChatMessage sibling : siblings) {
      assertThat(registry().get(sibling.ecsId(), ChatMessage.class).orElseThrow()
          .parent(registry()).orElseThrow().ecsId()).isEqualTo(root.ecsId());
    }
  }

  /** C-MSG-8. If it fails: an enum value is not stored as its constant name. */
  @ParameterizedTest(name = "H-06 role {0} round-trips")
  @EnumSource(MessageRole.class)
  @DisplayName("H-06 every message role round-trips")
  void everyRole(MessageRole role) {
    // given
    ChatMessage message = registry().register(ChatMessage.of(role, "as " + role));
    // when
    ChatMessage read = registry().get(message.ecsId(), ChatMessage.class).orElseThrow();
    // then
    assertThat(read.role()).isEqualTo(role);
  }

  // ---- threads and tools ----

  /**
   * C-THR-16. If it fails: a thread's graph (prompt, configuration, tools of two kinds, messages
   * and their links) does not come back whole.
   */
  @Test
  @DisplayName("H-07 a thread with prompt, configuration, two kinds of tool and messages reads "
      + "back whole")
  void threadRoundTrip() {
    // given
    CallableRegistry callables = ThreadFixtures.callables();
    CallableTool add = CallableTool.fromRegistry(callables, "add");
    StructuredTool verdict = ThreadFixtures.structuredTool();
    ChatMessage user = ChatMessage.of(MessageRole.USER, "Add 5 and 7");
    ChatMessage assistant = ChatMessage.builder(MessageRole.ASSISTANT, "")
        .parentMessageUuid(user.ecsId()).toolName("add").toolCall(Map.of("x", 5, "y", 7))
        .oaiToolCallId("call_1").build();
    ChatMessage tool = ChatMessage.builder(MessageRole.TOOL, "{\"result\": 12}")
        .parentMessageUuid(assistant.ecsId()).toolUuid(add.ecsId()).toolType(ToolType.CALLABLE)
        .oaiToolCallId("call_1").build();
    ChatThread thread = registry().register(new ChatThread(new LLMConfig(LLMClient.OPENAI,
        "gpt-4o")).setName("Complex thread").setSystemPrompt(new SystemPrompt("p", "Be exact."))
        .setTools(List.of(add, verdict)).setHistory(List.of(user, assistant, tool)));
    // when
    ChatThread read = registry().get(thread.ecsId(), ChatThread.class).orElseThrow();
    // then
    assertThat(read.name()).isEqualTo("Complex thread");
    assertThat(read.systemPrompt().content()).isEqualTo("Be exact.");
    assertThat(read.llmConfig().client()).isEqualTo(LLMClient.OPENAI);
    assertThat(read.llmConfig().model()).isEqualTo("gpt-4o");
    assertThat(read.tools()).extracting(Tool::name).containsExactly("add", "verdict");
    assertThat(read.tools().get(0)).isInstanceOf(CallableTool.class);
    assertThat(read.tools().get(1)).isInstanceOf(StructuredTool.class);
    assertThat(read.history()).extracting(ChatMessage::role)
        .containsExactly(MessageRole.USER, MessageRole.ASSISTANT, MessageRole.TOOL);
    assertThat(read.history().get(1).parentMessageUuid()).isEqualTo(user.ecsId());
    assertThat(read.history().get(2).toolUuid()).isEqualTo(add.ecsId());
    assertThat(read.history().get(2).tool(registry()).orElseThrow().name()).isEqualTo("add");
  }

  /**
   * C-WF-1, C-WF-3. If it fails: the workflow step (a nullable whole number) does not round-trip,
   * or a traced reset is not a version of its own.
   */
  @Test
  @DisplayName("H-08 the workflow step round-trips at 0 and 1; a reset is a new version")
  void workflowStep() {
    // given
    CallableRegistry callables = ThreadFixtures.callables();
    ChatThread thread = new ChatThread(new LLMConfig(LLMClient.OPENAI, "gpt-4o")
        .setResponseFormat(ResponseFormat.WORKFLOW))
        .setTools(List.of(CallableTool.fromRegistry(callables, "add"),
            ThreadFixtures.structuredTool()));
    registry().register(thread);
    UUID atZero = thread.ecsId();
    thread.setWorkflowStep(1);
    registry().commit(thread);
    UUID atOne = thread.ecsId();
    // when
    new ThreadOperations(registry(), callables).resetWorkflowStep(thread);
    // then
    assertThat(registry().get(atZero, ChatThread.class).orElseThrow().workflowStep()).isZero();
    assertThat(registry().get(atOne, ChatThread.class).orElseThrow().workflowStep()).isEqualTo(1);
    ChatThread reset = registry().get(thread.ecsId(), ChatThread.class).orElseThrow();
    assertThat(reset.workflowStep()).isZero();
    assertThat(reset.tools()).hasSize(2);
    assertThat(registry().lineageIds(thread.lineageId())).containsExactly(atZero, atOne,
        thread.ecsId());
  }

  /**
   * C-TOOL-10, D-27. If it fails: a tool's schema or text does not survive, so a stored tool no
   * longer validates or no longer finds its function.
   */
  @Test
  @DisplayName("H-09 stored tools still validate and still run their registered function")
  void storedTools() {
    // given
    CallableRegistry callables = ThreadFixtures.callables();
    StructuredTool verdict = registry().register(ThreadFixtures.structuredTool()
        .setPostValidateSchema(true));
    CallableTool add = registry().register(ThreadFixtures.callableTool(callables));
    // when
    StructuredTool readVerdict = registry().get(verdict.ecsId(), StructuredTool.class)
        .orElseThrow();
    CallableTool readAdd = registry().get(add.ecsId(), CallableTool.class).orElseThrow();
    // then
    assertThat(readVerdict.name()).isEqualTo("verdict");
    assertThat(readVerdict.description()).isEqualTo("Give a verdict.");
    assertThat(readVerdict.jsonSchema()).isEqualTo(verdict.jsonSchema());
    assertThat(readVerdict.execute(Map.of("status", "ok"))).isEqualTo(Map.of("status", "ok"));
    assertThat(readVerdict.execute(Map.of("status", 1))).containsKey("error");
    assertThat(readAdd.inputSchema()).isEqualTo(add.inputSchema());
    assertThat(readAdd.outputSchema()).isEqualTo(add.outputSchema());
    assertThat(readAdd.callableText()).isEqualTo(add.callableText());
    assertThat(readAdd.execute(callables, Map.of("x", 5, "y", 7)))
        .isEqualTo(Map.of("result", 12));
  }

  /**
   * P-PROC-3, P-ERR, D-30. If it fails: an output's linked raw output, object or usage is lost, a
   * double (seconds) is rounded, or an error output does not survive.
   */
  @Test
  @DisplayName("H-10 a processed output reads back with its raw output, object, usage and error")
  void processedOutput() {
    // given
    RawOutput raw = RawOutput.builder(LLMClient.OPENAI, Map.of("error", "Model overloaded"),
        Map.of("model", "gpt-4")).times(100.0, 100.5)
        .chatThread(UUID.randomUUID(), UUID.randomUUID()).build();
    ProcessedOutput failed = registry().register(raw.createProcessedOutput());
    ProcessedOutput full = registry().register(ThreadFixtures.processedOutput());
    // when
    ProcessedOutput readFailed = registry().get(failed.ecsId(), ProcessedOutput.class)
        .orElseThrow();
    ProcessedOutput readFull = registry().get(full.ecsId(), ProcessedOutput.class).orElseThrow();
    // then
    assertThat(readFailed.content()).isNull();
    assertThat(readFailed.error()).isEqualTo("Model overloaded");
    assertThat(readFailed.timeTaken()).isEqualTo(0.5);
    assertThat(readFailed.rawOutput().ecsId()).isEqualTo(raw.ecsId());
    assertThat(readFailed.rawOutput().error()).isEqualTo("Model overloaded");
    assertThat(readFull.rawOutput().ecsId()).isEqualTo(full.rawOutput().ecsId());
    assertThat(readFull.jsonObject().ecsId()).isEqualTo(full.jsonObject().ecsId());
    assertThat(readFull.jsonObject().object()).isEqualTo(full.jsonObject().object());
    assertThat(readFull.usage().cachedTokens()).isEqualTo(64);
    assertThat(readFull.rawOutput().startTime()).isEqualTo(1_741_785_600.125);
    assertThat(readFull.timeTaken()).isEqualTo(0.5);
    assertThat(readFull.chatThreadLiveId()).isEqualTo(full.chatThreadLiveId());
    assertThat(readFull.rawOutput().strContent()).isEqualTo("Hi");
    assertThat(registry().pendingChanges(readFull).isEmpty()).isTrue();
  }

  // ---- history per thread version ----

  /**
   * S-HIST-2. If it fails: a thread version's history is shared with, or overwritten by, its
   * successor's.
   */
  @Test
  @DisplayName("H-11 appending a message forks the thread; the old version keeps its history")
  void appendForks() {
    // given
    ChatThread thread = registry().register(threadWith("m1", "m2"));
    UUID before = thread.ecsId();
    // when
    thread.appendMessage(ChatMessage.of(MessageRole.USER, "m3"));
    registry().commit(thread);
    // then
    assertThat(contents(thread.ecsId())).containsExactly("m1", "m2", "m3");
    assertThat(contents(before)).containsExactly("m1", "m2");
  }

  /**
   * S-HIST-3. If it fails: a version loads another version's messages, or loses their order.
   */
  @Test
  @DisplayName("H-12 each of three versions loads exactly its own messages, in order")
  void historyPerVersion() {
    // given
    ChatThread thread = registry().register(threadWith("m1"));
    UUID v1 = thread.ecsId();
    thread.setName("second").appendMessage(ChatMessage.of(MessageRole.ASSISTANT, "m2"));
    registry().commit(thread);
    UUID v2 = thread.ecsId();
    thread.setName("third").appendMessage(ChatMessage.of(MessageRole.USER, "m3"));
    registry().commit(thread);
    // then
    assertThat(contents(v1)).containsExactly("m1");
    assertThat(contents(v2)).containsExactly("m1", "m2");
    assertThat(contents(thread.ecsId())).containsExactly("m1", "m2", "m3");
    assertThat(registry().get(v2, ChatThread.class).orElseThrow().name()).isEqualTo("second");
  }

  /**
   * S-HIST-6, D-20. If it fails: traced user messages do not make one version each, or a version
   * holds the wrong messages or links.
   */
  @Test
  @DisplayName("H-13 three traced user messages make versions holding 0, 1, 2 and 3 messages")
  void tracedUserMessages() {
    // given
    ChatThread thread = registry().register(threadWith());
    ThreadOperations operations = new ThreadOperations(registry(), ThreadFixtures.callables());
    List<UUID> versions = new ArrayList<>(List.of(thread.ecsId()));
    // when
    for (int i = 1; i <= 3; i++) {
      operations.addUserMessage(thread, "question " + i);
      versions.add(thread.ecsId());
    }
    // then
    assertThat(registry().lineageIds(thread.lineageId())).containsExactlyElementsOf(versions);
    for (int i = 0; i <= 3; i++) {
      assertThat(contents(versions.get(i))).hasSize(i);
    }
    List<ChatMessage> history = registry().get(versions.get(3), ChatThread.class).orElseThrow()
        .history();
    for (int i = 1; i < 3; i++) {
      assertThat(history.get(i).parentMessageUuid()).isEqualTo(history.get(i - 1).ecsId());
      assertThat(history.get(i).chatThreadId()).isEqualTo(versions.get(i));
    }
  }

  /**
   * S-HIST-7. If it fails: a chat turn's versions do not keep their own histories, or its
   * messages are not stored one by one.
   */
  @Test
  @DisplayName("H-14 a chat turn: user then assistant with usage; with a tool call, three "
      + "messages, each stored")
  void chatTurn() {
    // given
    CallableRegistry callables = ThreadFixtures.callables();
    ThreadOperations operations = new ThreadOperations(registry(), callables);
    ChatThread thread = registry().register(new ChatThread(
        new LLMConfig(LLMClient.OPENAI, "gpt-4").setResponseFormat(ResponseFormat.AUTO_TOOLS))
        .setTools(List.of(CallableTool.fromRegistry(callables, "add"))));
    UUID v0 = thread.ecsId();
    // when
    operations.addUserMessage(thread, "Say hi");
    UUID v1 = thread.ecsId();
    operations.addChatTurnHistory(thread, output(thread, completion("Hi!", null)));
    UUID v2 = thread.ecsId();
    operations.addUserMessage(thread, "Add 5 and 7");
    ChatTurn turn = operations.addChatTurnHistory(thread,
        output(thread, completion(null, "{\"x\": 5, \"y\": 7}")));
    // then
    assertThat(registry().lineageIds(thread.lineageId())).startsWith(v0, v1, v2).hasSize(5);
    assertThat(contents(v0)).isEmpty();
    assertThat(contents(v1)).containsExactly("Say hi");
    ChatThread second = registry().get(v2, ChatThread.class).orElseThrow();
    assertThat(second.history()).extracting(ChatMessage::role)
        .containsExactly(MessageRole.USER, MessageRole.ASSISTANT);
    Usage usage = second.history().get(1).usage();
    assertThat(List.of(usage.promptTokens(), usage.completionTokens(), usage.totalTokens()))
        .containsExactly(10, 8, 18);
    ChatThread last = registry().get(thread.ecsId(), ChatThread.class).orElseThrow();
    assertThat(last.history()).extracting(ChatMessage::role).endsWith(MessageRole.USER,
        MessageRole.ASSISTANT, MessageRole.TOOL);
    assertThat(last.history().get(4).content()).isEqualTo("{\"result\": 12}");
    assertThat(turn.toolMessage().orElseThrow().parentMessageUuid())
        .isEqualTo(turn.assistant().ecsId());
    for (ChatMessage message : last.history()) {
      assertThat(registry().get(message.ecsId(), ChatMessage.class)).isPresent();
    }
  }

  /**
   * S-REG-1 (reference sql_inference_error.md). If it fails: a conversation leaves a version
   * unreadable, out of order or without a change, or reading a parsed output forks it.
   */
  @Test
  @DisplayName("H-15 a whole conversation: every version readable with its own history in order, "
      + "none without a change")
  void wholeConversation() {
    // given
    CallableRegistry callables = ThreadFixtures.callables();
    ThreadOperations operations = new ThreadOperations(registry(), callables);
    ChatThread thread = new ChatThread(new LLMConfig(LLMClient.OPENAI, "gpt-4")
        .setResponseFormat(ResponseFormat.AUTO_TOOLS))
        .setSystemPrompt(new SystemPrompt("calc", "You add."))
        .setTools(List.of(CallableTool.fromRegistry(callables, "add")));
    List<List<String>> expected = new ArrayList<>();
    List<ProcessedOutput> outputs = new ArrayList<>();
    // when: user, assistant calling add, its result, user, assistant
    operations.addUserMessage(thread, "What is 5 + 7?");
    expected.add(List.of("USER"));
    outputs.add(output(thread, completion(null, "{\"x\": 5, \"y\": 7}")));
    operations.addChatTurnHistory(thread, outputs.get(0));
    expected.add(List.of("USER", "ASSISTANT", "TOOL"));
    operations.addUserMessage(thread, "Thanks!");
    expected.add(List.of("USER", "ASSISTANT", "TOOL", "USER"));
    outputs.add(output(thread, completion("You are welcome.", null)));
    operations.addChatTurnHistory(thread, outputs.get(1));
    expected.add(List.of("USER", "ASSISTANT", "TOOL", "USER", "ASSISTANT"));
    // then
    List<UUID> versions = registry().lineageIds(thread.lineageId());
    assertThat(versions).hasSize(4).endsWith(thread.ecsId());
    List<ChatMessage> previous = List.of();
    for (int i = 0; i < versions.size(); i++) {
      ChatThread version = registry().get(versions.get(i), ChatThread.class).orElseThrow();
      assertThat(version.history()).extracting(message -> message.role().name())
          .as("history of version %d", i).containsExactlyElementsOf(expected.get(i));
      assertThat(version.history().subList(0, previous.size())).extracting(ChatMessage::ecsId)
          .as("version %d extends version %d", i, i - 1)
          .containsExactlyElementsOf(previous.stream().map(ChatMessage::ecsId).toList());
      previous = version.history();
      if (i > 0) {
        assertThat(registry().diff(versions.get(i - 1), versions.get(i)).isEmpty())
            .as("diff of version %d from its parent", i).isFalse();
      }
    }
    ChatMessage assistant = previous.get(1);
    ChatMessage tool = previous.get(2);
    assertThat(tool.parentMessageUuid()).isEqualTo(assistant.ecsId());
    assertThat(tool.oaiToolCallId()).isEqualTo(assistant.oaiToolCallId());
    assertThat(previous.get(4).content()).isEqualTo("You are welcome.");
    for (ProcessedOutput output : outputs) {
      ProcessedOutput read = registry().get(output.ecsId(), ProcessedOutput.class).orElseThrow();
      read.rawOutput().parse();
      assertThat(read.rawOutput().usage()).isNotNull();
      assertThat(registry().pendingChanges(read).isEmpty()).isTrue();
      assertThat(registry().lineageIds(output.lineageId())).containsExactly(output.ecsId());
    }
  }

  /**
   * Reference 6.1 (edit and regenerate), L-02 for threads. If it fails: a branch from an old
   * thread version is refused, or one branch's history leaks into the other.
   */
  @Test
  @DisplayName("H-16 regenerating from an earlier thread version leaves both branches readable")
  void editAndRegenerate() {
    // given
    CallableRegistry callables = ThreadFixtures.callables();
    ThreadOperations operations = new ThreadOperations(registry(), callables);
    ChatThread thread = registry().register(new ChatThread(new LLMConfig(LLMClient.OPENAI,
        "gpt-4")));
    operations.addUserMessage(thread, "Write a title");
    UUID asked = thread.ecsId();
    operations.addChatTurnHistory(thread, output(thread, completion("Lineage", null)));
    UUID firstAnswer = thread.ecsId();
    // when
    ChatThread branch = registry().branchFrom(asked, ChatThread.class);
    operations.addChatTurnHistory(branch, output(branch, completion("Versions all the way",
        null)));
    operations.addUserMessage(branch, "Shorter, please");
    // then
    assertThat(branch.lineageId()).isEqualTo(thread.lineageId());
    assertThat(registry().lineageTree(thread.lineageId()).node(asked).orElseThrow().children())
        .hasSize(2).contains(firstAnswer);
    assertThat(contents(firstAnswer)).containsExactly("Write a title", "Lineage");
    assertThat(contents(branch.ecsId()))
        .containsExactly("Write a title", "Versions all the way", "Shorter, please");
    assertThat(contents(asked)).containsExactly("Write a title");
    assertThat(registry().get(firstAnswer, ChatThread.class).orElseThrow().history().get(0)
        .ecsId()).isEqualTo(registry().get(branch.ecsId(), ChatThread.class).orElseThrow()
        .history().get(0).ecsId());
  }

  /**
   * Type learning of the registry. If it fails: the adapter's stored type names cannot be read
   * back by a registry that has not committed those types itself (another process, a restart).
   */
  @Test
  @DisplayName("H-17 a new registry over the store reads a thread and every type inside it")
  void freshRegistryReadsThread() {
    // given
    ChatThread thread = registry().register(ThreadFixtures.thread(ThreadFixtures.callables()));
    // when
    ChatThread read = EntityRegistry.over(storage()).get(thread.ecsId(), ChatThread.class)
        .orElseThrow();
    // then
    assertThat(read.tools()).extracting(Tool::name).containsExactly("add", "verdict");
    assertThat(read.forcedOutput()).isInstanceOf(StructuredTool.class);
    assertThat(read.history().get(1).usage().totalTokens()).isEqualTo(165);
    assertThat(read.llmConfig().reasoner()).isTrue();
  }

  // ---- helpers ----

  private ChatThread threadWith(String... messages) {
    ChatThread thread = new ChatThread(new LLMConfig(LLMClient.OPENAI, "gpt-4"));
    for (String message : messages) {
      thread.appendMessage(ChatMessage.of(MessageRole.USER, message));
    }
    return thread;
  }

  private List<String> contents(UUID threadVersion) {
    return registry().get(threadVersion, ChatThread.class).orElseThrow().history().stream()
        .map(ChatMessage::content).toList();
  }

  /** An OpenAI completion with text, or with a call of {@code add} with these arguments. */
  private static Map<String, Object> completion(String content, String addArguments) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "assistant");
    message.put("content", content);
    if (addArguments != null) {
      message.put("tool_calls", List.of(Map.of("id", "call_" + UUID.randomUUID(), "type",
          "function", "function", Map.of("name", "add", "arguments", addArguments))));
    }
    return Map.of("id", "chatcmpl-rule", "object", "chat.completion", "created", 1_741_785_600,
        "model", "gpt-4", "choices", List.of(Map.of("index", 0, "finish_reason",
            addArguments == null ? "stop" : "tool_calls", "message", message)),
        "usage", Map.of("prompt_tokens", 10, "completion_tokens", 8, "total_tokens", 18));
  }

  private static ProcessedOutput output(ChatThread thread, Map<String, Object> result) {
    return RawOutput.builder(LLMClient.OPENAI, result, Map.of("model", "gpt-4"))
        .times(1_741_785_600.0, 1_741_785_601.5)
        .chatThread(thread.ecsId(), thread.liveId())
        .build()
        .createProcessedOutput();
  }

}
