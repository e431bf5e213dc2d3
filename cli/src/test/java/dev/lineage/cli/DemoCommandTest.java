package dev.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.domain.thread.ChatMessage;
import dev.lineage.domain.thread.ChatThread;
import dev.lineage.domain.thread.MessageRole;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code lineage demo}, in this JVM, on every kind of store. */
class DemoCommandTest {

  @TempDir static Path directory;

  static Stream<Arguments> targets() {
    return Stream.of(
        Arguments.of((Object) Targets.h2(directory.resolve("jdbi"), "jdbi")),
        Arguments.of((Object) Targets.h2(directory.resolve("jpa"), "jpa")),
        Arguments.of((Object) Targets.mongo("cli_demo")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  @DisplayName("stores six thread versions: a tool call, an answer, and an edited branch")
  void storesTheConversation(Targets.Target target) {
    checkDemo(target);
  }

  @Test
  @DisplayName("runs on the local PostgreSQL with both adapters")
  void postgres() {
    checkDemo(Targets.postgres("cli_demo_jdbi", "jdbi"));
    checkDemo(Targets.postgres("cli_demo_jpa", "jpa"));
  }

  @Test
  @DisplayName("runs on the local MariaDB with both adapters")
  void mariadb() {
    checkDemo(Targets.mariadb("cli_demo_jdbi", "jdbi"));
    checkDemo(Targets.mariadb("cli_demo_jpa", "jpa"));
  }

  @Test
  @DisplayName("a second run adds a thread to the store")
  void secondRunAdds() {
    // given
    Targets.Target target = Targets.h2(directory.resolve("twice"), "jdbi");
    Cli.Result first = Cli.run(target.with("demo", "--json"));
    // when
    Cli.Result second = Cli.run(target.with("demo", "--json"));
    // then
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    Cli.Result threads = Cli.run(target.with("threads", "--json"));
    assertThat(threads.out()).contains(lineageOf(first), lineageOf(second));
    assertThat(lineageOf(first)).isNotEqualTo(lineageOf(second));
  }

  @Test
  @DisplayName("runs on a store in memory, and says the store is gone afterwards")
  void inMemory() {
    Cli.Result result = Cli.run("--store", "memory", "demo");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("in-memory", "6 versions, 2 tips", "is gone now");
  }

  @Test
  @DisplayName("prints the Mermaid text when asked")
  void mermaid() {
    Cli.Result result = Cli.run("--store", "memory", "demo", "--mermaid");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("```mermaid\ngraph TD", "history mod");
  }

  private static void checkDemo(Targets.Target target) {
    // when
    Cli.Result result = Cli.run(target.with("demo"));
    // then: what it printed
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out())
        .contains("user: \"What is 6 times 7?\"")
        .contains("assistant calls multiply {\"x\": 6, \"y\": 7}; tool multiply answers"
            + " {\"result\": 42}")
        .contains("assistant: \"6 times 7 is 42.\"")
        .contains("edit and regenerate: branch from version 1, user: \"What is 6 times 9?\"")
        .contains("; tool multiply answers {\"result\": 54}")
        .contains("assistant: \"6 times 9 is 54.\"")
        .contains("6 versions, 2 tips")
        .contains("branch: history 1 replaced");
    // and what it stored, read back through the registry
    UUID lineage = UUID.fromString(
        result.out().replaceAll("(?s).*ChatThread lineage ([0-9a-f-]{36}):.*", "$1"));
    Targets.with(target, store -> {
      List<UUID> versions = store.registry().lineageIds(lineage);
      assertThat(versions).hasSize(6);
      List<ChatThread> threads = store.registry().getMany(versions, ChatThread.class);
      assertThat(threads).extracting(thread -> thread.history().size())
          .containsExactly(1, 3, 4, 1, 3, 4);
      ChatThread firstAnswer = threads.get(2);
      assertThat(firstAnswer.history()).extracting(ChatMessage::role).containsExactly(
          MessageRole.USER, MessageRole.ASSISTANT, MessageRole.TOOL, MessageRole.ASSISTANT);
      Map<String, Object> call = firstAnswer.history().get(1).toolCall();
      assertThat(call).containsOnlyKeys("x", "y");
      assertThat(List.of(call.get("x"), call.get("y"))).map(v -> ((Number) v).intValue())
          .containsExactly(6, 7);
      assertThat(firstAnswer.history().get(2).content()).isEqualTo("{\"result\": 42}");
      assertThat(firstAnswer.history().get(1).usage().totalTokens()).isEqualTo(100);
      ChatThread edited = threads.get(3);
      assertThat(edited.parentId()).contains(versions.get(0));
      assertThat(edited.history().get(0).content()).isEqualTo("What is 6 times 9?");
      assertThat(edited.history().get(0).parentId()).contains(
          threads.get(0).history().get(0).ecsId());
      assertThat(threads.get(5).history().get(2).content()).isEqualTo("{\"result\": 54}");
      assertThat(threads.get(5).systemPrompt().name()).isEqualTo("calculator");
      return null;
    });
  }

  private static String lineageOf(Cli.Result demoJson) {
    return demoJson.out().replaceAll("(?s).*\"lineageId\" : \"([0-9a-f-]{36})\".*", "$1");
  }
}
