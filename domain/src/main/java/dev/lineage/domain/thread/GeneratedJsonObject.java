package dev.lineage.domain.thread;

import dev.lineage.domain.Entity;
import dev.lineage.domain.Required;
import dev.lineage.domain.TypeName;
import java.util.Map;

/**
 * A JSON object a model produced: the arguments of a tool call (with the provider's call id) or
 * JSON found in its text. Immutable; {@link #object()} is a read-only view.
 */
@TypeName("GeneratedJsonObject")
public final class GeneratedJsonObject extends Entity {

  @Required private final String name;
  @Required private final Map<String, Object> object;
  private final String toolCallId;

  /** For the registry, which fills the fields of stored versions. */
  private GeneratedJsonObject() {
    super((Entity) null);
    this.name = null;
    this.object = null;
    this.toolCallId = null;
  }

  /** An object named {@code name} (a tool name or {@code "parsed_content"}), without call id. */
  public GeneratedJsonObject(String name, Map<String, ?> object) {
    this(name, object, null);
  }

  /**
   * An object named {@code name}, produced by the tool call {@code toolCallId} (may be null).
   *
   * @throws dev.lineage.storage.InvalidInputException if {@code name} or {@code object} is null
   */
  public GeneratedJsonObject(String name, Map<String, ?> object, String toolCallId) {
    this(null, name, Json.copy(object), toolCallId);
  }

  private GeneratedJsonObject(
      GeneratedJsonObject version, String name, Map<String, Object> object, String toolCallId) {
    super(version);
    this.name = Fields.required(name, "GeneratedJsonObject", "name");
    this.object = Fields.required(object, "GeneratedJsonObject", "object");
    this.toolCallId = toolCallId;
  }

  /** The tool the object is for, or {@code "parsed_content"} for JSON found in text. */
  public String name() {
    return name;
  }

  /** The object, as a read-only view. */
  public Map<String, Object> object() {
    return Json.readOnly(object);
  }

  /** The provider's id of the tool call that produced it; null for JSON found in text. */
  public String toolCallId() {
    return toolCallId;
  }

  /** A copy standing for this version with another name; committing it forks. */
  public GeneratedJsonObject withName(String name) {
    return new GeneratedJsonObject(this, name, object, toolCallId);
  }

  /** A copy standing for this version with another object; committing it forks. */
  public GeneratedJsonObject withObject(Map<String, ?> object) {
    return new GeneratedJsonObject(this, name, Json.copy(object), toolCallId);
  }

  /** A copy standing for this version with another call id; committing it forks. */
  public GeneratedJsonObject withToolCallId(String toolCallId) {
    return new GeneratedJsonObject(this, name, object, toolCallId);
  }
}
