package dev.lineage.domain.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.domain.EntityRegistry;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The thread entities (reference 4.2, 4.3, 5.7): construction, rules, chatml, immutability. */
class ThreadEntitiesTest {

  private final EntityRegistry registry = EntityRegistry.over(new InMemoryEntityStorage());

  @Nested
  class Messages {

    @Test
    @DisplayName("C-MSG-1 a message has its role, content and a timestamp, and reads back")
    void messageCreation() {
      // when
      ChatMessage message = registry.register(ChatMessage.of(MessageRole.USER, "Hello, world!"));
      // then
      assertThat(message.role()).isEqualTo(MessageRole.USER);
      assertThat(message.content()).isEqualTo("Hello, world!");
      assertThat(message.timestamp()).isNotNull();
      ChatMessage read = registry.get(message.ecsId(), ChatMessage.class).orElseThrow();
      assertThat(read.content()).isEqualTo("Hello, world!");
      assertThat(read.timestamp()).isEqualTo(message.timestamp());
    }

    @Test
    @DisplayName("C-MSG-2 chatml: plain roles give role and content only")
    void chatmlOfPlainRoles() {
      for (MessageRole role : List.of(MessageRole.USER, MessageRole.ASSISTANT,
          MessageRole.SYSTEM)) {
        // when
        ObjectNode dict = ChatMessage.of(role, "text").toChatml();
        // then
        assertThat(dict).isEqualTo(json("{\"role\":\"" + role.wire() + "\",\"content\":\"text\"}"));
      }
    }

    @Test
    @DisplayName("C-MSG-2 chatml: a tool message names its call; an assistant call lists it")
    void chatmlOfToolMessages() {
      // given
      ChatMessage tool = ChatMessage.builder(MessageRole.TOOL, "{\"result\": 12}")
          .oaiToolCallId("call_abc123").build();
      ChatMessage assistant = ChatMessage.builder(MessageRole.ASSISTANT, "")
          .oaiToolCallId("call_def456")
          .toolName("test_function")
          .toolCall(Map.of("x", 5, "y", 7))
          .build();
      // when
      ObjectNode toolDict = tool.toChatml();
      ObjectNode assistantDict = assistant.toChatml();
      // then
      assertThat(toolDict.path("tool_call_id").asText()).isEqualTo("call_abc123");
      JsonNode call = assistantDict.path("tool_calls").get(0);
      assertThat(call.path("id").asText()).isEqualTo("call_def456");
      assertThat(call.path("type").asText()).isEqualTo("function");
      assertThat(call.path("function").path("name").asText()).isEqualTo("test_function");
      assertThat(json(call.path("function").path("arguments").asText()))
          .isEqualTo(json("{\"x\":5,\"y\":7}"));
    }

    @Test
    @DisplayName("C-MSG-2 chatml: an assistant call without arguments writes them as null")
    void chatmlOfCallWithoutArguments() {
      // given
      ChatMessage assistant = ChatMessage.builder(MessageRole.ASSISTANT, "")
          .oaiToolCallId("call_1").toolName("ping").build();
      // when
      JsonNode arguments =
          assistant.toChatml().path("tool_calls").get(0).path("function").path("arguments");
      // then
      assertThat(arguments.asText()).isEqualTo("null");
    }

