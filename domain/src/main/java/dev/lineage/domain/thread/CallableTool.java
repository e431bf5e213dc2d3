package dev.lineage.domain.thread;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.domain.Required;
import dev.lineage.domain.TypeName;
import dev.lineage.storage.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A tool backed by a Java function of a {@link CallableRegistry}, found by the tool's name
 * (reference 4.4, D-27). {@code callableText} is provenance: stored as inert text, never compiled
 * or run. Schemas, when built from the registry, are those derived from the function's types.
 */
@TypeName("CallableTool")
public final class CallableTool extends Tool {

  @Required private String name;
  private String docstring;
  @Required private Map<String, Object> inputSchema = new LinkedHashMap<>();
  @Required private Map<String, Object> outputSchema = new LinkedHashMap<>();
  private boolean strictSchema = true;
  private String callableText;

  /** For the registry, which fills the fields of stored versions. */
  private CallableTool() {}

  /**
   * A tool called {@code name} with no schemas yet; it runs whatever function a registry holds
   * under that name.
   *
   * @throws InvalidInputException if the name is null or empty
   */
  public CallableTool(String name) {
    setName(name);
  }

  /**
   * A tool for the function registered under {@code name}: its description becomes the
   * docstring, its derived schemas the tool's, its signature the callable text.
   *
   * @throws InvalidInputException with the reference's message if no such function is registered
   */
  public static CallableTool fromRegistry(CallableRegistry callables, String name) {
    Objects.requireNonNull(callables, "callables");
    CallableInfo info =
        callables.info(Objects.requireNonNull(name, "name"))
            .orElseThrow(() -> new InvalidInputException(
                "No function found in registry for '" + name
                    + "' and no function or callable_text provided for registration"));
    CallableTool tool = new CallableTool(name);
    tool.docstring = info.description();
    tool.inputSchema = Json.copy(info.inputSchema());
    tool.outputSchema = Json.copy(info.outputSchema());
    tool.callableText = info.signature();
    return tool;
  }

  /**
   * A tool for {@code function}, registered under {@code name} unless a function already is; as
   * in the reference, an already registered function wins and {@code function} is ignored.
   */
  public static CallableTool fromFunction(
      CallableRegistry callables, String name, CallableFunction function) {
    Objects.requireNonNull(callables, "callables");
    Objects.requireNonNull(function, "function");
    if (!callables.contains(Objects.requireNonNull(name, "name"))) {
      callables.register(name, function);
    }
    return fromRegistry(callables, name);
  }

  /**
   * A tool for the function registered under {@code name}, keeping {@code source} verbatim as
   * its callable text. The text is never compiled (D-27): the function must be registered.
   *
   * @throws InvalidInputException if no function is registered under {@code name}
   */
  public static CallableTool fromSource(CallableRegistry callables, String name, String source) {
    Objects.requireNonNull(callables, "callables");
    if (!callables.contains(Objects.requireNonNull(name, "name"))) {
      throw new InvalidInputException(
          "No function found in registry for '" + name + "'; callable_text is stored as inert"
              + " text and never compiled, so register a Java function under this name first");
    }
    CallableTool tool = fromRegistry(callables, name);
    tool.callableText = source;
    return tool;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ToolType toolType() {
    return ToolType.CALLABLE;
  }

  /** What the tool does, as the model reads it; null if undescribed. */
  public String docstring() {
    return docstring;
  }

  /** The JSON schema of its arguments (read-only); empty if unknown. */
  public Map<String, Object> inputSchema() {
    return Json.readOnly(inputSchema);
  }

  /** The JSON schema of its result (read-only); empty if unknown. */
  public Map<String, Object> outputSchema() {
    return Json.readOnly(outputSchema);
  }

  public boolean strictSchema() {
    return strictSchema;
  }

  /** The source or signature the tool was made from: text only, never run. */
  public String callableText() {
    return callableText;
  }

  /** @throws InvalidInputException if the name is null or empty */
  public CallableTool setName(String name) {
    Fields.required(name, "CallableTool", "name");
    if (name.isEmpty()) {
      throw new InvalidInputException("CallableTool: field 'name' must not be empty");
    }
    this.name = name;
    return this;
  }

  public CallableTool setDocstring(String docstring) {
    this.docstring = docstring;
    return this;
  }

  public CallableTool setInputSchema(Map<String, ?> inputSchema) {
    this.inputSchema = Fields.required(Json.copy(inputSchema), "CallableTool", "inputSchema");
    return this;
  }

  public CallableTool setOutputSchema(Map<String, ?> outputSchema) {
    this.outputSchema = Fields.required(Json.copy(outputSchema), "CallableTool", "outputSchema");
    return this;
  }

  public CallableTool setStrictSchema(boolean strictSchema) {
    this.strictSchema = strictSchema;
    return this;
  }

  public CallableTool setCallableText(String callableText) {
    this.callableText = callableText;
    return this;
  }

  /**
   * Runs the function registered under this tool's name on {@code input}.
   *
   * @throws ToolExecutionException as {@link CallableRegistry#execute} does
   */
  public Map<String, Object> execute(CallableRegistry callables, Map<String, ?> input) {
    return Objects.requireNonNull(callables, "callables").execute(name, input);
  }

  /** {@link #execute} without blocking; the future fails with a {@link ToolExecutionException}. */
  public CompletableFuture<Map<String, Object>> executeAsync(
      CallableRegistry callables, Map<String, ?> input) {
    return Objects.requireNonNull(callables, "callables").executeAsync(name, input);
  }

  @Override
  public Optional<ObjectNode> openAiTool() {
    if (inputSchema.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(openAiFunction(name, description(), (ObjectNode) Json.tree(inputSchema)));
  }

  @Override
  public Optional<ObjectNode> anthropicTool(boolean useCache) {
    if (inputSchema.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        anthropic(name, description(), (ObjectNode) Json.tree(inputSchema), useCache));
  }

  private String description() {
    return docstring != null ? docstring : "Execute " + name + " function";
  }

  @Override
  protected void validate() {
    if (name.isEmpty()) {
      throw new InvalidInputException("CallableTool: field 'name' must not be empty");
    }
  }
}
