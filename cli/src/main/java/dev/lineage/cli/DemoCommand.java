package dev.lineage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.domain.EntityRegistry;
import dev.lineage.domain.thread.CallableFunction;
import dev.lineage.domain.thread.CallableRegistry;
import dev.lineage.domain.thread.CallableTool;
import dev.lineage.domain.thread.ChatMessage;
import dev.lineage.domain.thread.ChatThread;
import dev.lineage.domain.thread.ChatTurn;
import dev.lineage.domain.thread.LLMClient;
import dev.lineage.domain.thread.LLMConfig;
import dev.lineage.domain.thread.ProcessedOutput;
import dev.lineage.domain.thread.ProviderRequests;
import dev.lineage.domain.thread.RawOutput;
import dev.lineage.domain.thread.ResponseFormat;
import dev.lineage.domain.thread.SystemPrompt;
import dev.lineage.domain.thread.ThreadOperations;
import dev.lineage.storage.VersionRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lineage demo}: a scripted conversation, stored version by version. A system prompt and a
 * Java tool ({@code multiply}); the user asks; the assistant calls the tool, which runs, and
 * answers; then "edit and regenerate": a branch from the first version with the question edited,
 * answered anew. No model is called: the assistant's replies are recorded OpenAI responses, parsed
 * as a live answer would be, so everything else runs as it would against the provider.
 */
@Command(name = "demo",
    description = "Stores a scripted conversation (a tool call, an edited question answered"
        + " anew) and prints its versions and lineage.")
final class DemoCommand extends StoreCommand {

  private static final String FIXTURES = "demo/";

  /** The step (from 0) that edits the question on a branch of its own. */
  private static final int BRANCH_STEP = 3;

  /** The multiply tool's arguments; its JSON schema is derived from this record. */
  record Factors(int x, int y) {}

  @Option(names = "--mermaid", description = "also print the lineage as Mermaid text")
  private boolean mermaid;

  @Override
  int run(Store store) {
    CallableRegistry callables = new CallableRegistry();
    callables.register("multiply",
        CallableFunction.of(Factors.class, Integer.class, f -> f.x() * f.y())
            .withDescription("Multiplies two whole numbers."));
    EntityRegistry registry = store.registry();
    ThreadOperations operations = new ThreadOperations(registry, callables);
    List<Step> steps = new ArrayList<>();

    ChatThread thread = new ChatThread(
        new LLMConfig(LLMClient.OPENAI, "gpt-4o").setResponseFormat(ResponseFormat.AUTO_TOOLS))
        .setName("demo: multiplication")
        .setSystemPrompt(new SystemPrompt("calculator",
            "You are a careful calculator. Use the multiply tool for every product."));
    thread.addTool(CallableTool.fromRegistry(callables, "multiply"));

    ChatMessage question = operations.addUserMessage(thread, "What is 6 times 7?").orElseThrow();
    steps.add(new Step(thread, List.of(question)));
    ChatTurn call = operations.addChatTurnHistory(thread, answer(thread, "multiply-6-7-call.json"));
    steps.add(new Step(thread, added(call)));
    ChatTurn reply =
        operations.addChatTurnHistory(thread, answer(thread, "multiply-6-7-answer.json"));
    steps.add(new Step(thread, added(reply)));

    // edit and regenerate: the question of version 1, edited, starts a branch of its own
    UUID first = steps.get(0).ecsId();
    ChatThread branch = registry.branchFrom(first, ChatThread.class);
    ChatMessage edited = branch.history().get(0).withContent("What is 6 times 9?");
    branch.setHistory(List.of(edited));
    registry.commit(branch);
    steps.add(new Step(branch, List.of(edited)));
    call = operations.addChatTurnHistory(branch, answer(branch, "multiply-6-9-call.json"));
    steps.add(new Step(branch, added(call)));
    reply = operations.addChatTurnHistory(branch, answer(branch, "multiply-6-9-answer.json"));
    steps.add(new Step(branch, added(reply)));

    LineageView lineage = LineageView.load(store, thread.lineageId());
    List<String> summaries = summaries(store, steps);
    if (json()) {
      printJson(json(store, lineage, steps, summaries));
      return 0;
    }
    out().println("Stored a conversation in " + store.description() + ", one version per step:");
    out().println();
    for (int i = 0; i < steps.size(); i++) {
      out().printf("  %d  %s  %s%n", i + 1, steps.get(i).ecsId(), summaries.get(i));
    }
    out().println();
    TreeCommand.text(lineage).forEach(out()::println);
    if (mermaid) {
      out().println();
      out().println(lineage.tree().toMermaid());
    }
    out().println();
    hints(lineage, steps);
    return 0;
  }

