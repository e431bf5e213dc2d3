package dev.lineage.domain.thread;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.domain.Entity;
import java.util.Optional;

/**
 * A tool a thread offers a model: a {@link CallableTool} (a registered Java function) or a
 * {@link StructuredTool} (a JSON schema the answer must match). Never stored itself; its
 * subclasses are. Tools are mutable working copies.
 */
public abstract sealed class Tool extends Entity permits CallableTool, StructuredTool {

  Tool() {}

  /** The name the model calls it by. */
  public abstract String name();

  /** Which kind of tool it is, as messages record it. */
  public abstract ToolType toolType();

  /** The tool in OpenAI's function format; empty when it has no schema to offer. */
  public abstract Optional<ObjectNode> openAiTool();

  /**
   * The tool in Anthropic's format, with {@code cache_control} when {@code useCache}; empty when
   * it has no schema to offer.
   */
  public abstract Optional<ObjectNode> anthropicTool(boolean useCache);

  static ObjectNode openAiFunction(String name, String description, ObjectNode parameters) {
    ObjectNode function = Json.object();
    function.put("name", name);
    function.put("description", description);
    function.set("parameters", parameters);
    ObjectNode tool = Json.object();
    tool.put("type", "function");
    tool.set("function", function);
    return tool;
  }

  static ObjectNode anthropic(
      String name, String description, ObjectNode inputSchema, boolean useCache) {
    ObjectNode tool = Json.object();
    tool.put("name", name);
    tool.put("description", description);
    tool.set("input_schema", inputSchema);
    if (useCache) {
      tool.set("cache_control", ephemeral());
    }
    return tool;
  }

  static ObjectNode ephemeral() {
    return Json.object().put("type", "ephemeral");
  }
}
