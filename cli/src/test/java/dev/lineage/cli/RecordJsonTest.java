package dev.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON lines of export and import: every value comes back exactly, in ASCII lines. */
class RecordJsonTest {

  static Stream<Arguments> values() {
    return Stream.of(Payloads.texts(), Payloads.numbers(), Payloads.objects(),
            List.of(Value.NULL, Value.Bool.TRUE, Value.Bool.FALSE,
                new Value.Uuid(UUID.randomUUID()), new Value.Ref(UUID.randomUUID()),
                new Value.Time(Instant.parse("1969-07-20T20:17:40Z")),
                new Value.Time(Instant.parse("+12345-01-01T00:00:00.001Z")),
                new Value.Text("lone surrogates \uD800 and \uDFFF"),
                new Value.Seq(List.of()), Payloads.nested(300)))
        .flatMap(List::stream)
        .map(value -> Arguments.of(Render.value(value, 40), value));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  @DisplayName("a value comes back as the same kind with the same content")
  void roundTrips(String name, Value value) {
    // given
    UUID id = UUID.randomUUID();
    VersionRecord record = new VersionRecord(id, id, null, List.of(),
        Instant.parse("2026-01-02T03:04:05.678Z"), "T", Map.of("value", value));
    // when
    String line = new ExportLines.Writer().line(record);
    // then
    assertThat(new ExportLines.Reader().read(line)).isEqualTo(record);
    assertThat(line).matches("[\\x20-\\x7F]*");
  }

  @Test
  @DisplayName("a record keeps its versioning fields and field names")
  void versioningFields() {
    VersionRecord first = Payloads.note("first", Instant.parse("2026-01-02T03:04:05.678Z"));
    VersionRecord second = Payloads.next(first,
        Map.of("", new Value.Text("empty name"), "$x.y", new Value.Int(3)),
        Instant.parse("2026-01-02T03:04:05.679Z"));
    ExportLines.Writer writer = new ExportLines.Writer();
    ExportLines.Reader reader = new ExportLines.Reader();
    assertThat(reader.read(writer.line(first))).isEqualTo(first);
    assertThat(reader.read(writer.line(second))).isEqualTo(second);
  }

  @Test
  @DisplayName("kinds JSON lacks are tagged objects; an object that looks tagged is wrapped")
  void tags() {
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertThat(RecordJson.encode(new Value.Ref(id)).toString())
        .isEqualTo("{\"$ref\":\"123e4567-e89b-12d3-a456-426614174000\"}");
    assertThat(RecordJson.encode(new Value.Real(Double.NaN)).toString())
        .isEqualTo("{\"$real\":\"NaN\"}");
    assertThat(RecordJson.encode(new Value.Real(2.0)).toString()).isEqualTo("2.0");
    assertThat(RecordJson.encode(new Value.Int(2)).toString()).isEqualTo("2");
    assertThat(RecordJson.encode(new Value.Obj(Map.of("$ref", new Value.Int(1)))).toString())
        .isEqualTo("{\"$obj\":{\"$ref\":1}}");
  }

  static Stream<Arguments> badLines() {
    String id = "123e4567-e89b-12d3-a456-426614174000";
    String good = "{\"ecsId\":\"" + id + "\",\"lineageId\":\"" + id + "\",\"parentId\":null,"
        + "\"oldIds\":[],\"createdAt\":\"2026-01-02T03:04:05.678Z\",\"type\":\"T\",\"fields\":%s}";
    return Stream.of(
        Arguments.of("not JSON", "{\"ecsId\":", "not JSON"),
        Arguments.of("trailing text", String.format(good, "{}") + " {}", "not JSON"),
        Arguments.of("a duplicate key", String.format(good, "{\"a\":1,\"a\":2}"), "not JSON"),
        Arguments.of("an unknown tag", String.format(good, "{\"a\":{\"$when\":1}}"),
            "unknown tag '$when'"),
        Arguments.of("a bad reference", String.format(good, "{\"a\":{\"$ref\":\"x\"}}"),
            "a $ref value is not a UUID"),
        Arguments.of("a number beyond a long", String.format(good, "{\"a\":99999999999999999999}"),
            "beyond a long"),
        Arguments.of("a missing key", "{\"ecsId\":\"" + id + "\"}", "needs 'parentId'"),
        Arguments.of("an unknown key", String.format(good, "{}").replace("\"type\"", "\"kind\""),
            "has no key 'kind'"),
        Arguments.of("a parent that is not the last old id",
            String.format(good, "{}").replace("\"parentId\":null", "\"parentId\":\"" + id + "\""),
            "must be the last of oldIds"),
        Arguments.of("not an object", "[]", "is a JSON object"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badLines")
  @DisplayName("a line that is no record is refused, saying why")
  void refusesBadLines(String name, String line, String why) {
    assertThatThrownBy(() -> new ExportLines.Reader().read(line))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(why);
  }
}
