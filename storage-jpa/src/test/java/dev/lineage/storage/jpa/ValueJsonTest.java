package dev.lineage.storage.jpa;

import static dev.lineage.storage.jpa.ThreadShapes.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.storage.Value;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON text of values: plain where JSON says the same, tagged where it cannot. */
class ValueJsonTest {

  static Stream<Arguments> values() {
    UUID id = UUID.fromString("0192f0c3-7d5e-7abc-8def-0123456789ab");
    return Stream.of(
        Arguments.of("null", Value.NULL),
        Arguments.of("text", new Value.Text("tëxt 👩‍💻 \"quoted\" \\ \n {json}")),
        Arguments.of("empty text", new Value.Text("")),
        Arguments.of("text with U+0000", new Value.Text("a\u0000b\u0000")),
        Arguments.of("unpaired surrogates", new Value.Text("\uD83D x \uDC00")),
        Arguments.of("long extremes", new Value.Seq(List.of(new Value.Int(Long.MIN_VALUE),
            new Value.Int(Long.MAX_VALUE)))),
        Arguments.of("plain reals", new Value.Seq(List.of(new Value.Real(0.1 + 0.2),
            new Value.Real(5.0), new Value.Real(-1234567.5)))),
        Arguments.of("reals JSON cannot hold plainly", new Value.Seq(List.of(
            new Value.Real(-0.0), new Value.Real(Double.NaN), new Value.Real(1.0E10),
            new Value.Real(Double.MIN_VALUE), new Value.Real(Double.NEGATIVE_INFINITY)))),
        Arguments.of("booleans", new Value.Seq(List.of(Value.Bool.TRUE, Value.Bool.FALSE))),
        Arguments.of("uuid, time, reference", new Value.Seq(List.of(new Value.Uuid(id),
            new Value.Time(Instant.parse("1900-01-01T00:00:00.001Z")), new Value.Ref(id)))),
        Arguments.of("keys with dots, dollars, empty", new Value.Obj(fields("a.b",
            new Value.Int(1), "$c", new Value.Obj(Map.of()), "", Value.NULL))),
        Arguments.of("one key that looks like a tag", new Value.Obj(fields("$uuid",
            new Value.Text("not a uuid")))),
        Arguments.of("a key with U+0000", new Value.Obj(fields("a\u0000", new Value.Int(1)))),
        Arguments.of("a first key $obj among others", new Value.Obj(fields("$obj",
            new Value.Uuid(id), "other", new Value.Int(1)))),
        Arguments.of("one key $obj", new Value.Obj(fields("$obj", new Value.Obj(fields(
            "$uuid", new Value.Text("x")))))),
        Arguments.of("nested 100 levels", nested(100)));
  }

  @ParameterizedTest(name = "{0} comes back exactly")
  @MethodSource("values")
  void roundTrips(String name, Value value) throws ValueJson.MalformedJsonException {
    assertThat(ValueJson.read(ValueJson.write(value))).isEqualTo(value);
  }

  @Nested
  @DisplayName("the text")
  class Text {

    @Test
    @DisplayName("is plain JSON for what JSON says the same way")
    void plainWherePossible() {
      Value value = new Value.Obj(fields("name", new Value.Text("add"), "count",
          new Value.Int(3), "weight", new Value.Real(0.25), "list",
          new Value.Seq(List.of(Value.Bool.TRUE, Value.NULL))));
      assertThat(ValueJson.write(value))
          .isEqualTo("{\"name\":\"add\",\"count\":3,\"weight\":0.25,\"list\":[true,null]}");
    }

    @Test
    @DisplayName("tags the kinds JSON lacks")
    void tagsWhatJsonLacks() {
      UUID id = UUID.randomUUID();
      assertThat(ValueJson.write(new Value.Ref(id))).isEqualTo("{\"$ref\":\"" + id + "\"}");
      assertThat(ValueJson.write(new Value.Real(1.0E10))).isEqualTo("{\"$real\":\"1.0E10\"}");
      assertThat(ValueJson.write(new Value.Text("a\u0000b")))
          .isEqualTo("{\"$text\":[\"a\",0,\"b\"]}");
    }

    @Test
    @DisplayName("never nests deeper than MariaDB's JSON functions take")
    void boundedDepth() {
      String json = ValueJson.write(nested(100));
      int depth = 0;
      int deepest = 0;
      boolean inString = false;
      for (int i = 0; i < json.length(); i++) {
        char c = json.charAt(i);
        if (c == '"' && json.charAt(i - 1) != '\\') {
          inString = !inString;
        } else if (!inString && (c == '{' || c == '[')) {
          deepest = Math.max(deepest, ++depth);
        } else if (!inString && (c == '}' || c == ']')) {
          depth--;
        }
      }
      assertThat(deepest).isLessThan(32);
    }
  }

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(strings = {"", "[1,2", "{\"a\":1,\"a\":2}", "{\"$uuid\":\"nope\"}",
      "{\"$time\":\"yesterday\"}", "{\"$nothing\":1}", "{\"$text\":[\"a\",true]}",
      "123456789012345678901234567890", "{\"$obj\":{\"plain\":1}}", "1 2"})
  void malformedTextIsRefused(String json) {
    assertThatThrownBy(() -> ValueJson.read(json))
        .isInstanceOf(ValueJson.MalformedJsonException.class);
  }

  private static Value nested(int levels) {
    Value value = new Value.Text("bottom");
    for (int level = 0; level < levels; level++) {
      value = level % 2 == 0 ? new Value.Obj(fields("level", new Value.Int(level), "child",
          value)) : new Value.Seq(List.of(value));
    }
    return value;
  }
}
