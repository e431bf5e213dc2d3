package dev.lineage.domain.thread;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.storage.InvalidInputException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Provider request bodies built from a thread's current state (reference 4.8 with D-22, D-23,
 * D-26): pure functions that return new JSON and change nothing, the workflow step included. A
 * thread that cannot make a valid request for its provider gets an {@link InvalidInputException}
 * saying why, naming the thread.
 */
public final class ProviderRequests {

  /** OpenAI models that take {@code max_completion_tokens} instead of {@code max_tokens}. */
  private static final Set<String> COMPLETION_TOKEN_MODELS =
      Set.of("o1-2024-12-17", "o1-mini-2024-09-12", "o3-mini-2025-01-31", "o1-preview-2024-09-12");

  private static final String DEEPSEEK_R1 = "deepseek/deepseek-r1";

  private ProviderRequests() {}

  /**
   * The request for the thread's own client.
   *
   * @throws InvalidInputException for Azure OpenAI, which has no request builder, or when the
   *     thread cannot make a valid request
   */
  public static ObjectNode forThread(ChatThread thread) {
    switch (thread.llmConfig().client()) {
      case OPENAI:
        return openAi(thread);
      case ANTHROPIC:
        return anthropic(thread);
      case VLLM:
        return vllm(thread);
      case LITELLM:
        return liteLlm(thread);
      case OPENROUTER:
        return openRouter(thread);
      default:
        throw invalid(thread, "Invalid client: " + thread.llmConfig().client().wire());
    }
  }

  /**
   * An OpenAI chat completion request: model, the {@linkplain ChatThread#oaiMessages() OpenAI
   * messages}, max_tokens and temperature, then by format: text adds nothing; json_object
   * {@code response_format: {"type": "json_object"}} and json_beg nothing, relying on the
   * postfill (D-23); structured_output the forced structured tool's json_schema; tool the forced
   * tool, forced; auto_tools every tool with {@code tool_choice: "auto"}; workflow the tool of
   * the current step, forced. A reasoner sends {@code reasoning_effort} and {@code
   * max_completion_tokens} and no temperature; DeepSeek R1 asks to include its reasoning.
   *
   * @throws InvalidInputException if the format needs a forced tool or step the thread lacks,
   *     or the token field does not suit the model
   */
  public static ObjectNode openAi(ChatThread thread) {
    LLMConfig config = thread.llmConfig();
    ObjectNode request = base(config);
    request.set("messages", array(thread.oaiMessages()));
    request.put("max_tokens", config.maxTokens());
    request.put("temperature", config.temperature());
    switch (config.responseFormat()) {
      case TEXT:
      case JSON_BEG:
        break;
      case JSON_OBJECT:
        request.set("response_format", Json.object().put("type", "json_object"));
        break;
      case STRUCTURED_OUTPUT:
        request.set("response_format", thread.oaiResponseFormat().orElseThrow(() -> invalid(thread,
            "Invalid response format: structured_output needs a StructuredTool with a schema"
                + " as forced output")));
        break;
      case TOOL:
        forceTool(request, thread, forcedTool(thread), false);
        break;
      case AUTO_TOOLS:
        offerTools(request, thread.toolsForLlm());
        break;
      case WORKFLOW:
        forceTool(request, thread, workflowTool(thread), false);
        break;
      default:
        throw invalid(thread, "Invalid response format: " + config.responseFormat().wire());
    }
    if (config.reasoner()) {
      request.put("reasoning_effort", config.reasoningEffort().wire());
      request.set("max_completion_tokens", request.remove("max_tokens"));
      request.remove("temperature");
    }
    if (DEEPSEEK_R1.equals(config.model())) {
      request.put("include_reasoning", true);
    }
    checkTokenField(thread, request);
    return request;
  }

  /**
   * An Anthropic messages request: model, max_tokens, temperature, the {@linkplain
   * ChatThread#anthropicMessages() Anthropic messages} and the system blocks when there are
   * some; tool and workflow formats force one tool ({@code {"type": "tool", "name"}}),
   * auto_tools offers all ({@code {"type": "auto"}}). The workflow step is not advanced (D-22).
   *
   * @throws InvalidInputException for formats Anthropic does not offer, or a missing forced tool
   *     or step
   */
  public static ObjectNode anthropic(ChatThread thread) {
    LLMConfig config = thread.llmConfig();
    AnthropicMessages converted = thread.anthropicMessages();
    ObjectNode request = base(config);
    request.put("max_tokens", config.maxTokens());
    request.put("temperature", config.temperature());
    request.set("messages", array(converted.messages()));
    converted.system().ifPresent(system -> request.set("system", system));
    switch (config.responseFormat()) {
      case TEXT:
      case JSON_BEG:
        break;
      case TOOL:
        forceTool(request, thread, forcedTool(thread), true);
        break;
      case AUTO_TOOLS:
        List<ObjectNode> tools = thread.toolsForLlm();
        if (!tools.isEmpty()) {
          request.set("tools", array(tools));
          request.set("tool_choice", Json.object().put("type", "auto"));
        }
        break;
      case WORKFLOW:
        forceTool(request, thread, workflowTool(thread), true);
        break;
      default:
        throw invalid(thread, "Invalid response format for anthropic: "
            + config.responseFormat().wire());
    }
    return request;
  }

