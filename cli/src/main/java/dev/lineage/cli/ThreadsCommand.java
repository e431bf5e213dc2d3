package dev.lineage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code lineage threads}: the chat threads of a store, each lineage with its latest version (the
 * newest version without a successor), most recently changed first.
 */
@Command(name = "threads",
    description = "The chat threads, each with its latest version, most recently changed first.")
final class ThreadsCommand extends StoreCommand {

  private static final int PAGE = 1_000;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
      description = "show at most N threads (default 20)")
  private int limit;

  @Override
  void validate() {
    if (limit < 1) {
      throw new ParameterException(spec().commandLine(), "--limit must be at least 1");
    }
  }

  @Override
  int run(Store store) {
    Map<UUID, Lineage> lineages = scan(store);
    List<Lineage> newestFirst = new ArrayList<>(lineages.values());
    newestFirst.sort(Comparator.comparing((Lineage lineage) -> lineage.latest().createdAt())
        .thenComparing(lineage -> lineage.latest().ecsId(), VersionRecord::compareUnsigned)
        .reversed());
    List<Lineage> shown = newestFirst.subList(0, Math.min(limit, newestFirst.size()));
    List<UUID> latestIds = shown.stream().map(lineage -> lineage.latest().ecsId()).toList();
    Map<UUID, VersionRecord> latest = store.storage().loadVersions(latestIds);
    Map<UUID, VersionRecord> lastMessages = store.storage().loadVersions(
        latest.values().stream().map(ThreadsCommand::lastMessage).filter(id -> id != null)
            .toList());
    if (json()) {
      ArrayNode threads = RecordJson.MAPPER.createArrayNode();
      for (Lineage lineage : shown) {
        VersionRecord thread = latest.get(lineage.latest().ecsId());
        ObjectNode node = threads.addObject()
            .put("lineageId", lineage.lineageId().toString())
            .put("latestVersion", lineage.latest().ecsId().toString())
            .put("updatedAt", lineage.latest().createdAt().toString())
            .put("versions", lineage.versions())
            .put("tips", lineage.tips())
            .put("name", thread == null ? null : Summaries.text(thread, "name").orElse(null))
            .put("messages", thread == null ? 0 : history(thread).size());
        UUID last = thread == null ? null : lastMessage(thread);
        if (last != null && lastMessages.containsKey(last)) {
          VersionRecord message = lastMessages.get(last);
          node.putObject("lastMessage")
              .put("ecsId", last.toString())
              .put("summary", Summaries.of(message));
        }
      }
      printJson(threads);
      return 0;
    }
    if (lineages.isEmpty()) {
      out().println("No chat threads in " + store.description() + ". Try: lineage demo");
      return 0;
    }
    out().println(Render.count(lineages.size(), "thread") + " in " + store.description()
        + ", most recently changed first");
    for (Lineage lineage : shown) {
      VersionRecord thread = latest.get(lineage.latest().ecsId());
      out().println();
      String name = thread == null ? "" : Summaries.text(thread, "name")
          .map(text -> "  " + Render.quoted(text, Render.SHORT)).orElse("");
      out().println(lineage.lineageId() + name);
      out().println("  latest " + lineage.latest().ecsId() + "  " + lineage.latest().createdAt());
      out().println("  " + Render.count(lineage.versions(), "version") + ", "
          + Render.count(lineage.tips(), "tip") + ", "
          + Render.count(thread == null ? 0 : history(thread).size(), "message"));
      UUID last = thread == null ? null : lastMessage(thread);
      if (last != null) {
        out().println("  last: " + Summaries.of(last, lastMessages));
      }
    }
    if (shown.size() < lineages.size()) {
      out().println();
      out().println("... and " + (lineages.size() - shown.size()) + " more (--limit N shows more)");
    }
    return 0;
  }

  /**
   * Every thread lineage: how many versions, which have no successor. Reads the thread versions
   * page by page and keeps only their ids, parents and times.
   */
  private static Map<UUID, Lineage> scan(Store store) {
    Map<UUID, List<Stamp>> stamps = new LinkedHashMap<>();
    Set<UUID> parents = new HashSet<>();
    PageRequest request = PageRequest.first(PAGE);
    while (true) {
      Page<VersionRecord> page =
          store.storage().listByType(Set.of(ThreadTypes.CHAT_THREAD), request);
      for (VersionRecord version : page.items()) {
        stamps.computeIfAbsent(version.lineageId(), k -> new ArrayList<>())
            .add(new Stamp(version.ecsId(), version.createdAt()));
        if (version.parentId() != null) {
          parents.add(version.parentId());
        }
      }
      if (page.next().isEmpty()) {
        break;
      }
      request = PageRequest.after(page.next().get(), PAGE);
    }
    Map<UUID, Lineage> lineages = new HashMap<>();
    stamps.forEach((lineageId, versions) -> {
      // in creation order, so the last version without a successor is the newest tip
      List<Stamp> tips = versions.stream().filter(v -> !parents.contains(v.ecsId())).toList();
      Stamp latest = tips.isEmpty() ? versions.get(versions.size() - 1) : tips.get(tips.size() - 1);
      lineages.put(lineageId, new Lineage(lineageId, latest, versions.size(), tips.size()));
    });
    return lineages;
  }

  private static List<Value> history(VersionRecord thread) {
    return thread.fields().get("history") instanceof Value.Seq seq ? seq.items() : List.of();
  }

  private static UUID lastMessage(VersionRecord thread) {
    List<Value> history = history(thread);
    return !history.isEmpty() && history.get(history.size() - 1) instanceof Value.Ref ref
        ? ref.ecsId() : null;
  }

  /** A version's id and time. */
  private record Stamp(UUID ecsId, Instant createdAt) {}

  /** A thread lineage: its latest version, how many versions and tips it has. */
  private record Lineage(UUID lineageId, Stamp latest, int versions, int tips) {}
}
