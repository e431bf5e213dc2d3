package dev.lineage.domain.thread;

import static dev.lineage.domain.thread.ThreadEntitiesTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.domain.EntityRegistry;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A thread's derived views and mutators (reference 4.6, 4.7, 5.7 threads and workflows). */
class ChatThreadTest {

  record Operands(int x, int y) {}

  record Verdict(String status, String message) {}

  private final EntityRegistry registry = EntityRegistry.over(new InMemoryEntityStorage());
  private final CallableRegistry callables = new CallableRegistry();

  private CallableTool testFunction() {
    if (!callables.contains("test_function")) {
      callables.register("test_function", CallableFunction.of(Operands.class, Integer.class,
          in -> in.x() + in.y()).withDescription("Add two numbers."));
    }
    return CallableTool.fromRegistry(callables, "test_function");
  }

  private CallableTool failing() {
    callables.register("explode", CallableFunction.of(Operands.class, Integer.class, in -> {
      throw new IllegalStateException("the tool broke");
    }));
    return CallableTool.fromRegistry(callables, "explode");
  }

  private static StructuredTool verdict() {
    return StructuredTool.fromClass(Verdict.class, "verdict", "Give a verdict");
  }

  private static ChatThread thread(LLMClient client, ResponseFormat format) {
    return new ChatThread(new LLMConfig(client, "model-1").setResponseFormat(format));
  }

  private static ChatThread withUser(ChatThread thread, String text) {
    thread.setNewMessage(text).addUserMessage();
    return thread;
  }

  /** A processed output of a model that called {@code tool} with {@code arguments}. */
  private static ProcessedOutput calling(String tool, Map<String, ?> arguments) {
    return output(null, new GeneratedJsonObject(tool, arguments, "call_" + tool), null);
  }

  private static ProcessedOutput output(String content, GeneratedJsonObject json, Usage usage) {
    RawOutput raw = RawOutput.builder(LLMClient.OPENAI, Map.of(), Map.of()).build();
    return ProcessedOutput.builder(LLMClient.OPENAI, raw, UUID.randomUUID(), UUID.randomUUID())
        .content(content).jsonObject(json).usage(usage).build();
  }

  @Nested
  class Mutators {

    @Test
    @DisplayName("C-THR-1 a new thread has its fields and an empty history, and reads back")
    void creation() {
      // given
      ChatThread thread = thread(LLMClient.OPENAI, ResponseFormat.TEXT).setName("Test Thread")
          .setSystemPrompt(new SystemPrompt("helper", "You help."));
      // when
      registry.register(thread);
      ChatThread read = registry.get(thread.ecsId(), ChatThread.class).orElseThrow();
      // then
      assertThat(read.name()).isEqualTo("Test Thread");
      assertThat(read.systemPrompt().content()).isEqualTo("You help.");
      assertThat(read.llmConfig().client()).isEqualTo(LLMClient.OPENAI);
      assertThat(read.history()).isEmpty();
      assertThat(read.workflowStep()).isNull();
      assertThatThrownBy(() -> new ChatThread(null))
          .hasMessage("ChatThread: field 'llmConfig' is required");
    }

    @Test
    @DisplayName("C-THR-2 adding the new message appends a user message naming this version")
    void addUserMessage() {
      // given
      ChatThread thread = thread(LLMClient.OPENAI, ResponseFormat.TEXT).setNewMessage("Hi");
      // when
      ChatMessage message = thread.addUserMessage().orElseThrow();
      ChatMessage second = thread.setNewMessage("Again").addUserMessage().orElseThrow();
      // then
      assertThat(thread.history()).containsExactly(message, second);
      assertThat(message.content()).isEqualTo("Hi");
      assertThat(message.role()).isEqualTo(MessageRole.USER);
      assertThat(message.chatThreadId()).isEqualTo(thread.ecsId());
      assertThat(message.isConversationRoot()).isTrue();
      assertThat(second.parentMessageUuid()).isEqualTo(message.ecsId());
      assertThat(thread.newMessage()).isNull();
    }

