package dev.lineage.conformance;

import static dev.lineage.conformance.RawVersions.fields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.conformance.entities.ValuesEntity;
import dev.lineage.domain.thread.ChatMessage;
import dev.lineage.domain.thread.ChatThread;
import dev.lineage.domain.thread.LLMClient;
import dev.lineage.domain.thread.LLMConfig;
import dev.lineage.domain.thread.MessageRole;
import dev.lineage.storage.Commit;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rules Q: the payload catalogue (issue 8). Every hard payload round-trips exactly on every
 * backend; none is refused (see RULES.md for the decision per case). Payloads travel in a chat
 * message's content and tool-call arguments, as model output does, and straight through the port.
 */
abstract class PayloadRules extends RuleGroup {

  PayloadRules(Fixture fixture) {
    super(fixture);
  }

  /** Hard texts, each stored as message content, as a JSON string and as a JSON key. */
  static Stream<Arguments> texts() {
    return Stream.of(
        Arguments.of("emoji and surrogate pairs", "😀 👩‍👩‍👧‍👦 🇯🇵 𝄞 𠜎 \uD83D\uDE00"),
        Arguments.of("right-to-left text", "مرحبا بالعالم — שלום עולם ‏(mixed) \u202Eevil\u202C"),
        Arguments.of("combining characters", "Z\u0351\u0360a\u0322\u0362l\u0315go e\u0301 n\u0303"),
        Arguments.of("the NUL character", "before\u0000after \u0000\u0000 end\u0000"),
        Arguments.of("control characters", "\u0001\u0007\b\t\n\u000B\f\r\u001B[31m\u007F"),
        Arguments.of("SQL injection", "'); DROP TABLE lineage_version; -- \" OR 1=1 --"),
        Arguments.of("more SQL injection", "\\'; DELETE FROM chat_message WHERE '1'='1"),
        Arguments.of("Mongo operator injection", "{\"$gt\": \"\"} $where $ne $regex .*"),
        Arguments.of("JSON and escapes", "{\"a\":[1,2,{\"b\":null}]} \\u0000 \\\" \\\\"),
        Arguments.of("non-characters and BOM", "\uFEFF\uFFFE\uFFFF \uFDD0 end"));
  }

  /**
   * Issue 8 (payload catalogue). If it fails: the adapter alters, truncates or refuses a text the
   * message names, in the content, inside JSON, or as a JSON key.
   */
  @ParameterizedTest(name = "Q-01 {0} round-trips in content, JSON strings and JSON keys")
  @MethodSource("texts")
  @DisplayName("Q-01 hard texts round-trip exactly")
  void hardTextsRoundTrip(String name, String text) {
    // given
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("text", text);
    arguments.put(text, "as a key");
    arguments.put("nested", Map.of("list", List.of(text, text)));
    ChatMessage message = ChatMessage.builder(MessageRole.ASSISTANT, text)
        .toolName(text)
        .toolCall(arguments)
        .build();
    ChatThread thread = new ChatThread(new LLMConfig(LLMClient.OPENAI, text));
    thread.setName(text);
    thread.appendMessage(message);
    registry().register(thread);
    // when
    ChatThread read = registry().require(thread.ecsId(), ChatThread.class);
    // then
    ChatMessage readMessage = read.history().get(0);
    assertThat(read.name()).isEqualTo(text);
    assertThat(read.llmConfig().model()).isEqualTo(text);
    assertThat(readMessage.content()).isEqualTo(text);
    assertThat(readMessage.toolName()).isEqualTo(text);
    assertThat(readMessage.toolCall()).isEqualTo(arguments);
    assertThat(registry().pendingChanges(read).isEmpty()).isTrue();
  }

  /** Issue 8. If it fails: the adapter cannot store a message of a mebibyte, or alters it. */
  @Test
  @DisplayName("Q-02 a message of 1 MiB round-trips exactly")
  void oneMebibyteMessage() {
    // given
    StringBuilder text = new StringBuilder(1 << 20);
    String pattern = "A long answer, with ünïcödé, 😀 and a NUL \u0000. ";
    while (text.length() < (1 << 20)) {
      text.append(pattern);
    }
    text.setLength(1 << 20);
    ChatThread thread = new ChatThread(new LLMConfig(LLMClient.OPENAI));
    thread.appendMessage(ChatMessage.of(MessageRole.ASSISTANT, text.toString()));
    registry().register(thread);
    // when
    ChatThread read = registry().require(thread.ecsId(), ChatThread.class);
    // then
    assertThat(read.history().get(0).content()).isEqualTo(text.toString());
  }

