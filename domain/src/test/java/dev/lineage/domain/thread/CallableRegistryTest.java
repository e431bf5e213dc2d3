package dev.lineage.domain.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.storage.InvalidInputException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The registry of callable functions (reference 4.4, 5.11, D-27). */
class CallableRegistryTest {

  /** Two numbers. */
  record Pair(int x, int y) {}

  @SchemaInfo(description = "A measurement to convert")
  record Measurement(
      @SchemaInfo(description = "the value", exclusiveMinimum = 0) double value,
      @SchemaInfo(minimum = 1, maximum = 10) int precision,
      Optional<String> unit) {}

  /** A result with nested structure. */
  record Converted(String text, Pair rounded, List<Pair> history) {}

  /** Functions registered by method: their parameters are the arguments. */
  static final class Functions {
    static int add(int x, int y) {
      return x + y;
    }

    static int addWithDefault(int x, Optional<Integer> y) {
      return x + y.orElse(10);
    }

    static CompletableFuture<Integer> addLater(int x, int y) {
      return CompletableFuture.supplyAsync(() -> x + y);
    }

    static double mean(List<Double> values, Map<String, String> labels,
        Map<String, List<Integer>> groups, boolean strict, String name, float weight) {
      return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    static int divide(int x, int y) {
      return x / y;
    }

    static Converted convert(Measurement measurement) {
      Pair rounded = new Pair((int) measurement.value(), measurement.precision());
      return new Converted(measurement.value() + measurement.unit().orElse(""), rounded,
          List.of(rounded));
    }

    static int untyped(Object x) {
      return 0;
    }

    static void nothing(int x) {}

    static <T> int generic(T x) {
      return 0;
    }
  }

  private final CallableRegistry callables = new CallableRegistry();

  private static Method method(String name) {
    for (Method method : Functions.class.getDeclaredMethods()) {
      if (method.getName().equals(name)) {
        return method;
      }
    }
    throw new IllegalArgumentException(name);
  }

  private static CallableFunction function(String name) {
    return CallableFunction.ofMethod(method(name), null);
  }

  @Nested
  class Registering {

    @Test
    @DisplayName("F-REG-1 sync, async and model-typed functions register; handles share, "
        + "registries do not (D-27)")
    void registerKinds() {
      // when
      callables.register("add", function("add"));
      callables.register("add_later", function("addLater"));
      callables.register("convert", function("convert"));
      callables.register("multiply", CallableFunction.async(Pair.class, Integer.class,
          pair -> CompletableFuture.completedFuture(pair.x() * pair.y())));
      CallableRegistry sameRegistry = callables;
      CallableRegistry other = new CallableRegistry();
      // then
      assertThat(sameRegistry.contains("add")).isTrue();
      assertThat(callables.info("add_later").orElseThrow().async()).isTrue();
      assertThat(callables.info("multiply").orElseThrow().async()).isTrue();
      assertThat(callables.info("convert").orElseThrow().async()).isFalse();
      assertThat(callables.info("add").orElseThrow().registeredAt()).isNotNull();
      assertThat(other.contains("add")).isFalse();
    }

