package dev.lineage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.domain.thread.ChatMessage;
import dev.lineage.domain.thread.ChatThread;
import dev.lineage.domain.thread.LLMConfig;
import dev.lineage.domain.thread.SystemPrompt;
import dev.lineage.domain.thread.Tool;
import dev.lineage.domain.thread.Usage;
import dev.lineage.storage.NotFoundException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lineage show}: a thread version with its messages, roles, tool calls and usage; any other
 * version with its stored fields.
 */
@Command(name = "show",
    description = "A thread version with its messages, tool calls and usage (any other version"
        + " with its fields).")
final class ShowCommand extends StoreCommand {

  /** How much of a field of a version that is no thread is shown. */
  private static final int FIELD_BUDGET = 200;

  @Parameters(paramLabel = "ECS_ID", description = "the version to show")
  private UUID ecsId;

  @Override
  int run(Store store) {
    VersionRecord version = store.storage().loadVersions(List.of(ecsId)).get(ecsId);
    if (version == null) {
      throw new NotFoundException("no version " + ecsId + " is stored");
    }
    if (version.type().equals(ThreadTypes.CHAT_THREAD)) {
      ChatThread thread = store.registry().require(ecsId, ChatThread.class);
      if (json()) {
        printJson(threadJson(thread));
      } else {
        printThread(thread, store.storage().loadVersions(
            thread.history().stream().map(ChatMessage::ecsId).toList()));
      }
    } else if (json()) {
      printJson(RecordJson.encode(version));
    } else {
      printRecord(version);
    }
    return 0;
  }

  /** The thread with its messages; {@code messages} are their stored records, for tool calls. */
  private void printThread(ChatThread thread, Map<UUID, VersionRecord> messages) {
    out().println("ChatThread " + thread.ecsId());
    out().println("lineage   " + thread.lineageId());
    out().println("parent    "
        + thread.parentId().map(UUID::toString).orElse("none (first version)"));
    out().println("created   " + thread.createdAt());
    if (thread.name() != null) {
      out().println("name      " + thread.name());
    }
    LLMConfig config = thread.llmConfig();
    out().println("model     " + config.client().name().toLowerCase(Locale.ROOT) + " "
        + (config.model() == null ? "(provider default)" : config.model()) + ", "
        + config.responseFormat().name().toLowerCase(Locale.ROOT));
    SystemPrompt prompt = thread.systemPrompt();
    if (prompt != null) {
      out().println("system    " + prompt.name() + ": " + Render.quoted(prompt.content(), 100));
    }
    for (Tool tool : thread.tools()) {
      out().println("tool      " + tool.name() + " ("
          + tool.toolType().name().toLowerCase(Locale.ROOT) + ")");
    }
    out().println("messages  " + thread.history().size());
    List<ChatMessage> history = thread.history();
    for (int i = 0; i < history.size(); i++) {
      ChatMessage message = history.get(i);
      out().println();
      StringBuilder head = new StringBuilder().append(i + 1).append(". ")
          .append(message.role().wire());
      if (message.timestamp() != null) {
        head.append("  ").append(message.timestamp());
      }
      Value call = messages.containsKey(message.ecsId())
          ? messages.get(message.ecsId()).fields().getOrDefault("toolCall", Value.NULL)
          : Value.NULL;
      if (message.toolCall() != null) {
        head.append("  calls ").append(message.toolName()).append(' ')
            .append(Render.value(call, FIELD_BUDGET));
      } else if (message.toolName() != null) {
        head.append("  result of ").append(message.toolName());
      }
      if (message.oaiToolCallId() != null) {
        head.append("  [").append(message.oaiToolCallId()).append(']');
      }
      out().println(head);
      if (!message.content().isEmpty()) {
        message.content().lines().forEach(line -> out().println("   " + line));
      }
      if (message.usage() != null) {
        Usage usage = message.usage();
        out().printf("   usage: %s, %,d prompt + %,d completion = %,d tokens%n", usage.model(),
            usage.promptTokens(), usage.completionTokens(), usage.totalTokens());
      }
    }
  }

  private void printRecord(VersionRecord version) {
    out().println(ThreadTypes.simpleName(version.type()) + " " + version.ecsId());
    out().println("type      " + version.type());
    out().println("lineage   " + version.lineageId());
    out().println("parent    " + (version.parentId() == null ? "none (first version)"
        : version.parentId().toString()));
    out().println("created   " + version.createdAt());
    out().println("fields    " + version.fields().size());
    version.fields().forEach((name, value) ->
        out().println("  " + name + ": " + Render.value(value, FIELD_BUDGET)));
  }

  private static ObjectNode threadJson(ChatThread thread) {
    ObjectNode json = RecordJson.MAPPER.createObjectNode()
        .put("ecsId", thread.ecsId().toString())
        .put("lineageId", thread.lineageId().toString())
        .put("parentId", thread.parentId().map(UUID::toString).orElse(null))
        .put("createdAt", thread.createdAt().toString())
        .put("type", ThreadTypes.CHAT_THREAD)
        .put("name", thread.name());
    LLMConfig config = thread.llmConfig();
    json.putObject("llmConfig")
        .put("client", config.client().name())
        .put("model", config.model())
        .put("responseFormat", config.responseFormat().name());
    if (thread.systemPrompt() != null) {
      json.putObject("systemPrompt")
          .put("name", thread.systemPrompt().name())
          .put("content", thread.systemPrompt().content());
    }
    ArrayNode tools = json.putArray("tools");
    thread.tools().forEach(tool ->
        tools.addObject().put("name", tool.name()).put("type", tool.toolType().name()));
    ArrayNode messages = json.putArray("messages");
    for (ChatMessage message : thread.history()) {
      ObjectNode node = messages.addObject()
          .put("ecsId", message.ecsId().toString())
          .put("role", message.role().wire())
          .put("timestamp", message.timestamp() == null ? null : message.timestamp().toString())
          .put("content", message.content())
          .put("toolName", message.toolName())
          .put("toolCallId", message.oaiToolCallId());
      node.set("toolCall", RecordJson.MAPPER.valueToTree(message.toolCall()));
      Usage usage = message.usage();
      if (usage != null) {
        node.putObject("usage")
            .put("model", usage.model())
            .put("promptTokens", usage.promptTokens())
            .put("completionTokens", usage.completionTokens())
            .put("totalTokens", usage.totalTokens());
      }
    }
    return json;
  }
}