    @Test
    @DisplayName("C-THR-3 without a new message: an error in text format; nothing in auto "
        + "tools and workflow")
    void noNewMessage() {
      // given
      ChatThread text = thread(LLMClient.OPENAI, ResponseFormat.TEXT);
      ChatThread auto = thread(LLMClient.OPENAI, ResponseFormat.AUTO_TOOLS).setNewMessage("");
      ChatThread workflow = thread(LLMClient.OPENAI, ResponseFormat.WORKFLOW);
      // then
      assertThatThrownBy(text::addUserMessage)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Cannot add user message - no new message content");
      assertThat(auto.addUserMessage()).isEmpty();
      assertThat(workflow.addUserMessage()).isEmpty();
      assertThat(auto.history()).isEmpty();
      assertThat(auto.newMessage()).isEmpty();
    }

    @Test
    @DisplayName("C-THR-4 a chat turn appends the assistant's answer to the last message")
    void chatTurn() {
      // given
      ChatThread thread = withUser(thread(LLMClient.OPENAI, ResponseFormat.TEXT), "Hello");
      thread.appendMessage(ChatMessage.builder(MessageRole.ASSISTANT, "Hi there")
          .parentMessageUuid(thread.history().get(0).ecsId()).build());
      ChatMessage previous = thread.history().get(1);
      Usage usage = new Usage("gpt-4", 10, 5, 15);
      // when
      ChatTurn turn = thread.addChatTurnHistory(output("This is a test response.", null, usage),
          callables);
      // then
      assertThat(turn.parent()).isSameAs(previous);
      assertThat(turn.assistant().content()).isEqualTo("This is a test response.");
      assertThat(turn.assistant().parentMessageUuid()).isEqualTo(previous.ecsId());
      assertThat(turn.assistant().chatThreadId()).isEqualTo(thread.ecsId());
      assertThat(turn.assistant().usage()).isSameAs(usage);
      assertThat(turn.assistant().toolCall()).isNull();
      assertThat(turn.toolMessage()).isEmpty();
      assertThat(thread.history()).hasSize(3).endsWith(turn.assistant());
    }

    @Test
    @DisplayName("C-THR-5 a chat turn on an empty history is refused")
    void emptyHistory() {
      ChatThread thread = thread(LLMClient.OPENAI, ResponseFormat.TEXT);
      assertThatThrownBy(() -> thread.addChatTurnHistory(output("x", null, null), callables))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Cannot add chat turn to empty history");
    }

    @Test
    @DisplayName("C-THR-6 a call of a callable tool appends the call and its {\"result\": 12}")
    void callableToolTurn() {
      // given
      ChatThread thread = thread(LLMClient.OPENAI, ResponseFormat.AUTO_TOOLS);
      thread.setTools(List.of(testFunction(), verdict()));
      withUser(thread, "Add 5 and 7");
      // when
      ChatTurn turn = thread.addChatTurnHistory(
          calling("test_function", Map.of("x", 5, "y", 7)), callables);
      // then
      ChatMessage assistant = turn.assistant();
      assertThat(assistant.toolName()).isEqualTo("test_function");
      assertThat(assistant.toolCall()).isEqualTo(Map.of("x", 5, "y", 7));
      assertThat(assistant.oaiToolCallId()).isEqualTo("call_test_function");
      ChatMessage tool = turn.toolMessage().orElseThrow();
      assertThat(thread.history()).hasSize(3).endsWith(assistant, tool);
      assertThat(tool.role()).isEqualTo(MessageRole.TOOL);
      assertThat(tool.parentMessageUuid()).isEqualTo(assistant.ecsId());
      assertThat(tool.oaiToolCallId()).isEqualTo("call_test_function");
      assertThat(tool.content()).isEqualTo("{\"result\": 12}");
      assertThat(tool.toolType()).isEqualTo(ToolType.CALLABLE);
      assertThat(tool.toolUuid()).isEqualTo(thread.tools().get(0).ecsId());
    }