    @Test
    @DisplayName("C-MSG-3 a message from a chatml dict takes its role and content")
    void fromChatml() {
      // when
      ChatMessage message =
          ChatMessage.fromChatml(json("{\"role\":\"user\",\"content\":\"Test from dict\"}"));
      // then
      assertThat(message.role()).isEqualTo(MessageRole.USER);
      assertThat(message.content()).isEqualTo("Test from dict");
      assertThatThrownBy(() -> ChatMessage.fromChatml(json("{\"role\":\"robot\"}")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("robot");
    }

    @Test
    @DisplayName("C-MSG-4 a message answering another is no root, and finds its parent")
    void parentAndChild() {
      // given
      ChatMessage parent = registry.register(ChatMessage.of(MessageRole.USER, "Parent message"));
      ChatMessage child = registry.register(
          ChatMessage.builder(MessageRole.ASSISTANT, "Child message")
              .parentMessageUuid(parent.ecsId()).build());
      // when
      ChatMessage found = child.parent(registry).orElseThrow();
      // then
      assertThat(parent.isConversationRoot()).isTrue();
      assertThat(child.isConversationRoot()).isFalse();
      assertThat(found.content()).isEqualTo("Parent message");
      assertThat(parent.parent(registry)).isEmpty();
    }

    @Test
    @DisplayName("4.3 a message finds the tool version it names, by kind")
    void toolLookup() {
      // given
      StructuredTool structured = registry.register(
          new StructuredTool("answer", Map.of("type", "object")));
      ChatMessage message = ChatMessage.builder(MessageRole.TOOL, "{}")
          .toolUuid(structured.ecsId()).toolType(ToolType.STRUCTURED).build();
      ChatMessage wrongKind = message.withToolType(ToolType.CALLABLE);
      // then
      assertThat(message.tool(registry)).get().extracting(Tool::name).isEqualTo("answer");
      assertThat(wrongKind.tool(registry)).isEmpty();
      assertThat(ChatMessage.of(MessageRole.USER, "x").tool(registry)).isEmpty();
    }

    @Test
    @DisplayName("4.2 a message needs a role and a content, which may be empty")
    void requiredFields() {
      assertThatThrownBy(() -> ChatMessage.of(null, "x"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("ChatMessage: field 'role' is required");
      assertThatThrownBy(() -> ChatMessage.of(MessageRole.USER, null))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("ChatMessage: field 'content' is required");
      assertThat(ChatMessage.of(MessageRole.ASSISTANT, "").content()).isEmpty();
    }
  }

  @Nested
  class Immutability {

    @Test
    @DisplayName("a with-copy stands for the same version; committing it forks that version")
    void withCopyForks() {
      // given
      ChatMessage original = registry.register(ChatMessage.of(MessageRole.USER, "first"));
      // when
      ChatMessage edited = original.withContent("edited");
      // then
      assertThat(edited.ecsId()).isEqualTo(original.ecsId());
      assertThat(edited.lineageId()).isEqualTo(original.lineageId());
      assertThat(edited.liveId()).isNotEqualTo(original.liveId());
      assertThat(original.content()).isEqualTo("first");
      registry.commit(edited);
      assertThat(edited.ecsId()).isNotEqualTo(original.ecsId());
      assertThat(edited.parentId()).contains(original.ecsId());
      assertThat(registry.get(original.ecsId(), ChatMessage.class).orElseThrow().content())
          .isEqualTo("first");
      assertThat(registry.get(edited.ecsId(), ChatMessage.class).orElseThrow().content())
          .isEqualTo("edited");
    }

    @Test
    @DisplayName("a with-copy of a read version forks into the stored lineage")
    void withCopyOfReadVersion() {
      // given
      Usage stored = registry.register(new Usage("gpt-4", 1, 2, 3));
      Usage read = registry.get(stored.ecsId(), Usage.class).orElseThrow();
      // when
      Usage corrected = registry.commit(read.withTotalTokens(4).withCachedTokens(1));
      // then
      assertThat(corrected.parentId()).contains(stored.ecsId());
      assertThat(registry.lineageIds(stored.lineageId()))
          .containsExactly(stored.ecsId(), corrected.ecsId());
    }

    @Test
    @DisplayName("maps of facts are read-only, nested ones too, and detached from the caller's")
    void mapsAreReadOnly() {
      // given
      Map<String, Object> arguments = new LinkedHashMap<>();
      List<Object> items = new ArrayList<>(List.of(1, 2));
      arguments.put("items", items);
      arguments.put("inner", new LinkedHashMap<>(Map.of("k", "v")));
      GeneratedJsonObject object = new GeneratedJsonObject("tool", arguments, "call_1");
      // when
      arguments.put("later", true);
      items.add(3);
      // then
      assertThat(object.object()).containsOnlyKeys("items", "inner");
      assertThat(object.object().get("items")).isEqualTo(List.of(1, 2));
      assertThatThrownBy(() -> object.object().put("x", 1))
          .isInstanceOf(UnsupportedOperationException.class);
      @SuppressWarnings("unchecked")
      Map<String, Object> inner = (Map<String, Object>) object.object().get("inner");
      assertThatThrownBy(() -> inner.put("k", "changed"))
          .isInstanceOf(UnsupportedOperationException.class);
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) object.object().get("items");
      assertThatThrownBy(() -> list.add(4)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("facts read back with every field, final fields filled by the registry")
    void finalFieldsReadBack() {
      // given
      Usage usage = Usage.builder("gpt-4", 20, 10, 30).reasoningTokens(4).build();
      ChatMessage message = ChatMessage.builder(MessageRole.ASSISTANT, "answer")
          .authorUuid(UUID.randomUUID())
          .chatThreadId(UUID.randomUUID())
          .parentMessageUuid(UUID.randomUUID())
          .toolName("multiply")
          .toolUuid(UUID.randomUUID())
          .toolType(ToolType.CALLABLE)
          .oaiToolCallId("call_9")
          .toolJsonSchema(Map.of("type", "object"))
          .toolCall(Map.of("x", 5))
          .usage(usage)
          .build();
      registry.register(message);
      // when
      ChatMessage read = registry.get(message.ecsId(), ChatMessage.class).orElseThrow();
      // then
      assertThat(read).usingRecursiveComparison()
          .ignoringFields("liveId", "baseline", "usage.liveId", "usage.baseline")
          .isEqualTo(message);
      assertThat(read.usage().reasoningTokens()).isEqualTo(4);
      assertThat(registry.pendingChanges(read).isEmpty()).isTrue();
    }
  }

  @Nested
  class Configurations {

    @Test
    @DisplayName("C-CFG-1 a configuration with only a client has the reference's defaults")
    void defaults() {
      // when
      LLMConfig config = new LLMConfig(LLMClient.OPENAI);
      // then
      assertThat(config.model()).isNull();
      assertThat(config.maxTokens()).isEqualTo(400);
      assertThat(config.temperature()).isZero();
      assertThat(config.responseFormat()).isEqualTo(ResponseFormat.TEXT);
      assertThat(config.useCache()).isTrue();
      assertThat(config.reasoner()).isFalse();
      assertThat(config.reasoningEffort()).isEqualTo(ReasoningEffort.MEDIUM);
    }

    static Stream<Arguments> validCombinations() {
      return Stream.of(
          Arguments.of(LLMClient.OPENAI, ResponseFormat.TEXT, false),
          Arguments.of(LLMClient.OPENAI, ResponseFormat.JSON_OBJECT, false),
          Arguments.of(LLMClient.OPENAI, ResponseFormat.STRUCTURED_OUTPUT, false),
          Arguments.of(LLMClient.ANTHROPIC, ResponseFormat.TEXT, false),
          Arguments.of(LLMClient.ANTHROPIC, ResponseFormat.JSON_BEG, false),
          Arguments.of(LLMClient.OPENAI, ResponseFormat.TEXT, true));
    }

    @ParameterizedTest(name = "C-CFG-2 {0} with {1}, reasoner {2}, is accepted")
    @MethodSource("validCombinations")
    @DisplayName("C-CFG-2 valid combinations are accepted")
    void validCombination(LLMClient client, ResponseFormat format, boolean reasoner) {
      // when
      LLMConfig config = new LLMConfig(client).setResponseFormat(format).setReasoner(reasoner);
      // then
      assertThat(registry.register(config).responseFormat()).isEqualTo(format);
    }

    static Stream<Arguments> invalidCombinations() {
      return Stream.of(
          Arguments.of(LLMClient.ANTHROPIC, ResponseFormat.JSON_OBJECT, false,
              "anthropic does not support json_object response format"),
          Arguments.of(LLMClient.ANTHROPIC, ResponseFormat.STRUCTURED_OUTPUT, false,
              "anthropic does not support structured_output"),
          Arguments.of(LLMClient.VLLM, ResponseFormat.JSON_OBJECT, false,
              "vllm does not support json_object response format"),
          Arguments.of(LLMClient.LITELLM, ResponseFormat.JSON_OBJECT, false,
              "litellm does not support json_object response format"),
          Arguments.of(LLMClient.ANTHROPIC, ResponseFormat.TEXT, true,
              "only supported for OpenAI o1 and o3"));
    }

    @ParameterizedTest(name = "C-CFG-2 {0} with {1}, reasoner {2}, is refused")
    @MethodSource("invalidCombinations")
    @DisplayName("C-CFG-2 invalid combinations are refused, and the configuration is unchanged")
    void invalidCombination(
        LLMClient client, ResponseFormat format, boolean reasoner, String message) {
      // given
      LLMConfig config = new LLMConfig(client);
      // when / then
      assertThatThrownBy(() -> config.setResponseFormat(format).setReasoner(reasoner))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(message);
      assertThat(config.responseFormat() == format && config.reasoner() == reasoner).isFalse();
    }

    @Test
    @DisplayName("C-CFG-2 switching the client checks the format it already has")
    void switchingClientIsChecked() {
      // given
      LLMConfig config = new LLMConfig(LLMClient.OPENAI).setResponseFormat(
          ResponseFormat.JSON_OBJECT);
      // when / then
      assertThatThrownBy(() -> config.setClient(LLMClient.ANTHROPIC))
          .isInstanceOf(InvalidInputException.class);
      assertThat(config.client()).isEqualTo(LLMClient.OPENAI);
      config.setResponseFormat(ResponseFormat.JSON_BEG).setClient(LLMClient.ANTHROPIC);
      assertThat(config.client()).isEqualTo(LLMClient.ANTHROPIC);
    }

    @Test
    @DisplayName("4.2 max tokens of at least 1 and a temperature within 0..2")
    void numericBounds() {
      LLMConfig config = new LLMConfig(LLMClient.OPENAI);
      assertThatThrownBy(() -> config.setMaxTokens(0)).hasMessageContaining("maxTokens");
      assertThatThrownBy(() -> config.setTemperature(2.5)).hasMessageContaining("temperature");
      assertThatThrownBy(() -> config.setTemperature(Double.NaN))
          .hasMessageContaining("temperature");
      assertThat(config.maxTokens()).isEqualTo(400);
      assertThat(config.setTemperature(2).temperature()).isEqualTo(2.0);
      assertThatThrownBy(() -> new LLMConfig(null))
          .hasMessage("LLMConfig: field 'client' is required");
    }

    @Test
    @DisplayName("C-CFG-3 prompts, usage records and generated objects keep what they are given")
    void simpleEntities() {
      // when
      SystemPrompt prompt = new SystemPrompt("assistant", "You are helpful.");
      Usage plain = new Usage("gpt-4", 100, 50, 150);
      Usage cached = Usage.builder("claude-3", 10, 20, 30)
          .cacheCreationInputTokens(5).cacheReadInputTokens(2).build();
      Map<String, Object> nested = Map.of("a", Map.of("b", List.of(1, Map.of("c", true))));
      GeneratedJsonObject object = new GeneratedJsonObject("complex", nested);
      // then
      assertThat(prompt.name()).isEqualTo("assistant");
      assertThat(prompt.content()).isEqualTo("You are helpful.");
      assertThat(plain.totalTokens()).isEqualTo(150);
      assertThat(List.of(plain.cachedTokens() == null, plain.reasoningTokens() == null,
          plain.audioTokens() == null, plain.cacheReadInputTokens() == null)).containsOnly(true);
      assertThat(cached.cacheCreationInputTokens()).isEqualTo(5);
      assertThat(cached.cacheReadInputTokens()).isEqualTo(2);
      assertThat(object.toolCallId()).isNull();
      assertThat(object.object()).isEqualTo(nested);
      assertThatThrownBy(() -> new SystemPrompt(null, "x"))
          .hasMessage("SystemPrompt: field 'name' is required");
      assertThatThrownBy(() -> new GeneratedJsonObject("x", null))
          .hasMessage("GeneratedJsonObject: field 'object' is required");
      assertThatThrownBy(() -> new Usage(null, 1, 1, 2))
          .hasMessage("Usage: field 'model' is required");
    }

    @Test
    @DisplayName("4.2 request limits default to 50 requests and 100,000 tokens for OpenAI")
    void requestLimits() {
      RequestLimits limits = new RequestLimits();
      assertThat(limits.maxRequestsPerMinute()).isEqualTo(50);
      assertThat(limits.maxTokensPerMinute()).isEqualTo(100_000);
      assertThat(limits.provider()).isEqualTo(LLMClient.OPENAI);
      assertThatThrownBy(() -> new RequestLimits(0, 1, LLMClient.OPENAI))
          .hasMessageContaining("maxRequestsPerMinute");
    }

    @Test
    @DisplayName("D-28 no thread entity has a field for a credential")
    void noCredentialFields() {
      for (Class<?> type : List.of(SystemPrompt.class, LLMConfig.class, Usage.class,
          GeneratedJsonObject.class, ChatMessage.class, CallableTool.class, StructuredTool.class,
          RawOutput.class, ProcessedOutput.class, ChatThread.class, RequestLimits.class)) {
        for (var field : type.getDeclaredFields()) {
          assertThat(field.getName().toLowerCase())
              .as(type.getSimpleName())
              .doesNotContain("key", "secret", "password", "credential");
        }
      }
    }
  }

  static ObjectNode json(String text) {
    return (ObjectNode) Json.parse(text).orElseThrow();
  }
}