  /**
   * Issue 8. If it fails: the adapter or its database limits the nesting of JSON-like values
   * below 100 levels (MariaDB's JSON type stops at 32), or alters deep values.
   */
  @Test
  @DisplayName("Q-03 JSON nested 100 levels round-trips in tool-call arguments")
  void deepJson() {
    // given
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> current = root;
    for (int level = 1; level < 100; level++) {
      Map<String, Object> next = new LinkedHashMap<>();
      current.put("level " + level, next);
      current.put("list", new ArrayList<>(List.of(level, List.of(level))));
      current = next;
    }
    current.put("bottom", true);
    ChatThread thread = new ChatThread(new LLMConfig(LLMClient.OPENAI));
    thread.appendMessage(
        ChatMessage.builder(MessageRole.ASSISTANT, "").toolName("deep").toolCall(root).build());
    registry().register(thread);
    // when
    ChatThread read = registry().require(thread.ecsId(), ChatThread.class);
    // then
    assertThat(read.history().get(0).toolCall()).isEqualTo(root);
  }

  /** Numbers at their edges, each in a typed field and inside JSON-like data. */
  static Stream<Arguments> numbers() {
    return Stream.of(
        Arguments.of("largest long", Long.MAX_VALUE),
        Arguments.of("smallest long", Long.MIN_VALUE),
        Arguments.of("largest double", Double.MAX_VALUE),
        Arguments.of("smallest subnormal", Double.MIN_VALUE),
        Arguments.of("smallest normal", Double.MIN_NORMAL),
        Arguments.of("negative zero", -0.0),
        Arguments.of("not a number", Double.NaN),
        Arguments.of("positive infinity", Double.POSITIVE_INFINITY),
        Arguments.of("negative infinity", Double.NEGATIVE_INFINITY),
        Arguments.of("a fraction with 17 digits", 0.30000000000000004));
  }

  /**
   * Issue 8, D-5. If it fails: the adapter loses a number at its edge (a long rounded through a
   * double, -0.0 turned into 0, NaN or an infinity refused by a JSON encoding).
   */
  @ParameterizedTest(name = "Q-04 {0} round-trips in typed fields and in JSON")
  @MethodSource("numbers")
  @DisplayName("Q-04 numbers at their edges round-trip exactly")
  void edgeNumbers(String name, Number number) {
    // given
    ValuesEntity entity = new ValuesEntity();
    if (number instanceof Long value) {
      entity.bigNumber = value;
    } else {
      entity.real = number.doubleValue();
      entity.boxedReal = number.doubleValue();
    }
    entity.json.put("number", number);
    entity.json.put("in a list", new ArrayList<>(List.of(number, number)));
    registry().register(entity);
    // when
    ValuesEntity read = registry().require(entity.ecsId(), ValuesEntity.class);
    // then
    if (number instanceof Long value) {
      assertThat(read.bigNumber).isEqualTo(value);
    } else {
      assertThat(Double.compare(read.real, number.doubleValue())).isZero();
      assertThat(Double.compare(read.boxedReal, number.doubleValue())).isZero();
    }
    assertThat(read.json).isEqualTo(entity.json);
    assertThat(registry().pendingChanges(read).isEmpty()).isTrue();
  }

  /**
   * Issue 8 (every query parameterised). If it fails: a type name, field name, key or text with
   * quotes or operators reached a query as text, or was altered.
   */
  @Test
  @DisplayName("Q-05 injection strings as type names, field names, keys and texts reach the port"
      + " unharmed")
  void injectionThroughThePort() {
    // given
    String sql = "x'); DROP TABLE lineage_version; --";
    String mongo = "{\"$where\": \"sleep(1000)\"}";
    String type = "conformance.Q05 " + sql;
    VersionRecord record = RawVersions.first(type, fields(
        sql, new Value.Text(mongo),
        "$where", new Value.Text(sql),
        "a.b", new Value.Obj(Map.of("$ne", new Value.Text(sql), "", new Value.Text(mongo)))));
    // when
    storage().commit(Commit.of(record.ecsId(), List.of(record)));
    // then
    assertThat(storage().loadVersions(List.of(record.ecsId())).get(record.ecsId()))
        .isEqualTo(record);
    assertThat(storage().listByType(Set.of(type), PageRequest.first(5)).items())
        .containsExactly(record);
    assertThat(storage().exists(record.ecsId())).isTrue();
  }
}
