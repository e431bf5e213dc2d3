package dev.lineage.domain.thread;

import static dev.lineage.domain.thread.ThreadEntitiesTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.domain.EntityRegistry;
import dev.lineage.storage.Commit;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Provider requests (reference 4.8, 5.9, D-22, D-23, D-26). */
class RequestBuildingTest {

  record Operands(int x, int y) {}

  private final CallableRegistry callables = new CallableRegistry();

  private CallableTool tool(String name) {
    callables.register(name, CallableFunction.of(Operands.class, Integer.class,
        in -> in.x() + in.y()).withDescription("Tool " + name));
    return CallableTool.fromRegistry(callables, name);
  }

  private static ChatThread conversation(LLMConfig config) {
    ChatThread thread = new ChatThread(config)
        .setSystemPrompt(new SystemPrompt("helper", "Be brief."));
    thread.setNewMessage("What is 2 + 3?").addUserMessage();
    return thread;
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Nested
  class OpenAi {

    @Test
    @DisplayName("R-OAI-1 text: model, messages, max_tokens and temperature, no tools")
    void text() {
      // when
      ObjectNode request = ProviderRequests.openAi(
          conversation(new LLMConfig(LLMClient.OPENAI, "gpt-4o")));
      // then
      assertThat(request).isEqualTo(json("""
          {"model":"gpt-4o","messages":[{"role":"system","content":"Be brief."},
            {"role":"user","content":"What is 2 + 3?"}],"max_tokens":400,"temperature":0.0}"""));
    }

    @Test
    @DisplayName("R-OAI-2 tool format with a forced callable tool: that tool, forced")
    void forcedTool() {
      // given
      ChatThread thread = conversation(new LLMConfig(LLMClient.OPENAI, "gpt-4o")
          .setResponseFormat(ResponseFormat.TOOL)).setForcedOutput(tool("add"));
      // when
      ObjectNode request = ProviderRequests.openAi(thread);
      // then
      assertThat(request.path("tools")).hasSize(1);
      assertThat(request.path("tools").get(0).path("function").path("name").asText())
          .isEqualTo("add");
      assertThat(request.path("tool_choice"))
          .isEqualTo(json("{\"type\":\"function\",\"function\":{\"name\":\"add\"}}"));
      assertThatThrownBy(() -> ProviderRequests.openAi(thread.setForcedOutput(null)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("Invalid response format");
    }

    @Test
    @DisplayName("R-OAI-3 auto tools: every tool, tool_choice auto")
    void autoTools() {
      // given
      ChatThread thread = conversation(new LLMConfig(LLMClient.OPENAI, "gpt-4o")
          .setResponseFormat(ResponseFormat.AUTO_TOOLS))
          .setTools(List.of(tool("a"), tool("b")));
      // when
      ObjectNode request = ProviderRequests.openAi(thread);
      // then
      assertThat(request.path("tools")).hasSize(2);
      assertThat(request.path("tool_choice").asText()).isEqualTo("auto");
      assertThat(ProviderRequests.openAi(thread.setTools(List.of())).has("tools")).isFalse();
    }

    @Test
    @DisplayName("R-OAI-4 workflow step k: only tools[k], forced; out of range is an error; "
        + "the step is unchanged (D-22)")
    void workflow() {
      // given
      ChatThread thread = conversation(new LLMConfig(LLMClient.OPENAI, "gpt-4o")
          .setResponseFormat(ResponseFormat.WORKFLOW))
          .setTools(List.of(tool("first"), tool("second")));
      thread.setWorkflowStep(1);
      // when
      ObjectNode request = ProviderRequests.openAi(thread);
      ProviderRequests.openAi(thread);
      // then
      assertThat(request.path("tools")).hasSize(1);
      assertThat(request.path("tool_choice").path("function").path("name").asText())
          .isEqualTo("second");
      assertThat(thread.workflowStep()).isEqualTo(1);
      assertThatThrownBy(() -> ProviderRequests.openAi(thread.setWorkflowStep(2)))
          .hasMessageContaining("Workflow step 2 is out of range - only 2 tools available");
      assertThatThrownBy(() -> ProviderRequests.openAi(thread.setWorkflowStep(null)))
          .hasMessageContaining("Workflow step is not set");
    }

    @Test
    @DisplayName("R-OAI-5 structured output with a forced structured tool: its json_schema")
    void structuredOutput() {
      // given
      StructuredTool schema = new StructuredTool("answer", Map.of("type", "object"));
      ChatThread thread = conversation(new LLMConfig(LLMClient.OPENAI, "gpt-4o")
          .setResponseFormat(ResponseFormat.STRUCTURED_OUTPUT)).setForcedOutput(schema);
      // when
      ObjectNode request = ProviderRequests.openAi(thread);
      // then
      assertThat(request.path("response_format")).isEqualTo(
          schema.openAiJsonSchemaResponse().orElseThrow());
      assertThatThrownBy(() -> ProviderRequests.openAi(thread.setForcedOutput(tool("c"))))
          .hasMessageContaining("Invalid response format");
    }

    @Test
    @DisplayName("R-OAI-6 a reasoner on o3-mini: reasoning_effort, max_completion_tokens, no "
        + "temperature; elsewhere refused")
    void reasoner() {
      // given
      LLMConfig config = new LLMConfig(LLMClient.OPENAI, "o3-mini-2025-01-31")
          .setReasoner(true).setReasoningEffort(ReasoningEffort.HIGH);
      ChatThread thread = conversation(config);
      // when
      ObjectNode request = ProviderRequests.openAi(thread);
      // then
      assertThat(keys(request)).containsExactly(
          "model", "messages", "reasoning_effort", "max_completion_tokens");
      assertThat(request.path("reasoning_effort").asText()).isEqualTo("high");
      assertThat(request.path("max_completion_tokens").asInt()).isEqualTo(400);
      assertThat(request.path("messages").get(0).path("role").asText()).isEqualTo("developer");
      assertThatThrownBy(() -> ProviderRequests.openAi(conversation(
              new LLMConfig(LLMClient.OPENAI, "gpt-4o").setReasoner(true))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("max_completion_tokens is only for the models");
      assertThatThrownBy(() -> ProviderRequests.openAi(conversation(
              new LLMConfig(LLMClient.OPENAI, "o1-2024-12-17"))))
          .hasMessageContaining("takes max_completion_tokens");
    }

    @Test
    @DisplayName("R-OAI-7 per D-23: json_object sends response_format; json_beg sends none and "
        + "relies on the postfill")
    void jsonFormats() {
      // given
      ChatThread jsonObject = conversation(new LLMConfig(LLMClient.OPENAI, "gpt-4o")
          .setResponseFormat(ResponseFormat.JSON_OBJECT));
      ChatThread jsonBeg = conversation(new LLMConfig(LLMClient.OPENAI, "gpt-4o")
          .setResponseFormat(ResponseFormat.JSON_BEG));
      // when
      ObjectNode objectRequest = ProviderRequests.openAi(jsonObject);
      ObjectNode begRequest = ProviderRequests.openAi(jsonBeg);
      // then
      assertThat(objectRequest.path("response_format"))
          .isEqualTo(json("{\"type\":\"json_object\"}"));
      assertThat(begRequest.has("response_format")).isFalse();
      assertThat(begRequest.path("messages").get(1).path("content").asText())
          .isEqualTo("What is 2 + 3?" + jsonBeg.postfill());
      assertThat(jsonBeg.history().get(0).content()).isEqualTo("What is 2 + 3?");
    }

    @Test
    @DisplayName("4.8 DeepSeek R1 asks for its reasoning; OpenRouter and LiteLLM use the OpenAI "
        + "request")
    void openAiCompatible() {
      // given
      ChatThread deepSeek = conversation(new LLMConfig(LLMClient.OPENROUTER,
          "deepseek/deepseek-r1"));
      ChatThread lite = conversation(new LLMConfig(LLMClient.LITELLM, "gpt-4o"));
      // then
      assertThat(ProviderRequests.forThread(deepSeek).path("include_reasoning").asBoolean())
          .isTrue();
      assertThat(ProviderRequests.forThread(lite))
          .isEqualTo(ProviderRequests.openAi(lite));
      assertThat(ProviderRequests.openRouter(deepSeek)).isEqualTo(ProviderRequests.openAi(deepSeek));
      assertThatThrownBy(() -> ProviderRequests.forThread(conversation(
              new LLMConfig(LLMClient.AZURE_OPENAI))))
          .hasMessageContaining("Invalid client: azure_openai");
    }
  }

  @Nested
  class Anthropic {

    @Test
    @DisplayName("R-ANT-1 system blocks, tool_result as user, tool_use from the call, "
        + "cache_control on the last and third-from-last")
    void messages() {
      // given
      ChatThread thread = conversation(new LLMConfig(LLMClient.ANTHROPIC,
          "claude-3-5-sonnet-20241022").setResponseFormat(ResponseFormat.AUTO_TOOLS))
          .setTools(List.of(tool("add")));
      thread.addChatTurnHistory(ProcessedOutput.builder(LLMClient.ANTHROPIC,
          RawOutput.builder(LLMClient.ANTHROPIC, Map.of(), Map.of()).build(), UUID.randomUUID(),
          UUID.randomUUID()).jsonObject(new GeneratedJsonObject("add", Map.of("x", 2, "y", 3),
              "toolu_1")).build(), callables);
      // when
      ObjectNode request = ProviderRequests.anthropic(thread);
      // then
      assertThat(request.path("system")).isEqualTo(json("""
          {"s":[{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}]}""")
          .path("s"));
      assertThat(request.path("messages")).isEqualTo(json("""
          {"m":[
            {"role":"user","content":[{"type":"text","text":"What is 2 + 3?",
              "cache_control":{"type":"ephemeral"}}]},
            {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"add",
              "input":{"x":2,"y":3}}]},
            {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1",
              "content":"{\\"result\\": 5}","is_error":false,
              "cache_control":{"type":"ephemeral"}}]}]}""").path("m"));
      assertThat(keys(request)).containsExactly(
          "model", "max_tokens", "temperature", "messages", "system", "tools", "tool_choice");
    }

    @Test
    @DisplayName("R-ANT-1 without the cache, no block carries cache_control")
    void withoutCache() {
      ChatThread thread = conversation(new LLMConfig(LLMClient.ANTHROPIC, "claude")
          .setUseCache(false));
      assertThat(ProviderRequests.anthropic(thread).toString()).doesNotContain("cache_control");
      ChatThread noPrompt = new ChatThread(new LLMConfig(LLMClient.ANTHROPIC, "claude"))
          .setNewMessage("hi");
      noPrompt.addUserMessage();
      assertThat(ProviderRequests.anthropic(noPrompt).has("system")).isFalse();
    }

    @Test
    @DisplayName("R-ANT-2 tool, auto tools and workflow choices; the step is unchanged (D-22)")
    void toolChoices() {
      // given
      LLMConfig config = new LLMConfig(LLMClient.ANTHROPIC, "claude");
      ChatThread forced = conversation(config.setResponseFormat(ResponseFormat.TOOL))
          .setForcedOutput(tool("only"));
      ChatThread auto = conversation(new LLMConfig(LLMClient.ANTHROPIC, "claude")
          .setResponseFormat(ResponseFormat.AUTO_TOOLS)).setTools(List.of(tool("t1"), tool("t2")));
      ChatThread workflow = conversation(new LLMConfig(LLMClient.ANTHROPIC, "claude")
          .setResponseFormat(ResponseFormat.WORKFLOW)).setTools(List.of(tool("w1"), tool("w2")));
      // when
      ObjectNode forcedRequest = ProviderRequests.anthropic(forced);
      ObjectNode autoRequest = ProviderRequests.anthropic(auto);
      ObjectNode workflowRequest = ProviderRequests.anthropic(workflow);
      // then
      assertThat(forcedRequest.path("tool_choice"))
          .isEqualTo(json("{\"type\":\"tool\",\"name\":\"only\"}"));
      assertThat(forcedRequest.path("tools").get(0).has("input_schema")).isTrue();
      assertThat(autoRequest.path("tool_choice")).isEqualTo(json("{\"type\":\"auto\"}"));
      assertThat(autoRequest.path("tools")).hasSize(2);
      assertThat(workflowRequest.path("tool_choice"))
          .isEqualTo(json("{\"type\":\"tool\",\"name\":\"w1\"}"));
      assertThat(workflow.workflowStep()).isZero();
    }

    @Test
    @DisplayName("R-ANT-1 json_beg ends the messages with the prefill")
    void prefill() {
      ChatThread thread = conversation(new LLMConfig(LLMClient.ANTHROPIC, "claude")
          .setResponseFormat(ResponseFormat.JSON_BEG).setUseCache(false));
      JsonNode messages = ProviderRequests.anthropic(thread).path("messages");
      assertThat(messages.get(messages.size() - 1)).isEqualTo(json("""
          {"role":"assistant","content":[{"type":"text",
            "text":"Here's the valid JSON object response:```json"}]}"""));
    }
  }

  @Nested
  class Vllm {

    @Test
    @DisplayName("R-VLLM-1 vLLM: json_beg appends the prefill; tool forces the tool; text sends "
        + "its response format")
    void vllm() {
      // given
      ChatThread beg = conversation(new LLMConfig(LLMClient.VLLM, "hermes")
          .setResponseFormat(ResponseFormat.JSON_BEG));
      ChatThread forced = conversation(new LLMConfig(LLMClient.VLLM, "hermes")
          .setResponseFormat(ResponseFormat.TOOL)).setForcedOutput(tool("calc"));
      ChatThread text = conversation(new LLMConfig(LLMClient.VLLM, "hermes"));
      // when
      JsonNode begMessages = ProviderRequests.vllm(beg).path("messages");
      ObjectNode forcedRequest = ProviderRequests.vllm(forced);
      // then
      assertThat(begMessages.get(begMessages.size() - 1)).isEqualTo(json(
          "{\"role\":\"assistant\",\"content\":\"Here's the valid JSON object response:```json\"}"));
      assertThat(forcedRequest.path("tool_choice").path("function").path("name").asText())
          .isEqualTo("calc");
      assertThat(ProviderRequests.vllm(text).path("response_format"))
          .isEqualTo(json("{\"type\":\"text\"}"));
    }
  }

  @Nested
  class StoredConfigurations {

    /** A thread read from records another program wrote, with a configuration our rules refuse. */
    private ChatThread storedThread(LLMClient client) {
      InMemoryEntityStorage storage = new InMemoryEntityStorage();
      UUID configId = UUID.randomUUID();
      UUID threadId = UUID.randomUUID();
      Instant now = Instant.parse("2025-03-12T10:00:00Z");
      VersionRecord config = new VersionRecord(configId, configId, null, List.of(), now,
          "LLMConfig", Map.of("client", new Value.Text(client.name()),
              "responseFormat", new Value.Text("JSON_OBJECT")));
      VersionRecord thread = new VersionRecord(threadId, threadId, null, List.of(), now,
          "ChatThread", Map.of("llmConfig", new Value.Ref(configId)));
      storage.commit(Commit.of(threadId, List.of(config, thread)));
      return EntityRegistry.over(storage).get(threadId, ChatThread.class).orElseThrow();
    }

    @Test
    @DisplayName("4.8 vLLM and LiteLLM refuse json_object even when stored data carries it")
    void storedJsonObject() {
      assertThatThrownBy(() -> ProviderRequests.vllm(storedThread(LLMClient.VLLM)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("infinite whitespaces");
      assertThatThrownBy(() -> ProviderRequests.liteLlm(storedThread(LLMClient.LITELLM)))
          .hasMessageContaining("litellm does not support json_object");
      assertThatThrownBy(() -> ProviderRequests.anthropic(storedThread(LLMClient.ANTHROPIC)))
          .hasMessageContaining("Invalid response format for anthropic: json_object");
    }
  }
}