  /** The model's recorded answer to the request built from {@code thread}, parsed. */
  private static ProcessedOutput answer(ChatThread thread, String fixture) {
    return RawOutput.forResponse(LLMClient.OPENAI, ProviderRequests.forThread(thread),
            recorded(fixture))
        .chatThread(thread.ecsId(), thread.liveId())
        .build()
        .createProcessedOutput();
  }

  private static String recorded(String fixture) {
    try (InputStream in = DemoCommand.class.getResourceAsStream(FIXTURES + fixture)) {
      if (in == null) {
        throw new IllegalStateException("the demo's recording " + fixture + " is not in the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void hints(LineageView lineage, List<Step> steps) {
    String store = root().storeOption();
    if ("memory".equals(store)) {
      out().println("The in-memory store is gone now; without --store the demo keeps its"
          + " threads in ./" + Store.DEFAULT_DIRECTORY + ", and every run adds one.");
      return;
    }
    String command = Invocation.command() + (store == null ? "" : " --store "
        + Redaction.mask(store));
    out().println("Every run adds a thread. Look closer:");
    out().println("  " + command + " threads");
    out().println("  " + command + " log " + lineage.lineageId());
    out().println("  " + command + " show " + steps.get(steps.size() - 1).ecsId());
    out().println("  " + command + " diff " + steps.get(2).ecsId() + " "
        + steps.get(steps.size() - 1).ecsId());
    out().println("  " + command + " tree " + lineage.lineageId() + " --format mermaid");
  }

  /**
   * What each step added, told from the stored messages: the edit as a branch, the rest by the
   * messages it appended.
   */
  private static List<String> summaries(Store store, List<Step> steps) {
    Map<UUID, VersionRecord> messages = store.storage().loadVersions(steps.stream()
        .flatMap(step -> step.messages().stream()).toList());
    List<String> summaries = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      String added = steps.get(i).messages().stream()
          .map(id -> Summaries.of(id, messages)).collect(Collectors.joining("; "));
      summaries.add(i == BRANCH_STEP ? "edit and regenerate: branch from version 1, " + added
          : added);
    }
    return summaries;
  }

  private static List<ChatMessage> added(ChatTurn turn) {
    List<ChatMessage> messages = new ArrayList<>(List.of(turn.assistant()));
    turn.toolMessage().ifPresent(messages::add);
    return messages;
  }

  private static ObjectNode json(Store store, LineageView lineage, List<Step> steps,
      List<String> summaries) {
    ObjectNode result = RecordJson.MAPPER.createObjectNode()
        .put("store", store.description())
        .put("lineageId", lineage.lineageId().toString());
    ArrayNode versions = result.putArray("versions");
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      versions.addObject()
          .put("step", i + 1)
          .put("ecsId", step.ecsId().toString())
          .put("parentId", step.parentId() == null ? null : step.parentId().toString())
          .put("summary", summaries.get(i));
    }
    ArrayNode tips = result.putArray("tips");
    lineage.tips().forEach(tip -> tips.add(tip.toString()));
    result.put("mermaid", lineage.tree().toMermaid());
    return result;
  }

  /** A thread version the demo stored, and the messages it added (or edited). */
  private record Step(UUID ecsId, UUID parentId, List<UUID> messages) {
    Step(ChatThread thread, List<ChatMessage> messages) {
      this(thread.ecsId(), thread.parentId().orElse(null),
          messages.stream().map(ChatMessage::ecsId).toList());
    }
  }
}
