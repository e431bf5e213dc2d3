package dev.lineage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.domain.Entity;
import dev.lineage.domain.thread.CallableFunction;
import dev.lineage.domain.thread.CallableRegistry;
import dev.lineage.domain.thread.CallableTool;
import dev.lineage.domain.thread.ChatMessage;
import dev.lineage.domain.thread.ChatThread;
import dev.lineage.domain.thread.GeneratedJsonObject;
import dev.lineage.domain.thread.LLMClient;
import dev.lineage.domain.thread.LLMConfig;
import dev.lineage.domain.thread.MessageRole;
import dev.lineage.domain.thread.ProcessedOutput;
import dev.lineage.domain.thread.RawOutput;
import dev.lineage.domain.thread.ReasoningEffort;
import dev.lineage.domain.thread.RequestLimits;
import dev.lineage.domain.thread.ResponseFormat;
import dev.lineage.domain.thread.StructuredTool;
import dev.lineage.domain.thread.SystemPrompt;
import dev.lineage.domain.thread.ToolType;
import dev.lineage.domain.thread.Usage;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Thread entities for the H rules, every field set to a value that is not its default. */
final class ThreadFixtures {

  /** The arguments of the {@code add} tool. */
  record Operands(int x, int y) {}

  private ThreadFixtures() {}

  /** A registry of functions holding {@code add}, which sums its two integers. */
  static CallableRegistry callables() {
    CallableRegistry callables = new CallableRegistry();
    callables.register("add", CallableFunction.of(Operands.class, Integer.class,
        in -> in.x() + in.y()).withDescription("Add two integers."));
    return callables;
  }

  static SystemPrompt prompt() {
    return new SystemPrompt("haiku prompt", "Answer in haiku. 🎋 «ok» \"quoted\"");
  }

  static LLMConfig config() {
    return new LLMConfig(LLMClient.OPENAI, "o3-mini-2025-01-31")
        .setMaxTokens(1_234)
        .setTemperature(0.7)
        .setResponseFormat(ResponseFormat.STRUCTURED_OUTPUT)
        .setUseCache(false)
        .setReasoner(true)
        .setReasoningEffort(ReasoningEffort.HIGH);
  }

  static Usage usage() {
    return Usage.builder("gpt-4o-2024-08-06", 120, 45, 165)
        .cacheCreationInputTokens(7)
        .cacheReadInputTokens(11)
        .acceptedPredictionTokens(3)
        .audioTokens(2)
        .reasoningTokens(31)
        .rejectedPredictionTokens(1)
        .cachedTokens(64)
        .build();
  }

