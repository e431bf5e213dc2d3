package dev.lineage.domain.thread;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.domain.Entity;
import dev.lineage.domain.EntityRegistry;
import dev.lineage.domain.Required;
import dev.lineage.domain.TypeName;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One message of a conversation (reference 4.2, 4.3). Immutable: a fact of the conversation. A
 * thread's {@code history} lists the message versions of each thread version (D-20); {@code
 * chatThreadId} names the thread version that created the message and {@code parentMessageUuid}
 * the message it answers. The {@code with...} methods return a copy standing for the same
 * version, so committing an edited copy forks it.
 *
 * <p>Build a new message with {@link #builder}; maps are read-only views.
 */
@TypeName("ChatMessage")
public final class ChatMessage extends Entity {

  private final Instant timestamp;
  @Required private final MessageRole role;
  @Required private final String content;
  private final UUID authorUuid;
  private final UUID chatThreadId;
  private final UUID parentMessageUuid;
  private final String toolName;
  private final UUID toolUuid;
  private final ToolType toolType;
  private final String oaiToolCallId;
  private final Map<String, Object> toolJsonSchema;
  private final Map<String, Object> toolCall;
  private final Usage usage;

  /** For the registry, which fills the fields of stored versions. */
  private ChatMessage() {
    this(null, new Builder());
  }

  private ChatMessage(ChatMessage version, Builder builder) {
    super(version);
    this.timestamp = builder.timestamp;
    this.role = builder.role;
    this.content = builder.content;
    this.authorUuid = builder.authorUuid;
    this.chatThreadId = builder.chatThreadId;
    this.parentMessageUuid = builder.parentMessageUuid;
    this.toolName = builder.toolName;
    this.toolUuid = builder.toolUuid;
    this.toolType = builder.toolType;
    this.oaiToolCallId = builder.oaiToolCallId;
    this.toolJsonSchema = builder.toolJsonSchema;
    this.toolCall = builder.toolCall;
    this.usage = builder.usage;
  }

  /**
   * A builder of a new message by {@code role} saying {@code content} (may be empty), dated now.
   *
   * @throws dev.lineage.storage.InvalidInputException if either is null
   */
  public static Builder builder(MessageRole role, String content) {
    Builder builder = new Builder();
    builder.timestamp = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    builder.role = Fields.required(role, "ChatMessage", "role");
    builder.content = Fields.required(content, "ChatMessage", "content");
    return builder;
  }

  /** A new message by {@code role} saying {@code content}, with no links. */
  public static ChatMessage of(MessageRole role, String content) {
    return builder(role, content).build();
  }

  /**
   * A message from a chatml dict (reference {@code from_dict}): only its role and its text
   * content are read (other content counts as empty).
   *
   * @throws dev.lineage.storage.InvalidInputException if the role is missing or unknown
   */
  public static ChatMessage fromChatml(JsonNode dict) {
    Objects.requireNonNull(dict, "dict");
    JsonNode content = dict.path("content");
    String text = content.isTextual() ? content.textValue() : "";
    return of(MessageRole.fromWire(dict.path("role").asText(null)), text);
  }

  /** When the message was written (UTC, milliseconds). */
  public Instant timestamp() {
    return timestamp;
  }

  public MessageRole role() {
    return role;
  }

  /** The text; may be empty (an assistant message that only calls a tool), never null. */
  public String content() {
    return content;
  }

  /** Who wrote it, if known. */
  public UUID authorUuid() {
    return authorUuid;
  }

  /** The thread version that created it (D-20); null for a message made outside a thread. */
  public UUID chatThreadId() {
    return chatThreadId;
  }

  /** The message it answers; null for the first message of a conversation. */
  public UUID parentMessageUuid() {
    return parentMessageUuid;
  }

  /** The tool called (assistant) or run (tool message); null otherwise. */
  public String toolName() {
    return toolName;
  }

  /** The version of the tool involved; null if none. */
  public UUID toolUuid() {
    return toolUuid;
  }

  /** The kind of tool {@link #toolUuid()} names; null if none. */
  public ToolType toolType() {
    return toolType;
  }

  /** The provider's tool-call id linking an assistant's call and its tool message. */
  public String oaiToolCallId() {
    return oaiToolCallId;
  }

  /** The JSON schema of the structured tool involved, as a read-only view; null if none. */
  public Map<String, Object> toolJsonSchema() {
    return Json.readOnly(toolJsonSchema);
  }

  /** The arguments of the tool call, as a read-only view; null if none. */
  public Map<String, Object> toolCall() {
    return Json.readOnly(toolCall);
  }

  /** The tokens the response used (assistant messages from a model); null otherwise. */
  public Usage usage() {
    return usage;
  }

  /** Whether it starts a conversation: it answers no other message. */
  public boolean isConversationRoot() {
    return parentMessageUuid == null;
  }

  /** The message this one answers, read through {@code registry}; empty for a root. */
  public Optional<ChatMessage> parent(EntityRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    return parentMessageUuid == null
        ? Optional.empty()
        : registry.get(parentMessageUuid, ChatMessage.class);
  }

  /** The tool version this message names, read through {@code registry}; empty if none. */
  public Optional<Tool> tool(EntityRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    if (toolUuid == null || toolType == null) {
      return Optional.empty();
    }
    return toolType == ToolType.CALLABLE
        ? registry.get(toolUuid, CallableTool.class).map(Tool.class::cast)
        : registry.get(toolUuid, StructuredTool.class).map(Tool.class::cast);
  }

  /**
   * The message as a chatml dict (reference {@code to_dict}): {@code {"role", "content"}}, with
   * {@code tool_call_id} for a tool message, and {@code tool_calls} for an assistant message that
   * calls a tool (its arguments as JSON text).
   */
  public ObjectNode toChatml() {
    return toChatml(true);
  }

  /**
   * {@link #toChatml()}; without {@code withToolCall}, an assistant's tool call is written as
   * its text (or, when it has none, its arguments as JSON), for a call no tool message answers.
   */
  ObjectNode toChatml(boolean withToolCall) {
    ObjectNode dict = Json.object();
    dict.put("role", role.wire());
    dict.put("content", content);
    if (role == MessageRole.TOOL) {
      dict.put("tool_call_id", oaiToolCallId);
    } else if (role == MessageRole.ASSISTANT && oaiToolCallId != null && !withToolCall) {
      dict.put("content", content.isEmpty() ? Json.pythonText(toolCall) : content);
    } else if (role == MessageRole.ASSISTANT && oaiToolCallId != null) {
      ObjectNode function = Json.object();
      function.put("arguments", Json.pythonText(toolCall));
      function.put("name", toolName);
      ObjectNode call = Json.object();
      call.put("id", oaiToolCallId);
      call.set("function", function);
      call.put("type", "function");
      dict.set("tool_calls", Json.array().add(call));
    }
    return dict;
  }

  /** A copy standing for this version with another timestamp; committing it forks. */
  public ChatMessage withTimestamp(Instant timestamp) {
    return copy(toBuilder().timestamp(timestamp));
  }

  /** A copy standing for this version with another role; committing it forks. */
  public ChatMessage withRole(MessageRole role) {
    Builder builder = toBuilder();
    builder.role = Fields.required(role, "ChatMessage", "role");
    return copy(builder);
  }

  /** A copy standing for this version with another text; committing it forks. */
  public ChatMessage withContent(String content) {
    Builder builder = toBuilder();
    builder.content = Fields.required(content, "ChatMessage", "content");
    return copy(builder);
  }

  /** A copy standing for this version with another author; committing it forks. */
  public ChatMessage withAuthorUuid(UUID authorUuid) {
    return copy(toBuilder().authorUuid(authorUuid));
  }

  /** A copy standing for this version with another thread id; committing it forks. */
  public ChatMessage withChatThreadId(UUID chatThreadId) {
    return copy(toBuilder().chatThreadId(chatThreadId));
  }

  /** A copy standing for this version answering another message; committing it forks. */
  public ChatMessage withParentMessageUuid(UUID parentMessageUuid) {
    return copy(toBuilder().parentMessageUuid(parentMessageUuid));
  }

  /** A copy standing for this version with another tool name; committing it forks. */
  public ChatMessage withToolName(String toolName) {
    return copy(toBuilder().toolName(toolName));
  }

  /** A copy standing for this version naming another tool version; committing it forks. */
  public ChatMessage withToolUuid(UUID toolUuid) {
    return copy(toBuilder().toolUuid(toolUuid));
  }

  /** A copy standing for this version with another tool type; committing it forks. */
  public ChatMessage withToolType(ToolType toolType) {
    return copy(toBuilder().toolType(toolType));
  }

  /** A copy standing for this version with another tool-call id; committing it forks. */
  public ChatMessage withOaiToolCallId(String oaiToolCallId) {
    return copy(toBuilder().oaiToolCallId(oaiToolCallId));
  }

  /** A copy standing for this version with another tool schema; committing it forks. */
  public ChatMessage withToolJsonSchema(Map<String, ?> toolJsonSchema) {
    return copy(toBuilder().toolJsonSchema(toolJsonSchema));
  }

  /** A copy standing for this version with other tool arguments; committing it forks. */
  public ChatMessage withToolCall(Map<String, ?> toolCall) {
    return copy(toBuilder().toolCall(toolCall));
  }

  /** A copy standing for this version with another usage record; committing it forks. */
  public ChatMessage withUsage(Usage usage) {
    return copy(toBuilder().usage(usage));
  }

  private ChatMessage copy(Builder builder) {
    return new ChatMessage(this, builder);
  }

  /** A builder holding this message's values; its maps are shared, never changed in place. */
  private Builder toBuilder() {
    Builder builder = new Builder();
    builder.timestamp = timestamp;
    builder.role = role;
    builder.content = content;
    builder.authorUuid = authorUuid;
    builder.chatThreadId = chatThreadId;
    builder.parentMessageUuid = parentMessageUuid;
    builder.toolName = toolName;
    builder.toolUuid = toolUuid;
    builder.toolType = toolType;
    builder.oaiToolCallId = oaiToolCallId;
    builder.toolJsonSchema = toolJsonSchema;
    builder.toolCall = toolCall;
    builder.usage = usage;
    return builder;
  }

  /** Collects the values of a new {@link ChatMessage}; start with {@link ChatMessage#builder}. */
  public static final class Builder {
    private Instant timestamp;
    private MessageRole role;
    private String content;
    private UUID authorUuid;
    private UUID chatThreadId;
    private UUID parentMessageUuid;
    private String toolName;
    private UUID toolUuid;
    private ToolType toolType;
    private String oaiToolCallId;
    private Map<String, Object> toolJsonSchema;
    private Map<String, Object> toolCall;
    private Usage usage;

    private Builder() {}

    /** When it was written; kept to the millisecond. Null leaves it undated. */
    public Builder timestamp(Instant timestamp) {
      this.timestamp = timestamp == null ? null : timestamp.truncatedTo(ChronoUnit.MILLIS);
      return this;
    }

    public Builder authorUuid(UUID authorUuid) {
      this.authorUuid = authorUuid;
      return this;
    }

    public Builder chatThreadId(UUID chatThreadId) {
      this.chatThreadId = chatThreadId;
      return this;
    }

    public Builder parentMessageUuid(UUID parentMessageUuid) {
      this.parentMessageUuid = parentMessageUuid;
      return this;
    }

    public Builder toolName(String toolName) {
      this.toolName = toolName;
      return this;
    }

    public Builder toolUuid(UUID toolUuid) {
      this.toolUuid = toolUuid;
      return this;
    }

    public Builder toolType(ToolType toolType) {
      this.toolType = toolType;
      return this;
    }

    public Builder oaiToolCallId(String oaiToolCallId) {
      this.oaiToolCallId = oaiToolCallId;
      return this;
    }

    /** The schema, copied. */
    public Builder toolJsonSchema(Map<String, ?> toolJsonSchema) {
      this.toolJsonSchema = Json.copy(toolJsonSchema);
      return this;
    }

    /** The arguments, copied. */
    public Builder toolCall(Map<String, ?> toolCall) {
      this.toolCall = Json.copy(toolCall);
      return this;
    }

    public Builder usage(Usage usage) {
      this.usage = usage;
      return this;
    }

    /** A new message (a new version of a new lineage). */
    public ChatMessage build() {
      return new ChatMessage(null, this);
    }
  }
}
