package dev.lineage.domain.thread;

import dev.lineage.domain.Entity;
import dev.lineage.domain.Required;
import dev.lineage.domain.TypeName;

/**
 * The tokens one model response used (reference 4.12). Immutable: a fact of the conversation,
 * made once per response by parsing and attached to the processed output and to the assistant
 * message. The optional counters are null when the provider did not report them.
 */
@TypeName("Usage")
public final class Usage extends Entity {

  @Required private final String model;
  private final int promptTokens;
  private final int completionTokens;
  private final int totalTokens;
  private final Integer cacheCreationInputTokens;
  private final Integer cacheReadInputTokens;
  private final Integer acceptedPredictionTokens;
  private final Integer audioTokens;
  private final Integer reasoningTokens;
  private final Integer rejectedPredictionTokens;
  private final Integer cachedTokens;

  /** For the registry, which fills the fields of stored versions. */
  private Usage() {
    this(null, new Builder());
  }

  /**
   * The usage of one response of {@code model}, without optional counters.
   *
   * @throws dev.lineage.storage.InvalidInputException if {@code model} is null
   */
  public Usage(String model, int promptTokens, int completionTokens, int totalTokens) {
    this(null, builder(model, promptTokens, completionTokens, totalTokens));
  }

  private Usage(Usage version, Builder builder) {
    super(version);
    this.model = builder.model;
    this.promptTokens = builder.promptTokens;
    this.completionTokens = builder.completionTokens;
    this.totalTokens = builder.totalTokens;
    this.cacheCreationInputTokens = builder.cacheCreationInputTokens;
    this.cacheReadInputTokens = builder.cacheReadInputTokens;
    this.acceptedPredictionTokens = builder.acceptedPredictionTokens;
    this.audioTokens = builder.audioTokens;
    this.reasoningTokens = builder.reasoningTokens;
    this.rejectedPredictionTokens = builder.rejectedPredictionTokens;
    this.cachedTokens = builder.cachedTokens;
  }

  /**
   * A builder of a new usage record with the four required values.
   *
   * @throws dev.lineage.storage.InvalidInputException if {@code model} is null
   */
  public static Builder builder(
      String model, int promptTokens, int completionTokens, int totalTokens) {
    Builder builder = new Builder();
    builder.model = Fields.required(model, "Usage", "model");
    builder.promptTokens = promptTokens;
    builder.completionTokens = completionTokens;
    builder.totalTokens = totalTokens;
    return builder;
  }

  public String model() {
    return model;
  }

  public int promptTokens() {
    return promptTokens;
  }

  public int completionTokens() {
    return completionTokens;
  }

  public int totalTokens() {
    return totalTokens;
  }

  /** Anthropic: tokens written to the prompt cache; null if not reported. */
  public Integer cacheCreationInputTokens() {
    return cacheCreationInputTokens;
  }

  /** Anthropic: tokens read from the prompt cache; null if not reported. */
  public Integer cacheReadInputTokens() {
    return cacheReadInputTokens;
  }

  /** OpenAI: accepted predicted-output tokens; null if not reported. */
  public Integer acceptedPredictionTokens() {
    return acceptedPredictionTokens;
  }

  /** OpenAI: audio tokens; null if not reported. */
  public Integer audioTokens() {
    return audioTokens;
  }

  /** OpenAI: reasoning tokens; null if not reported. */
  public Integer reasoningTokens() {
    return reasoningTokens;
  }

  /** OpenAI: rejected predicted-output tokens; null if not reported. */
  public Integer rejectedPredictionTokens() {
    return rejectedPredictionTokens;
  }

  /** OpenAI: prompt tokens served from the cache; null if not reported. */
  public Integer cachedTokens() {
    return cachedTokens;
  }

  /** A copy standing for this version with another model name; committing it forks. */
  public Usage withModel(String model) {
    Builder builder = toBuilder();
    builder.model = Fields.required(model, "Usage", "model");
    return new Usage(this, builder);
  }

  /** A copy standing for this version with other prompt tokens; committing it forks. */
  public Usage withPromptTokens(int promptTokens) {
    return new Usage(this, toBuilder().promptTokens(promptTokens));
  }