    @Test
    @DisplayName("C-THR-7 a valid call of a structured tool is reported validated")
    void structuredToolTurn() {
      // given
      ChatThread thread = thread(LLMClient.OPENAI, ResponseFormat.AUTO_TOOLS);
      thread.setTools(List.of(verdict()));
      withUser(thread, "Judge");
      // when
      thread.addChatTurnHistory(calling("verdict", Map.of("status", "ok", "message", "fine")),
          callables);
      // then
      ChatMessage last = thread.history().get(thread.history().size() - 1);
      assertThat(last.role()).isEqualTo(MessageRole.TOOL);
      assertThat(last.content())
          .isEqualTo("{\"status\": \"validated\", \"message\": \"Schema validation successful\"}");
      assertThat(last.toolType()).isEqualTo(ToolType.STRUCTURED);
      assertThat(last.toolJsonSchema()).isEqualTo(thread.tools().get(0) instanceof StructuredTool s
          ? s.jsonSchema() : null);
    }

    @Test
    @DisplayName("C-THR-8 a failing tool gives {\"error\": ...}; the workflow step stays")
    void failingTool() {
      // given
      ChatThread thread = thread(LLMClient.OPENAI, ResponseFormat.WORKFLOW);
      thread.setTools(List.of(failing()));
      withUser(thread, "Go");
      // when
      ChatTurn turn = thread.addChatTurnHistory(calling("explode", Map.of("x", 1, "y", 2)),
          callables);
      // then
      assertThat(Json.parse(turn.toolMessage().orElseThrow().content()).orElseThrow())
          .isEqualTo(json("{\"error\":\"Error executing explode: the tool broke\"}"));
      assertThat(thread.workflowStep()).isZero();
    }

    @Test
    @DisplayName("D-25 a structured call that does not match gives {\"error\": ...}, not "
        + "validated; the workflow step stays")
    void invalidStructuredCall() {
      // given
      ChatThread thread = thread(LLMClient.OPENAI, ResponseFormat.WORKFLOW);
      thread.setTools(List.of(verdict()));
      withUser(thread, "Judge");
      // when
      ChatTurn turn = thread.addChatTurnHistory(calling("verdict", Map.of("status", 5)),
          callables);
      // then
      String error = Json.parse(turn.toolMessage().orElseThrow().content()).orElseThrow()
          .path("error").asText();
      assertThat(error).contains("$.status").contains("message");
      assertThat(thread.workflowStep()).isZero();
    }

    @Test
    @DisplayName("D-31 a call with unreadable arguments fails the tool's input check")
    void unreadableArguments() {
      // given
      ChatThread thread = thread(LLMClient.OPENAI, ResponseFormat.AUTO_TOOLS);
      thread.setTools(List.of(testFunction()));
      withUser(thread, "Add");
      // when
      ChatTurn turn = thread.addChatTurnHistory(calling("test_function",
          Map.of("raw", "{\"x\": 5, \"y\"")), callables);
      // then
      assertThat(turn.toolMessage().orElseThrow().content())
          .startsWith("{\"error\": \"Error executing test_function: missing required argument");
    }

    @Test
    @DisplayName("4.7 a call naming no tool of the thread adds no tool message")
    void unknownTool() {
      ChatThread thread = withUser(thread(LLMClient.OPENAI, ResponseFormat.AUTO_TOOLS), "x");
      ChatTurn turn = thread.addChatTurnHistory(calling("nobody", Map.of()), callables);
      assertThat(turn.toolMessage()).isEmpty();
      assertThat(thread.history()).hasSize(2);
    }

    @Test
    @DisplayName("4.7 a forced tool is named on the assistant message, with its schema")
    void forcedOutputOnAssistant() {
      // given
      StructuredTool forced = verdict();
      ChatThread thread = thread(LLMClient.OPENAI, ResponseFormat.STRUCTURED_OUTPUT)
          .setForcedOutput(forced);
      withUser(thread, "Judge");
      // when
      ChatTurn turn = thread.addChatTurnHistory(
          calling("verdict", Map.of("status", "ok", "message", "m")), callables);
      // then
      assertThat(turn.assistant().toolUuid()).isEqualTo(forced.ecsId());
      assertThat(turn.assistant().toolType()).isEqualTo(ToolType.STRUCTURED);
      assertThat(turn.assistant().toolJsonSchema()).isEqualTo(forced.jsonSchema());
      assertThat(turn.toolMessage()).isPresent();
    }

