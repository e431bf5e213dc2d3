package dev.lineage.storage.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.storage.FieldLayout;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON text of a version's fields keeps every value exactly, whatever the database does. */
class JsonCodecTest {

  private static Map<String, Value> roundTrip(Map<String, Value> fields) {
    String json = JsonCodec.writeFields(fields, Map.of(), id -> {});
    return JsonCodec.readFields(json, (field, list) -> {
      throw new AssertionError("no list descriptor was written");
    }, new JsonCodec.FieldNames());
  }

  /** Through the shaped form: the values as an array, the names apart. */
  private static Map<String, Value> roundTripValues(Map<String, Value> fields) {
    String json = JsonCodec.writeValues(fields, Map.of(), id -> {});
    FieldLayout names = JsonCodec.readNames(JsonCodec.writeNames(List.copyOf(fields.keySet())));
    return JsonCodec.readValues(json, names, (field, list) -> {
      throw new AssertionError("no list descriptor was written");
    });
  }

  private static Map<String, Value> one(String name, Value value) {
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put(name, value);
    return fields;
  }

  static Stream<Value> values() {
    UUID id = UUID.fromString("0192f0c3-7d5e-7abc-8def-0123456789ab");
    Value deep = new Value.Text("bottom");
    for (int i = 0; i < 45; i++) {
      deep = i % 2 == 0 ? new Value.Seq(List.of(deep)) : new Value.Obj(Map.of("k" + i, deep));
    }
    return Stream.of(
        Value.NULL,
        new Value.Text(""),
        new Value.Text("plain"),
        new Value.Text("~"),
        new Value.Text("~r" + id),
        new Value.Text("~~tilde~~"),
        new Value.Text("nul \u0000 inside"),
        new Value.Text("\u0000"),
        new Value.Text("lone high \uD800 and lone low \uDC00"),
        new Value.Text("\uDBFF"),
        new Value.Text("pair 😀 and 👩‍💻 and 𝄞"),
        new Value.Text("quotes \" backslash \\ slash / controls \n\r\t\b\f \u0001 \u001f del \u007f"),
        new Value.Text("مرحبا שלום e\u0301"),
        new Value.Int(0),
        new Value.Int(-5),
        new Value.Int(999_999_999_999_999_999L),
        new Value.Int(-1_000_000_000_000_000_000L),
        new Value.Int(Long.MIN_VALUE),
        new Value.Int(Long.MAX_VALUE),
        new Value.Real(-0.0),
        new Value.Real(0.0),
        new Value.Real(Double.NaN),
        new Value.Real(Double.POSITIVE_INFINITY),
        new Value.Real(Double.NEGATIVE_INFINITY),
        new Value.Real(Double.MIN_VALUE),
        new Value.Real(-Double.MAX_VALUE),
        new Value.Real(0.1 + 0.2),
        new Value.Real(100.0),
        new Value.Real(3.1415927f),
        Value.Bool.TRUE,
        Value.Bool.FALSE,
        new Value.Uuid(id),
        new Value.Ref(id),
        new Value.Time(Instant.parse("1900-01-01T00:00:00.001Z")),
        new Value.Time(Instant.EPOCH),
        new Value.Time(Instant.ofEpochMilli(-1)),
        new Value.Time(Instant.ofEpochSecond(-31557014167219200L)),
        new Value.Time(Instant.ofEpochSecond(31556889864403199L)),
        new Value.Seq(List.of()),
        new Value.Seq(List.of(new Value.Int(3), new Value.Text("3"), new Value.Real(3),
            Value.NULL, new Value.Seq(List.of()), new Value.Ref(id), new Value.Uuid(id))),
        new Value.Obj(Map.of()),
        new Value.Obj(keys()),
        deep);
  }

  private static Map<String, Value> keys() {
    Map<String, Value> keys = new LinkedHashMap<>();
    for (String key : List.of("", "a.b", "$c", ".", "$", "~", "~k", "~~", "\u0000", "k\u0000",
        "\uD800", "😀", "\"quoted\"", "back\\slash", "new\nline")) {
      keys.put(key, new Value.Text(key));
    }
    return keys;
  }

  @ParameterizedTest
  @MethodSource("values")
  @DisplayName("every kind of value comes back exactly, also as a map key's value and in a list")
  void valueRoundTrips(Value value) {
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("value", value);
    fields.put("inList", new Value.Seq(List.of(value, value)));
    fields.put("inMap", new Value.Obj(one("x", value)));
    assertThat(roundTrip(fields)).isEqualTo(fields);
    assertThat(roundTripValues(fields)).isEqualTo(fields);
  }

