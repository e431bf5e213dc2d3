package dev.lineage.domain.thread;

import static dev.lineage.domain.thread.ProviderFixtures.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Provider results to (content, json object, usage, error) (reference 4.9, 4.10, 4.12, 5.8). */
class OutputParsingTest {

  /** An OpenAI completion whose only message has {@code content}. */
  static Map<String, Object> completion(String content) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "assistant");
    message.put("content", content);
    return Map.of("id", "chatcmpl-x", "object", "chat.completion", "created", 1, "model", "gpt-4",
        "choices", List.of(Map.of("index", 0, "finish_reason", "stop", "message", message)));
  }

  static RawOutput openAi(Map<String, Object> result) {
    return RawOutput.builder(LLMClient.OPENAI, result, Map.of()).build();
  }

  @Nested
  class OpenAi {

    @Test
    @DisplayName("P-OAI-TEXT text: content, no object, usage gpt-4 10/20/30")
    void text() {
      // when
      RawOutput raw = raw(LLMClient.OPENAI, "openai-text.json");
      // then
      assertThat(raw.strContent()).isEqualTo("Hello, how can I help you today?");
      assertThat(raw.jsonObject()).isNull();
      assertThat(raw.containsObject()).isFalse();
      assertThat(raw.error()).isNull();
      assertThat(raw.usage().model()).isEqualTo("gpt-4");
      assertThat(List.of(raw.usage().promptTokens(), raw.usage().completionTokens(),
          raw.usage().totalTokens())).containsExactly(10, 20, 30);
    }

    @Test
    @DisplayName("P-OAI-TOOL a tool call: content as received, object from the first call")
    void toolCall() {
      // when
      RawOutput raw = raw(LLMClient.OPENAI, "openai-tool-call.json");
      // then
      assertThat(raw.strContent()).isEmpty();
      assertThat(raw.containsObject()).isTrue();
      assertThat(raw.jsonObject().name()).isEqualTo("multiply");
      assertThat(raw.jsonObject().object()).isEqualTo(Map.of("x", 5, "y", 3));
      assertThat(raw.jsonObject().toolCallId()).isEqualTo("call_123");
    }

    @Test
    @DisplayName("P-OAI-JSON JSON content: object \"parsed_content\", content cleared")
    void jsonContent() {
      // when
      RawOutput raw = raw(LLMClient.OPENAI, "openai-json-content.json");
      // then
      assertThat(raw.strContent()).isNull();
      assertThat(raw.jsonObject().name()).isEqualTo("parsed_content");
      assertThat(raw.jsonObject().object())
          .isEqualTo(Map.of("result", 42, "message", "Answer found"));
      assertThat(UUID.fromString(raw.jsonObject().toolCallId())).isNotNull();
    }

    @Test
    @DisplayName("P-OAI-SCHEMA JSON content is named after the request's json_schema")
    void schemaName() {
      // when
      RawOutput raw = raw(LLMClient.OPENAI, "openai-json-content.json", Map.of(
          "response_format", Map.of("type", "json_schema", "json_schema",
              Map.of("name", "answer", "schema", Map.of()))));
      // then
      assertThat(raw.jsonObject().name()).isEqualTo("answer");
    }

    @Test
    @DisplayName("P-OAI-FENCE a fenced ```json block is the object; content cleared")
    void fenced() {
      // when
      RawOutput raw = raw(LLMClient.OPENAI, "openai-fenced-json.json");
      // then
      assertThat(raw.jsonObject().object())
          .isEqualTo(Map.of("city", "Lisbon", "population", 545923));
      assertThat(raw.strContent()).isNull();
      assertThat(raw.usage()).isNull();
    }

    @Test
    @DisplayName("P-OAI-HERMES a <tool_call> in the text is the call, with a fresh call id")
    void hermes() {
      // when
      RawOutput raw = raw(LLMClient.VLLM, "openai-hermes-text.json");
      // then
      assertThat(raw.jsonObject().name()).isEqualTo("add");
      assertThat(raw.jsonObject().object()).isEqualTo(Map.of("a", 1));
      assertThat(raw.strContent()).isNull();
      assertThat(raw.jsonObject().toolCallId()).isNotBlank();
    }

    static Stream<Arguments> wrappers() {
      String call = "{\"name\": \"lookup\", \"arguments\": {\"q\": \"tea\"}}";
      return Stream.of(
          Arguments.of("Let me check.\n<tool_call>" + call + "</tool_call>"),
          Arguments.of("<TOOL_CALL>\n" + call + "\n</TOOL_CALL>"),
          Arguments.of("[TOOL_REQUEST]" + call + "[END_TOOL_REQUEST] thanks"),
          Arguments.of("<tool_use>" + call + "</tool_use>"),
          Arguments.of("<tool_call>not json</tool_call><tool_call>" + call + "</tool_call>"),
          Arguments.of("<tool_call>{'bad': 1}</tool_call>[TOOL_REQUEST]" + call
              + "[END_TOOL_REQUEST]"));
    }

    @ParameterizedTest(name = "P-OAI-HERMES {0}")
    @MethodSource("wrappers")
    @DisplayName("P-OAI-HERMES each of the four wrapper styles carries a call")
    void wrapperStyles(String content) {
      // when
      RawOutput raw = openAi(completion(content));
      // then
      assertThat(raw.error()).isNull();
      assertThat(raw.jsonObject().name()).isEqualTo("lookup");
      assertThat(raw.jsonObject().object()).isEqualTo(Map.of("q", "tea"));
      assertThat(raw.strContent()).isNull();
    }

    @Test
    @DisplayName("P-OAI-HERMES a wrapped function call or bare object names its tool or "
        + "\"unknown_tool\"")
    void wrappedShapes() {
      RawOutput function = openAi(completion("<tool_call>{\"function\": {\"name\": \"f\","
          + " \"arguments\": \"{\\\"a\\\": 2}\"}}</tool_call>"));
      RawOutput unnamed = openAi(completion("<tool_call>{\"function\": {\"arguments\":"
          + " \"{}\"}}</tool_call>"));
      RawOutput bare = openAi(completion("<tool_use>{\"city\": \"Oslo\"}</tool_use>"));
      RawOutput python = openAi(completion(
          "<tool_call>{\"name\": \"g\", \"arguments\": {\"on\": True}}</tool_call>"));
      assertThat(function.jsonObject().name()).isEqualTo("f");
      assertThat(function.jsonObject().object()).isEqualTo(Map.of("a", 2));
      assertThat(unnamed.jsonObject().name()).isEqualTo("unknown_tool");
      assertThat(bare.jsonObject().name()).isEqualTo("unknown_tool");
      assertThat(bare.jsonObject().object()).isEqualTo(Map.of("city", "Oslo"));
      assertThat(python.jsonObject().object()).isEqualTo(Map.of("on", true));
    }

    @Test
    @DisplayName("P-OAI-PYBOOL Python True/False/None in tool arguments read as JSON")
    void pythonLiterals() {
      // when
      RawOutput raw = raw(LLMClient.OPENAI, "openai-python-literal-arguments.json");
      // then
      Map<String, Object> expected = new LinkedHashMap<>();
      expected.put("flag", true);
      expected.put("x", null);
      expected.put("off", false);
      assertThat(raw.jsonObject().object()).isEqualTo(expected);
      assertThat(raw.strContent()).isNull();
    }

    @Test
    @DisplayName("P-OAI-BADARGS truncated tool arguments are kept as {\"raw\": ...} (D-31)")
    void badArguments() {
      // when
      RawOutput raw = raw(LLMClient.OPENAI, "openai-truncated-arguments.json");
      // then
      assertThat(raw.error()).isNull();
      assertThat(raw.jsonObject().name()).isEqualTo("multiply");
      assertThat(raw.jsonObject().toolCallId()).isEqualTo("call_cut");
      assertThat(raw.jsonObject().object()).isEqualTo(Map.of("raw", "{\"x\": 5, \"y\""));
      assertThat(raw.usage().completionTokens()).isEqualTo(400);
    }

    @Test
    @DisplayName("P-OAI-BADARGS a <tool_call> wrapper inside arguments names the call")
    void wrappedArguments() {
      // given
      Map<String, Object> result = new LinkedHashMap<>(completion(""));
      result.put("choices", List.of(Map.of("index", 0, "finish_reason", "tool_calls", "message",
          Map.of("role", "assistant", "content", "", "tool_calls", List.of(Map.of("id", "c1",
              "type", "function", "function", Map.of("name", "outer", "arguments",
                  "<tool_call>{\"name\": \"inner\", \"arguments\": {\"k\": 1}}</tool_call>")))))));
      // when
      RawOutput raw = openAi(result);
      // then
      assertThat(raw.jsonObject().name()).isEqualTo("inner");
      assertThat(raw.jsonObject().object()).isEqualTo(Map.of("k", 1));
      assertThat(raw.jsonObject().toolCallId()).isEqualTo("c1");
    }

    @ParameterizedTest(name = "P-OAI-SCALAR content {0} is text")
    @ValueSource(strings = {"42", "[1, 2]", "\"quoted\"", "true", "null"})
    @DisplayName("P-OAI-SCALAR non-object JSON content is plain text (D-24)")
    void scalarContent(String content) {
      // when
      RawOutput raw = openAi(completion(content));
      // then
      assertThat(raw.error()).isNull();
      assertThat(raw.jsonObject()).isNull();
      assertThat(raw.strContent()).isEqualTo(content);
      assertThat(raw(LLMClient.OPENAI, "openai-scalar-content.json").strContent()).isEqualTo("42");
    }

    @Test
    @DisplayName("P-OAI-DEEPSEEK OpenRouter reasoning is put before the content in <think>")
    void deepSeek() {
      // when
      RawOutput raw = raw(LLMClient.OPENROUTER, "openrouter-deepseek.json");
      // then
      assertThat(raw.strContent()).isEqualTo("<think>R</think>\nC");
      assertThat(raw(LLMClient.OPENAI, "openrouter-deepseek.json").strContent()).isEqualTo("C");
    }

    @Test
    @DisplayName("P-OAI-DETAILS the token details are copied into the usage")
    void usageDetails() {
      // when
      Usage usage = raw(LLMClient.OPENAI, "openai-usage-details.json").usage();
      // then
      assertThat(usage.model()).isEqualTo("o3-mini-2025-01-31");
      assertThat(usage.totalTokens()).isEqualTo(350);
      assertThat(usage.acceptedPredictionTokens()).isEqualTo(3);
      assertThat(usage.audioTokens()).isZero();
      assertThat(usage.reasoningTokens()).isEqualTo(192);
      assertThat(usage.rejectedPredictionTokens()).isEqualTo(1);
      assertThat(usage.cachedTokens()).isEqualTo(64);
      assertThat(usage.cacheReadInputTokens()).isNull();
    }

    @Test
    @DisplayName("4.12 an unreadable usage is left out; the answer is kept")
    void unreadableUsage() {
      // given
      Map<String, Object> result = new LinkedHashMap<>(completion("fine"));
      result.put("usage", Map.of("prompt_tokens", "many"));
      // when
      RawOutput raw = openAi(result);
      // then
      assertThat(raw.strContent()).isEqualTo("fine");
      assertThat(raw.usage()).isNull();
      assertThat(raw.error()).isNull();
    }
  }

  @Nested
  class Malformed {

    static Stream<Arguments> malformed() {
      Map<String, Object> notCompletion = new LinkedHashMap<>(completion("x"));
      notCompletion.put("object", "list");
      Map<String, Object> toolWithoutName = new LinkedHashMap<>(completion(""));
      toolWithoutName.put("choices", List.of(Map.of("index", 0, "finish_reason", "tool_calls",
          "message", Map.of("role", "assistant", "tool_calls", List.of(Map.of("id", "c",
              "function", Map.of("arguments", "{}")))))));
      return Stream.of(
          Arguments.of("missing id, created, finish_reason",
              ProviderFixtures.json("openai-missing-fields.json"), "'id' is missing"),
          Arguments.of("no choices", ProviderFixtures.json("openai-no-choices.json"),
              "'choices' is missing"),
          Arguments.of("wrong types", ProviderFixtures.json("openai-wrong-types.json"),
              "'created' is missing or not a number"),
          Arguments.of("truncated body",
              RawOutput.rawResultOf("{\"id\": \"chatcmpl-1\", \"choices\": [{\"ind"),
              "the provider's response is not a JSON object"),
          Arguments.of("empty body", RawOutput.rawResultOf(""),
              "the provider's response is not a JSON object"),
          Arguments.of("not a completion", notCompletion, "object is 'list'"),
          Arguments.of("a tool call without a name", toolWithoutName, "'name' is missing"),
          Arguments.of("choices as text", Map.of("id", "x", "object", "chat.completion",
              "created", 1, "model", "m", "choices", "none"), "'choices' is missing"));
    }

    @ParameterizedTest(name = "P-OAI-INVALID {0}")
    @MethodSource("malformed")
    @DisplayName("P-OAI-INVALID malformed results give the error and nothing else, never throw")
    void malformedResult(String what, Map<String, Object> result, String message) {
      // when
      RawOutput raw = openAi(result);
      // then
      assertThatCode(raw::parse).doesNotThrowAnyException();
      assertThat(raw.error()).contains(message);
      assertThat(raw.strContent()).isNull();
      assertThat(raw.jsonObject()).isNull();
      assertThat(raw.usage()).isNull();
      ProcessedOutput output = raw.withChatThread(UUID.randomUUID(), UUID.randomUUID())
          .createProcessedOutput();
      assertThat(output.error()).isEqualTo(raw.error());
    }

    @Test
    @DisplayName("P-OAI-INVALID a truncated body is kept whole in the raw result")
    void truncatedBodyIsKept() {
      // given
      String body = "{\"id\": \"chatcmpl-1\", \"choices\": [{\"ind";
      // then
      assertThat(RawOutput.rawResultOf(body)).containsEntry("body", body);
    }

    @Test
    @DisplayName("P-ERR an \"error\" result gives that error and nothing else (D-24)")
    void errorKey() {
      // when
      RawOutput raw = raw(LLMClient.ANTHROPIC, "provider-error.json");
      RawOutput structured = openAi(Map.of("error", Map.of("message", "rate limited",
          "code", 429)));
      // then
      assertThat(raw.error()).isEqualTo("Model overloaded");
      assertThat(raw.strContent()).isNull();
      assertThat(raw.usage()).isNull();
      assertThat(Json.parse(structured.error()).orElseThrow().path("code").asInt()).isEqualTo(429);
    }

    @Test
    @DisplayName("4.9 Azure OpenAI results have no parser in the reference")
    void azure() {
      assertThat(raw(LLMClient.AZURE_OPENAI, "openai-text.json").error())
          .isEqualTo("Unsupported result provider: azure_openai");
    }
  }

  @Nested
  class Anthropic {

    @Test
    @DisplayName("P-ANT-TEXT text: content, no object, usage with a computed total")
    void text() {
      // when
      RawOutput raw = raw(LLMClient.ANTHROPIC, "anthropic-text.json");
      // then
      assertThat(raw.strContent()).isEqualTo("Hello! How can I assist you today?");
      assertThat(raw.jsonObject()).isNull();
      assertThat(raw.usage().model()).isEqualTo("claude-3-opus-20240229");
      assertThat(List.of(raw.usage().promptTokens(), raw.usage().completionTokens(),
          raw.usage().totalTokens())).containsExactly(10, 20, 30);
      assertThat(raw.usage().cacheCreationInputTokens()).isNull();
    }

    @Test
    @DisplayName("P-ANT-TOOL tool_use: no content, the call's name, input and id")
    void toolUse() {
      // when
      RawOutput raw = raw(LLMClient.ANTHROPIC, "anthropic-tool-use.json");
      // then
      assertThat(raw.strContent()).isNull();
      assertThat(raw.jsonObject().name()).isEqualTo("multiply");
      assertThat(raw.jsonObject().object()).isEqualTo(Map.of("x", 5, "y", 3));
      assertThat(raw.jsonObject().toolCallId()).isEqualTo("tool_123");
      assertThat(raw.usage().totalTokens()).isEqualTo(40);
      assertThat(raw.usage().cacheCreationInputTokens()).isEqualTo(7);
      assertThat(raw.usage().cacheReadInputTokens()).isEqualTo(3);
    }

    @Test
    @DisplayName("P-ANT-JSONTEXT JSON in text is the object, and the content is kept")
    void jsonText() {
      // when
      RawOutput raw = raw(LLMClient.ANTHROPIC, "anthropic-json-text.json");
      // then
      assertThat(raw.strContent()).isEqualTo("{\"status\": \"ok\", \"items\": [1, 2, 3]}");
      assertThat(raw.jsonObject().name()).isEqualTo("parsed_content");
      assertThat(raw.jsonObject().object()).isEqualTo(Map.of("status", "ok",
          "items", List.of(1, 2, 3)));
      assertThat(raw.jsonObject().toolCallId()).isNull();
    }

    @Test
    @DisplayName("4.9 a tool_use input that is not an object is kept under \"value\"")
    void scalarInput() {
      // when
      RawOutput raw = RawOutput.builder(LLMClient.ANTHROPIC, Map.of("id", "m", "type", "message",
          "role", "assistant", "model", "claude", "content", List.of(Map.of("type", "tool_use",
              "id", "t", "name", "echo", "input", "hello")),
          "usage", Map.of("input_tokens", 1, "output_tokens", 1)), Map.of()).build();
      // then
      assertThat(raw.jsonObject().object()).isEqualTo(Map.of("value", "hello"));
    }

    @Test
    @DisplayName("P-OAI-INVALID an Anthropic message without usage is an error")
    void malformed() {
      RawOutput raw = RawOutput.builder(LLMClient.ANTHROPIC, Map.of("id", "m", "type", "message",
          "role", "assistant", "model", "claude", "content", List.of()), Map.of()).build();
      assertThat(raw.error()).contains("'usage' is missing");
    }
  }

  @Nested
  class Processing {

    @Test
    @DisplayName("P-RAW-1 a raw output keeps its fields; time taken is end minus start")
    void rawOutput() {
      // when
      RawOutput raw = raw(LLMClient.OPENAI, "openai-text.json");
      // then
      assertThat(raw.client()).isEqualTo(LLMClient.OPENAI);
      assertThat(raw.completionKwargs()).isEqualTo(Map.of("model", "test-model"));
      assertThat(raw.rawResult()).isEqualTo(ProviderFixtures.json("openai-text.json"));
      assertThat(raw.timeTaken()).isEqualTo(0.5);
      assertThat(raw.parse()).isSameAs(raw.parse());
    }

    @Test
    @DisplayName("P-PROC-1 a processed output carries the parse, the time and the thread ids")
    void processedOutput() {
      // given
      RawOutput raw = raw(LLMClient.OPENAI, "openai-text.json");
      // when
      ProcessedOutput output = raw.createProcessedOutput();
      // then
      assertThat(output.content()).isEqualTo("Hello, how can I help you today?");
      assertThat(output.jsonObject()).isNull();
      assertThat(output.usage().model()).isEqualTo("gpt-4");
      assertThat(output.usage()).isSameAs(raw.usage());
      assertThat(output.error()).isNull();
      assertThat(output.timeTaken()).isEqualTo(raw.timeTaken());
      assertThat(output.llmClient()).isEqualTo(LLMClient.OPENAI);
      assertThat(output.rawOutput()).isSameAs(raw);
      assertThat(output.chatThreadId()).isEqualTo(raw.chatThreadId());
      assertThat(output.chatThreadLiveId()).isEqualTo(raw.chatThreadLiveId());
    }

    @Test
    @DisplayName("P-PROC-2 a processed output needs the thread id and live id")
    void missingThreadIds() {
      RawOutput withoutThread = openAi(completion("x"));
      RawOutput withoutLiveId = withoutThread.withChatThread(UUID.randomUUID(), null);
      assertThatThrownBy(withoutThread::createProcessedOutput)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Chat thread ID is required to create a ProcessedOutput");
      assertThatThrownBy(withoutLiveId::createProcessedOutput)
          .hasMessage("Chat thread live ID is required to create a ProcessedOutput");
    }
  }
}