    @Test
    @DisplayName("4.7 the asynchronous turn runs the tool without blocking")
    void asyncTurn() throws Exception {
      // given
      ChatThread thread = thread(LLMClient.OPENAI, ResponseFormat.AUTO_TOOLS);
      thread.setTools(List.of(testFunction(), failing()));
      withUser(thread, "Add");
      // when
      ChatTurn ok = thread.addChatTurnHistoryAsync(
          calling("test_function", Map.of("x", 2, "y", 3)), callables).get(10, TimeUnit.SECONDS);
      ChatTurn broken = thread.addChatTurnHistoryAsync(
          calling("explode", Map.of("x", 2, "y", 3)), callables).get(10, TimeUnit.SECONDS);
      ChatTurn plain = thread.addChatTurnHistoryAsync(output("done", null, null), callables)
          .get(10, TimeUnit.SECONDS);
      // then
      assertThat(ok.toolMessage().orElseThrow().content()).isEqualTo("{\"result\": 5}");
      assertThat(broken.toolMessage().orElseThrow().content()).contains("the tool broke");
      assertThat(plain.toolMessage()).isEmpty();
      assertThat(thread.history()).extracting(ChatMessage::role).containsExactly(
          MessageRole.USER, MessageRole.ASSISTANT, MessageRole.TOOL, MessageRole.ASSISTANT,
          MessageRole.TOOL, MessageRole.ASSISTANT);
    }
  }

  @Nested
  class Workflows {

    @Test
    @DisplayName("C-WF-1 a workflow thread starts at step 0 with its tools; a reset keeps 0")
    void initialization() {
      // when
      ChatThread thread = thread(LLMClient.OPENAI, ResponseFormat.WORKFLOW);
      thread.setTools(List.of(testFunction(), verdict()));
      thread.resetWorkflowStep();
      // then
      assertThat(thread.workflowStep()).isZero();
      assertThat(thread.tools()).hasSize(2);
    }

    @Test
    @DisplayName("C-WF-2 each successful tool advances the step; history in order")
    void advancement() {
      // given
      ChatThread thread = thread(LLMClient.OPENAI, ResponseFormat.WORKFLOW);
      thread.setTools(List.of(testFunction(), verdict()));
      withUser(thread, "Run the workflow");
      // when
      thread.addChatTurnHistory(calling("test_function", Map.of("x", 1, "y", 2)), callables);
      Integer afterFirst = thread.workflowStep();
      thread.addChatTurnHistory(calling("verdict", Map.of("status", "s", "message", "m")),
          callables);
      // then
      assertThat(afterFirst).isEqualTo(1);
      assertThat(thread.workflowStep()).isEqualTo(2);
      assertThat(thread.history()).extracting(ChatMessage::role).containsExactly(
          MessageRole.USER, MessageRole.ASSISTANT, MessageRole.TOOL, MessageRole.ASSISTANT,
          MessageRole.TOOL);
      assertThat(thread.history()).extracting(ChatMessage::toolName).containsExactly(
          null, "test_function", "test_function", "verdict", "verdict");
    }

    @Test
    @DisplayName("C-WF-3 a reset brings step 1 back to 0")
    void reset() {
      ChatThread thread = thread(LLMClient.OPENAI, ResponseFormat.WORKFLOW).setWorkflowStep(1);
      thread.resetWorkflowStep();
      assertThat(thread.workflowStep()).isZero();
    }

    @Test
    @DisplayName("C-WF-4 a step out of range, or no tools, is refused when a request is built "
        + "(D-22, D-32), not before")
    void rangeCheckedAtRequest() {
      // given
      ChatThread noTools = thread(LLMClient.OPENAI, ResponseFormat.WORKFLOW);
      ChatThread finished = thread(LLMClient.OPENAI, ResponseFormat.WORKFLOW)
          .setTools(List.of(testFunction())).setWorkflowStep(1);
      registry.register(finished);
      // then
      assertThat(registry.get(finished.ecsId(), ChatThread.class).orElseThrow().workflowStep())
          .isEqualTo(1);
      assertThatThrownBy(() -> ProviderRequests.openAi(noTools))
          .hasMessageContaining("Workflow step 0 is out of range - only 0 tools available");
      assertThatThrownBy(() -> ProviderRequests.anthropic(finished.setLlmConfig(
              new LLMConfig(LLMClient.ANTHROPIC).setResponseFormat(ResponseFormat.WORKFLOW))))
          .hasMessageContaining("Workflow step 1 is out of range - only 1 tools available");
    }