  /** A copy standing for this version with other completion tokens; committing it forks. */
  public Usage withCompletionTokens(int completionTokens) {
    return new Usage(this, toBuilder().completionTokens(completionTokens));
  }

  /** A copy standing for this version with another total; committing it forks. */
  public Usage withTotalTokens(int totalTokens) {
    return new Usage(this, toBuilder().totalTokens(totalTokens));
  }

  /** A copy standing for this version with another cache-write count; committing it forks. */
  public Usage withCacheCreationInputTokens(Integer tokens) {
    return new Usage(this, toBuilder().cacheCreationInputTokens(tokens));
  }

  /** A copy standing for this version with another cache-read count; committing it forks. */
  public Usage withCacheReadInputTokens(Integer tokens) {
    return new Usage(this, toBuilder().cacheReadInputTokens(tokens));
  }

  /** A copy standing for this version with another accepted count; committing it forks. */
  public Usage withAcceptedPredictionTokens(Integer tokens) {
    return new Usage(this, toBuilder().acceptedPredictionTokens(tokens));
  }

  /** A copy standing for this version with another audio count; committing it forks. */
  public Usage withAudioTokens(Integer tokens) {
    return new Usage(this, toBuilder().audioTokens(tokens));
  }

  /** A copy standing for this version with another reasoning count; committing it forks. */
  public Usage withReasoningTokens(Integer tokens) {
    return new Usage(this, toBuilder().reasoningTokens(tokens));
  }

  /** A copy standing for this version with another rejected count; committing it forks. */
  public Usage withRejectedPredictionTokens(Integer tokens) {
    return new Usage(this, toBuilder().rejectedPredictionTokens(tokens));
  }

  /** A copy standing for this version with another cached count; committing it forks. */
  public Usage withCachedTokens(Integer tokens) {
    return new Usage(this, toBuilder().cachedTokens(tokens));
  }

  private Builder toBuilder() {
    Builder builder = new Builder();
    builder.model = model;
    builder.promptTokens = promptTokens;
    builder.completionTokens = completionTokens;
    builder.totalTokens = totalTokens;
    builder.cacheCreationInputTokens = cacheCreationInputTokens;
    builder.cacheReadInputTokens = cacheReadInputTokens;
    builder.acceptedPredictionTokens = acceptedPredictionTokens;
    builder.audioTokens = audioTokens;
    builder.reasoningTokens = reasoningTokens;
    builder.rejectedPredictionTokens = rejectedPredictionTokens;
    builder.cachedTokens = cachedTokens;
    return builder;
  }

  /** Collects the values of a new {@link Usage}; start with {@link Usage#builder}. */
  public static final class Builder {
    private String model;
    private int promptTokens;
    private int completionTokens;
    private int totalTokens;
    private Integer cacheCreationInputTokens;
    private Integer cacheReadInputTokens;
    private Integer acceptedPredictionTokens;
    private Integer audioTokens;
    private Integer reasoningTokens;
    private Integer rejectedPredictionTokens;
    private Integer cachedTokens;

    private Builder() {}

    public Builder promptTokens(int tokens) {
      this.promptTokens = tokens;
      return this;
    }

    public Builder completionTokens(int tokens) {
      this.completionTokens = tokens;
      return this;
    }

    public Builder totalTokens(int tokens) {
      this.totalTokens = tokens;
      return this;
    }

    public Builder cacheCreationInputTokens(Integer tokens) {
      this.cacheCreationInputTokens = tokens;
      return this;
    }

    public Builder cacheReadInputTokens(Integer tokens) {
      this.cacheReadInputTokens = tokens;
      return this;
    }

    public Builder acceptedPredictionTokens(Integer tokens) {
      this.acceptedPredictionTokens = tokens;
      return this;
    }

    public Builder audioTokens(Integer tokens) {
      this.audioTokens = tokens;
      return this;
    }

    public Builder reasoningTokens(Integer tokens) {
      this.reasoningTokens = tokens;
      return this;
    }

    public Builder rejectedPredictionTokens(Integer tokens) {
      this.rejectedPredictionTokens = tokens;
      return this;
    }

    public Builder cachedTokens(Integer tokens) {
      this.cachedTokens = tokens;
      return this;
    }

    /** A new usage record (a new version of a new lineage). */
    public Usage build() {
      return new Usage(null, this);
    }
  }
}