    @Test
    @DisplayName("F-REG-2 a name registered twice is refused")
    void duplicate() {
      callables.register("add", function("add"));
      assertThatThrownBy(() -> callables.register("add", function("add")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("Function 'add' already registered. Use update() to replace.");
    }

    @Test
    @DisplayName("F-REG-3 parameters and results must say what JSON they take")
    void typeHints() throws Exception {
      assertThatThrownBy(() -> function("untyped"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("must have type hints");
      assertThatThrownBy(() -> function("nothing"))
          .hasMessageContaining("must have a return type hint");
      assertThatThrownBy(() -> function("generic"))
          .hasMessageContaining("type hints");
      assertThatThrownBy(() -> CallableFunction.ofMethod(
              Math.class.getMethod("max", int.class, int.class), null))
          .hasMessageContaining("compile it with -parameters");
      assertThatThrownBy(() -> CallableFunction.of(Pair.class, Void.class, pair -> null))
          .hasMessageContaining("return type hint");
      assertThatThrownBy(() -> CallableFunction.of(Integer.class, Integer.class, x -> x))
          .hasMessageContaining("record or bean");
      assertThatThrownBy(() -> CallableFunction.ofMethod(
              Functions.class.getDeclaredMethod("add", int.class, int.class).getClass()
                  .getMethod("getName"), null))
          .hasMessageContaining("instance method");
    }

    @Test
    @DisplayName("F-REG-4 update replaces a function; delete removes one; unknown names are errors")
    void updateAndDelete() {
      // given
      callables.register("add", function("add"));
      // when
      callables.update("add", CallableFunction.of(Pair.class, Integer.class,
          pair -> pair.x() + pair.y() + 1));
      // then
      assertThat(callables.execute("add", Map.of("x", 1, "y", 1))).containsEntry("result", 3);
      callables.delete("add");
      assertThat(callables.contains("add")).isFalse();
      assertThatThrownBy(() -> callables.delete("add")).hasMessageContaining("not found");
      assertThatThrownBy(() -> callables.update("add", function("add")))
          .hasMessageContaining("not found");
    }

    @Test
    @DisplayName("F-REG-5 the status counts, names and signs the functions")
    void status() {
      // given
      callables.register("add", function("add"));
      callables.register("mean", function("mean"));
      // when
      CallableRegistry.Status status = callables.status();
      // then
      assertThat(status.totalFunctions()).isEqualTo(2);
      assertThat(status.registeredFunctions()).containsExactly("add", "mean");
      assertThat(status.functionSignatures())
          .containsEntry("add", "add(x: int, y: int) -> int")
          .containsEntry("mean", "mean(values: List<Double>, labels: Map<String, String>,"
              + " groups: Map<String, List<Integer>>, strict: boolean, name: String,"
              + " weight: float) -> double");
    }

    @Test
    @DisplayName("F-REG-6 replaced by D-27: source text is never compiled, only Java runs")
    void sourceTextIsInert() {
      // given
      String source = "def multiply(x: int, y: int) -> int:\n    return x * y\n";
      // when / then: an unregistered name cannot be made from text
      assertThatThrownBy(() -> CallableTool.fromSource(callables, "multiply", source))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("No function found in registry for 'multiply'")
          .hasMessageContaining("never compiled");
      assertThat(callables.contains("multiply")).isFalse();
      // when a Java function is registered, the text is kept verbatim and never run
      callables.register("multiply", CallableFunction.of(Pair.class, Integer.class,
          pair -> pair.x() * pair.y()));
      CallableTool tool = CallableTool.fromSource(callables, "multiply", "lambda x: x * 2");
      assertThat(tool.callableText()).isEqualTo("lambda x: x * 2");
      assertThat(tool.execute(callables, Map.of("x", 2, "y", 3))).containsEntry("result", 6);
    }
  }

  @Nested
  class Executing {

    @Test
    @DisplayName("F-EXE-1 results are wrapped as {\"result\": value}; Optional stands for a "
        + "default; a model result is its object")
    void execute() {
      // given
      callables.register("add", function("add"));
      callables.register("add_default", function("addWithDefault"));
      callables.register("convert", function("convert"));
      // when / then
      assertThat(callables.execute("add", Map.of("x", 1, "y", 2))).isEqualTo(Map.of("result", 3));
      assertThat(callables.execute("add_default", Map.of("x", 1)))
          .isEqualTo(Map.of("result", 11));
      assertThat(callables.execute("add_default", Map.of("x", 1, "y", 2)))
          .isEqualTo(Map.of("result", 3));
      assertThat(callables.execute("convert",
          Map.of("value", 2.5, "precision", 2, "unit", "kg")))
          .isEqualTo(Map.of("text", "2.5kg", "rounded", Map.of("x", 2, "y", 2),
              "history", List.of(Map.of("x", 2, "y", 2))));
    }

    @Test
    @DisplayName("F-EXE-2 asynchronous execution awaits async functions and runs sync ones "
        + "elsewhere; concurrent calls keep their results apart")
    void executeAsync() throws Exception {
      // given
      callables.register("add", function("add"));
      callables.register("add_later", function("addLater"));
      callables.register("add_default", function("addWithDefault"));
      CountDownLatch release = new CountDownLatch(1);
      callables.register("gated", CallableFunction.async(Pair.class, Integer.class,
          pair -> CompletableFuture.supplyAsync(() -> {
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return pair.x() * pair.y();
          })));
      // when
      CompletableFuture<Map<String, Object>> gated =
          callables.executeAsync("gated", Map.of("x", 3, "y", 4));
      CompletableFuture<Map<String, Object>> sum =
          callables.executeAsync("add", Map.of("x", 1, "y", 2));
      CompletableFuture<Map<String, Object>> later =
          callables.executeAsync("add_later", Map.of("x", 5, "y", 6));
      CompletableFuture<Map<String, Object>> defaulted =
          callables.executeAsync("add_default", Map.of("x", 1));
      // then
      assertThat(sum.get(10, TimeUnit.SECONDS)).containsEntry("result", 3);
      assertThat(gated).isNotDone();
      release.countDown();
      assertThat(gated.get(10, TimeUnit.SECONDS)).containsEntry("result", 12);
      assertThat(later.get(10, TimeUnit.SECONDS)).containsEntry("result", 11);
      assertThat(defaulted.get(10, TimeUnit.SECONDS)).containsEntry("result", 11);
      assertThat(callables.execute("add_later", Map.of("x", 1, "y", 1)))
          .containsEntry("result", 2);
    }

    @Test
    @DisplayName("F-EXE-3 unknown names, missing or invalid arguments and failures are errors "
        + "with the reference's messages")
    void failures() {
      // given
      callables.register("add", function("add"));
      callables.register("divide", function("divide"));
      callables.register("convert", function("convert"));
      // then
      assertThatThrownBy(() -> callables.execute("nope", Map.of()))
          .isInstanceOf(ToolExecutionException.class)
          .hasMessage("Function 'nope' not found in registry. Available: [add, convert, divide]");
      assertThatThrownBy(() -> callables.execute("add", Map.of("x", 1)))
          .isInstanceOf(ToolExecutionException.class)
          .hasMessage("Error executing add: missing required argument(s) [y]");
      assertThatThrownBy(() -> callables.execute("divide", Map.of("x", 1, "y", 0)))
          .hasMessage("Error executing divide: / by zero")
          .hasCauseInstanceOf(ArithmeticException.class);
      assertThatThrownBy(() -> callables.execute("convert",
              Map.of("value", -1, "precision", 20)))
          .hasMessageStartingWith("Error executing convert: validation error: ")
          .hasMessageContaining("exclusive minimum")
          .hasMessageContaining("maximum");
      assertThatThrownBy(() -> callables.execute("add", Map.of("x", "one", "y", 2)))
          .hasMessageContaining("validation error");
      ExecutionException async = org.junit.jupiter.api.Assertions.assertThrows(
          ExecutionException.class,
          () -> callables.executeAsync("divide", Map.of("x", 1, "y", 0)).get(10,
              TimeUnit.SECONDS));
      assertThat(async.getCause()).isInstanceOf(ToolExecutionException.class)
          .hasMessage("Error executing divide: / by zero");
      assertThat(callables.executeAsync("nope", Map.of())).isCompletedExceptionally();
    }
  }

  @Nested
  class Schemas {

    @Test
    @DisplayName("F-SCH-1 plain parameters: JSON types, arrays, maps with their values, "
        + "Optional not required and nullable")
    void parameterSchemas() {
      // given
      callables.register("mean", function("mean"));
      callables.register("add_default", function("addWithDefault"));
      // when
      Map<String, Object> mean = callables.info("mean").orElseThrow().inputSchema();
      Map<String, Object> withDefault = callables.info("add_default").orElseThrow().inputSchema();
      // then
      assertThat(ThreadEntitiesTest.json(Json.text(mean))).isEqualTo(ThreadEntitiesTest.json("""
          {"type":"object","properties":{
            "values":{"type":"array","items":{"type":"number"}},
            "labels":{"type":"object","additionalProperties":{"type":"string"}},
            "groups":{"type":"object","additionalProperties":
                {"type":"array","items":{"type":"integer"}}},
            "strict":{"type":"boolean"},
            "name":{"type":"string"},
            "weight":{"type":"number"}},
           "required":["values","labels","groups","strict","name","weight"]}"""));
      assertThat(Json.text(withDefault)).isEqualTo(
          "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\"},"
              + "\"y\":{\"type\":[\"integer\",\"null\"]}},\"required\":[\"x\"]}");
      assertThat(Json.text(callables.info("mean").orElseThrow().outputSchema())).isEqualTo(
          "{\"type\":\"object\",\"properties\":{\"result\":{\"type\":\"number\"}},"
              + "\"required\":[\"result\"]}");
    }

    @Test
    @DisplayName("F-SCH-1 model input and output: descriptions, bounds, nested types in $defs")
    void modelSchemas() {
      // given
      callables.register("convert", function("convert"));
      CallableInfo info = callables.info("convert").orElseThrow();
      // then
      assertThat(ThreadEntitiesTest.json(Json.text(info.inputSchema())))
          .isEqualTo(ThreadEntitiesTest.json("""
          {"type":"object","description":"A measurement to convert","properties":{
            "value":{"type":"number","description":"the value","exclusiveMinimum":0},
            "precision":{"type":"integer","minimum":1,"maximum":10},
            "unit":{"type":["string","null"]}},
           "required":["value","precision"]}"""));
      assertThat(ThreadEntitiesTest.json(Json.text(info.outputSchema())))
          .isEqualTo(ThreadEntitiesTest.json("""
          {"$defs":{"Pair":{"type":"object",
             "properties":{"x":{"type":"integer"},"y":{"type":"integer"}},"required":["x","y"]}},
           "type":"object","properties":{
            "text":{"type":"string"},
            "rounded":{"$ref":"#/$defs/Pair"},
            "history":{"type":"array","items":{"$ref":"#/$defs/Pair"}}},
           "required":["text","rounded","history"]}"""));
    }

    @Test
    @DisplayName("F-SCH-2 schema compatibility: same is fine; type, missing, extra and required "
        + "differences are named")
    void compatibility() {
      // given
      callables.register("add", function("add"));
      Map<String, Object> derived = callables.info("add").orElseThrow().inputSchema();
      // then
      CallableRegistry.checkSchemaCompatibility(derived, derived);
      CallableRegistry.checkSchemaCompatibility(derived, Map.of(
          "type", "object",
          "properties", Map.of("x", Map.of("type", "integer"), "y", Map.of("type", "integer")),
          "required", List.of("y", "x")));
      assertThatThrownBy(() -> CallableRegistry.checkSchemaCompatibility(derived, Map.of(
              "properties", Map.of("x", Map.of("type", "string"), "y", Map.of("type", "integer")),
              "required", List.of("x", "y"))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("type mismatch for property 'x'");
      assertThatThrownBy(() -> CallableRegistry.checkSchemaCompatibility(derived, Map.of(
              "properties", Map.of("x", Map.of("type", "integer")), "required", List.of("x"))))
          .hasMessageContaining("missing property 'y'");
      assertThatThrownBy(() -> CallableRegistry.checkSchemaCompatibility(derived, Map.of(
              "properties", Map.of("x", Map.of("type", "integer"), "y", Map.of("type", "integer"),
                  "z", Map.of("type", "integer")), "required", List.of("x", "y"))))
          .hasMessageContaining("unexpected property 'z'");
      assertThatThrownBy(() -> CallableRegistry.checkSchemaCompatibility(derived, Map.of(
              "properties", Map.of("x", Map.of("type", "integer"), "y", Map.of("type", "integer")),
              "required", List.of("x"))))
          .hasMessageContaining("required properties differ");
    }

    @Test
    @DisplayName("F-SCH-2 compatibility resolves $defs references, array items and nullability")
    void compatibilityResolvesReferences() {
      // given
      Map<String, Object> derived = Json.plainObject(Json.parse("""
          {"$defs":{"P":{"type":"object"}},"properties":{
            "p":{"$ref":"#/$defs/P"},"list":{"type":"array","items":{"type":"number"}},
            "maybe":{"type":["integer","null"]}},"required":["p","list"]}""").orElseThrow());
      Map<String, Object> provided = Json.plainObject(Json.parse("""
          {"properties":{"p":{"type":"object"},"list":{"type":"array","items":{"type":"number"}},
            "maybe":{"anyOf":[{"type":"null"},{"type":"integer"}]}},"required":["list","p"]}""")
          .orElseThrow());
      Map<String, Object> otherItems = Json.plainObject(Json.parse("""
          {"properties":{"p":{"type":"object"},"list":{"type":"array","items":{"type":"string"}},
            "maybe":{"type":["integer","null"]}},"required":["list","p"]}""").orElseThrow());
      // then
      CallableRegistry.checkSchemaCompatibility(derived, provided);
      assertThatThrownBy(() -> CallableRegistry.checkSchemaCompatibility(derived, otherItems))
          .hasMessageContaining("type mismatch for property 'list'");
    }

    @Test
    @DisplayName("F-SCH-3 the schemas follow an update")
    void schemasFollowUpdate() {
      // given
      callables.register("f", function("add"));
      // when
      callables.update("f", function("addWithDefault"));
      // then
      assertThat(callables.info("f").orElseThrow().inputSchema().get("required"))
          .isEqualTo(List.of("x"));
      assertThat(callables.info("f").orElseThrow().signature())
          .isEqualTo("f(x: int, y: Optional<Integer>) -> int");
    }
  }
}
