package dev.lineage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.domain.LineageTree;
import dev.lineage.storage.VersionRecord;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lineage log}: the versions of a lineage, newest first, each with what changed. */
@Command(name = "log", description = "The versions of a lineage, newest first, with what changed.")
final class LogCommand extends StoreCommand {

  @Parameters(paramLabel = "ID", description = "a lineage id, or the ecs_id of one of its versions")
  private UUID id;

  @Override
  int run(Store store) {
    LineageView lineage = LineageView.load(store, id);
    Map<UUID, VersionRecord> members = store.storage().loadVersions(lineage.members());
    List<LineageTree.Node> nodes = lineage.tree().nodes();
    if (json()) {
      ObjectNode result = RecordJson.MAPPER.createObjectNode()
          .put("lineageId", lineage.lineageId().toString())
          .put("type", lineage.typeLabel());
      ArrayNode versions = result.putArray("versions");
      for (int i = nodes.size() - 1; i >= 0; i--) {
        LineageTree.Node node = nodes.get(i);
        ObjectNode version = versions.addObject()
            .put("ecsId", node.ecsId().toString())
            .put("parentId", node.parentId().map(UUID::toString).orElse(null))
            .put("createdAt", node.createdAt().toString())
            .put("type", node.type())
            .put("branch", lineage.isBranch(node))
            .put("tip", node.children().isEmpty());
        Changes changes = lineage.changes(node);
        if (changes != null) {
          version.set("changes", changes.json());
        }
      }
      printJson(result);
      return 0;
    }
    out().printf("%s lineage %s: %s, newest first%n", lineage.typeLabel(), lineage.lineageId(),
        Render.count(nodes.size(), "version"));
    for (int i = nodes.size() - 1; i >= 0; i--) {
      LineageTree.Node node = nodes.get(i);
      out().println();
      out().println(node.ecsId() + "  " + node.createdAt() + marks(lineage, node));
      Changes changes = lineage.changes(node);
      if (changes == null) {
        continue;
      }
      if (changes.isEmpty()) {
        out().println("    (no field of its own changed)");
      }
      changes.lines(members).forEach(line -> out().println("    " + line));
    }
    return 0;
  }

  /** What sets a version apart: the first, a branch, a tip. */
  static String marks(LineageView lineage, LineageTree.Node node) {
    StringBuilder marks = new StringBuilder();
    if (node.parentId().isEmpty()) {
      marks.append("  first version");
    } else if (lineage.version(node.parentId().get()) == null) {
      marks.append("  parent ").append(node.parentId().get()).append(" not in this lineage");
    } else if (lineage.isBranch(node)) {
      marks.append("  branch from ").append(node.parentId().get());
    }
    if (node.children().isEmpty()) {
      marks.append("  (tip)");
    }
    return marks.toString();
  }
}