  @Test
  @DisplayName("shaped rows: values in the order of their names, nulls at the end left out")
  void shapedRows() {
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("role", new Value.Text("USER"));
    fields.put("gone", Value.NULL);
    fields.put("content", new Value.Text("hi"));
    fields.put("usage", Value.NULL);
    fields.put("toolCall", Value.NULL);
    String json = JsonCodec.writeValues(fields, Map.of(), id -> {});
    assertThat(json).isEqualTo("[\"USER\",null,\"hi\"]");
    FieldLayout names = FieldLayout.of(List.of("role", "gone", "content", "usage", "toolCall"));
    assertThat(JsonCodec.readValues(json, names, (field, list) -> Value.NULL))
        .containsExactlyEntriesOf(fields);
    Map<String, Value> allNull = one("only", Value.NULL);
    assertThat(JsonCodec.writeValues(allNull, Map.of(), id -> {})).isEqualTo("[]");
    assertThat(roundTripValues(allNull)).isEqualTo(allNull);
    assertThat(roundTripValues(keys())).isEqualTo(keys());
    assertThat(roundTripValues(Map.of())).isEqualTo(Map.of());
    assertThatThrownBy(() -> JsonCodec.readValues("[1, 2, 3]", FieldLayout.of(List.of("a", "b")),
        (field, list) -> Value.NULL)).isInstanceOf(JsonCodec.BadJson.class)
        .hasMessageContaining("more values");
    assertThatThrownBy(() -> JsonCodec.readValues("{\"a\": 1}", FieldLayout.of(List.of("a")),
        (field, list) -> Value.NULL)).isInstanceOf(JsonCodec.BadJson.class);
    assertThatThrownBy(() -> JsonCodec.readNames("[\"a\", \"a\"]"))
        .isInstanceOf(JsonCodec.BadJson.class);
  }

  @Test
  @DisplayName("reals keep their kind and bits: -0.0 stays -0.0 and 100.0 does not become 100")
  void realsStayReals() {
    Map<String, Value> read = roundTrip(one("r", new Value.Real(-0.0)));
    assertThat(read.get("r")).isInstanceOf(Value.Real.class);
    assertThat(Double.doubleToRawLongBits(((Value.Real) read.get("r")).value()))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(roundTrip(one("r", new Value.Real(100.0))).get("r"))
        .isEqualTo(new Value.Real(100.0));
  }