    @Test
    @DisplayName("C-WF-5 in auto tools the model's call of tools[0] gives {\"result\": 12}")
    void autoTools() {
      // given
      ChatThread thread = thread(LLMClient.OPENAI, ResponseFormat.AUTO_TOOLS);
      thread.setTools(List.of(testFunction(), verdict()));
      withUser(thread, "Add 5 and 7");
      // when
      thread.addChatTurnHistory(calling("test_function", Map.of("x", 5, "y", 7)), callables);
      // then
      assertThat(thread.history()).extracting(ChatMessage::role)
          .containsExactly(MessageRole.USER, MessageRole.ASSISTANT, MessageRole.TOOL);
      assertThat(thread.history().get(1).toolName()).isEqualTo("test_function");
      assertThat(Json.parse(thread.history().get(2).content()).orElseThrow())
          .isEqualTo(json("{\"result\":12}"));
      assertThat(thread.workflowStep()).isNull();
    }
  }

  @Nested
  class Views {

    private ChatThread conversation(LLMConfig config) {
      ChatThread thread = new ChatThread(config)
          .setSystemPrompt(new SystemPrompt("helper", "You are a helpful assistant."));
      withUser(thread, "Hello");
      thread.appendMessage(ChatMessage.builder(MessageRole.ASSISTANT, "Hi! How can I help?")
          .parentMessageUuid(thread.history().get(0).ecsId()).build());
      return thread;
    }

