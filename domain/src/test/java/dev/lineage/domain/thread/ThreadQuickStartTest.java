package dev.lineage.domain.thread;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.domain.EntityRegistry;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The README's thread example, compiled and run; and a check that the README shows this code. */
class ThreadQuickStartTest {

  // tag::thread-tool[]
  /** The multiply tool's arguments; its JSON schema is derived from this record. */
  record Factors(int x, int y) {}
  // end::thread-tool[]

  @Test
  void toolCallingTurn() {
    // tag::thread[]
    CallableRegistry callables = new CallableRegistry();
    callables.register("multiply",
        CallableFunction.of(Factors.class, Integer.class, f -> f.x() * f.y()));

    EntityRegistry registry = EntityRegistry.over(new InMemoryEntityStorage());
    ThreadOperations operations = new ThreadOperations(registry, callables);

    ChatThread thread = new ChatThread(
        new LLMConfig(LLMClient.OPENAI, "gpt-4o").setResponseFormat(ResponseFormat.AUTO_TOOLS));
    thread.addTool(CallableTool.fromRegistry(callables, "multiply"));
    operations.addUserMessage(thread, "What is 6 times 7?");        // version 1

    ObjectNode request = ProviderRequests.forThread(thread);         // pure: changes nothing
    String response = callOpenAi(request);                          // your HTTP client
    ProcessedOutput answer = RawOutput.forResponse(LLMClient.OPENAI, request, response)
        .chatThread(thread.ecsId(), thread.liveId())
        .build()
        .createProcessedOutput();                                   // the model calls multiply
    ChatTurn turn = operations.addChatTurnHistory(thread, answer);   // version 2, runs the tool

    String toolResult = turn.toolMessage().orElseThrow().content();  // {"result": 42}
    List<UUID> versions = registry.lineageIds(thread.lineageId());   // both thread versions
    String mermaid = registry.lineageMermaid(thread.lineageId());
    // end::thread[]

    assertThat(toolResult).isEqualTo("{\"result\": 42}");
    assertThat(versions).hasSize(2).endsWith(thread.ecsId());
    ChatThread first = registry.get(versions.get(0), ChatThread.class).orElseThrow();
    assertThat(first.history()).extracting(ChatMessage::role).containsExactly(MessageRole.USER);
    assertThat(thread.history()).extracting(ChatMessage::role)
        .containsExactly(MessageRole.USER, MessageRole.ASSISTANT, MessageRole.TOOL);
    assertThat(mermaid).startsWith("```mermaid\ngraph TD").contains("history mod");
  }

  /** Stands in for the HTTP call: OpenAI's recorded answer, a call of multiply(6, 7). */
  private static String callOpenAi(ObjectNode request) {
    assertThat(request.path("tools").get(0).path("function").path("name").asText())
        .isEqualTo("multiply");
    return ProviderFixtures.body("openai-multiply-6-7.json");
  }

  @Test
  void readmeShowsThisCode() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String source = Files.readString(
        Path.of("src/test/java/dev/lineage/domain/thread/ThreadQuickStartTest.java"));
    for (String tag : List.of("thread-tool", "thread")) {
      assertThat(readme).as("README shows the %s region", tag).contains(region(source, tag));
    }
  }

  /** The lines between {@code tag::name[]} and {@code end::name[]}, without their indentation. */
  private static String region(String source, String tag) {
    String start = "// tag::" + tag + "[]\n";
    String end = "// end::" + tag + "[]";
    String body = source.substring(source.indexOf(start) + start.length(), source.indexOf(end));
    String indent = body.substring(0, body.length() - body.stripLeading().length());
    return body.lines().map(line -> line.startsWith(indent) ? line.substring(indent.length()) : line)
        .reduce((a, b) -> a + "\n" + b).orElse("").stripTrailing();
  }
}
