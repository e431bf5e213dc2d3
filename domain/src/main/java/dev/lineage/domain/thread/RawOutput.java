package dev.lineage.domain.thread;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lineage.domain.Entity;
import dev.lineage.domain.Required;
import dev.lineage.domain.TypeName;
import dev.lineage.storage.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A provider's response as received, with the request that produced it (reference 4.2, 4.9).
 * Immutable. {@link #parse()} reads it lazily, once, and never throws: a result it cannot read,
 * or an {@code "error"} result, gives a {@link ParsedOutput} with the error text (D-24). The
 * parse is cached in a transient field, so reading it never changes the stored version.
 */
@TypeName("RawOutput")
public final class RawOutput extends Entity {

  @Required private final Map<String, Object> rawResult;
  @Required private final Map<String, Object> completionKwargs;
  private final double startTime;
  private final double endTime;
  private final UUID chatThreadId;
  private final UUID chatThreadLiveId;
  @Required private final LLMClient client;

  private transient ParsedOutput parsed;

  /** For the registry, which fills the fields of stored versions. */
  private RawOutput() {
    this(null, new Builder());
  }

  private RawOutput(RawOutput version, Builder builder) {
    super(version);
    this.rawResult = builder.rawResult;
    this.completionKwargs = builder.completionKwargs;
    this.startTime = builder.startTime;
    this.endTime = builder.endTime;
    this.chatThreadId = builder.chatThreadId;
    this.chatThreadLiveId = builder.chatThreadLiveId;
    this.client = builder.client;
  }

  /**
   * A builder of the output of {@code client} for the request {@code completionKwargs}, which
   * answered {@code rawResult} (both copied).
   *
   * @throws dev.lineage.storage.InvalidInputException if any is null
   */
  public static Builder builder(
      LLMClient client, Map<String, ?> rawResult, Map<String, ?> completionKwargs) {
    Builder builder = new Builder();
    builder.client = Fields.required(client, "RawOutput", "client");
    builder.rawResult = Fields.required(Json.copy(rawResult), "RawOutput", "rawResult");
    builder.completionKwargs =
        Fields.required(Json.copy(completionKwargs), "RawOutput", "completionKwargs");
    return builder;
  }

  /**
   * A builder of the output of {@code client} for {@code request} (as a request builder made
   * it), which answered {@code responseBody}; a body that is not a JSON object is kept as
   * {@link #rawResultOf} says.
   */
  public static Builder forResponse(LLMClient client, JsonNode request, String responseBody) {
    Fields.required(request, "RawOutput", "completionKwargs");
    if (!request.isObject()) {
      throw new InvalidInputException(
          "RawOutput: the request must be a JSON object, not " + request.getNodeType());
    }
    return builder(client, rawResultOf(responseBody), Json.plainObject(request));
  }

  /**
   * The raw result to store for a provider's response body: the JSON object it holds, or, when
   * the body is not one (truncated, empty, HTML), {@code {"error": "<why>", "body": "<the body>"}},
   * so the body is kept and parsing reports the error.
   */
  public static Map<String, Object> rawResultOf(String responseBody) {
    Optional<JsonNode> json = Json.parse(responseBody);
    if (json.isPresent() && json.get().isObject()) {
      return Json.plainObject(json.get());
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("error", "the provider's response is not a JSON object");
    result.put("body", responseBody);
    return result;
  }

  /** The provider's response (read-only). */
  public Map<String, Object> rawResult() {
    return Json.readOnly(rawResult);
  }

  /** The request that was sent (read-only). */
  public Map<String, Object> completionKwargs() {
    return Json.readOnly(completionKwargs);
  }

  /** When the request was sent, in epoch seconds. */
  public double startTime() {
    return startTime;
  }

  /** When the response arrived, in epoch seconds. */
  public double endTime() {
    return endTime;
  }

  /** The thread version the request was built from; null if not recorded. */
  public UUID chatThreadId() {
    return chatThreadId;
  }

  /** The working copy of the thread the request was built from; null if not recorded. */
  public UUID chatThreadLiveId() {
    return chatThreadLiveId;
  }

  public LLMClient client() {
    return client;
  }

  /** {@code endTime - startTime}, in seconds. */
  public double timeTaken() {
    return endTime - startTime;
  }

  /** What the result says; computed once, never throws. */
  public synchronized ParsedOutput parse() {
    if (parsed == null) {
      parsed = OutputParser.parse(this);
    }
    return parsed;
  }

  /** The text of the answer; null if none. */
  public String strContent() {
    return parse().content();
  }

  /** The JSON object of the answer; null if none. */
  public GeneratedJsonObject jsonObject() {
    return parse().jsonObject();
  }

  /** The tokens used; null if unknown. */
  public Usage usage() {
    return parse().usage();
  }

  /** Why the result could not be read; null if it could. */
  public String error() {
    return parse().error();
  }

  /** Whether the answer holds a JSON object. */
  public boolean containsObject() {
    return jsonObject() != null;
  }

  /**
   * The processed form of this output (reference 4.10): the parse, the time taken and the thread
   * ids. An error result gives an output with the error text, not an exception.
   *
   * @throws IllegalStateException if the thread id or live id was not recorded
   */
  public ProcessedOutput createProcessedOutput() {
    if (chatThreadId == null) {
      throw new IllegalStateException("Chat thread ID is required to create a ProcessedOutput");
    }
    if (chatThreadLiveId == null) {
      throw new IllegalStateException(
          "Chat thread live ID is required to create a ProcessedOutput");
    }
    ParsedOutput result = parse();
    return ProcessedOutput.builder(client, this, chatThreadId, chatThreadLiveId)
        .content(result.content())
        .jsonObject(result.jsonObject())
        .usage(result.usage())
        .error(result.error())
        .timeTaken(timeTaken())
        .build();
  }

  /** A copy standing for this version with other times; committing it forks. */
  public RawOutput withTimes(double startTime, double endTime) {
    Builder builder = toBuilder();
    builder.startTime = startTime;
    builder.endTime = endTime;
    return new RawOutput(this, builder);
  }

  /** A copy standing for this version with other thread ids; committing it forks. */
  public RawOutput withChatThread(UUID chatThreadId, UUID chatThreadLiveId) {
    return new RawOutput(this, toBuilder().chatThread(chatThreadId, chatThreadLiveId));
  }

  private Builder toBuilder() {
    Builder builder = new Builder();
    builder.rawResult = rawResult;
    builder.completionKwargs = completionKwargs;
    builder.startTime = startTime;
    builder.endTime = endTime;
    builder.chatThreadId = chatThreadId;
    builder.chatThreadLiveId = chatThreadLiveId;
    builder.client = client;
    return builder;
  }

  /** Collects the values of a new {@link RawOutput}; start with {@link RawOutput#builder}. */
  public static final class Builder {
    private Map<String, Object> rawResult;
    private Map<String, Object> completionKwargs;
    private double startTime;
    private double endTime;
    private UUID chatThreadId;
    private UUID chatThreadLiveId;
    private LLMClient client;

    private Builder() {}

    /** When the request was sent and the response arrived, in epoch seconds. */
    public Builder times(double startTime, double endTime) {
      this.startTime = startTime;
      this.endTime = endTime;
      return this;
    }

    /** The thread version and working copy the request was built from. */
    public Builder chatThread(UUID chatThreadId, UUID chatThreadLiveId) {
      this.chatThreadId = chatThreadId;
      this.chatThreadLiveId = chatThreadLiveId;
      return this;
    }

    /** A new raw output (a new version of a new lineage). */
    public RawOutput build() {
      return new RawOutput(null, this);
    }
  }
}
