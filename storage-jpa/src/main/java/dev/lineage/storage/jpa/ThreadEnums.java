package dev.lineage.storage.jpa;

import java.util.List;

/**
 * The constants of the thread domain's enums, as records store them (the Java constant names).
 * Enum columns take only these, and reading anything else from one is unreadable data.
 */
final class ThreadEnums {

  static final List<String> MESSAGE_ROLE = List.of("USER", "ASSISTANT", "TOOL", "SYSTEM");
  static final List<String> LLM_CLIENT =
      List.of("OPENAI", "AZURE_OPENAI", "ANTHROPIC", "VLLM", "LITELLM", "OPENROUTER");
  static final List<String> RESPONSE_FORMAT = List.of(
      "JSON_BEG", "TEXT", "JSON_OBJECT", "STRUCTURED_OUTPUT", "TOOL", "AUTO_TOOLS", "WORKFLOW");
  static final List<String> TOOL_TYPE = List.of("CALLABLE", "STRUCTURED");
  static final List<String> REASONING_EFFORT = List.of("LOW", "MEDIUM", "HIGH");

  private ThreadEnums() {}
}
