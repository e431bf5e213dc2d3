package dev.lineage.domain.thread;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads provider results (reference 4.9 with D-24, D-31): OpenAI-shaped completions (OpenAI,
 * vLLM, LiteLLM, OpenRouter with DeepSeek reasoning) and Anthropic messages. Never throws: any
 * problem becomes the error of the parse.
 */
final class OutputParser {

  /** The four ways models wrap a tool call in their text, in the order they are tried. */
  private static final List<Pattern> WRAPPERS =
      List.of(
          Pattern.compile("<tool_call>\\s*(.*?)\\s*</tool_call>", Pattern.DOTALL),
          Pattern.compile("<TOOL_CALL>\\s*(.*?)\\s*</TOOL_CALL>", Pattern.DOTALL),
          Pattern.compile("\\[TOOL_REQUEST\\]\\s*(.*?)\\s*\\[END_TOOL_REQUEST\\]", Pattern.DOTALL),
          Pattern.compile("<tool_use>\\s*(.*?)\\s*</tool_use>", Pattern.DOTALL));

  private static final Pattern FENCED_JSON =
      Pattern.compile("```json\\s*(.*?)\\s*```", Pattern.DOTALL);
  private static final Pattern FENCED =
      Pattern.compile("```\\s*(.*?)\\s*```", Pattern.DOTALL);
  private static final Pattern PYTHON_TRUE = Pattern.compile("\\bTrue\\b");
  private static final Pattern PYTHON_FALSE = Pattern.compile("\\bFalse\\b");
  private static final Pattern PYTHON_NONE = Pattern.compile("\\bNone\\b");

  private static final String UNKNOWN_TOOL = "unknown_tool";
  private static final String PARSED_CONTENT = "parsed_content";

  private OutputParser() {}

