package dev.lineage.domain.thread;

import dev.lineage.domain.Entity;
import dev.lineage.domain.Required;
import dev.lineage.domain.TypeName;
import dev.lineage.storage.InvalidInputException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which provider and model a thread uses, and how (reference 4.2). The reference's rules hold at
 * every step: a constructor or setter that would break one throws {@link InvalidInputException}
 * and changes nothing, and a commit checks them again. When a change of client needs another
 * response format, set the format first.
 *
 * <ul>
 *   <li>{@code maxTokens} is at least 1; {@code temperature} lies in 0..2;
 *   <li>{@code JSON_OBJECT} is not offered by vLLM, LiteLLM and Anthropic;
 *   <li>{@code STRUCTURED_OUTPUT} is not offered by Anthropic (use {@code JSON_BEG} or {@code
 *       TOOL});
 *   <li>{@code reasoner} is for OpenAI's o1 and o3 models only.
 * </ul>
 */
@TypeName("LLMConfig")
public final class LLMConfig extends Entity {

  private static final Set<LLMClient> WITHOUT_JSON_MODE =
      EnumSet.of(LLMClient.VLLM, LLMClient.LITELLM, LLMClient.ANTHROPIC);

  @Required private LLMClient client;
  private String model;
  private int maxTokens = 400;
  private double temperature = 0;
  @Required private ResponseFormat responseFormat = ResponseFormat.TEXT;
  private boolean useCache = true;
  private boolean reasoner = false;
  @Required private ReasoningEffort reasoningEffort = ReasoningEffort.MEDIUM;

  /** For the registry, which fills the fields of stored versions. */
  private LLMConfig() {}

  /** A configuration for {@code client} with the reference's defaults (no model, plain text). */
  public LLMConfig(LLMClient client) {
    this.client = Fields.required(client, "LLMConfig", "client");
  }

  /** A configuration for {@code client} and {@code model} with the reference's defaults. */
  public LLMConfig(LLMClient client, String model) {
    this(client);
    this.model = model;
  }

  public LLMClient client() {
    return client;
  }

  /** The model name; null when the provider's default is meant. */
  public String model() {
    return model;
  }

  public int maxTokens() {
    return maxTokens;
  }

  public double temperature() {
    return temperature;
  }

  public ResponseFormat responseFormat() {
    return responseFormat;
  }

  public boolean useCache() {
    return useCache;
  }

  public boolean reasoner() {
    return reasoner;
  }

  public ReasoningEffort reasoningEffort() {
    return reasoningEffort;
  }

  public LLMConfig setClient(LLMClient client) {
    LLMClient before = this.client;
    this.client = Fields.required(client, "LLMConfig", "client");
    return checkedOrUndone(() -> this.client = before);
  }

  public LLMConfig setModel(String model) {
    this.model = model;
    return this;
  }

  public LLMConfig setMaxTokens(int maxTokens) {
    int before = this.maxTokens;
    this.maxTokens = maxTokens;
    return checkedOrUndone(() -> this.maxTokens = before);
  }

  public LLMConfig setTemperature(double temperature) {
    double before = this.temperature;
    this.temperature = temperature;
    return checkedOrUndone(() -> this.temperature = before);
  }

  public LLMConfig setResponseFormat(ResponseFormat responseFormat) {
    ResponseFormat before = this.responseFormat;
    this.responseFormat = Fields.required(responseFormat, "LLMConfig", "responseFormat");
    return checkedOrUndone(() -> this.responseFormat = before);
  }

  public LLMConfig setUseCache(boolean useCache) {
    this.useCache = useCache;
    return this;
  }

  public LLMConfig setReasoner(boolean reasoner) {
    boolean before = this.reasoner;
    this.reasoner = reasoner;
    return checkedOrUndone(() -> this.reasoner = before);
  }

  public LLMConfig setReasoningEffort(ReasoningEffort reasoningEffort) {
    this.reasoningEffort = Fields.required(reasoningEffort, "LLMConfig", "reasoningEffort");
    return this;
  }

  @Override
  protected void validate() {
    String problem = problem();
    if (problem != null) {
      throw new InvalidInputException(problem);
    }
  }

  private LLMConfig checkedOrUndone(Runnable undo) {
    String problem = problem();
    if (problem != null) {
      undo.run();
      throw new InvalidInputException(problem);
    }
    return this;
  }

  /** The first rule of reference 4.2 this configuration breaks, or null. */
  private String problem() {
    if (maxTokens < 1) {
      return "LLMConfig: maxTokens must be at least 1, not " + maxTokens;
    }
    if (!(temperature >= 0 && temperature <= 2)) {
      return "LLMConfig: temperature must lie between 0 and 2, not " + temperature;
    }
    if (responseFormat == ResponseFormat.JSON_OBJECT && WITHOUT_JSON_MODE.contains(client)) {
      return client.wire() + " does not support json_object response format";
    }
    if (responseFormat == ResponseFormat.STRUCTURED_OUTPUT && client == LLMClient.ANTHROPIC) {
      return "anthropic does not support structured_output response format; use json_beg or"
          + " tool instead";
    }
    if (reasoner && client != LLMClient.OPENAI) {
      return "reasoner is only supported for OpenAI o1 and o3 models, not " + client.wire();
    }
    return null;
  }
}