    @Test
    @DisplayName("C-THR-9 the system message: system role, developer for a reasoner, schema "
        + "instruction appended")
    void systemMessage() {
      ChatThread text = conversation(new LLMConfig(LLMClient.OPENAI));
      ChatThread reasoner = conversation(new LLMConfig(LLMClient.OPENAI).setReasoner(true));
      ChatThread schema = conversation(new LLMConfig(LLMClient.OPENAI))
          .setUseSchemaInstruction(true).setForcedOutput(verdict());
      assertThat(text.systemMessage().orElseThrow()).isEqualTo(json(
          "{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"}"));
      assertThat(reasoner.systemMessage().orElseThrow().path("role").asText())
          .isEqualTo("developer");
      assertThat(schema.systemMessage().orElseThrow().path("content").asText()).isEqualTo(
          "You are a helpful assistant.\n" + ((StructuredTool) schema.forcedOutput())
              .schemaInstruction());
      assertThat(thread(LLMClient.OPENAI, ResponseFormat.TEXT).systemMessage()).isEmpty();
    }

    @Test
    @DisplayName("C-THR-10 chatml, OpenAI, Anthropic and vLLM forms of a conversation")
    void conversions() {
      // given
      ChatThread thread = conversation(new LLMConfig(LLMClient.OPENAI));
      // when
      List<ObjectNode> messages = thread.messages();
      List<ObjectNode> oai = thread.oaiMessages();
      AnthropicMessages anthropic = thread.anthropicMessages();
      // then
      assertThat(messages).extracting(m -> m.path("role").asText())
          .containsExactly("system", "user", "assistant");
      assertThat(oai).extracting(m -> m.path("role").asText())
          .containsExactly("system", "user", "assistant");
      assertThat(anthropic.messages()).isNotEmpty();
      assertThat(anthropic.system().orElseThrow().get(0).path("text").asText())
          .isEqualTo("You are a helpful assistant.");
      assertThat(thread.vllmMessages()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    @DisplayName("C-THR-11 tools for each provider; Anthropic caches only the first; none is "
        + "empty")
    void toolsForLlm() {
      // given
      ChatThread openAi = thread(LLMClient.OPENAI, ResponseFormat.AUTO_TOOLS)
          .setTools(List.of(testFunction(), verdict()));
      ChatThread anthropic = thread(LLMClient.ANTHROPIC, ResponseFormat.AUTO_TOOLS)
          .setTools(List.of(testFunction(), verdict()));
      ChatThread vllm = thread(LLMClient.VLLM, ResponseFormat.AUTO_TOOLS)
          .setTools(List.of(testFunction(), verdict()));
      // then
      assertThat(openAi.toolsForLlm()).hasSize(2)
          .allSatisfy(tool -> assertThat(tool.path("type").asText()).isEqualTo("function"));
      assertThat(anthropic.toolsForLlm()).hasSize(2)
          .allSatisfy(tool -> assertThat(tool.has("input_schema")).isTrue());
      assertThat(anthropic.toolsForLlm().get(0).has("cache_control")).isTrue();
      assertThat(anthropic.toolsForLlm().get(1).has("cache_control")).isFalse();
      assertThat(vllm.toolsForLlm()).extracting(tool -> tool.path("type").asText())
          .containsExactly("function", "function");
      assertThat(thread(LLMClient.OPENAI, ResponseFormat.TEXT).toolsForLlm()).isEmpty();
    }

    @Test
    @DisplayName("C-THR-12 tools by name, falling back to the forced output")
    void toolByName() {
      // given
      CallableTool callable = testFunction();
      StructuredTool structured = verdict();
      StructuredTool forced = new StructuredTool("forced_one", Map.of("type", "object"));
      ChatThread thread = thread(LLMClient.OPENAI, ResponseFormat.TOOL)
          .setTools(List.of(callable, structured)).setForcedOutput(forced);
      // then
      assertThat(thread.toolByName("test_function")).containsSame(callable);
      assertThat(thread.toolByName("verdict")).containsSame(structured);
      assertThat(thread.toolByName("forced_one")).containsSame(forced);
      assertThat(thread.toolByName("unknown")).isEmpty();
    }

    @Test
    @DisplayName("C-THR-13 the OpenAI response format of text, json_object and tool formats")
    void responseFormat() {
      assertThat(thread(LLMClient.OPENAI, ResponseFormat.TEXT).oaiResponseFormat().orElseThrow())
          .isEqualTo(json("{\"type\":\"text\"}"));
      assertThat(thread(LLMClient.OPENAI, ResponseFormat.JSON_OBJECT).oaiResponseFormat()
          .orElseThrow()).isEqualTo(json("{\"type\":\"json_object\"}"));
      assertThat(thread(LLMClient.OPENAI, ResponseFormat.TOOL)
          .setTools(List.of(testFunction())).oaiResponseFormat()).isEmpty();
      assertThat(thread(LLMClient.OPENAI, ResponseFormat.STRUCTURED_OUTPUT)
          .setForcedOutput(verdict()).oaiResponseFormat().orElseThrow().path("type").asText())
          .isEqualTo("json_schema");
    }

    @Test
    @DisplayName("C-THR-14 prefill and postfill go into the request copy, never the history")
    void prefillAndPostfill() {
      // given
      ChatThread anthropic = conversation(new LLMConfig(LLMClient.ANTHROPIC)
          .setResponseFormat(ResponseFormat.JSON_BEG));
      ChatThread openAi = conversation(new LLMConfig(LLMClient.OPENAI)
          .setResponseFormat(ResponseFormat.JSON_OBJECT));
      String lastBefore = openAi.history().get(1).content();
      // when
      List<ChatMessage> prefilled = anthropic.messageObjects();
      List<ChatMessage> postfilled = openAi.messageObjects();
      List<ObjectNode> oai = openAi.oaiMessages();
      openAi.messageObjects();
      // then
      assertThat(anthropic.usePrefill()).isTrue();
      assertThat(anthropic.usePostfill()).isFalse();
      assertThat(openAi.usePostfill()).isTrue();
      assertThat(openAi.usePrefill()).isFalse();
      assertThat(prefilled.get(prefilled.size() - 1).content()).isEqualTo(anthropic.prefill());
      assertThat(prefilled.get(prefilled.size() - 1).role()).isEqualTo(MessageRole.ASSISTANT);
      assertThat(postfilled.get(postfilled.size() - 1).content())
          .isEqualTo(lastBefore + openAi.postfill());
      assertThat(oai.get(oai.size() - 1).path("content").asText())
          .isEqualTo(lastBefore + openAi.postfill());
      assertThat(openAi.history().get(1).content()).isEqualTo(lastBefore);
      assertThat(openAi.setUseSchemaInstruction(true).usePostfill()).isFalse();
    }

    @Test
    @DisplayName("C-THR-15 all usages: the assistant messages' usages in order")
    void allUsages() {
      // given
      ChatThread thread = withUser(thread(LLMClient.OPENAI, ResponseFormat.TEXT), "one");
      Usage first = new Usage("gpt-4", 1, 2, 3);
      Usage second = new Usage("gpt-4", 4, 5, 9);
      thread.addChatTurnHistory(output("a", null, first), callables);
      thread.addChatTurnHistory(output("b", null, null), callables);
      thread.addChatTurnHistory(output("c", null, second), callables);
      // then
      assertThat(thread.allUsages()).containsExactly(first, second);
    }

    @Test
    @DisplayName("D-21 views change nothing and store nothing")
    void viewsArePure() {
      // given
      ChatThread thread = conversation(new LLMConfig(LLMClient.OPENAI)
          .setResponseFormat(ResponseFormat.JSON_OBJECT)).setNewMessage("pending");
      registry.register(thread);
      long stored = registry.status().versionCount();
      List<ChatMessage> before = List.copyOf(thread.history());
      // when
      for (int i = 0; i < 3; i++) {
        thread.messageObjects();
        thread.messages();
        thread.oaiMessages();
        thread.anthropicMessages();
        thread.vllmMessages();
        thread.systemMessage();
        thread.toolsForLlm();
        ProviderRequests.openAi(thread);
      }
      // then
      assertThat(thread.history()).containsExactlyElementsOf(before);
      assertThat(thread.history().get(1).content()).isEqualTo("Hi! How can I help?");
      assertThat(thread.newMessage()).isEqualTo("pending");
      assertThat(registry.pendingChanges(thread).isEmpty()).isTrue();
      assertThat(registry.status().versionCount()).isEqualTo(stored);
    }

    @Test
    @DisplayName("D-26 without history, a request still holds the latest user turn")
    void withoutHistory() {
      // given
      ChatThread thread = conversation(new LLMConfig(LLMClient.ANTHROPIC)).setUseHistory(false);
      withUser(thread, "Second question");
      ChatThread pending = conversation(new LLMConfig(LLMClient.VLLM)).setUseHistory(false)
          .setNewMessage("Pending question");
      // then
      assertThat(thread.messageObjects()).extracting(ChatMessage::content)
          .containsExactly("You are a helpful assistant.", "Second question");
      assertThat(pending.messages()).extracting(m -> m.path("content").asText())
          .containsExactly("You are a helpful assistant.", "Pending question");
      assertThat(ProviderRequests.anthropic(thread).path("messages")).hasSize(1);
    }

    @Test
    @DisplayName("4.6 a tool call no tool message answers is sent as text")
    void unansweredCall() {
      // given
      ChatThread thread = withUser(thread(LLMClient.OPENAI, ResponseFormat.JSON_OBJECT), "JSON");
      thread.addChatTurnHistory(output(null, new GeneratedJsonObject("parsed_content",
          Map.of("a", 1), "generated-id"), null), callables);
      // when
      ObjectNode oaiLast = thread.oaiMessages().get(1);
      ObjectNode chatmlLast = thread.messages().get(1);
      // then
      assertThat(oaiLast.has("tool_calls")).isFalse();
      assertThat(oaiLast.path("content").asText()).startsWith("{\"a\": 1}");
      assertThat(chatmlLast.has("tool_calls")).isFalse();
      assertThat(thread.history().get(1).toChatml().has("tool_calls")).isTrue();
    }
  }
}
