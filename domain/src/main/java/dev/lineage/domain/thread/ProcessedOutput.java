package dev.lineage.domain.thread;

import dev.lineage.domain.Entity;
import dev.lineage.domain.Required;
import dev.lineage.domain.TypeName;
import java.util.UUID;

/**
 * A model's answer, ready for a thread (reference 4.2, 4.10): its text, JSON object, usage or
 * error, with the raw output it came from and the thread it is for. Immutable; usually made by
 * {@link RawOutput#createProcessedOutput()}.
 */
@TypeName("ProcessedOutput")
public final class ProcessedOutput extends Entity {

  private final String content;
  private final GeneratedJsonObject jsonObject;
  private final Usage usage;
  private final String error;
  private final double timeTaken;
  @Required private final LLMClient llmClient;
  @Required private final RawOutput rawOutput;
  @Required private final UUID chatThreadId;
  @Required private final UUID chatThreadLiveId;

  /** For the registry, which fills the fields of stored versions. */
  private ProcessedOutput() {
    this(null, new Builder());
  }

  private ProcessedOutput(ProcessedOutput version, Builder builder) {
    super(version);
    this.content = builder.content;
    this.jsonObject = builder.jsonObject;
    this.usage = builder.usage;
    this.error = builder.error;
    this.timeTaken = builder.timeTaken;
    this.llmClient = builder.llmClient;
    this.rawOutput = builder.rawOutput;
    this.chatThreadId = builder.chatThreadId;
    this.chatThreadLiveId = builder.chatThreadLiveId;
  }

  /**
   * A builder of the output of {@code llmClient} read from {@code rawOutput}, for the thread
   * version {@code chatThreadId} and working copy {@code chatThreadLiveId}.
   *
   * @throws dev.lineage.storage.InvalidInputException if any is null
   */
  public static Builder builder(
      LLMClient llmClient, RawOutput rawOutput, UUID chatThreadId, UUID chatThreadLiveId) {
    Builder builder = new Builder();
    builder.llmClient = Fields.required(llmClient, "ProcessedOutput", "llmClient");
    builder.rawOutput = Fields.required(rawOutput, "ProcessedOutput", "rawOutput");
    builder.chatThreadId = Fields.required(chatThreadId, "ProcessedOutput", "chatThreadId");
    builder.chatThreadLiveId =
        Fields.required(chatThreadLiveId, "ProcessedOutput", "chatThreadLiveId");
    return builder;
  }

  /** The text of the answer; null if none. */
  public String content() {
    return content;
  }

  /** The tool call or JSON object of the answer; null if none. */
  public GeneratedJsonObject jsonObject() {
    return jsonObject;
  }

  /** The tokens used; null if unknown. */
  public Usage usage() {
    return usage;
  }

  /** Why there is no answer; null if there is one. */
  public String error() {
    return error;
  }

  /** Seconds from request to response. */
  public double timeTaken() {
    return timeTaken;
  }

  public LLMClient llmClient() {
    return llmClient;
  }

  public RawOutput rawOutput() {
    return rawOutput;
  }

  /** The thread version the request was built from. */
  public UUID chatThreadId() {
    return chatThreadId;
  }

  /** The working copy of the thread the request was built from: where the answer goes. */
  public UUID chatThreadLiveId() {
    return chatThreadLiveId;
  }

  /** A copy standing for this version with another text; committing it forks. */
  public ProcessedOutput withContent(String content) {
    return new ProcessedOutput(this, toBuilder().content(content));
  }

  /** A copy standing for this version with another error; committing it forks. */
  public ProcessedOutput withError(String error) {
    return new ProcessedOutput(this, toBuilder().error(error));
  }

  private Builder toBuilder() {
    Builder builder = new Builder();
    builder.content = content;
    builder.jsonObject = jsonObject;
    builder.usage = usage;
    builder.error = error;
    builder.timeTaken = timeTaken;
    builder.llmClient = llmClient;
    builder.rawOutput = rawOutput;
    builder.chatThreadId = chatThreadId;
    builder.chatThreadLiveId = chatThreadLiveId;
    return builder;
  }

  /** Collects the values of a new {@link ProcessedOutput}; start with {@link #builder}. */
  public static final class Builder {
    private String content;
    private GeneratedJsonObject jsonObject;
    private Usage usage;
    private String error;
    private double timeTaken;
    private LLMClient llmClient;
    private RawOutput rawOutput;
    private UUID chatThreadId;
    private UUID chatThreadLiveId;

    private Builder() {}

    public Builder content(String content) {
      this.content = content;
      return this;
    }

    public Builder jsonObject(GeneratedJsonObject jsonObject) {
      this.jsonObject = jsonObject;
      return this;
    }

    public Builder usage(Usage usage) {
      this.usage = usage;
      return this;
    }

    public Builder error(String error) {
      this.error = error;
      return this;
    }

    /** Seconds from request to response. */
    public Builder timeTaken(double timeTaken) {
      this.timeTaken = timeTaken;
      return this;
    }

    /** A new processed output (a new version of a new lineage). */
    public ProcessedOutput build() {
      return new ProcessedOutput(null, this);
    }
  }
}