  /** A problem with the shape of a provider result. */
  private static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  static ParsedOutput parse(RawOutput raw) {
    try {
      Map<String, Object> result = raw.rawResult();
      if (result.containsKey("error")) {
        return ParsedOutput.failed(errorText(result.get("error")));
      }
      JsonNode root = Json.tree(result);
      switch (raw.client()) {
        case OPENAI:
        case VLLM:
        case LITELLM:
          return openAi(root, raw, false);
        case OPENROUTER:
          return openAi(root, raw, true);
        case ANTHROPIC:
          return anthropic(root);
        default:
          return ParsedOutput.failed("Unsupported result provider: " + raw.client().wire());
      }
    } catch (RuntimeException | StackOverflowError e) {
      return ParsedOutput.failed(
          e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    }
  }

  private static String errorText(Object error) {
    return error instanceof String text ? text : Json.text(error);
  }

  // ---- OpenAI-shaped completions ----

  private static ParsedOutput openAi(JsonNode root, RawOutput raw, boolean withReasoning) {
    requireCompletion(root);
    JsonNode message = root.path("choices").get(0).path("message");
    String content = optionalText(message, "content", "choices[0].message");
    JsonNode reasoning = message.path("reasoning");
    if (withReasoning && reasoning.isTextual()) {
      content = "<think>" + reasoning.textValue() + "</think>\n" + (content == null ? "" : content);
    }
    GeneratedJsonObject json = null;
    JsonNode toolCalls = message.path("tool_calls");
    if (toolCalls.isArray() && !toolCalls.isEmpty()) {
      json = fromToolCall(toolCalls.get(0));
    } else if (content != null && !content.isEmpty()) {
      String text = content;
      json = embeddedToolCall(text)
          .or(() -> lenientObject(text).map(object ->
              new GeneratedJsonObject(schemaName(raw), object, UUID.randomUUID().toString())))
          .orElse(null);
      if (json != null) {
        content = null;
      }
    }
    return new ParsedOutput(content, json, openAiUsage(root), null);
  }

  /** The fields a ChatCompletion must have, with their types (reference 4.9). */
  private static void requireCompletion(JsonNode root) {
    if (!root.isObject()) {
      throw new Malformed("not an OpenAI chat completion: not a JSON object");
    }
    requireText(root, "id", "completion");
    requireText(root, "model", "completion");
    if (!"chat.completion".equals(requireText(root, "object", "completion"))) {
      throw new Malformed("not an OpenAI chat completion: object is '"
          + root.path("object").textValue() + "'");
    }
    if (!root.path("created").isIntegralNumber()) {
      throw new Malformed("not an OpenAI chat completion: 'created' is missing or not a number");
    }
    JsonNode choices = root.path("choices");
    if (!choices.isArray() || choices.isEmpty()) {
      throw new Malformed("not an OpenAI chat completion: 'choices' is missing or empty");
    }
    for (int i = 0; i < choices.size(); i++) {
      JsonNode choice = choices.get(i);
      String where = "choices[" + i + "]";
      if (!choice.path("index").isIntegralNumber()) {
        throw new Malformed("not an OpenAI chat completion: " + where + ".index is missing");
      }
      requireText(choice, "finish_reason", where);
      if (!choice.path("message").isObject()) {
        throw new Malformed("not an OpenAI chat completion: " + where + ".message is missing");
      }
      optionalText(choice.path("message"), "content", where + ".message");
    }
  }

  private static GeneratedJsonObject fromToolCall(JsonNode call) {
    JsonNode function = call.path("function");
    String name = requireText(function, "name", "tool call");
    String id = optionalText(call, "id", "tool call");
    JsonNode arguments = function.path("arguments");
    if (arguments.isObject()) {
      return new GeneratedJsonObject(name, Json.plainObject(arguments), id);
    }
    String text = arguments.isTextual() ? arguments.textValue() : arguments.toString();
    boolean wrapped = text.contains("<tool_call>");
    Matcher matcher = WRAPPERS.get(0).matcher(text);
    String inner = wrapped && matcher.find() ? matcher.group(1) : text;
    Optional<JsonNode> parsed = Json.parse(inner).or(() -> Json.parse(pythonLiterals(inner)));
    if (parsed.isPresent() && parsed.get().isObject()) {
      JsonNode object = parsed.get();
      if (wrapped && object.path("name").isTextual() && object.path("arguments").isObject()) {
        return new GeneratedJsonObject(
            object.path("name").textValue(), Json.plainObject(object.path("arguments")), id);
      }
      return new GeneratedJsonObject(name, Json.plainObject(object), id);
    }
    // D-31: arguments that are not a JSON object are kept as text under the call
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("raw", text);
    return new GeneratedJsonObject(name, raw, id);
  }

  /** A tool call written into the text in one of the four wrapper styles. */
  private static Optional<GeneratedJsonObject> embeddedToolCall(String content) {
    for (Pattern wrapper : WRAPPERS) {
      Matcher matcher = wrapper.matcher(content);
      while (matcher.find()) {
        Optional<JsonNode> parsed = parseLoosely(matcher.group(1));
        if (parsed.isPresent() && parsed.get().isObject()) {
          return Optional.of(embedded(parsed.get()));
        }
      }
    }
    return Optional.empty();
  }

  private static GeneratedJsonObject embedded(JsonNode call) {
    String id = UUID.randomUUID().toString();
    JsonNode name = call.path("name");
    JsonNode arguments = call.path("arguments");
    if (name.isTextual() && !name.textValue().isEmpty() && !isEmpty(arguments)) {
      return new GeneratedJsonObject(name.textValue(), argumentsObject(arguments), id);
    }
    JsonNode function = call.path("function");
    if (function.isObject()) {
      String functionName = function.path("name").isTextual()
          && !function.path("name").textValue().isEmpty()
          ? function.path("name").textValue() : UNKNOWN_TOOL;
      return new GeneratedJsonObject(functionName, argumentsObject(function.path("arguments")), id);
    }
    return new GeneratedJsonObject(UNKNOWN_TOOL, Json.plainObject(call), id);
  }

  /** Arguments given as an object or as JSON text; anything else is kept under "raw". */
  private static Map<String, Object> argumentsObject(JsonNode arguments) {
    if (arguments.isObject()) {
      return Json.plainObject(arguments);
    }
    if (arguments.isTextual()) {
      Optional<JsonNode> parsed = parseLoosely(arguments.textValue());
      if (parsed.isPresent() && parsed.get().isObject()) {
        return Json.plainObject(parsed.get());
      }
    }
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("raw", arguments.isTextual() ? arguments.textValue() : Json.text(arguments));
    return raw;
  }

  private static boolean isEmpty(JsonNode node) {
    return node.isMissingNode() || node.isNull() || (node.isContainerNode() && node.isEmpty())
        || (node.isTextual() && node.textValue().isEmpty());
  }

  /** The name of a response_format json_schema of the request, else "parsed_content". */
  private static String schemaName(RawOutput raw) {
    Object format = raw.completionKwargs().get("response_format");
    if (format instanceof Map<?, ?> formatMap
        && formatMap.get("json_schema") instanceof Map<?, ?> schema
        && schema.get("name") instanceof String name) {
      return name;
    }
    return PARSED_CONTENT;
  }

  private static Usage openAiUsage(JsonNode root) {
    JsonNode usage = root.path("usage");
    if (!usage.isObject()) {
      return null;
    }
    try {
      JsonNode completion = usage.path("completion_tokens_details");
      JsonNode prompt = usage.path("prompt_tokens_details");
      return Usage.builder(
              root.path("model").isTextual() ? root.path("model").textValue() : "unknown",
              count(usage, "prompt_tokens"),
              count(usage, "completion_tokens"),
              count(usage, "total_tokens"))
          .acceptedPredictionTokens(optionalCount(completion, "accepted_prediction_tokens"))
          .audioTokens(optionalCount(completion, "audio_tokens"))
          .reasoningTokens(optionalCount(completion, "reasoning_tokens"))
          .rejectedPredictionTokens(optionalCount(completion, "rejected_prediction_tokens"))
          .cachedTokens(optionalCount(prompt, "cached_tokens"))
          .build();
    } catch (Malformed e) {
      return null; // reference: a usage that cannot be read is left out, the answer is kept
    }
  }

  // ---- Anthropic messages ----

  private static ParsedOutput anthropic(JsonNode root) {
    if (!root.isObject()) {
      throw new Malformed("not an Anthropic message: not a JSON object");
    }
    requireText(root, "id", "message");
    String model = requireText(root, "model", "message");
    if (!"message".equals(requireText(root, "type", "message"))) {
      throw new Malformed("not an Anthropic message: type is '"
          + root.path("type").textValue() + "'");
    }
    if (!"assistant".equals(requireText(root, "role", "message"))) {
      throw new Malformed("not an Anthropic message: role is '"
          + root.path("role").textValue() + "'");
    }
    JsonNode blocks = root.path("content");
    if (!blocks.isArray()) {
      throw new Malformed("not an Anthropic message: 'content' is missing or not a list");
    }
    JsonNode usage = root.path("usage");
    if (!usage.isObject()) {
      throw new Malformed("not an Anthropic message: 'usage' is missing");
    }
    int input = count(usage, "input_tokens");
    int output = count(usage, "output_tokens");
    JsonNode textBlock = null;
    JsonNode toolBlock = null;
    for (JsonNode block : blocks) {
      String type = block.path("type").asText("");
      if (textBlock == null && "text".equals(type) && block.path("text").isTextual()
          && !block.path("text").textValue().isBlank()) {
        textBlock = block;
      } else if (toolBlock == null && "tool_use".equals(type)) {
        toolBlock = block;
      }
    }
    String content = null;
    GeneratedJsonObject json = null;
    if (textBlock != null) {
      content = textBlock.path("text").textValue();
      json = lenientObject(content)
          .map(object -> new GeneratedJsonObject(PARSED_CONTENT, object, null))
          .orElse(null);
    }
    if (toolBlock != null) {
      JsonNode toolInput = toolBlock.path("input");
      Map<String, Object> object;
      if (toolInput.isObject()) {
        object = Json.plainObject(toolInput);
      } else {
        object = new LinkedHashMap<>();
        object.put("value", Json.plain(toolInput));
      }
      json = new GeneratedJsonObject(
          requireText(toolBlock, "name", "tool_use block"), object,
          optionalText(toolBlock, "id", "tool_use block"));
    }
    Usage used = Usage.builder(model, input, output, input + output)
        .cacheCreationInputTokens(optionalCount(usage, "cache_creation_input_tokens"))
        .cacheReadInputTokens(optionalCount(usage, "cache_read_input_tokens"))
        .build();
    return new ParsedOutput(content, json, used, null);
  }

  // ---- lenient JSON ----

  /**
   * A JSON object found in a model's text (reference {@code _parse_json_string}): the text
   * without a {@code <tool_call>} or {@code [TOOL_REQUEST]} wrapper, the text itself, the first
   * fenced block, or the text with Python's True/False/None. Only an object counts (D-24).
   */
  private static Optional<Map<String, Object>> lenientObject(String text) {
    return parseLoosely(text).filter(JsonNode::isObject).map(Json::plainObject);
  }

  private static Optional<JsonNode> parseLoosely(String text) {
    String cleaned = text.strip();
    for (Pattern wrapper : List.of(WRAPPERS.get(0), WRAPPERS.get(2))) {
      Matcher matcher = wrapper.matcher(cleaned);
      if (matcher.find()) {
        cleaned = matcher.group(1);
      }
    }
    String unwrapped = cleaned;
    return Json.parse(unwrapped)
        .or(() -> Json.parse(text))
        .or(() -> fenced(text).flatMap(Json::parse))
        .or(() -> Json.parse(pythonLiterals(unwrapped)));
  }

  private static Optional<String> fenced(String text) {
    for (Pattern fence : List.of(FENCED_JSON, FENCED)) {
      Matcher matcher = fence.matcher(text);
      if (matcher.find()) {
        return Optional.of(matcher.group(1));
      }
    }
    return Optional.empty();
  }

  private static String pythonLiterals(String text) {
    String converted = PYTHON_TRUE.matcher(text).replaceAll("true");
    converted = PYTHON_FALSE.matcher(converted).replaceAll("false");
    return PYTHON_NONE.matcher(converted).replaceAll("null");
  }

  // ---- field access ----

  private static String requireText(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new Malformed("malformed " + where + ": '" + field + "' is "
          + (value.isMissingNode() ? "missing" : "not text but " + value.getNodeType()));
    }
    return value.textValue();
  }

  private static String optionalText(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new Malformed("malformed " + where + ": '" + field + "' is not text but "
          + value.getNodeType());
    }
    return value.textValue();
  }

  private static int count(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new Malformed("malformed usage: '" + field + "' is "
          + (value.isMissingNode() ? "missing" : "not a whole number"));
    }
    return value.intValue();
  }

  private static Integer optionalCount(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : count(node, field);
  }
}
