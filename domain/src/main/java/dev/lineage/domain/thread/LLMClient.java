package dev.lineage.domain.thread;

/** The provider a thread talks to. Stored by constant name; {@link #wire()} is the reference's. */
public enum LLMClient {
  OPENAI("openai"),
  /** Stored and parsed like the others, but no request builder exists for it (reference 4.1). */
  AZURE_OPENAI("azure_openai"),
  ANTHROPIC("anthropic"),
  VLLM("vllm"),
  LITELLM("litellm"),
  OPENROUTER("openrouter");

  private final String wire;

  LLMClient(String wire) {
    this.wire = wire;
  }

  /** The provider's name as the reference spells it: {@code "openai"}, {@code "anthropic"}, ... */
  public String wire() {
    return wire;
  }
}
