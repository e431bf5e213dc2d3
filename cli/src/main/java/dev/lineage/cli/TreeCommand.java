package dev.lineage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.domain.LineageTree;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code lineage tree}: a lineage drawn as a tree, as text, Mermaid or Graphviz DOT. */
@Command(name = "tree", description = "A lineage as a tree: text, Mermaid or Graphviz DOT.")
final class TreeCommand extends StoreCommand {

  /** The forms a tree is drawn in. */
  enum Format { TEXT, MERMAID, DOT }

  @Parameters(paramLabel = "ID", description = "a lineage id, or the ecs_id of one of its versions")
  private UUID id;

  @Option(names = "--format", paramLabel = "text|mermaid|dot", defaultValue = "text",
      description = "text (default), mermaid or dot")
  private Format format;

  @Override
  void validate() {
    if (json() && format != Format.TEXT) {
      throw new ParameterException(spec().commandLine(),
          "--json prints the tree as JSON; leave out --format " + format.name().toLowerCase());
    }
  }

  @Override
  int run(Store store) {
    LineageView lineage = LineageView.load(store, id);
    if (json()) {
      printJson(json(lineage));
    } else if (format == Format.MERMAID) {
      out().println(lineage.tree().toMermaid());
    } else if (format == Format.DOT) {
      out().print(dot(lineage));
    } else {
      text(lineage).forEach(out()::println);
    }
    return 0;
  }

  /**
   * The tree as text: a line per version, under the version it was forked from. A version with
   * one successor continues in the same column; the successors of a version with several hang
   * off it, each on a branch of its own.
   */
  static List<String> text(LineageView lineage) {
    List<String> lines = new ArrayList<>();
    lines.add(lineage.typeLabel() + " lineage " + lineage.lineageId() + ": "
        + Render.count(lineage.tree().nodes().size(), "version") + ", "
        + Render.count(lineage.tips().size(), "tip"));
    // depth first without recursion: a lineage may be thousands of versions long
    Deque<Step> pending = new ArrayDeque<>();
    List<LineageTree.Node> nodes = lineage.tree().nodes();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      if (nodes.get(i).depth() == 0) {
        pending.push(new Step(nodes.get(i), "", ""));
      }
    }
    while (!pending.isEmpty()) {
      Step step = pending.pop();
      LineageTree.Node node = step.node();
      lines.add(step.lead() + node.ecsId() + "  " + node.createdAt() + "  " + label(lineage, node));
      List<UUID> children = node.children();
      for (int i = children.size() - 1; i >= 0; i--) {
        LineageTree.Node child = lineage.node(children.get(i));
        if (children.size() == 1) {
          pending.push(new Step(child, step.childLead(), step.childLead()));
        } else {
          boolean last = i == children.size() - 1;
          pending.push(new Step(child, step.childLead() + (last ? "`-- " : "+-- "),
              step.childLead() + (last ? "    " : "|   ")));
        }
      }
    }
    return lines;
  }

  /** A version still to draw, with what goes before its line and before its successors'. */
  private record Step(LineageTree.Node node, String lead, String childLead) {}

  /** What a version changed, in a few words: its changed fields, or that it is the first. */
  private static String label(LineageView lineage, LineageTree.Node node) {
    Changes changes = lineage.changes(node);
    if (changes == null) {
      return node.parentId().isEmpty() ? "first version" : "parent not in this lineage";
    }
    String fields = changes.isEmpty() ? "no field of its own" : changes.brief();
    return (lineage.isBranch(node) ? "branch: " : "") + fields;
  }

  /** The tree in Graphviz's DOT language. */
  static String dot(LineageView lineage) {
    StringBuilder dot = new StringBuilder("digraph lineage {\n")
        .append("  rankdir=TB;\n")
        .append("  node [shape=box, fontname=\"monospace\"];\n");
    for (LineageTree.Node node : lineage.tree().nodes()) {
      dot.append("  \"").append(node.ecsId()).append("\" [label=\"")
          .append(dotEscape(ThreadTypes.simpleName(node.type()) + "\n" + node.ecsId() + "\n"
              + node.createdAt()))
          .append("\"];\n");
    }
    for (LineageTree.Edge edge : lineage.tree().edges()) {
      Changes changes = lineage.changes(lineage.node(edge.childId()));
      dot.append("  \"").append(edge.parentId()).append("\" -> \"").append(edge.childId())
          .append('"');
      if (changes != null && !changes.isEmpty()) {
        dot.append(" [label=\"").append(dotEscape(changes.brief().replace(", ", "\n")))
            .append("\"]");
      }
      dot.append(";\n");
    }
    return dot.append("}\n").toString();
  }

  private static String dotEscape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static ObjectNode json(LineageView lineage) {
    ObjectNode result = RecordJson.MAPPER.createObjectNode()
        .put("lineageId", lineage.lineageId().toString())
        .put("type", lineage.typeLabel());
    ArrayNode nodes = result.putArray("versions");
    for (LineageTree.Node node : lineage.tree().nodes()) {
      ObjectNode json = nodes.addObject()
          .put("ecsId", node.ecsId().toString())
          .put("parentId", node.parentId().map(UUID::toString).orElse(null))
          .put("createdAt", node.createdAt().toString())
          .put("depth", node.depth());
      ArrayNode children = json.putArray("children");
      node.children().forEach(child -> children.add(child.toString()));
      Changes changes = lineage.changes(node);
      if (changes != null) {
        ArrayNode fields = json.putArray("changedFields");
        changes.fields().forEach(fields::add);
      }
    }
    return result;
  }
}
