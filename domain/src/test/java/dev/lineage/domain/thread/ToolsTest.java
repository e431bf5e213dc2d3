package dev.lineage.domain.thread;

import static dev.lineage.domain.thread.ThreadEntitiesTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.domain.EntityRegistry;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Callable and structured tools (reference 4.4, 4.5, 5.7 tools, D-25, D-27). */
class ToolsTest {

  record Operands(int x, int y) {}

  /** A status report, the reference's structured-output model. */
  record StatusReport(String status, String message, Optional<Map<String, Object>> data) {}

  record Tagged(String status, List<String> tags, Inner inner) {}

  record Inner(int level, List<Inner> children) {}

  private final EntityRegistry registry = EntityRegistry.over(new InMemoryEntityStorage());
  private final CallableRegistry callables = new CallableRegistry();

  private CallableTool multiply() {
    return CallableTool.fromFunction(callables, "test_func",
        CallableFunction.of(Operands.class, Integer.class, in -> in.x() * in.y())
            .withDescription("Multiply two integers."));
  }

  @Nested
  class Callable {

    @Test
    @DisplayName("C-TOOL-1 a tool from a function: its name, docstring, schemas; it is "
        + "registered and reads back")
    void fromFunction() {
      // when
      CallableTool tool = registry.register(multiply());
      // then
      assertThat(tool.name()).isEqualTo("test_func");
      assertThat(tool.docstring()).isEqualTo("Multiply two integers.");
      assertThat(tool.inputSchema()).containsKeys("type", "properties", "required");
      assertThat(tool.outputSchema()).containsKeys("type", "properties", "required");
      assertThat(tool.callableText()).isEqualTo("test_func(input: Operands) -> Integer");
      assertThat(callables.contains("test_func")).isTrue();
      CallableTool read = registry.get(tool.ecsId(), CallableTool.class).orElseThrow();
      assertThat(read.inputSchema()).isEqualTo(tool.inputSchema());
    }

    @Test
    @DisplayName("C-TOOL-1 an already registered function wins over the one passed")
    void registeredFunctionWins() {
      // given
      multiply();
      // when
      CallableTool again = CallableTool.fromFunction(callables, "test_func",
          CallableFunction.of(Operands.class, Integer.class, in -> in.x() + in.y()));
      // then
      assertThat(again.execute(callables, Map.of("x", 2, "y", 5))).containsEntry("result", 10);
    }

    @Test
    @DisplayName("C-TOOL-2 replaced by D-27: a tool from source keeps the text verbatim and runs "
        + "the registered Java function")
    void fromSource() {
      // given
      String source = "def multiply(x: int, y: int) -> int:\n"
          + "    \"\"\"Multiply two numbers.\"\"\"\n    return x * y\n";
      callables.register("multiply", CallableFunction.of(Operands.class, Integer.class,
          in -> in.x() * in.y()));
      // when
      CallableTool tool = CallableTool.fromSource(callables, "multiply", source);
      // then
      assertThat(tool.callableText()).isEqualTo(source);
      assertThat(tool.execute(callables, Map.of("x", 3, "y", 4))).isEqualTo(Map.of("result", 12));
    }

