package dev.lineage.storage.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.lineage.storage.Commit;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of value, and the awkward ones of each kind, come back from the embedded server
 * exactly as written, and are stored the way the README says.
 */
class ValueRoundTripTest {

  private static MongoClient client;
  private static MongoEntityStorage storage;
  private static MongoCollection<BsonDocument> versions;

  @BeforeAll
  static void openStore() {
    client = EmbeddedMongo.client();
    storage = FreshStore.in(client.getDatabase("lineage_mongo_values"));
    versions = client.getDatabase("lineage_mongo_values")
        .getCollection("lineage_versions", BsonDocument.class);
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  static Stream<Arguments> values() {
    UUID uuid = UUID.fromString("0192f0c3-7d5e-7abc-8def-0123456789ab");
    return Stream.of(
        Arguments.of("every code point range", new Value.Text(
            "A é ß 中文 𝄞 😀 👩‍💻 🇺🇳 مرحبا שלום e\u0301 \u200D \uFEFF \uFFFF")),
        Arguments.of("NUL inside text", new Value.Text("before\u0000after\u0000")),
        Arguments.of("a mebibyte of text", new Value.Text("x😀".repeat(350_000))),
        Arguments.of("Mongo operators as text", new Value.Text("{\"$where\": \"sleep(1000)\"}")),
        Arguments.of("long minimum", new Value.Int(Long.MIN_VALUE)),
        Arguments.of("long maximum", new Value.Int(Long.MAX_VALUE)),
        Arguments.of("small whole number", new Value.Int(7)),
        Arguments.of("negative zero", new Value.Real(-0.0)),
        Arguments.of("smallest subnormal", new Value.Real(Double.MIN_VALUE)),
        Arguments.of("largest subnormal", new Value.Real(Double.MIN_NORMAL - Double.MIN_VALUE)),
        Arguments.of("maximum double", new Value.Real(-Double.MAX_VALUE)),
        Arguments.of("not a number", new Value.Real(Double.NaN)),
        Arguments.of("infinity", new Value.Real(Double.NEGATIVE_INFINITY)),
        Arguments.of("a real that is whole", new Value.Real(3.0)),
        Arguments.of("booleans", new Value.Seq(List.of(Value.Bool.TRUE, Value.Bool.FALSE))),
        Arguments.of("null", Value.NULL),
        Arguments.of("instant before 1970",
            new Value.Time(Instant.parse("1601-01-01T00:00:00.001Z"))),
        Arguments.of("instant far ahead", new Value.Time(Instant.parse("+100000-01-01T00:00:00Z"))),
        Arguments.of("one UUID as data, as reference and as text", new Value.Seq(List.of(
            new Value.Uuid(uuid), new Value.Ref(uuid), new Value.Text(uuid.toString())))),
        Arguments.of("empty sequence and empty object",
            new Value.Seq(List.of(new Value.Seq(List.of()), new Value.Obj(Map.of())))),
        Arguments.of("awkward keys", new Value.Obj(awkwardKeys())),
        Arguments.of("keys that look like tags",
            new Value.Obj(Map.of("%r", Value.NULL, "%s", new Value.Int(1), "%b", Value.NULL,
                "%", Value.NULL, "%25", Value.NULL, "%2E", Value.NULL))),
        Arguments.of("an object shaped like a reference",
            new Value.Obj(Map.of("%r", new Value.Uuid(uuid)))),
        Arguments.of("JSON nested 40 levels", nested(40)),
        Arguments.of("JSON nested 150 levels", nested(150)),
        Arguments.of("references mixed with other values", new Value.Seq(List.of(
            new Value.Ref(uuid), Value.NULL, new Value.Ref(uuid)))),
        Arguments.of("references inside an object", new Value.Obj(Map.of("refs",
            new Value.Seq(List.of(new Value.Ref(uuid), new Value.Ref(uuid)))))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  @DisplayName("a value comes back exactly as written")
  void valueRoundTrips(String name, Value value) {
    // given
    VersionRecord record = record(Map.of("value", value));
    // when
    storage.commit(Commit.of(record.ecsId(), List.of(record)));
    VersionRecord read = storage.loadVersions(List.of(record.ecsId())).get(record.ecsId());
    // then
    assertThat(read).isEqualTo(record);
    assertThat(read.fields().get("value")).isEqualTo(value);
  }

  @ParameterizedTest(name = "{0} references")
  @MethodSource("chunkBoundaries")
  @DisplayName("a list of references of any length comes back in order")
  void referenceListsRoundTrip(int length) {
    // given
    List<Value> refs = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      refs.add(new Value.Ref(UUID.randomUUID()));
    }
    refs.add(refs.isEmpty() ? new Value.Ref(UUID.randomUUID()) : refs.get(0)); // a repeat
    VersionRecord record = record(Map.of("history", new Value.Seq(refs)));
    // when
    storage.commit(Commit.of(record.ecsId(), List.of(record)));
    // then
    assertThat(storage.loadVersions(List.of(record.ecsId())).get(record.ecsId()))
        .isEqualTo(record);
  }

  static Stream<Integer> chunkBoundaries() {
    int size = MongoStorageOptions.DEFAULT_CHUNK_SIZE;
    return Stream.of(0, 1, size - 2, size - 1, size, 2 * size - 1, 5 * size + 3);
  }

  @Test
  @DisplayName("an instant beyond a BSON date is refused before anything is written")
  void instantBeyondBsonDate() {
    VersionRecord record = record(Map.of("when", new Value.Time(Instant.MAX.minusMillis(1)
        .truncatedTo(ChronoUnit.MILLIS))));
    assertThatThrownBy(() -> storage.commit(Commit.of(record.ecsId(), List.of(record))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(record.ecsId().toString())
        .hasMessageContaining("when");
    assertThat(storage.exists(record.ecsId())).isFalse();
  }

  @Test
  @DisplayName("a version larger than a MongoDB document is refused, naming it, before anything"
      + " is written")
  void oversizedVersion() {
    VersionRecord record = record(Map.of("content", new Value.Text("x".repeat(17_000_000))));
    assertThatThrownBy(() -> storage.commit(Commit.of(record.ecsId(), List.of(record))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(record.ecsId().toString())
        .hasMessageContaining("16777216");
    assertThat(storage.exists(record.ecsId())).isFalse();
  }

  @Nested
  @DisplayName("the stored document")
  class Layout {

    @Test
    @DisplayName("keeps ids and UUIDs as binary subtype 4, whole numbers as int64, times as dates")
    void bsonTypes() {
      // given
      UUID data = UUID.randomUUID();
      VersionRecord record = record(Map.of(
          "uuid", new Value.Uuid(data), "int", new Value.Int(1), "real", new Value.Real(1),
          "time", new Value.Time(Instant.ofEpochMilli(-1)), "ref", new Value.Ref(data)));
      storage.commit(Commit.of(record.ecsId(), List.of(record)));
      storage.close(); // clears the pending marks its commits leave for later
      // when
      BsonDocument stored =
          versions.find(Filters.eq("_id", new BsonBinary(record.ecsId()))).first();
      // then
      assertThat(stored.getBinary("_id").getType())
          .isEqualTo(BsonBinarySubType.UUID_STANDARD.getValue());
      assertThat(stored.getBinary("_id").asUuid()).isEqualTo(record.ecsId());
      BsonDocument fields = stored.getDocument("fields");
      assertThat(fields.getBinary("uuid").getType())
          .isEqualTo(BsonBinarySubType.UUID_STANDARD.getValue());
      assertThat(fields.get("int").getBsonType()).isEqualTo(BsonType.INT64);
      assertThat(fields.get("real").getBsonType()).isEqualTo(BsonType.DOUBLE);
      assertThat(fields.getDateTime("time").getValue()).isEqualTo(-1);
      assertThat(fields.getDocument("ref").getBinary("%r").asUuid()).isEqualTo(data);
      assertThat(stored.getDateTime("created_at").getValue())
          .isEqualTo(record.createdAt().toEpochMilli());
      assertThat(stored.containsKey("pending")).isFalse();
    }

    @Test
    @DisplayName("escapes '.', '$', '%', NUL and the empty key")
    void escapedKeys() {
      // given
      VersionRecord record = record(Map.of("json", new Value.Obj(awkwardKeys())));
      storage.commit(Commit.of(record.ecsId(), List.of(record)));
      // when
      BsonDocument json = versions.find(Filters.eq("_id", new BsonBinary(record.ecsId()))).first()
          .getDocument("fields").getDocument("json");
      // then
      assertThat(json.keySet()).containsExactlyInAnyOrder(
          "a%2Eb", "%24where", "%", "100%25", "nul%00", "plain");
    }
  }

  @Test
  @DisplayName("stores deep values as bytes below 32 levels, within MongoDB's 100 levels of nesting")
  void deepValuesStayWithinTheNestingLimit() {
    // given
    VersionRecord record = record(Map.of("deep", nested(150)));
    storage.commit(Commit.of(record.ecsId(), List.of(record)));
    // when
    BsonDocument stored =
        versions.find(Filters.eq("_id", new BsonBinary(record.ecsId()))).first();
    // then
    assertThat(depth(stored)).isLessThanOrEqualTo(ValueEncoding.INLINE_DEPTH + 3);
    assertThat(stored.toJson()).contains("\"%b\"");
  }

  private static int depth(BsonValue value) {
    if (value.isDocument()) {
      return 1 + value.asDocument().values().stream().mapToInt(ValueRoundTripTest::depth).max()
          .orElse(0);
    }
    if (value.isArray()) {
      return 1 + value.asArray().stream().mapToInt(ValueRoundTripTest::depth).max().orElse(0);
    }
    return 0;
  }

  private static Map<String, Value> awkwardKeys() {
    Map<String, Value> keys = new LinkedHashMap<>();
    keys.put("a.b", new Value.Int(1));
    keys.put("$where", new Value.Text("1 == 1"));
    keys.put("", new Value.Text("empty key"));
    keys.put("100%", Value.Bool.TRUE);
    keys.put("nul\u0000", Value.NULL);
    keys.put("plain", new Value.Obj(Map.of("$set", new Value.Obj(Map.of("x.y", Value.NULL)))));
    return keys;
  }

  private static Value nested(int levels) {
    Value value = new Value.Text("bottom");
    for (int i = 0; i < levels; i++) {
      value = i % 2 == 0
          ? new Value.Obj(Map.of("level " + i, value, "$i", new Value.Int(i)))
          : new Value.Seq(List.of(value, new Value.Real(i + 0.5)));
    }
    return value;
  }

  private static VersionRecord record(Map<String, Value> fields) {
    UUID id = UUID.randomUUID();
    return new VersionRecord(id, id, null, List.of(), Instant.now().truncatedTo(
        ChronoUnit.MILLIS), "test.Values", fields);
  }
}
