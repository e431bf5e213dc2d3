package dev.lineage.domain.thread;

/**
 * What shape of answer a thread asks for (reference 4.1): plain text; JSON by prefill and postfill
 * ({@link #JSON_BEG}); the provider's JSON mode; JSON matching a structured tool's schema; one
 * forced tool call; a tool the model picks; or tools called strictly in order ({@link #WORKFLOW}).
 */
public enum ResponseFormat {
  JSON_BEG("json_beg"),
  TEXT("text"),
  JSON_OBJECT("json_object"),
  STRUCTURED_OUTPUT("structured_output"),
  TOOL("tool"),
  AUTO_TOOLS("auto_tools"),
  WORKFLOW("workflow");

  private final String wire;

  ResponseFormat(String wire) {
    this.wire = wire;
  }

  /** The format as the reference spells it: {@code "json_object"}, {@code "auto_tools"}, ... */
  public String wire() {
    return wire;
  }
}
