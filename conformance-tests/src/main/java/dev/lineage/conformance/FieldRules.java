package dev.lineage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.conformance.entities.SimpleEntity;
import dev.lineage.conformance.entities.ValuesEntity;
import dev.lineage.conformance.entities.ValuesEntity.Mood;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rules F: every field comes back exactly as written (D-5, reference 3.8). */
abstract class FieldRules extends RuleGroup {

  FieldRules(Fixture fixture) {
    super(fixture);
  }

  /** One kind of value: how to set it on a {@link ValuesEntity} and how to read it back. */
  record Case(String name, Consumer<ValuesEntity> set, Function<ValuesEntity, Object> get) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    UUID uuid = UUID.fromString("0192f0c3-7d5e-7abc-8def-0123456789ab");
    return Stream.of(
            new Case("plain text", e -> e.text = "plain", e -> e.text),
            new Case("empty text", e -> e.text = "", e -> e.text),
            new Case("emoji and ZWJ sequences", e -> e.text = "👩‍💻 ships 🎉🇺🇳", e -> e.text),
            new Case("astral code points", e -> e.text = "𝄞 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀", e -> e.text),
            new Case("right-to-left text", e -> e.text = "مرحبا بالعالم שלום", e -> e.text),
            new Case("combining characters", e -> e.text = "e\u0301 a\u030A n\u0303", e -> e.text),
            new Case("quotes and escapes", e -> e.text = "\"'\\\n\t\r{}[]$.", e -> e.text),
            new Case("int extremes", e -> e.smallNumber = Integer.MIN_VALUE, e -> e.smallNumber),
            new Case("int maximum", e -> e.smallNumber = Integer.MAX_VALUE, e -> e.smallNumber),
            new Case("long minimum", e -> e.bigNumber = Long.MIN_VALUE, e -> e.bigNumber),
            new Case("long maximum", e -> e.bigNumber = Long.MAX_VALUE, e -> e.bigNumber),
            new Case("short", e -> e.shortNumber = Short.MIN_VALUE, e -> e.shortNumber),
            new Case("byte", e -> e.byteNumber = Byte.MAX_VALUE, e -> e.byteNumber),
            new Case("double fraction", e -> e.real = 0.1 + 0.2, e -> e.real),
            new Case("double maximum", e -> e.real = Double.MAX_VALUE, e -> e.real),
            new Case("double smallest subnormal", e -> e.real = Double.MIN_VALUE, e -> e.real),
            new Case("negative zero", e -> e.real = -0.0, e -> e.real),
            new Case("float", e -> e.singleReal = 3.1415927f, e -> e.singleReal),
            new Case("boolean", e -> e.flag = true, e -> e.flag),
            new Case("boxed values", e -> {
              e.boxedNumber = -7;
              e.boxedReal = 2.5e-300;
              e.boxedFlag = false;
            }, e -> List.of(e.boxedNumber, e.boxedReal, e.boxedFlag)),
            new Case("UUID", e -> e.uuid = uuid, e -> e.uuid),
            new Case("instant", e -> e.instant = Instant.parse("2024-02-29T23:59:59.999Z"),
                e -> e.instant),
            new Case("instant before 1970", e -> e.instant = Instant.parse("1969-07-20T20:17:40Z"),
                e -> e.instant),
            new Case("enum", e -> e.mood = Mood.CURIOUS, e -> e.mood),
            new Case("present optional", e -> e.maybeText = Optional.of("there"),
                e -> e.maybeText),
            new Case("optional entity", e -> e.maybeEntity = Optional.of(new SimpleEntity("o", 1)),
                e -> e.maybeEntity.map(s -> s.name)),
            new Case("list with duplicates and null", e -> e.texts = new ArrayList<>(
                Arrays.asList("a", null, "a", "")), e -> e.texts),
            new Case("list of longs", e -> e.numbers = new ArrayList<>(List.of(1L, -1L, 1L << 62)),
                e -> e.numbers),
            new Case("set in its order", e -> e.tags = new LinkedHashSet<>(List.of("z", "a", "m")),
                e -> new ArrayList<>(e.tags)),
            new Case("map of counts", e -> e.counts = mapOf("one", 1, "two", 2), e -> e.counts),
            new Case("map keyed by UUID", e -> e.byUuid = mapOf(uuid, "u"), e -> e.byUuid),
            new Case("map keyed by enum", e -> e.byMood = mapOf(Mood.LOUD, 1.5), e -> e.byMood),
            new Case("map keyed by number", e -> e.byNumber = mapOf(-3, "minus three"),
                e -> e.byNumber),
            new Case("map keys with dots, dollars and empty", e -> e.counts =
                mapOf("a.b", 1, "$set", 2, "", 3, "x$y.z", 4), e -> e.counts),
            new Case("nested JSON-like data", e -> e.json = json(), e -> e.json),
            new Case("deeply nested JSON-like data", e -> e.json = deep(40), e -> e.json),
            new Case("object holding text", e -> e.anything = "just text", e -> e.anything),
            new Case("object holding a list", e -> e.anything = new ArrayList<>(List.of(1, "x",
                List.of(true))), e -> e.anything),
            new Case("nested lists", e -> e.nestedLists = new ArrayList<>(List.of(
                new ArrayList<>(List.of("a", "b")), new ArrayList<>(), new ArrayList<>(List.of(
                    "c")))), e -> e.nestedLists),
            new Case("map of entity lists", e -> e.entityGroups = mapOf("team", new ArrayList<>(
                List.of(new SimpleEntity("x", 1), new SimpleEntity("y", 2)))),
                e -> e.entityGroups.get("team").stream().map(s -> s.name).toList()))
        .map(Arguments::of);
  }

  /**
   * D-5, reference 3.8 (no silent field loss). If it fails: the adapter loses, rounds, reorders
   * or retypes the value named in the test; every field must come back exactly as written.
   */
  @ParameterizedTest(name = "F-01 {0} round-trips exactly")
  @MethodSource("cases")
  @DisplayName("F-01 every kind of value round-trips exactly")
  void valueRoundTrips(Case c) {
    // given
    ValuesEntity entity = new ValuesEntity();
    c.set().accept(entity);
    Object written = c.get().apply(entity);
    registry().register(entity);
    // when
    ValuesEntity read = registry().get(entity.ecsId(), ValuesEntity.class).orElseThrow();
    // then
    assertThat(c.get().apply(read)).isEqualTo(written);
    assertThat(registry().pendingChanges(read).isEmpty()).as("changes after a round trip").isTrue();
  }

  /**
   * C-MOD-10. If it fails: some field does not survive the round trip, so every later commit of
   * a read copy would fork without a change.
   */
  @Test
  @DisplayName("F-02 a copy read back has no pending changes, with every field set")
  void everythingAtOnceRoundTrips() {
    // given
    ValuesEntity entity = new ValuesEntity();
    cases().forEach(arguments -> ((Case) arguments.get()[0]).set().accept(entity));
    registry().register(entity);
    // when
    ValuesEntity read = registry().get(entity.ecsId(), ValuesEntity.class).orElseThrow();
    // then
    assertThat(registry().pendingChanges(read).isEmpty()).isTrue();
    assertThat(read.json).isEqualTo(entity.json);
    assertThat(read.counts).isEqualTo(entity.counts);
    read.counts.put("new", 1);
    assertThat(registry().pendingChanges(read).includes(read)).isTrue();
  }

  /**
   * D-6. If it fails: the adapter keeps less than milliseconds, or the registry does not store
   * instants at millisecond precision.
   */
  @Test
  @DisplayName("F-03 instants are kept to the millisecond")
  void instantsKeepMilliseconds() {
    // given
    ValuesEntity entity = new ValuesEntity();
    entity.instant = Instant.parse("2025-03-12T10:15:30.123456789Z");
    registry().register(entity);
    // when
    ValuesEntity read = registry().get(entity.ecsId(), ValuesEntity.class).orElseThrow();
    // then
    assertThat(read.instant).isEqualTo(Instant.parse("2025-03-12T10:15:30.123Z"));
    assertThat(registry().pendingChanges(entity).isEmpty()).isTrue();
  }

  /**
   * D-5. If it fails: the adapter turns empty strings or empty collections into null (or back).
   */
  @Test
  @DisplayName("F-04 empty text and empty collections stay distinct from null")
  void emptyIsNotNull() {
    // given
    ValuesEntity empty = new ValuesEntity();
    empty.text = "";
    ValuesEntity nothing = new ValuesEntity();
    nothing.text = null;
    nothing.texts = null;
    nothing.counts = null;
    registry().register(empty);
    registry().register(nothing);
    // when
    ValuesEntity readEmpty = registry().get(empty.ecsId(), ValuesEntity.class).orElseThrow();
    ValuesEntity readNothing = registry().get(nothing.ecsId(), ValuesEntity.class).orElseThrow();
    // then
    assertThat(readEmpty.text).isEmpty();
    assertThat(readEmpty.texts).isEmpty();
    assertThat(readEmpty.counts).isEmpty();
    assertThat(readNothing.text).isNull();
    assertThat(readNothing.texts).isNull();
    assertThat(readNothing.counts).isNull();
  }

  /**
   * D-5. If it fails: whole numbers in JSON-like data come back as another kind (a double, a
   * string), so the stored number kind is lost.
   */
  @Test
  @DisplayName("F-05 JSON-like whole numbers come back as Integer when they fit, else Long")
  void jsonNumbersKeepTheirKind() {
    // given
    ValuesEntity entity = new ValuesEntity();
    entity.json = mapOf("small", 5, "large", 5_000_000_000L, "real", 5.0);
    registry().register(entity);
    // when
    ValuesEntity read = registry().get(entity.ecsId(), ValuesEntity.class).orElseThrow();
    // then
    assertThat(read.json.get("small")).isEqualTo(5);
    assertThat(read.json.get("large")).isEqualTo(5_000_000_000L);
    assertThat(read.json.get("real")).isEqualTo(5.0);
  }

  private static Map<String, Object> json() {
    Map<String, Object> inner = mapOf("flag", true, "none", null, "pi", 3.14159, "big",
        Long.MAX_VALUE);
    return mapOf(
        "name", "tool call",
        "arguments", mapOf("x", 5, "y", -7, "tags", new ArrayList<>(List.of("a", "b"))),
        "inner", inner,
        "list", new ArrayList<>(Arrays.asList(1, "two", 3.0, null, new ArrayList<>())),
        "empty", new LinkedHashMap<>());
  }

  private static Map<String, Object> deep(int levels) {
    Map<String, Object> root = mapOf("level", 0);
    Map<String, Object> current = root;
    for (int level = 1; level < levels; level++) {
      Map<String, Object> next = mapOf("level", level);
      current.put("child", next);
      current = next;
    }
    return root;
  }

  /** A mutable, ordered map of alternating keys and values (values may be null). */
  @SuppressWarnings("unchecked")
  static <K, V> Map<K, V> mapOf(Object... keysAndValues) {
    Map<K, V> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((K) keysAndValues[i], (V) keysAndValues[i + 1]);
    }
    return map;
  }
}
