package dev.lineage.domain.thread;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import dev.lineage.domain.Required;
import dev.lineage.domain.TypeName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tool whose "call" is an answer matching a JSON schema (reference 4.5): structured output.
 * {@link #execute} validates an answer with a JSON-schema validator; {@link #fromClass} derives
 * the schema from a Java type.
 */
@TypeName("StructuredTool")
public final class StructuredTool extends Tool {

  @Required private String name = "generate_structured_output";
  @Required private String description =
      "Generate a structured output based on the provided JSON schema.";
  @Required private String instructionString = "Please follow this JSON schema for your response:";
  @Required private Map<String, Object> jsonSchema = new LinkedHashMap<>();
  private boolean strictSchema = true;
  private boolean postValidateSchema = true;

  /** The compiled validator and the schema map it was compiled from; never stored. */
  private transient JsonSchema validator;
  private transient Map<String, Object> validatorSource;

  /** A tool with the reference's defaults and an empty schema. */
  public StructuredTool() {}

  /** A tool called {@code name} whose answers must match {@code jsonSchema}. */
  public StructuredTool(String name, Map<String, ?> jsonSchema) {
    setName(name);
    setJsonSchema(jsonSchema);
  }

  /**
   * A tool whose schema is derived from {@code model} (a record or bean), named after the class
   * in lower case and described by its {@link SchemaInfo} or "Generate &lt;name&gt; structured
   * output" (reference {@code from_pydantic}).
   */
  public static StructuredTool fromClass(Class<?> model) {
    return fromClass(model, null, null);
  }

  /** {@link #fromClass(Class)} with a name and description (null for the defaults). */
  public static StructuredTool fromClass(Class<?> model, String name, String description) {
    Objects.requireNonNull(model, "model");
    String toolName = name != null ? name : model.getSimpleName().toLowerCase(Locale.ROOT);
    SchemaInfo info = model.getAnnotation(SchemaInfo.class);
    String toolDescription = description != null ? description
        : info != null && !info.description().isBlank() ? info.description()
        : "Generate " + toolName + " structured output";
    StructuredTool tool = new StructuredTool(toolName, Json.plainObject(JsonSchemas.of(model)));
    return tool.setDescription(toolDescription);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ToolType toolType() {
    return ToolType.STRUCTURED;
  }

  public String description() {
    return description;
  }

  public String instructionString() {
    return instructionString;
  }

  /** The schema answers must match (read-only); empty for none. */
  public Map<String, Object> jsonSchema() {
    return Json.readOnly(jsonSchema);
  }

  public boolean strictSchema() {
    return strictSchema;
  }

  /** Whether {@link #execute} validates answers. */
  public boolean postValidateSchema() {
    return postValidateSchema;
  }

  public StructuredTool setName(String name) {
    this.name = Fields.required(name, "StructuredTool", "name");
    return this;
  }

  public StructuredTool setDescription(String description) {
    this.description = Fields.required(description, "StructuredTool", "description");
    return this;
  }

  public StructuredTool setInstructionString(String instructionString) {
    this.instructionString =
        Fields.required(instructionString, "StructuredTool", "instructionString");
    return this;
  }

  public StructuredTool setJsonSchema(Map<String, ?> jsonSchema) {
    this.jsonSchema = Fields.required(Json.copy(jsonSchema), "StructuredTool", "jsonSchema");
    return this;
  }

  public StructuredTool setStrictSchema(boolean strictSchema) {
    this.strictSchema = strictSchema;
    return this;
  }

  public StructuredTool setPostValidateSchema(boolean postValidateSchema) {
    this.postValidateSchema = postValidateSchema;
    return this;
  }

  /**
   * What is wrong with {@code input} under the schema, or empty when it matches (or validation
   * is off). A schema that cannot be used is reported as the problem.
   */
  public Optional<String> validate(Map<String, ?> input) {
    if (!postValidateSchema) {
      return Optional.empty();
    }
    List<ValidationMessage> problems;
    try {
      problems = JsonSchemas.problems(validator(), Json.tree(input == null ? Map.of() : input));
    } catch (RuntimeException e) { // the schema itself is unusable, e.g. a remote $ref
      return Optional.of("the schema cannot be used: " + e.getMessage());
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(JsonSchemas.describe(problems));
  }

  /**
   * The reference's {@code execute}: {@code input} unchanged when it matches the schema (or
   * validation is off), else {@code {"error": "<validation message>"}}. Never throws for bad input.
   */
  public Map<String, Object> execute(Map<String, ?> input) {
    Optional<String> problem = validate(input);
    if (problem.isPresent()) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("error", problem.get());
      return error;
    }
    return Json.copy(input == null ? Map.of() : input);
  }

  /**
   * {@code "<instructionString>: <schema as JSON>"}. The reference renders Python's dict text
   * (single quotes); this renders JSON.
   */
  public String schemaInstruction() {
    return instructionString + ": " + Json.pythonText(jsonSchema);
  }

  @Override
  public Optional<ObjectNode> openAiTool() {
    if (jsonSchema.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(openAiFunction(name, description, (ObjectNode) Json.tree(jsonSchema)));
  }

  @Override
  public Optional<ObjectNode> anthropicTool(boolean useCache) {
    if (jsonSchema.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(anthropic(name, description, (ObjectNode) Json.tree(jsonSchema), useCache));
  }

  /**
   * OpenAI's {@code response_format} for this schema: {@code {"type": "json_schema",
   * "json_schema": {name, description, schema, strict}}}; empty without a schema.
   */
  public Optional<ObjectNode> openAiJsonSchemaResponse() {
    if (jsonSchema.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode inner = Json.object();
    inner.put("name", name);
    inner.put("description", description);
    inner.set("schema", Json.tree(jsonSchema));
    inner.put("strict", strictSchema);
    ObjectNode format = Json.object();
    format.put("type", "json_schema");
    format.set("json_schema", inner);
    return Optional.of(format);
  }

  /** The validator of the current schema, compiled once per schema map. */
  private synchronized JsonSchema validator() {
    if (validator == null || validatorSource != jsonSchema) {
      validator = JsonSchemas.validator(jsonSchema);
      validatorSource = jsonSchema;
    }
    return validator;
  }
}