  static Map<String, Object> nestedJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("x", 5);
    json.put("big", 5_000_000_000L);
    json.put("ratio", 0.25);
    json.put("flag", false);
    json.put("none", null);
    json.put("tags", List.of("a", "b"));
    json.put("inner", Map.of("deep", List.of(Map.of("k", "v"))));
    json.put("a.b$c", "");
    return json;
  }

  static GeneratedJsonObject generatedObject() {
    return new GeneratedJsonObject("add", nestedJson(), "call_rule_1");
  }

  static ChatMessage message() {
    return ChatMessage.builder(MessageRole.ASSISTANT, "The sum is 12. ✓")
        .timestamp(Instant.parse("2025-03-12T10:15:30.123Z"))
        .authorUuid(UUID.randomUUID())
        .chatThreadId(UUID.randomUUID())
        .parentMessageUuid(UUID.randomUUID())
        .toolName("add")
        .toolUuid(UUID.randomUUID())
        .toolType(ToolType.STRUCTURED)
        .oaiToolCallId("call_rule_2")
        .toolJsonSchema(Map.of("type", "object", "properties", Map.of("x", Map.of("type",
            "integer"))))
        .toolCall(nestedJson())
        .usage(usage())
        .build();
  }

  static CallableTool callableTool(CallableRegistry callables) {
    return CallableTool.fromRegistry(callables, "add")
        .setDocstring("Adds two integers, carefully.")
        .setStrictSchema(false)
        .setCallableText("def add(x: int, y: int) -> int:\n    return x + y\n");
  }

  static StructuredTool structuredTool() {
    return new StructuredTool("verdict", Map.of("type", "object",
        "properties", Map.of("status", Map.of("type", "string")),
        "required", List.of("status")))
        .setDescription("Give a verdict.")
        .setInstructionString("Answer in this shape:")
        .setStrictSchema(false)
        .setPostValidateSchema(false);
  }

  static RawOutput rawOutput() {
    return RawOutput.builder(LLMClient.ANTHROPIC,
            Map.of("id", "msg_1", "type", "message", "role", "assistant", "model", "claude",
                "content", List.of(Map.of("type", "text", "text", "Hi")),
                "usage", Map.of("input_tokens", 3, "output_tokens", 4)),
            Map.of("model", "claude", "max_tokens", 400))
        .times(1_741_785_600.125, 1_741_785_600.625)
        .chatThread(UUID.randomUUID(), UUID.randomUUID())
        .build();
  }

  static ProcessedOutput processedOutput() {
    RawOutput raw = rawOutput();
    return ProcessedOutput.builder(LLMClient.ANTHROPIC, raw, raw.chatThreadId(),
            raw.chatThreadLiveId())
        .content("Hi")
        .jsonObject(generatedObject())
        .usage(usage())
        .error("API Error: partly failed")
        .timeTaken(0.5)
        .build();
  }

  static ChatThread thread(CallableRegistry callables) {
    ChatMessage question = ChatMessage.of(MessageRole.USER, "What is 5 + 7?");
    ChatMessage answer = ChatMessage.builder(MessageRole.ASSISTANT, "12")
        .parentMessageUuid(question.ecsId()).usage(usage()).build();
    StructuredTool verdict = structuredTool();
    return new ChatThread(config())
        .setName("rule thread")
        .setSystemPrompt(prompt())
        .setHistory(List.of(question, answer))
        .setNewMessage("And 6 + 7?")
        .setPrefill("{")
        .setPostfill("\nJSON only.")
        .setUseSchemaInstruction(true)
        .setUseHistory(false)
        .setForcedOutput(verdict)
        .setTools(List.of(callableTool(callables), verdict))
        .setWorkflowStep(3);
  }

  static RequestLimits requestLimits() {
    return new RequestLimits(500, 200_000, LLMClient.ANTHROPIC);
  }

  /** Every thread entity type, each with every field set. */
  static List<Entity> everyEntity() {
    CallableRegistry callables = callables();
    return List.of(prompt(), config(), usage(), generatedObject(), message(),
        callableTool(callables), structuredTool(), rawOutput(), processedOutput(),
        thread(callables), requestLimits());
  }

  /** The stored fields of {@code entity}'s class: not static, not transient, superclass first. */
  static List<Field> storedFields(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = type; c != Entity.class; c = c.getSuperclass()) {
      List<Field> own = new ArrayList<>();
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers)
            && !field.isSynthetic()) {
          field.setAccessible(true);
          own.add(field);
        }
      }
      fields.addAll(0, own);
    }
    return fields;
  }

  /**
   * Checks that no stored field of {@code entity} holds the value a freshly built instance has,
   * so a round trip that loses a field cannot go unnoticed (C-BASIC-9).
   */
  static void assertEveryFieldSet(Entity entity) throws ReflectiveOperationException {
    Constructor<? extends Entity> constructor =
        entity.getClass().getDeclaredConstructor();
    constructor.setAccessible(true);
    Entity defaults = constructor.newInstance();
    for (Field field : storedFields(entity.getClass())) {
      assertThat(field.get(entity))
          .as("%s.%s is set to a value other than its default", entity.getClass().getSimpleName(),
              field.getName())
          .isNotNull()
          .matches(value -> !Objects.equals(value, fieldValue(field, defaults)));
    }
  }

  private static Object fieldValue(Field field, Entity entity) {
    try {
      return field.get(entity);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