  /**
   * A vLLM request (OpenAI-compatible): model, the {@linkplain ChatThread#vllmMessages() chatml
   * messages} (with the prefill in json_beg), max_tokens, temperature, the OpenAI response
   * format when the thread has one, and tools as for OpenAI.
   *
   * @throws InvalidInputException for json_object, which makes vLLM emit endless whitespace
   */
  public static ObjectNode vllm(ChatThread thread) {
    LLMConfig config = thread.llmConfig();
    if (config.responseFormat() == ResponseFormat.JSON_OBJECT) {
      throw invalid(thread, "vllm does not support json_object response format: its guided"
          + " decoding produces infinite whitespaces; use json_beg or structured_output");
    }
    ObjectNode request = base(config);
    request.set("messages", array(thread.vllmMessages()));
    request.put("max_tokens", config.maxTokens());
    request.put("temperature", config.temperature());
    switch (config.responseFormat()) {
      case TOOL:
        forceTool(request, thread, forcedTool(thread), false);
        break;
      case AUTO_TOOLS:
        offerTools(request, thread.toolsForLlm());
        break;
      case WORKFLOW:
        forceTool(request, thread, workflowTool(thread), false);
        break;
      default:
        break;
    }
    thread.oaiResponseFormat().ifPresent(format -> request.set("response_format", format));
    return request;
  }

  /**
   * A LiteLLM request: the OpenAI request.
   *
   * @throws InvalidInputException for json_object, which LiteLLM does not offer
   */
  public static ObjectNode liteLlm(ChatThread thread) {
    if (thread.llmConfig().responseFormat() == ResponseFormat.JSON_OBJECT) {
      throw invalid(thread, "litellm does not support json_object response format");
    }
    return openAi(thread);
  }

  /** An OpenRouter request: the OpenAI request. */
  public static ObjectNode openRouter(ChatThread thread) {
    return openAi(thread);
  }

  // ---- helpers ----

  private static ObjectNode base(LLMConfig config) {
    ObjectNode request = Json.object();
    request.put("model", config.model());
    return request;
  }

  private static Tool forcedTool(ChatThread thread) {
    Tool forced = thread.forcedOutput();
    if (forced == null) {
      throw invalid(thread, "Invalid response format: tool needs a forced output tool");
    }
    return forced;
  }

  /** The tool of the current workflow step; the step is checked here, not on load (D-22). */
  private static Tool workflowTool(ChatThread thread) {
    Integer step = thread.workflowStep();
    int available = thread.tools().size();
    if (step == null) {
      throw invalid(thread, "Workflow step is not set; resetWorkflowStep() starts the workflow");
    }
    if (step < 0 || step >= available) {
      throw invalid(thread, "Workflow step " + step + " is out of range - only " + available
          + " tools available");
    }
    return thread.tools().get(step);
  }

  private static void forceTool(ObjectNode request, ChatThread thread, Tool tool,
      boolean anthropic) {
    String missing = "the tool '" + tool.name() + "' has no schema to offer";
    if (anthropic) {
      request.set("tools", Json.array().add(tool.anthropicTool(thread.llmConfig().useCache())
          .orElseThrow(() -> invalid(thread, missing))));
      request.set("tool_choice", Json.object().put("type", "tool").put("name", tool.name()));
    } else {
      request.set("tools", Json.array().add(tool.openAiTool()
          .orElseThrow(() -> invalid(thread, missing))));
      ObjectNode choice = Json.object().put("type", "function");
      choice.set("function", Json.object().put("name", tool.name()));
      request.set("tool_choice", choice);
    }
  }

  private static void offerTools(ObjectNode request, List<ObjectNode> tools) {
    if (!tools.isEmpty()) {
      request.set("tools", array(tools));
      request.put("tool_choice", "auto");
    }
  }

  /** OpenAI's rule for the token field: o1/o3 models take max_completion_tokens, others not. */
  private static void checkTokenField(ChatThread thread, ObjectNode request) {
    String model = thread.llmConfig().model();
    if (model != null && COMPLETION_TOKEN_MODELS.contains(model)) {
      if (request.has("max_tokens") || !request.has("max_completion_tokens")) {
        throw invalid(thread, "model " + model + " takes max_completion_tokens, not max_tokens;"
            + " configure it as a reasoner");
      }
    } else if (request.has("max_completion_tokens")) {
      throw invalid(thread, "max_completion_tokens is only for the models "
          + COMPLETION_TOKEN_MODELS + ", not " + model + "; reasoner is for OpenAI o1 and o3");
    }
  }

  private static ArrayNode array(List<ObjectNode> items) {
    ArrayNode array = Json.array();
    items.forEach(array::add);
    return array;
  }

  private static InvalidInputException invalid(ChatThread thread, String problem) {
    Objects.requireNonNull(thread, "thread");
    return new InvalidInputException("ChatThread " + thread.ecsId() + ": " + problem);
  }
}