  @Test
  @DisplayName("the text written holds no NUL, no \\u0000 escape and no unpaired surrogate")
  void writtenTextIsSafeForEveryDatabase() {
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("nul\u0000key", new Value.Text("a\u0000b"));
    fields.put("surrogates", new Value.Text("\uD800x\uDC00"));
    fields.put("nested", new Value.Obj(one("\uDBFF", new Value.Text("\u0000"))));
    String json = JsonCodec.writeFields(fields, Map.of(), id -> {});
    assertThat(json).doesNotContain("\u0000").doesNotContain("\\u0000");
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (Character.isHighSurrogate(c)) {
        assertThat(Character.isLowSurrogate(json.charAt(++i))).isTrue();
      } else {
        assertThat(Character.isLowSurrogate(c)).isFalse();
      }
    }
    assertThat(roundTrip(fields)).isEqualTo(fields);
  }

  @Test
  @DisplayName("references are reported while writing, once per occurrence, in order")
  void referencesAreReported() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("one", new Value.Ref(a));
    fields.put("many", new Value.Seq(List.of(new Value.Ref(b), new Value.Obj(one("x",
        new Value.Ref(a))))));
    fields.put("data", new Value.Uuid(UUID.randomUUID()));
    List<UUID> seen = new ArrayList<>();
    JsonCodec.writeFields(fields, Map.of(), seen::add);
    assertThat(seen).containsExactly(a, b, a);
  }

  @Test
  @DisplayName("a list field is written as its descriptor and read back through the resolver")
  void listFieldsAreDescriptors() {
    UUID segment = UUID.randomUUID();
    ListDescriptor descriptor = new ListDescriptor(segment, 12, "abc-_0");
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("history", new Value.Seq(List.of()));
    fields.put("name", new Value.Text("t"));
    String json = JsonCodec.writeFields(fields, Map.of("history", descriptor), id -> {});
    assertThat(json).contains("\"~l" + segment + ":12:abc-_0\"");
    Value resolved = new Value.Seq(List.of(new Value.Int(1)));
    Map<String, Value> read = JsonCodec.readFields(json, (field, list) -> {
      assertThat(field).isEqualTo("history");
      assertThat(list).isEqualTo(descriptor);
      return resolved;
    }, new JsonCodec.FieldNames());
    assertThat(read).containsEntry("history", resolved).containsEntry("name",
        new Value.Text("t"));
    assertThat(JsonCodec.readListDescriptors(json, null)).containsExactly(
        Map.entry("history", descriptor));
    String values = JsonCodec.writeValues(fields, Map.of("history", descriptor), id -> {});
    assertThat(JsonCodec.readListDescriptors(values, FieldLayout.of(List.of("history", "name"))))
        .containsExactly(Map.entry("history", descriptor));
  }

  @Test
  @DisplayName("a row that may hold a list is told from one that cannot, texts like descriptors"
      + " included")
  void mayHoldList() {
    ListDescriptor descriptor = new ListDescriptor(UUID.randomUUID(), 12, "abc-_0");
    Map<String, Value> withList = new LinkedHashMap<>();
    withList.put("name", new Value.Text("t"));
    withList.put("history", new Value.Seq(List.of()));
    Map<String, Value> lookalikes = new LinkedHashMap<>();
    lookalikes.put("text", new Value.Text("~l" + descriptor.segment() + ":12:abc-_0"));
    lookalikes.put("~lkey", new Value.Obj(Map.of("~l", new Value.Text("x~l"))));
    lookalikes.put("refs", new Value.Seq(List.of(new Value.Ref(UUID.randomUUID()))));
    Map<String, ListDescriptor> lists = Map.of("history", descriptor);
    assertThat(JsonCodec.mayHoldList(JsonCodec.writeFields(withList, lists, id -> {}))).isTrue();
    assertThat(JsonCodec.mayHoldList(JsonCodec.writeValues(withList, lists, id -> {}))).isTrue();
    assertThat(JsonCodec.mayHoldList(JsonCodec.writeFields(lookalikes, Map.of(), id -> {})))
        .isFalse();
    assertThat(JsonCodec.mayHoldList(JsonCodec.writeValues(lookalikes, Map.of(), id -> {})))
        .isFalse();
    // a quote before ~l inside a text is a false "may", which only defers the row's decoding
    assertThat(JsonCodec.mayHoldList(JsonCodec.writeFields(
        Map.of("text", new Value.Text("say \"~l\"")), Map.of(), id -> {}))).isTrue();
  }

  @Test
  @DisplayName("text the way databases give it back reads the same (spaces, escapes, key order)")
  void reformattedJsonReadsTheSame() {
    Map<String, Value> read = JsonCodec.readFields(
        "{ \"b\" : [ 1 , \"~d1.0E10\" ] ,\n \"a\": \"caf\\u00e9 \\ud83d\\ude00 \\/\" }",
        (field, list) -> Value.NULL, new JsonCodec.FieldNames());
    assertThat(read).containsEntry("a", new Value.Text("café 😀 /"))
        .containsEntry("b", new Value.Seq(List.of(new Value.Int(1), new Value.Real(1e10))));
  }

  @Test
  @DisplayName("ids and times in forms other than the writer's read as they did: upper case, short"
      + " groups, a plus sign")
  void otherFormsOfTaggedValues() {
    UUID id = UUID.fromString("0192f0c3-7d5e-7abc-8def-0123456789ab");
    Map<String, Value> read = JsonCodec.readFields("{\"upper\": \"~r0192F0C3-7D5E-7ABC-8DEF-0123456789AB\","
            + " \"short\": \"~u1-2-3-4-5\", \"plus\": \"~t+1000\", \"zeros\": 007}",
        (field, list) -> Value.NULL, new JsonCodec.FieldNames());
    assertThat(read)
        .containsEntry("upper", new Value.Ref(id))
        .containsEntry("short", new Value.Uuid(UUID.fromString("1-2-3-4-5")))
        .containsEntry("plus", new Value.Time(Instant.ofEpochSecond(1)))
        .containsEntry("zeros", new Value.Int(7));
  }

  @Test
  @DisplayName("field names lent between records never leak into a record with other names")
  void fieldNamesAcrossRecords() {
    JsonCodec.FieldNames names = new JsonCodec.FieldNames();
    List<String> texts = List.of(
        "{\"a\":1,\"bb\":2,\"~~~t\":3}",
        "{\"bb\":4,\"a\":5,\"~~~t\":6}",
        "{\"a\":7,\"b\":8,\"~~~t\":9,\"extra\":10}",
        "{\"a\\\"q\":11,\"bb\":12}",
        "{\"a\":13}");
    List<Map<String, Value>> read = new ArrayList<>();
    for (String text : texts) {
      read.add(JsonCodec.readFields(text, (field, list) -> Value.NULL, names));
    }
    assertThat(read.get(0).keySet()).containsExactly("a", "bb", "~t");
    assertThat(read.get(1)).containsEntry("bb", new Value.Int(4)).containsEntry("a",
        new Value.Int(5)).containsEntry("~t", new Value.Int(6));
    assertThat(read.get(2).keySet()).containsExactly("a", "b", "~t", "extra");
    assertThat(read.get(3).keySet()).containsExactly("a\"q", "bb");
    assertThat(read.get(4)).containsExactly(Map.entry("a", new Value.Int(13)));
  }

  @Test
  @DisplayName("strings with and without escapes mixed in one text all decode")
  void mixedEscapes() {
    Map<String, Value> fields = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      fields.put("k" + i, new Value.Text(i % 3 == 0 ? "line\n" + i : "plain " + i));
    }
    assertThat(roundTrip(fields)).isEqualTo(fields);
  }

  @Test
  @DisplayName("values nested 300 levels deep round-trip; beyond the limit they are refused")
  void deepNesting() {
    Value value = Value.NULL;
    for (int i = 0; i < 300; i++) {
      value = new Value.Seq(List.of(value));
    }
    assertThat(roundTrip(one("deep", value))).isEqualTo(one("deep", value));
    for (int i = 300; i < JsonCodec.MAX_DEPTH; i++) {
      value = new Value.Seq(List.of(value));
    }
    Value tooDeep = value;
    assertThatThrownBy(() -> JsonCodec.writeFields(one("deep", tooDeep), Map.of(), id -> {}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'deep'");
  }

  @Nested
  @DisplayName("text that is not this encoding is refused with the reason")
  class Refused {

    @ParameterizedTest
    @ValueSource(strings = {
        "[1, 2]",
        "{\"a\": 1.5}",
        "{\"a\": 1e3}",
        "{\"a\": 99999999999999999999}",
        "{\"a\": \"~q\"}",
        "{\"a\": \"~\"}",
        "{\"a\": \"~dnot a number\"}",
        "{\"a\": \"~tsoon\"}",
        "{\"a\": \"~rnot-a-uuid\"}",
        "{\"a\": \"~r0192f0c3-7d5e-7abc-8def-0123456789ag\"}",
        "{\"a\": \"~u0192f0c3+7d5e-7abc-8def-0123456789ab\"}",
        "{\"a\": \"~t12x\"}",
        "{\"a\": \"~t\"}",
        "{\"a\": -}",
        "{\"a\": 9223372036854775808}",
        "{\"a\": \"~s~z\"}",
        "{\"a\": [\"~lsomething\"]}",
        "{\"a\": \"~lnot a descriptor\"}",
        "{\"a\": 1, \"a\": 2}",
        "{\"a\": 1} trailing",
        "{\"a\": ",
        "{\"a\": \"unclosed}",
        "{\"a\": tru}",
        ""
    })
    void badText(String json) {
      assertThatThrownBy(() -> JsonCodec.readFields(json, (field, list) -> Value.NULL,
          new JsonCodec.FieldNames()))
          .isInstanceOf(JsonCodec.BadJson.class);
    }
  }

  @Test
  @DisplayName("a list descriptor's text round-trips and rejects malformed text")
  void descriptorText() {
    ListDescriptor descriptor = new ListDescriptor(UUID.randomUUID(), 10_000, "digest");
    assertThat(ListDescriptor.decode(descriptor.encode())).isEqualTo(descriptor);
    Set<String> bad = new LinkedHashSet<>(List.of("~l", "~lx:1:d", "~l" + UUID.randomUUID()
        + ":-1:d", "~l" + UUID.randomUUID() + ":one:d", "nope"));
    for (String text : bad) {
      assertThatThrownBy(() -> ListDescriptor.decode(text)).isInstanceOf(JsonCodec.BadJson.class);
    }
  }
}
