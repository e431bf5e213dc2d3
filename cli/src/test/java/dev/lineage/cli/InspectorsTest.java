package dev.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The inspectors ({@code threads}, {@code log}, {@code show}, {@code diff}, {@code tree}, {@code
 * verify}) on the thread the demo stores, on every kind of store, run in this JVM.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Targets.Kind.class)
class InspectorsTest {

  @TempDir static Path directory;

  /** The demo's thread in each store, made once per store. */
  private static final Map<Targets.Kind, Demo> DEMOS = new ConcurrentHashMap<>();

  private final Targets.Kind kind;
  private Targets.Target target;
  private Demo demo;

  InspectorsTest(Targets.Kind kind) {
    this.kind = kind;
  }

  /** The ids of the demo's thread: its lineage and its six versions, in the demo's order. */
  record Demo(String lineage, List<String> steps) {
    String step(int number) {
      return steps.get(number - 1);
    }
  }

  @BeforeEach
  void demo() {
    target = kind.target("cli_inspect", directory);
    demo = DEMOS.computeIfAbsent(kind, k -> {
      Cli.Result result = Cli.run(target.with("demo", "--json"));
      assertThat(result.exitCode()).as(result.toString()).isZero();
      JsonNode json = json(result);
      List<String> steps = new ArrayList<>();
      json.get("versions").forEach(version -> steps.add(version.get("ecsId").asText()));
      return new Demo(json.get("lineageId").asText(), steps);
    });
  }

  @Nested
  @DisplayName("threads")
  class Threads {

    @Test
    @DisplayName("lists the thread with its latest version, versions, tips and last message")
    void listsTheThread() {
      Cli.Result result = run("threads");
      assertThat(result.out()).contains(demo.lineage() + "  \"demo: multiplication\"")
          .contains("latest " + demo.step(6))
          .contains("6 versions, 2 tips, 4 messages")
          .contains("last: assistant: \"6 times 9 is 54.\"");
    }

    @Test
    @DisplayName("prints JSON for scripts")
    void json() {
      JsonNode threads = InspectorsTest.json(run("threads", "--json"));
      JsonNode thread = null;
      for (JsonNode candidate : threads) {
        if (candidate.get("lineageId").asText().equals(demo.lineage())) {
          thread = candidate;
        }
      }
      assertThat(thread).isNotNull();
      assertThat(thread.get("latestVersion").asText()).isEqualTo(demo.step(6));
      assertThat(thread.get("versions").asInt()).isEqualTo(6);
      assertThat(thread.get("tips").asInt()).isEqualTo(2);
      assertThat(thread.get("messages").asInt()).isEqualTo(4);
      assertThat(thread.get("lastMessage").get("summary").asText())
          .isEqualTo("assistant: \"6 times 9 is 54.\"");
    }
  }

  @Nested
  @DisplayName("log")
  class Log {

    @Test
    @DisplayName("shows the versions newest first, with what each added or replaced")
    void newestFirst() {
      String out = run("log", demo.lineage()).out();
      assertThat(out).startsWith("ChatThread lineage " + demo.lineage()
          + ": 6 versions, newest first");
      List<Integer> positions = new ArrayList<>();
      for (int step = 6; step >= 1; step--) {
        positions.add(out.indexOf("\n" + demo.step(step) + "  "));
      }
      assertThat(positions).doesNotContain(-1).isSorted();
      assertThat(out)
          .contains(demo.step(4) + "  " + timeOf(out, demo.step(4)) + "  branch from "
              + demo.step(1))
          .contains("history: 1 item -> 3 items\n"
              + "      + assistant calls multiply {\"x\": 6, \"y\": 7}\n"
              + "      + tool multiply answers {\"result\": 42}")
          .contains("history: 1 item -> 1 item\n"
              + "      - user: \"What is 6 times 7?\"\n"
              + "      + user: \"What is 6 times 9?\"")
          .contains(demo.step(1) + "  " + timeOf(out, demo.step(1)) + "  first version");
    }

    @Test
    @DisplayName("takes the ecs_id of any version as its lineage")
    void versionIdMeansItsLineage() {
      assertThat(run("log", demo.step(3)).out()).isEqualTo(run("log", demo.lineage()).out());
    }

