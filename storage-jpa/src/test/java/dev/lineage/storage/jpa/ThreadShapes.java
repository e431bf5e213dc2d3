package dev.lineage.storage.jpa;

import dev.lineage.storage.Commit;
import dev.lineage.storage.EntityStorage;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hand-made version records shaped exactly as the thread domain stores its entities (the type
 * names, field names, field order and value kinds of thread-entities.md), so the adapter's typed
 * tables can be tested at the port, without the registry.
 */
final class ThreadShapes {

  private ThreadShapes() {}

  /** A thread version, the versions it was committed with, and how to grow it. */
  record Thread(VersionRecord version, List<VersionRecord> committed) {

    UUID id() {
      return version.ecsId();
    }

    List<Value> history() {
      return ((Value.Seq) version.fields().get("history")).items();
    }
  }

  static Map<String, Value> fields(Object... namesAndValues) {
    Map<String, Value> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields.put((String) namesAndValues[i], (Value) namesAndValues[i + 1]);
    }
    return fields;
  }

  static VersionRecord first(String type, Map<String, Value> fields) {
    UUID id = UUID.randomUUID();
    return new VersionRecord(id, id, null, List.of(), now(), type, fields);
  }

  static VersionRecord next(VersionRecord parent, Map<String, Value> fields) {
    List<UUID> oldIds = new ArrayList<>(parent.oldIds());
    oldIds.add(parent.ecsId());
    return new VersionRecord(UUID.randomUUID(), parent.lineageId(), parent.ecsId(), oldIds, now(),
        parent.type(), fields);
  }

  /** {@code version} with one field changed, as the next version of it. */
  static VersionRecord nextWith(VersionRecord version, String field, Value value) {
    Map<String, Value> fields = new LinkedHashMap<>(version.fields());
    fields.put(field, value);
    return next(version, fields);
  }

  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  static Value text(String text) {
    return new Value.Text(text);
  }

  static Value integer(long number) {
    return new Value.Int(number);
  }

  static Value real(double number) {
    return new Value.Real(number);
  }

  static Value bool(boolean flag) {
    return Value.Bool.of(flag);
  }

  static Value uuid() {
    return new Value.Uuid(UUID.randomUUID());
  }

  static Value ref(VersionRecord target) {
    return new Value.Ref(target.ecsId());
  }

  static Value refs(List<VersionRecord> targets) {
    List<Value> items = new ArrayList<>();
    targets.forEach(target -> items.add(ref(target)));
    return new Value.Seq(items);
  }

  static Value json() {
    return new Value.Obj(fields(
        "type", text("object"),
        "properties", new Value.Obj(fields("x", new Value.Obj(fields("type", text("integer"))))),
        "required", new Value.Seq(List.of(text("x"))),
        "weight", real(0.25),
        "count", integer(3),
        "nothing", Value.NULL));
  }

  // ---- one record per thread type, every field set to a value other than its default ----

  static VersionRecord systemPrompt() {
    return first("SystemPrompt", fields("name", text("helper"),
        "content", text("You are helpful. مرحبا 👩‍💻")));
  }

  static VersionRecord llmConfig() {
    return first("LLMConfig", fields("client", text("ANTHROPIC"), "model", text("claude-x"),
        "maxTokens", integer(2048), "temperature", real(0.30000000000000004),
        "responseFormat", text("JSON_OBJECT"), "useCache", bool(false), "reasoner", bool(true),
        "reasoningEffort", text("HIGH")));
  }

  static VersionRecord usage() {
    return first("Usage", fields("model", text("gpt-x"), "promptTokens", integer(10),
        "completionTokens", integer(8), "totalTokens", integer(18),
        "cacheCreationInputTokens", integer(1), "cacheReadInputTokens", integer(2),
        "acceptedPredictionTokens", integer(3), "audioTokens", integer(4),
        "reasoningTokens", integer(5), "rejectedPredictionTokens", integer(6),
        "cachedTokens", integer(7)));
  }

  static VersionRecord generatedJsonObject() {
    return first("GeneratedJsonObject", fields("name", text("weather"), "object", json(),
        "toolCallId", text("call_1")));
  }

  static VersionRecord callableTool() {
    return first("CallableTool", fields("name", text("add"), "docstring", text("Adds."),
        "inputSchema", json(), "outputSchema", new Value.Obj(fields("type", text("integer"))),
        "strictSchema", bool(false), "callableText", text("def add(a, b): return a + b")));
  }

  static VersionRecord structuredTool() {
    return first("StructuredTool", fields("name", text("answer"), "description", text("An answer."),
        "instructionString", text("Follow it:"), "jsonSchema", json(), "strictSchema", bool(false),
        "postValidateSchema", bool(false)));
  }

  static VersionRecord message(String role, String content, VersionRecord usage) {
    return first("ChatMessage", fields("timestamp", new Value.Time(now()), "role", text(role),
        "content", text(content), "authorUuid", uuid(), "chatThreadId", uuid(),
        "parentMessageUuid", uuid(), "toolName", text("add"), "toolUuid", uuid(),
        "toolType", text("CALLABLE"), "oaiToolCallId", text("call_7"), "toolJsonSchema", json(),
        "toolCall", new Value.Obj(fields("name", text("add"), "arguments",
            new Value.Obj(fields("a", integer(5), "b", integer(7))))),
        "usage", usage == null ? Value.NULL : ref(usage)));
  }

  /** A plain message, as a conversation holds them: no tool fields. */
  static VersionRecord plainMessage(String role, String content, VersionRecord usage) {
    return first("ChatMessage", fields("timestamp", new Value.Time(now()), "role", text(role),
        "content", text(content), "authorUuid", Value.NULL, "chatThreadId", uuid(),
        "parentMessageUuid", Value.NULL, "toolName", Value.NULL, "toolUuid", Value.NULL,
        "toolType", Value.NULL, "oaiToolCallId", Value.NULL, "toolJsonSchema", Value.NULL,
        "toolCall", Value.NULL, "usage", usage == null ? Value.NULL : ref(usage)));
  }

  static VersionRecord rawOutput() {
    return first("RawOutput", fields("rawResult", json(),
        "completionKwargs", new Value.Obj(fields("model", text("gpt-x"), "temperature", real(0.7))),
        "startTime", real(1_700_000_000.125), "endTime", real(1_700_000_001.5),
        "chatThreadId", uuid(), "chatThreadLiveId", uuid(), "client", text("OPENROUTER")));
  }

  static VersionRecord processedOutput(VersionRecord raw, VersionRecord object,
      VersionRecord usage) {
    return first("ProcessedOutput", fields("content", text("42"), "jsonObject", ref(object),
        "usage", ref(usage), "error", text("none really"), "timeTaken", real(1.375),
        "llmClient", text("OPENROUTER"), "rawOutput", ref(raw), "chatThreadId", uuid(),
        "chatThreadLiveId", uuid()));
  }

  static VersionRecord requestLimits() {
    return first("RequestLimits", fields("maxRequestsPerMinute", integer(500),
        "maxTokensPerMinute", integer(200_000), "provider", text("VLLM")));
  }

  static VersionRecord thread(VersionRecord prompt, VersionRecord config,
      List<VersionRecord> history, VersionRecord forced, List<VersionRecord> tools) {
    return first("ChatThread", fields("name", text("a thread"),
        "systemPrompt", prompt == null ? Value.NULL : ref(prompt), "history", refs(history),
        "newMessage", text("next question"), "prefill", text("prefill"), "postfill",
        text("postfill"), "useSchemaInstruction", bool(true), "useHistory", bool(false),
        "forcedOutput", forced == null ? Value.NULL : ref(forced), "llmConfig", ref(config),
        "tools", refs(tools), "workflowStep", integer(1)));
  }

  /**
   * Commits a thread with a system prompt, a configuration, two tools (one also forced) and
   * {@code messages} messages (every second one an assistant message with usage), then returns
   * it. Large histories are committed in one version; that is how a long thread's base looks.
   */
  static Thread conversation(EntityStorage storage, int messages) {
    Thread thread = newConversation(messages);
    storage.commit(Commit.of(thread.id(), thread.committed()));
    return thread;
  }

  /** The versions {@link #conversation} commits, not committed. */
  static Thread newConversation(int messages) {
    VersionRecord prompt = systemPrompt();
    VersionRecord config = llmConfig();
    VersionRecord callable = callableTool();
    VersionRecord structured = structuredTool();
    List<VersionRecord> committed =
        new ArrayList<>(List.of(prompt, config, callable, structured));
    List<VersionRecord> history = new ArrayList<>();
    for (int i = 0; i < messages; i++) {
      if (i % 2 == 0) {
        history.add(plainMessage("USER", "question " + i, null));
      } else {
        VersionRecord usage = usage();
        committed.add(usage);
        history.add(plainMessage("ASSISTANT", "answer " + i, usage));
      }
    }
    committed.addAll(history);
    VersionRecord thread = thread(prompt, config, history, callable, List.of(callable, structured));
    committed.add(thread);
    return new Thread(thread, committed);
  }

  /** Commits the next thread version with one turn appended (see {@link #nextTurn}). */
  static Thread appendTurn(EntityStorage storage, Thread thread, String question) {
    Thread next = nextTurn(thread, question);
    storage.commit(Commit.of(next.id(), next.committed()));
    return next;
  }

  /** The next thread version with one turn appended: a user message, an answer with usage. */
  static Thread nextTurn(Thread thread, String question) {
    VersionRecord user = plainMessage("USER", question, null);
    VersionRecord usage = usage();
    VersionRecord answer = plainMessage("ASSISTANT", "answer to " + question, usage);
    List<Value> history = new ArrayList<>(thread.history());
    history.add(ref(user));
    history.add(ref(answer));
    VersionRecord next = nextWith(thread.version(), "history", new Value.Seq(history));
    return new Thread(next, List.of(user, usage, answer, next));
  }
}
