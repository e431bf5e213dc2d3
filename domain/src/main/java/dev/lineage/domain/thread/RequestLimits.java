package dev.lineage.domain.thread;

import dev.lineage.domain.Entity;
import dev.lineage.domain.Required;
import dev.lineage.domain.TypeName;
import dev.lineage.storage.InvalidInputException;

/** How many requests and tokens per minute a provider may be sent (reference 4.2). */
@TypeName("RequestLimits")
public final class RequestLimits extends Entity {

  private int maxRequestsPerMinute = 50;
  private int maxTokensPerMinute = 100_000;
  @Required private LLMClient provider = LLMClient.OPENAI;

  /** 50 requests and 100,000 tokens per minute for OpenAI, the reference's defaults. */
  public RequestLimits() {}

  /**
   * The given limits for {@code provider}.
   *
   * @throws InvalidInputException if a limit is not positive or the provider is null
   */
  public RequestLimits(int maxRequestsPerMinute, int maxTokensPerMinute, LLMClient provider) {
    setMaxRequestsPerMinute(maxRequestsPerMinute);
    setMaxTokensPerMinute(maxTokensPerMinute);
    setProvider(provider);
  }

  public int maxRequestsPerMinute() {
    return maxRequestsPerMinute;
  }

  public int maxTokensPerMinute() {
    return maxTokensPerMinute;
  }

  public LLMClient provider() {
    return provider;
  }

  public RequestLimits setMaxRequestsPerMinute(int maxRequestsPerMinute) {
    this.maxRequestsPerMinute = positive(maxRequestsPerMinute, "maxRequestsPerMinute");
    return this;
  }

  public RequestLimits setMaxTokensPerMinute(int maxTokensPerMinute) {
    this.maxTokensPerMinute = positive(maxTokensPerMinute, "maxTokensPerMinute");
    return this;
  }

  public RequestLimits setProvider(LLMClient provider) {
    this.provider = Fields.required(provider, "RequestLimits", "provider");
    return this;
  }

  @Override
  protected void validate() {
    positive(maxRequestsPerMinute, "maxRequestsPerMinute");
    positive(maxTokensPerMinute, "maxTokensPerMinute");
  }

  private static int positive(int value, String field) {
    if (value < 1) {
      throw new InvalidInputException(
          "RequestLimits: " + field + " must be at least 1, not " + value);
    }
    return value;
  }
}