    @Test
    @DisplayName("prints JSON for scripts: each version with its changes")
    void json() {
      JsonNode log = InspectorsTest.json(run("log", demo.lineage(), "--json"));
      JsonNode versions = log.get("versions");
      assertThat(versions).hasSize(6);
      assertThat(versions.get(0).get("ecsId").asText()).isEqualTo(demo.step(6));
      assertThat(versions.get(2).get("branch").asBoolean()).isTrue();
      assertThat(versions.get(3).get("tip").asBoolean()).isTrue();
      JsonNode toolTurn = versions.get(4).get("changes").get(0);
      assertThat(toolTurn.get("field").asText()).isEqualTo("history");
      assertThat(toolTurn.get("kind").asText()).isEqualTo("length");
      assertThat(toolTurn.get("oldLength").asInt()).isEqualTo(1);
      assertThat(toolTurn.get("newLength").asInt()).isEqualTo(3);
      assertThat(toolTurn.get("added")).hasSize(2);
      assertThat(versions.get(5).has("changes")).isFalse();
    }
  }

  @Nested
  @DisplayName("show")
  class Show {

    @Test
    @DisplayName("prints a thread version's messages with roles, tool calls and usage")
    void threadVersion() {
      String out = run("show", demo.step(3)).out();
      assertThat(out).startsWith("ChatThread " + demo.step(3) + "\nlineage   " + demo.lineage()
          + "\nparent    " + demo.step(2))
          .contains("name      demo: multiplication")
          .contains("model     openai gpt-4o, auto_tools")
          .contains("system    calculator: \"You are a careful calculator.")
          .contains("tool      multiply (callable)")
          .contains("messages  4")
          .containsPattern("1\\. user  \\S+\\n   What is 6 times 7\\?\\n")
          .containsPattern("2\\. assistant  \\S+  calls multiply \\{\"x\": 6, \"y\": 7} "
              + " \\[call_demo_6x7]\\n   usage: gpt-4o-2024-08-06, 82 prompt \\+ 18 completion ="
              + " 100 tokens\\n")
          .containsPattern("3\\. tool  \\S+  result of multiply  \\[call_demo_6x7]\\n"
              + "   \\{\"result\": 42}\\n")
          .containsPattern("4\\. assistant  \\S+\\n   6 times 7 is 42\\.\\n"
              + "   usage: gpt-4o-2024-08-06, 118 prompt \\+ 9 completion = 127 tokens");
    }

    @Test
    @DisplayName("prints JSON for scripts")
    void json() {
      JsonNode thread = InspectorsTest.json(run("show", demo.step(6), "--json"));
      JsonNode messages = thread.get("messages");
      assertThat(messages).hasSize(4);
      assertThat(messages.get(0).get("content").asText()).isEqualTo("What is 6 times 9?");
      assertThat(messages.get(1).get("toolCall").get("y").asInt()).isEqualTo(9);
      assertThat(messages.get(1).get("usage").get("totalTokens").asInt()).isEqualTo(100);
      assertThat(messages.get(2).get("role").asText()).isEqualTo("tool");
      assertThat(thread.get("parentId").asText()).isEqualTo(demo.step(5));
    }

    @Test
    @DisplayName("prints any other version with its stored fields")
    void otherVersion() {
      String message = InspectorsTest.json(run("show", demo.step(1), "--json"))
          .get("messages").get(0).get("ecsId").asText();
      String out = run("show", message).out();
      assertThat(out).startsWith("ChatMessage " + message + "\ntype      ChatMessage\n")
          .contains("  role: \"USER\"")
          .contains("  content: \"What is 6 times 7?\"");
    }
  }

  @Nested
  @DisplayName("diff")
  class Diff {

