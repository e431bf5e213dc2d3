package dev.lineage.domain.thread;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.domain.Entities;
import dev.lineage.domain.Entity;
import dev.lineage.domain.Required;
import dev.lineage.domain.TypeName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A conversation with a model (reference 4.2, 4.6, 4.7): its configuration, tools and {@code
 * history}, the ordered messages of this thread version (D-20). A mutable working copy.
 *
 * <p>The derived views ({@link #messageObjects()}, {@link #messages()}, {@link #oaiMessages()},
 * {@link #anthropicMessages()}, ...) are pure (D-21): they build transient copies and never
 * change the history or store anything. The mutators ({@link #addUserMessage()}, {@link
 * #resetWorkflowStep()}, {@link #addChatTurnHistory}) change this working copy only; run them
 * through {@link ThreadOperations} to version each call.
 */
@TypeName("ChatThread")
public final class ChatThread extends Entity {

  private static final Set<ResponseFormat> MAY_SKIP_USER_MESSAGE =
      EnumSet.of(ResponseFormat.AUTO_TOOLS, ResponseFormat.WORKFLOW);
  private static final Set<LLMClient> PREFILL_CLIENTS =
      EnumSet.of(LLMClient.ANTHROPIC, LLMClient.VLLM, LLMClient.LITELLM);

  private String name;
  private SystemPrompt systemPrompt;
  @Required private List<ChatMessage> history = Entities.newList();
  private String newMessage;
  @Required private String prefill = "Here's the valid JSON object response:```json";
  @Required private String postfill = "\n\nPlease provide your response in JSON format.";
  private boolean useSchemaInstruction = false;
  private boolean useHistory = true;
  private Tool forcedOutput;
  @Required private LLMConfig llmConfig;
  @Required private List<Tool> tools = new ArrayList<>();
  private Integer workflowStep;

  /** For the registry, which fills the fields of stored versions. */
  private ChatThread() {}

  /**
   * An empty thread using {@code llmConfig}; in workflow format its step starts at 0.
   *
   * @throws dev.lineage.storage.InvalidInputException if the configuration is null
   */
  public ChatThread(LLMConfig llmConfig) {
    setLlmConfig(llmConfig);
  }

  // ---- fields ----

  public String name() {
    return name;
  }

  public SystemPrompt systemPrompt() {
    return systemPrompt;
  }

  /** The messages of this thread version, oldest first (read-only). */
  public List<ChatMessage> history() {
    return Collections.unmodifiableList(history);
  }

  /** The user's next message, waiting for {@link #addUserMessage()}; null if none. */
  public String newMessage() {
    return newMessage;
  }

  public String prefill() {
    return prefill;
  }

  public String postfill() {
    return postfill;
  }

  public boolean useSchemaInstruction() {
    return useSchemaInstruction;
  }

  public boolean useHistory() {
    return useHistory;
  }

  /** The tool the model must answer with in tool or structured-output format; null if none. */
  public Tool forcedOutput() {
    return forcedOutput;
  }

  public LLMConfig llmConfig() {
    return llmConfig;
  }

  /** The tools offered to the model (read-only). */
  public List<Tool> tools() {
    return Collections.unmodifiableList(tools);
  }

  /** The index of the next tool in workflow format; null outside a workflow. */
  public Integer workflowStep() {
    return workflowStep;
  }

  public ChatThread setName(String name) {
    this.name = name;
    return this;
  }

  public ChatThread setSystemPrompt(SystemPrompt systemPrompt) {
    this.systemPrompt = systemPrompt;
    return this;
  }

  /** Replaces the history with {@code history}, in its order. */
  public ChatThread setHistory(List<ChatMessage> history) {
    List<ChatMessage> copy = Entities.newList();
    copy.addAll(Fields.required(history, "ChatThread", "history"));
    copy.forEach(message -> Objects.requireNonNull(message, "a message of the history"));
    this.history = copy;
    return this;
  }

  /** Appends {@code message} to the history. */
  public ChatThread appendMessage(ChatMessage message) {
    history.add(Objects.requireNonNull(message, "message"));
    return this;
  }

  public ChatThread setNewMessage(String newMessage) {
    this.newMessage = newMessage;
    return this;
  }

  public ChatThread setPrefill(String prefill) {
    this.prefill = Fields.required(prefill, "ChatThread", "prefill");
    return this;
  }

  public ChatThread setPostfill(String postfill) {
    this.postfill = Fields.required(postfill, "ChatThread", "postfill");
    return this;
  }

  public ChatThread setUseSchemaInstruction(boolean useSchemaInstruction) {
    this.useSchemaInstruction = useSchemaInstruction;
    return this;
  }

  public ChatThread setUseHistory(boolean useHistory) {
    this.useHistory = useHistory;
    return this;
  }

  public ChatThread setForcedOutput(Tool forcedOutput) {
    this.forcedOutput = forcedOutput;
    return this;
  }

  /** Uses {@code llmConfig}; in workflow format an unset step becomes 0 (reference 4.2). */
  public ChatThread setLlmConfig(LLMConfig llmConfig) {
    this.llmConfig = Fields.required(llmConfig, "ChatThread", "llmConfig");
    if (llmConfig.responseFormat() == ResponseFormat.WORKFLOW && workflowStep == null) {
      workflowStep = 0;
    }
    return this;
  }

  /** Replaces the tools with {@code tools}, in their order. */
  public ChatThread setTools(List<? extends Tool> tools) {
    List<Tool> copy = new ArrayList<>(Fields.required(tools, "ChatThread", "tools"));
    copy.forEach(tool -> Objects.requireNonNull(tool, "a tool"));
    this.tools = copy;
    return this;
  }

  /** Adds {@code tool} to the tools offered. */
  public ChatThread addTool(Tool tool) {
    tools.add(Objects.requireNonNull(tool, "tool"));
    return this;
  }

  public ChatThread setWorkflowStep(Integer workflowStep) {
    this.workflowStep = workflowStep;
    return this;
  }

  // ---- derived views (pure, D-21) ----

  /**
   * OpenAI's {@code response_format} for this thread: {@code {"type":"text"}}, {@code
   * {"type":"json_object"}}, or the forced structured tool's json_schema format; empty otherwise.
   */
  public Optional<ObjectNode> oaiResponseFormat() {
    switch (llmConfig.responseFormat()) {
      case TEXT:
        return Optional.of(Json.object().put("type", "text"));
      case JSON_OBJECT:
        return Optional.of(Json.object().put("type", "json_object"));
      case STRUCTURED_OUTPUT:
        return forcedOutput instanceof StructuredTool structured
            ? structured.openAiJsonSchemaResponse()
            : Optional.empty();
      default:
        return Optional.empty();
    }
  }

  /** Whether requests end with an assistant message holding the prefill (Anthropic, vLLM...). */
  public boolean usePrefill() {
    return PREFILL_CLIENTS.contains(llmConfig.client())
        && llmConfig.responseFormat() == ResponseFormat.JSON_BEG;
  }

  /** Whether the postfill is appended to the last message of OpenAI requests in JSON formats. */
  public boolean usePostfill() {
    return llmConfig.client() == LLMClient.OPENAI
        && (llmConfig.responseFormat() == ResponseFormat.JSON_OBJECT
            || llmConfig.responseFormat() == ResponseFormat.JSON_BEG)
        && !useSchemaInstruction;
  }

  /**
   * The system message as a chatml dict: the prompt, plus the forced structured tool's schema
   * instruction when {@code useSchemaInstruction}; role {@code developer} for an OpenAI
   * reasoner. Empty when there is nothing to say.
   */
  public Optional<ObjectNode> systemMessage() {
    return systemContent().map(content -> {
      ObjectNode message = Json.object();
      boolean developer = llmConfig.reasoner() && llmConfig.client() == LLMClient.OPENAI;
      message.put("role", developer ? "developer" : "system");
      message.put("content", content);
      return message;
    });
  }

  /**
   * The messages a request is built from, as transient copies (reference {@code
   * message_objects}, D-21): the system message, the history (with {@code useHistory} false,
   * only the latest user turn, D-26), the pending new message, then an assistant prefill or the
   * postfill appended to the last message's text.
   */
  public List<ChatMessage> messageObjects() {
    List<ChatMessage> messages = new ArrayList<>();
    systemContent().ifPresent(content -> messages.add(ChatMessage.of(MessageRole.SYSTEM, content)));
    boolean pending = newMessage != null && !newMessage.isEmpty();
    if (useHistory) {
      messages.addAll(history);
    } else if (!pending) {
      messages.addAll(latestUserTurn());
    }
    if (pending) {
      messages.add(ChatMessage.of(MessageRole.USER, newMessage));
    }
    if (messages.isEmpty()) {
      return messages;
    }
    if (usePrefill()) {
      messages.add(ChatMessage.of(MessageRole.ASSISTANT, prefill));
    } else if (usePostfill()) {
      ChatMessage last = messages.remove(messages.size() - 1);
      messages.add(last.withContent(last.content() + postfill));
    }
    return messages;
  }

  /**
   * {@link #messageObjects()} as chatml dicts. An assistant tool call that no tool message
   * answers is written as text, since providers refuse an unanswered call.
   */
  public List<ObjectNode> messages() {
    List<ChatMessage> objects = messageObjects();
    List<ObjectNode> dicts = new ArrayList<>(objects.size());
    for (int i = 0; i < objects.size(); i++) {
      dicts.add(objects.get(i).toChatml(answered(objects, i)));
    }
    return dicts;
  }

  /**
   * The OpenAI message list, built from the history as the reference does (it ignores {@code
   * useHistory}, the pending message, the prefill and the schema instruction): the system prompt
   * ({@code developer} for a reasoner), then each message; the postfill is appended to the last
   * one in json_beg and json_object formats (D-23). Unanswered tool calls are written as text.
   */
  public List<ObjectNode> oaiMessages() {
    List<ObjectNode> messages = new ArrayList<>();
    if (systemPrompt != null) {
      ObjectNode system = Json.object();
      system.put("role", llmConfig.reasoner() ? "developer" : "system");
      system.put("content", systemPrompt.content());
      messages.add(system);
    }
    for (int i = 0; i < history.size(); i++) {
      ChatMessage message = history.get(i);
      ObjectNode dict = Json.object();
      dict.put("role", message.role().wire());
      dict.put("content", message.content());
      if (message.role() == MessageRole.TOOL) {
        dict.put("tool_call_id", message.oaiToolCallId());
      } else if (message.role() == MessageRole.ASSISTANT && message.toolCall() != null) {
        if (answered(history, i)) {
          ObjectNode function = Json.object();
          function.put("name", message.toolName());
          function.put("arguments", Json.pythonText(message.toolCall()));
          ObjectNode call = Json.object();
          call.put("id", message.oaiToolCallId());
          call.put("type", "function");
          call.set("function", function);
          dict.set("tool_calls", Json.array().add(call));
        } else if (message.content().isEmpty()) {
          dict.put("content", Json.pythonText(message.toolCall()));
        }
      }
      messages.add(dict);
    }
    if (usePostfill() && !messages.isEmpty()) {
      ObjectNode last = messages.get(messages.size() - 1);
      last.put("content", last.path("content").asText("") + postfill);
    }
    return messages;
  }

  /**
   * {@link #messages()} in Anthropic's form (reference {@code msg_dict_to_anthropic}): system
   * blocks apart; tool results as user messages with a {@code tool_result} block; tool calls as
   * a {@code tool_use} block; text as text blocks. With {@code useCache}, the system block and
   * the messages at positions n-1 and n-3 of the full list carry {@code cache_control}.
   */
  public AnthropicMessages anthropicMessages() {
    List<ObjectNode> dicts = messages();
    boolean useCache = llmConfig.useCache();
    Set<Integer> cached = new HashSet<>();
    if (useCache) {
      cached.add(dicts.size() - 1);
      cached.add(Math.max(0, dicts.size() - 3));
    }
    ArrayNode system = null;
    List<ObjectNode> messages = new ArrayList<>();
    for (int i = 0; i < dicts.size(); i++) {
      ObjectNode dict = dicts.get(i);
      String role = dict.path("role").asText();
      String content = dict.path("content").asText("");
      boolean cache = cached.contains(i);
      ObjectNode block;
      ObjectNode message = Json.object();
      if ("system".equals(role)) {
        system = Json.array().add(textBlock(content, useCache));
        continue;
      } else if ("tool".equals(role)) {
        message.put("role", "user");
        block = Json.object();
        block.put("type", "tool_result");
        block.set("tool_use_id", dict.path("tool_call_id"));
        block.put("content", content);
        block.put("is_error", false);
      } else if (dict.has("tool_calls")) {
        message.put("role", "assistant");
        JsonNode call = dict.path("tool_calls").get(0);
        block = Json.object();
        block.put("type", "tool_use");
        block.set("id", call.path("id"));
        block.set("name", call.path("function").path("name"));
        block.set("input", toolInput(call.path("function").path("arguments").asText("")));
      } else {
        message.put("role", role);
        block = textBlock(content, false);
      }
      if (cache) {
        block.set("cache_control", Tool.ephemeral());
      }
      message.set("content", Json.array().add(block));
      messages.add(message);
    }
    return new AnthropicMessages(Optional.ofNullable(system), messages);
  }

  /** {@link #messages()} for vLLM's OpenAI-compatible server (reference {@code msg_dict_to_oai}). */
  public List<ObjectNode> vllmMessages() {
    return messages();
  }

  /** The first tool named {@code name}, else the forced output if it is so named. */
  public Optional<Tool> toolByName(String name) {
    for (Tool tool : tools) {
      if (tool.name().equals(name)) {
        return Optional.of(tool);
      }
    }
    return forcedOutput != null && forcedOutput.name().equals(name)
        ? Optional.of(forcedOutput)
        : Optional.empty();
  }

  /**
   * The tools in the provider's format (Anthropic: only the first carries {@code cache_control},
   * when {@code useCache}); empty when there are none. Tools without a schema are left out.
   */
  public List<ObjectNode> toolsForLlm() {
    List<ObjectNode> formatted = new ArrayList<>();
    for (int i = 0; i < tools.size(); i++) {
      Tool tool = tools.get(i);
      Optional<ObjectNode> json = llmConfig.client() == LLMClient.ANTHROPIC
          ? tool.anthropicTool(i == 0 && llmConfig.useCache())
          : tool.openAiTool();
      json.ifPresent(formatted::add);
    }
    return formatted;
  }

  /** The usage of every assistant message that has one, in history order. */
  public List<Usage> allUsages() {
    List<Usage> usages = new ArrayList<>();
    for (ChatMessage message : history) {
      if (message.role() == MessageRole.ASSISTANT && message.usage() != null) {
        usages.add(message.usage());
      }
    }
    return usages;
  }

  // ---- mutators (reference 4.7; ThreadOperations versions them) ----

  /**
   * Moves the pending {@link #newMessage()} into the history as a user message that answers the
   * last message and names this thread version (D-20), and clears the pending message.
   *
   * @return the new message; empty in auto-tools and workflow formats when nothing is pending
   * @throws IllegalStateException when nothing is pending in other formats
   */
  public Optional<ChatMessage> addUserMessage() {
    if (newMessage == null || newMessage.isEmpty()) {
      if (MAY_SKIP_USER_MESSAGE.contains(llmConfig.responseFormat())) {
        return Optional.empty();
      }
      throw new IllegalStateException("Cannot add user message - no new message content");
    }
    ChatMessage message =
        ChatMessage.builder(MessageRole.USER, newMessage)
            .chatThreadId(ecsId())
            .parentMessageUuid(history.isEmpty() ? null : last().ecsId())
            .build();
    history.add(message);
    newMessage = null;
    return Optional.of(message);
  }

  /** Starts the workflow again at its first tool. */
  public void resetWorkflowStep() {
    workflowStep = 0;
  }

  /**
   * Appends the model's answer to the history, and, when it calls one of this thread's tools, the
   * tool's result (reference 4.7): a callable tool runs through {@code callables} ({@code
   * {"result": ...}}); a structured tool validates the call ({@code {"status": "validated",
   * ...}}, or {@code {"error": ...}} when it does not match, D-25); a failing tool gives {@code
   * {"error": "<message>"}}. A successful tool advances the workflow step.
   *
   * @throws IllegalStateException if the history is empty
   */
  public ChatTurn addChatTurnHistory(ProcessedOutput output, CallableRegistry callables) {
    Turn turn = beginTurn(output, callables);
    if (turn.tool == null) {
      return turn.finish(null);
    }
    if (turn.tool instanceof CallableTool callable) {
      try {
        return turn.finish(ToolOutcome.success(callable.execute(callables, turn.arguments)));
      } catch (RuntimeException e) {
        return turn.finish(ToolOutcome.failure(e));
      }
    }
    return turn.finish(ToolOutcome.validated((StructuredTool) turn.tool, turn.arguments));
  }

  /**
   * {@link #addChatTurnHistory} with a callable tool run without blocking; the assistant message
   * is appended at once, the tool message when the tool completes. Leave the thread alone until
   * the future completes: a working copy is not thread-safe.
   *
   * @throws IllegalStateException if the history is empty
   */
  public CompletableFuture<ChatTurn> addChatTurnHistoryAsync(
      ProcessedOutput output, CallableRegistry callables) {
    Turn turn = beginTurn(output, callables);
    if (turn.tool instanceof CallableTool callable) {
      return callable.executeAsync(callables, turn.arguments)
          .handle((result, error) -> turn.finish(error == null
              ? ToolOutcome.success(result)
              : ToolOutcome.failure(unwrap(error))));
    }
    return CompletableFuture.completedFuture(turn.finish(turn.tool == null ? null
        : ToolOutcome.validated((StructuredTool) turn.tool, turn.arguments)));
  }

  // ---- helpers ----

  private Turn beginTurn(ProcessedOutput output, CallableRegistry callables) {
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(callables, "callables");
    if (history.isEmpty()) {
      throw new IllegalStateException("Cannot add chat turn to empty history");
    }
    ChatMessage parent = last();
    GeneratedJsonObject json = output.jsonObject();
    ChatMessage.Builder assistant =
        ChatMessage.builder(MessageRole.ASSISTANT, output.content() == null ? "" : output.content())
            .chatThreadId(ecsId())
            .parentMessageUuid(parent.ecsId())
            .usage(output.usage());
    if (json != null) {
      assistant.toolCall(json.object()).toolName(json.name()).oaiToolCallId(json.toolCallId());
    }
    if (forcedOutput != null) {
      assistant.toolUuid(forcedOutput.ecsId()).toolType(forcedOutput.toolType());
      if (forcedOutput instanceof StructuredTool structured) {
        assistant.toolJsonSchema(structured.jsonSchema());
      }
    }
    ChatMessage message = assistant.build();
    history.add(message);
    Tool tool = json == null ? null : toolByName(json.name()).orElse(null);
    return new Turn(parent, message, tool, json == null ? null : json.object());
  }

  /** A turn between its assistant message and its tool message. */
  private final class Turn {
    final ChatMessage parent;
    final ChatMessage assistant;
    final Tool tool;
    final Map<String, Object> arguments;
    /** The thread version the turn began on, which its tool message names too (D-20). */
    final UUID threadVersion = ecsId();

    Turn(ChatMessage parent, ChatMessage assistant, Tool tool, Map<String, Object> arguments) {
      this.parent = parent;
      this.assistant = assistant;
      this.tool = tool;
      this.arguments = arguments;
    }

    ChatTurn finish(ToolOutcome outcome) {
      if (outcome == null) {
        return new ChatTurn(parent, assistant, Optional.empty());
      }
      ChatMessage.Builder message =
          ChatMessage.builder(MessageRole.TOOL, outcome.content())
              .chatThreadId(threadVersion)
              .parentMessageUuid(assistant.ecsId())
              .oaiToolCallId(assistant.oaiToolCallId())
              .toolName(tool.name())
              .toolUuid(tool.ecsId())
              .toolType(tool.toolType());
      if (tool instanceof StructuredTool structured) {
        message.toolJsonSchema(structured.jsonSchema());
      }
      ChatMessage toolMessage = message.build();
      history.add(toolMessage);
      if (outcome.succeeded()
          && workflowStep != null
          && llmConfig.responseFormat() == ResponseFormat.WORKFLOW) {
        workflowStep = workflowStep + 1;
      }
      return new ChatTurn(parent, assistant, Optional.of(toolMessage));
    }
  }

  /** The text of a tool message and whether the tool succeeded. */
  private record ToolOutcome(String content, boolean succeeded) {

    static ToolOutcome success(Map<String, Object> result) {
      return new ToolOutcome(Json.pythonText(result), true);
    }

    static ToolOutcome failure(Throwable error) {
      String message = error.getMessage() != null ? error.getMessage() : error.toString();
      return new ToolOutcome(Json.pythonText(Map.of("error", message)), false);
    }

    static ToolOutcome validated(StructuredTool tool, Map<String, Object> arguments) {
      Optional<String> problem = tool.validate(arguments);
      if (problem.isPresent()) {
        return new ToolOutcome(Json.pythonText(Map.of("error", problem.get())), false);
      }
      Map<String, Object> status = new LinkedHashMap<>();
      status.put("status", "validated");
      status.put("message", "Schema validation successful");
      return new ToolOutcome(Json.pythonText(status), true);
    }
  }

  private ChatMessage last() {
    return history.get(history.size() - 1);
  }

  private Optional<String> systemContent() {
    String content = systemPrompt == null ? "" : systemPrompt.content();
    if (useSchemaInstruction && forcedOutput instanceof StructuredTool structured) {
      content = content + "\n" + structured.schemaInstruction();
    }
    return content.isEmpty() ? Optional.empty() : Optional.of(content);
  }

  /** The history from its last user message on: the turn in progress. */
  private List<ChatMessage> latestUserTurn() {
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i).role() == MessageRole.USER) {
        return history.subList(i, history.size());
      }
    }
    return List.of();
  }

  /** Whether the message at {@code index} calls a tool that the next message answers. */
  private static boolean answered(List<ChatMessage> messages, int index) {
    ChatMessage message = messages.get(index);
    if (message.role() != MessageRole.ASSISTANT || message.oaiToolCallId() == null) {
      return false;
    }
    if (index + 1 >= messages.size()) {
      return false;
    }
    ChatMessage next = messages.get(index + 1);
    return next.role() == MessageRole.TOOL
        && message.oaiToolCallId().equals(next.oaiToolCallId());
  }

  private static ObjectNode textBlock(String text, boolean cache) {
    ObjectNode block = Json.object();
    block.put("type", "text");
    block.put("text", text);
    if (cache) {
      block.set("cache_control", Tool.ephemeral());
    }
    return block;
  }

  private static JsonNode toolInput(String arguments) {
    Optional<JsonNode> parsed = Json.parse(arguments);
    if (parsed.isPresent() && parsed.get().isObject()) {
      return parsed.get();
    }
    return Json.object().put("raw", arguments);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while (current instanceof CompletionException && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