    @Test
    @DisplayName("D-27 a tool whose name is not registered fails with the reference's messages")
    void unregisteredName() {
      assertThatThrownBy(() -> CallableTool.fromRegistry(callables, "ghost"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("No function found in registry for 'ghost' and no function or"
              + " callable_text provided for registration");
      CallableTool loaded = new CallableTool("ghost").setCallableText("def ghost(): ...");
      assertThatThrownBy(() -> loaded.execute(callables, Map.of()))
          .isInstanceOf(ToolExecutionException.class)
          .hasMessageStartingWith("Function 'ghost' not found in registry. Available: ");
      assertThatThrownBy(() -> new CallableTool(""))
          .hasMessageContaining("must not be empty");
    }

    @Test
    @DisplayName("C-TOOL-3 execute gives {\"result\": 12}; an async tool gives {\"result\": 7}")
    void execute() throws Exception {
      // given
      CallableTool tool = CallableTool.fromFunction(callables, "add",
          CallableFunction.of(Operands.class, Integer.class, in -> in.x() + in.y()));
      CallableTool add = CallableTool.fromFunction(callables, "add_async",
          CallableFunction.async(Operands.class, Integer.class,
              in -> CompletableFuture.supplyAsync(() -> in.x() + in.y())));
      // then
      assertThat(tool.execute(callables, Map.of("x", 5, "y", 7))).isEqualTo(Map.of("result", 12));
      assertThat(add.executeAsync(callables, Map.of("x", 3, "y", 4)).get(10, TimeUnit.SECONDS))
          .isEqualTo(Map.of("result", 7));
    }

    @Test
    @DisplayName("C-TOOL-4 OpenAI and Anthropic formats of a callable tool")
    void formats() {
      // given
      CallableTool tool = multiply();
      // when
      ObjectNode openAi = tool.openAiTool().orElseThrow();
      ObjectNode anthropic = tool.anthropicTool(true).orElseThrow();
      // then
      assertThat(openAi.path("type").asText()).isEqualTo("function");
      assertThat(openAi.path("function").path("name").asText()).isEqualTo("test_func");
      assertThat(openAi.path("function").path("description").asText())
          .isEqualTo("Multiply two integers.");
      assertThat(openAi.path("function").path("parameters"))
          .isEqualTo(Json.tree(tool.inputSchema()));
      assertThat(anthropic.path("name").asText()).isEqualTo("test_func");
      assertThat(anthropic.path("description").asText()).isEqualTo("Multiply two integers.");
      assertThat(anthropic.path("input_schema")).isEqualTo(Json.tree(tool.inputSchema()));
      assertThat(anthropic.path("cache_control")).isEqualTo(json("{\"type\":\"ephemeral\"}"));
      assertThat(tool.anthropicTool(false).orElseThrow().has("cache_control")).isFalse();
      assertThat(new CallableTool("bare").openAiTool()).isEmpty();
      tool.setDocstring(null);
      assertThat(tool.openAiTool().orElseThrow().path("function").path("description").asText())
          .isEqualTo("Execute test_func function");
    }

    @Test
    @DisplayName("C-TOOL-5 two tools of one signature differ by id and docstring, not by schema")
    void sameSignature() {
      // given
      CallableTool add1 = registry.register(CallableTool.fromFunction(callables, "add1",
          CallableFunction.of(Operands.class, Integer.class, in -> in.x() + in.y())
              .withDescription("Add, first way.")));
      CallableTool add2 = registry.register(CallableTool.fromFunction(callables, "add2",
          CallableFunction.of(Operands.class, Integer.class, in -> in.y() + in.x())
              .withDescription("Add, second way.")));
      // then
      assertThat(add1.ecsId()).isNotEqualTo(add2.ecsId());
      assertThat(add1.inputSchema().get("properties"))
          .isEqualTo(add2.inputSchema().get("properties"));
      assertThat(add1.inputSchema().get("required")).isEqualTo(add2.inputSchema().get("required"));
      assertThat(add1.docstring()).isEqualTo("Add, first way.");
      assertThat(add2.docstring()).isEqualTo("Add, second way.");
    }
  }

  @Nested
  class Structured {

    @Test
    @DisplayName("C-TOOL-6 a structured tool from a record: name, description, instruction, "
        + "schema and required fields")
    void fromClass() {
      // when
      StructuredTool tool = StructuredTool.fromClass(StatusReport.class, "status_report",
          "Report a status");
      StructuredTool custom = StructuredTool.fromClass(StatusReport.class)
          .setInstructionString("Answer in this shape:").setStrictSchema(false);
      // then
      assertThat(tool.name()).isEqualTo("status_report");
      assertThat(tool.description()).isEqualTo("Report a status");
      assertThat(tool.instructionString())
          .isEqualTo("Please follow this JSON schema for your response:");
      assertThat(List.copyOf(((Map<?, ?>) tool.jsonSchema().get("properties")).keySet()))
          .isEqualTo(List.of("status", "message", "data"));
      assertThat(tool.jsonSchema().get("required")).isEqualTo(List.of("status", "message"));
      assertThat(custom.name()).isEqualTo("statusreport");
      assertThat(custom.description()).isEqualTo("Generate statusreport structured output");
      assertThat(custom.instructionString()).isEqualTo("Answer in this shape:");
      assertThat(custom.strictSchema()).isFalse();
      assertThat(new StructuredTool().name()).isEqualTo("generate_structured_output");
      assertThat(new StructuredTool().description())
          .isEqualTo("Generate a structured output based on the provided JSON schema.");
    }

    @Test
    @DisplayName("C-TOOL-7 validation: valid input unchanged; a missing field or wrong types "
        + "give an error")
    void validation() {
      // given
      StructuredTool tool = StructuredTool.fromClass(Tagged.class);
      Map<String, Object> valid = Map.of("status", "ok", "tags", List.of("a"),
          "inner", Map.of("level", 1, "children", List.of(Map.of("level", 2,
              "children", List.of()))));
      // then
      assertThat(tool.execute(valid)).isEqualTo(valid);
      assertThat(tool.execute(Map.of("tags", List.of(), "inner", Map.of("level", 1,
          "children", List.of())))).containsOnlyKeys("error");
      Map<String, Object> wrong = tool.execute(Map.of("status", 123, "tags", "not_a_list",
          "inner", Map.of("level", 1, "children", List.of())));
      assertThat((String) wrong.get("error")).contains("$.status").contains("$.tags");
      assertThat(tool.setPostValidateSchema(false).execute(Map.of("status", 123)))
          .isEqualTo(Map.of("status", 123));
    }

    @Test
    @DisplayName("C-TOOL-7 a schema that cannot be used, or one loading a remote $ref, is "
        + "reported, not thrown")
    void unusableSchema() {
      StructuredTool remote = new StructuredTool("remote", Map.of("type", "object",
          "properties", Map.of("a", Map.of("$ref", "https://example.com/schema.json"))));
      assertThat((String) remote.execute(Map.of("a", 1)).get("error"))
          .startsWith("the schema cannot be used: ").contains("not allowed to be loaded");
    }

    @Test
    @DisplayName("C-TOOL-8 the schema instruction starts with the instruction and holds the schema")
    void schemaInstruction() {
      // given
      StructuredTool tool = new StructuredTool("answer", Map.of("type", "object"));
      // then
      assertThat(tool.schemaInstruction())
          .startsWith("Please follow this JSON schema for your response:")
          .endsWith("{\"type\": \"object\"}");
    }

    @Test
    @DisplayName("C-TOOL-9 OpenAI tool, Anthropic tool with and without cache, json_schema "
        + "response format")
    void formats() {
      // given
      StructuredTool tool = new StructuredTool("answer", Map.of("type", "object"))
          .setDescription("An answer").setStrictSchema(false);
      // then
      assertThat(tool.openAiTool().orElseThrow()).isEqualTo(json("""
          {"type":"function","function":{"name":"answer","description":"An answer",
           "parameters":{"type":"object"}}}"""));
      assertThat(tool.anthropicTool(true).orElseThrow()).isEqualTo(json("""
          {"name":"answer","description":"An answer","input_schema":{"type":"object"},
           "cache_control":{"type":"ephemeral"}}"""));
      assertThat(tool.anthropicTool(false).orElseThrow().has("cache_control")).isFalse();
      assertThat(tool.openAiJsonSchemaResponse().orElseThrow()).isEqualTo(json("""
          {"type":"json_schema","json_schema":{"name":"answer","description":"An answer",
           "schema":{"type":"object"},"strict":false}}"""));
      assertThat(new StructuredTool().openAiTool()).isEmpty();
      assertThat(new StructuredTool().anthropicTool(true)).isEmpty();
      assertThat(new StructuredTool().openAiJsonSchemaResponse()).isEmpty();
    }
  }
}