    @Test
    @DisplayName("shows the messages one branch has and the other has not")
    void branches() {
      String out = run("diff", demo.step(3), demo.step(6)).out();
      assertThat(out).contains("a  ChatThread " + demo.step(3))
          .contains("b  ChatThread " + demo.step(6))
          .contains("  history: 4 items -> 4 items\n"
              + "    - user: \"What is 6 times 7?\"\n"
              + "    - assistant calls multiply {\"x\": 6, \"y\": 7}\n"
              + "    - tool multiply answers {\"result\": 42}\n"
              + "    - assistant: \"6 times 7 is 42.\"\n"
              + "    + user: \"What is 6 times 9?\"\n"
              + "    + assistant calls multiply {\"x\": 6, \"y\": 9}\n"
              + "    + tool multiply answers {\"result\": 54}\n"
              + "    + assistant: \"6 times 9 is 54.\"\n");
    }

    @Test
    @DisplayName("says so when nothing differs")
    void same() {
      assertThat(run("diff", demo.step(2), demo.step(2)).out()).endsWith("no field differs\n");
    }

    @Test
    @DisplayName("prints JSON for scripts")
    void json() {
      JsonNode diff = InspectorsTest.json(run("diff", demo.step(1), demo.step(4), "--json"));
      JsonNode change = diff.get("changes").get(0);
      assertThat(change.get("kind").asText()).isEqualTo("members");
      assertThat(change.get("removed")).hasSize(1);
      assertThat(change.get("added")).hasSize(1);
    }
  }

  @Nested
  @DisplayName("tree")
  class Tree {

    @Test
    @DisplayName("draws the branches as text")
    void text() {
      String out = run("tree", demo.lineage()).out().replaceAll("  \\S+Z  ", "  <time>  ");
      assertThat(out).isEqualTo(
          "ChatThread lineage " + demo.lineage() + ": 6 versions, 2 tips\n"
              + demo.step(1) + "  <time>  first version\n"
              + "+-- " + demo.step(2) + "  <time>  history +2\n"
              + "|   " + demo.step(3) + "  <time>  history +1\n"
              + "`-- " + demo.step(4) + "  <time>  branch: history 1 replaced\n"
              + "    " + demo.step(5) + "  <time>  history +2\n"
              + "    " + demo.step(6) + "  <time>  history +1\n");
    }

    @Test
    @DisplayName("prints the registry's Mermaid text")
    void mermaid() {
      String out = run("tree", demo.step(5), "--format", "mermaid").out();
      assertThat(out).startsWith("```mermaid\ngraph TD\n")
          .contains("  " + demo.step(1) + " -->|\"history mod\"| " + demo.step(4) + "\n")
          .endsWith("```\n");
    }

    @Test
    @DisplayName("prints Graphviz DOT")
    void dot() {
      String out = run("tree", demo.lineage(), "--format", "dot").out();
      assertThat(out).startsWith("digraph lineage {\n")
          .contains("  \"" + demo.step(1) + "\" -> \"" + demo.step(4)
              + "\" [label=\"history 1 replaced\"];\n")
          .contains("  \"" + demo.step(6) + "\" [label=\"ChatThread\\n" + demo.step(6))
          .endsWith("}\n");
    }

    @Test
    @DisplayName("prints JSON for scripts")
    void json() {
      JsonNode tree = InspectorsTest.json(run("tree", demo.lineage(), "--json"));
      JsonNode first = tree.get("versions").get(0);
      assertThat(first.get("ecsId").asText()).isEqualTo(demo.step(1));
      assertThat(first.get("children")).extracting(JsonNode::asText)
          .containsExactly(demo.step(2), demo.step(4));
      assertThat(tree.get("versions").get(5).get("depth").asInt()).isEqualTo(3);
    }
  }

  @Test
  @DisplayName("verify finds the store clean")
  void verifyIsClean() {
    Cli.Result result = run("verify");
    assertThat(result.out()).containsPattern("checked [0-9,]+ versions in .*: no problem\\n$");
  }

  /** Runs the tool on this class's store; the run must succeed and print nothing on stderr. */
  private Cli.Result run(String... args) {
    Cli.Result result = Cli.run(target.with(args));
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err()).as(result.toString()).isEmpty();
    return result;
  }

  private static JsonNode json(Cli.Result result) {
    try {
      return RecordJson.MAPPER.readTree(result.out());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + result, e);
    }
  }

  private static String timeOf(String log, String ecsId) {
    int at = log.indexOf("\n" + ecsId + "  ") + ecsId.length() + 3;
    return log.substring(at, log.indexOf(' ', at));
  }
}
