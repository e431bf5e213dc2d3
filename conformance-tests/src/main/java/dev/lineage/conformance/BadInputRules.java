package dev.lineage.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lineage.conformance.entities.ValidatedEntity;
import dev.lineage.conformance.entities.ValuesEntity;
import dev.lineage.domain.thread.CallableFunction;
import dev.lineage.domain.thread.CallableRegistry;
import dev.lineage.domain.thread.CallableTool;
import dev.lineage.domain.thread.ChatMessage;
import dev.lineage.domain.thread.ChatThread;
import dev.lineage.domain.thread.LLMClient;
import dev.lineage.domain.thread.LLMConfig;
import dev.lineage.domain.thread.MessageRole;
import dev.lineage.domain.thread.ProcessedOutput;
import dev.lineage.domain.thread.RawOutput;
import dev.lineage.domain.thread.ResponseFormat;
import dev.lineage.domain.thread.SystemPrompt;
import dev.lineage.domain.thread.ThreadOperations;
import dev.lineage.storage.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Rules B: bad input gets a typed error before anything is written, and what a model sends that
 * cannot be used is kept, not lost (issue 8). Each rule counts the store's versions around the
 * bad input.
 */
abstract class BadInputRules extends RuleGroup {

  BadInputRules(Fixture fixture) {
    super(fixture);
  }

  /** The arguments of the tool the model calls. */
  record Sum(int x, int y) {}

  private long versions() {
    return storage().status().versionCount();
  }

  /** Issue 8. If it fails: a thread entity accepted a missing required field. */
  @Test
  @DisplayName("B-01 thread entities missing a required field are refused, and nothing is written")
  void missingRequiredFields() {
    long before = versions();
    assertThatThrownBy(() -> new SystemPrompt(null, "content"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("name");
    assertThatThrownBy(() -> ChatMessage.of(null, "content"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("role");
    assertThatThrownBy(() -> new ChatThread(null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("llmConfig");
    ValuesEntity holder = new ValuesEntity();
    holder.json.put("deep inside", new ValidatedEntity(null, 1, 2));
    assertThatThrownBy(() -> registry().register(holder))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'name' is required");
    assertThat(versions()).isEqualTo(before);
    assertThat(registry().exists(holder.ecsId())).isFalse();
  }

  /**
   * Issue 8, reference 4.2. If it fails: an invalid enum spelling or configuration was accepted,
   * or refused with an untyped exception.
   */
  @Test
  @DisplayName("B-02 invalid enum values and configurations are refused with a typed error")
  void invalidEnumsAndConfigurations() throws Exception {
    long before = versions();
    assertThatThrownBy(() -> ChatMessage.fromChatml(
            new ObjectMapper().readTree("{\"role\": \"wizard\", \"content\": \"hi\"}")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("wizard");
    LLMConfig anthropic = new LLMConfig(LLMClient.ANTHROPIC);
    assertThatThrownBy(() -> anthropic.setResponseFormat(ResponseFormat.JSON_OBJECT))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("json_object");
    assertThat(anthropic.responseFormat()).isEqualTo(ResponseFormat.TEXT);
    assertThat(versions()).isEqualTo(before);
  }

  /**
   * Issue 8, D-24, D-31. If it fails: a provider result of the wrong shape threw, or its raw body
   * was lost instead of being stored with the error.
   */
  @Test
  @DisplayName("B-03 provider results of the wrong shape are stored with their error, not lost")
  void wrongShapedResults() {
    UUID thread = UUID.randomUUID();
    for (String body : List.of(
        "{\"id\": \"x\", \"object\": \"chat.completion\", \"choices\": [{\"message\":",
        "{\"choices\": \"not a list\", \"model\": 42}",
        "<html>502 Bad Gateway</html>",
        "{\"error\": {\"message\": \"Model overloaded\"}}")) {
      // given
      RawOutput raw = RawOutput.forResponse(LLMClient.OPENAI,
              new ObjectMapper().createObjectNode().put("model", "gpt-4"), body)
          .chatThread(thread, thread)
          .build();
      // when
      ProcessedOutput output = raw.createProcessedOutput();
      registry().register(output);
      // then
      ProcessedOutput read = registry().require(output.ecsId(), ProcessedOutput.class);
      assertThat(read.error()).as("error for %s", body).isNotBlank();
      assertThat(read.content()).isNull();
      assertThat(read.rawOutput().rawResult()).isEqualTo(raw.rawResult());
    }
  }

  /**
   * Issue 8, D-25, D-31. If it fails: unparseable tool arguments were lost, or the tool ran on
   * them, instead of the call being kept and the tool message carrying the validation error.
   */
  @Test
  @DisplayName("B-04 invalid JSON in tool arguments is kept, and the tool answers with an error")
  void invalidToolArguments() {
    // given
    CallableRegistry callables = new CallableRegistry();
    callables.register("add", CallableFunction.of(Sum.class, Integer.class, s -> s.x() + s.y()));
    ChatThread thread = new ChatThread(new LLMConfig(LLMClient.OPENAI, "gpt-4"));
    thread.setTools(List.of(CallableTool.fromRegistry(callables, "add")));
    ThreadOperations operations = new ThreadOperations(registry(), callables);
    operations.addUserMessage(thread, "add two numbers");
    String completion = "{\"id\": \"c1\", \"object\": \"chat.completion\", \"created\": 1,"
        + " \"model\": \"gpt-4\", \"choices\": [{\"index\": 0, \"finish_reason\": \"tool_calls\","
        + " \"message\": {\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"id\":"
        + " \"call_1\", \"type\": \"function\", \"function\": {\"name\": \"add\", \"arguments\":"
        + " \"{x: 1, y: \"}}]}}]}";
    ProcessedOutput output = RawOutput.forResponse(LLMClient.OPENAI,
            new ObjectMapper().createObjectNode().put("model", "gpt-4"), completion)
        .chatThread(thread.ecsId(), thread.liveId())
        .build()
        .createProcessedOutput();
    // when
    operations.addChatTurnHistory(thread, output);
    // then
    ChatThread read = registry().require(thread.ecsId(), ChatThread.class);
    List<ChatMessage> history = read.history();
    assertThat(history).extracting(ChatMessage::role)
        .containsExactly(MessageRole.USER, MessageRole.ASSISTANT, MessageRole.TOOL);
    assertThat(history.get(1).toolCall()).isEqualTo(Map.of("raw", "{x: 1, y: "));
    assertThat(history.get(2).content()).contains("\"error\"");
  }
}
