package dev.lineage.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The port's value types refuse what no adapter could store faithfully. */
class ValueTypesTest {

  static final Instant T = Instant.parse("2025-01-01T00:00:00.001Z");

  @Nested
  class Values {

    @Test
    @DisplayName("values are immutable copies and compare by content")
    void immutableCopies() {
      // given
      List<Value> items = new ArrayList<>(List.of(new Value.Int(1)));
      Map<String, Value> fields = new LinkedHashMap<>(Map.of("a", Value.NULL));
      // when
      Value.Seq seq = new Value.Seq(items);
      Value.Obj obj = new Value.Obj(fields);
      items.add(new Value.Int(2));
      fields.put("b", Value.NULL);
      // then
      assertThat(seq.items()).containsExactly(new Value.Int(1));
      assertThat(obj.fields()).containsOnlyKeys("a");
      assertThatThrownBy(() -> seq.items().add(Value.NULL))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThat(new Value.Real(-0.0)).isNotEqualTo(new Value.Real(0.0));
      assertThat(new Value.Real(Double.NaN)).isEqualTo(new Value.Real(Double.NaN));
    }

    @Test
    @DisplayName("null items, null keys and sub-millisecond times are refused")
    void refusals() {
      assertThatThrownBy(() -> new Value.Seq(Arrays.asList(Value.NULL, null)))
          .isInstanceOf(NullPointerException.class);
      Map<String, Value> nullKey = new LinkedHashMap<>();
      nullKey.put(null, Value.NULL);
      assertThatThrownBy(() -> new Value.Obj(nullKey)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> new Value.Time(Instant.parse("2025-01-01T00:00:00.000001Z")))
          .isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("references are found however deep they sit")
    void references() {
      UUID a = UUID.randomUUID();
      UUID b = UUID.randomUUID();
      VersionRecord record =
          new VersionRecord(UUID.randomUUID(), UUID.randomUUID(), null, List.of(), T, "t",
              Map.of("x", new Value.Obj(Map.of("y", new Value.Seq(List.of(new Value.Ref(a),
                  new Value.Ref(b), new Value.Ref(a)))))));
      assertThat(record.references()).containsExactly(a, b);
    }
  }

  @Nested
  class Records {

    @Test
    @DisplayName("the parent must be the last of the old ids")
    void parentIsLastOldId() {
      UUID id = UUID.randomUUID();
      UUID parent = UUID.randomUUID();
      assertThatThrownBy(() -> new VersionRecord(id, id, parent, List.of(), T, "t", Map.of()))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(
              () -> new VersionRecord(id, id, null, List.of(parent), T, "t", Map.of()))
          .isInstanceOf(InvalidInputException.class);
      assertThat(new VersionRecord(id, id, parent, List.of(parent), T, "t", Map.of()).parentId())
          .isEqualTo(parent);
    }

    @Test
    @DisplayName("creation order compares ids as unsigned numbers")
    void unsignedOrder() {
      UUID low = UUID.fromString("7fffffff-ffff-7fff-bfff-ffffffffffff");
      UUID high = UUID.fromString("80000000-0000-7000-8000-000000000000");
      assertThat(low.compareTo(high)).as("UUID.compareTo is signed").isPositive();
      assertThat(VersionRecord.compareUnsigned(low, high)).isNegative();
      assertThat(low.toString().compareTo(high.toString())).isNegative();
    }

    @Test
    @DisplayName("a commit names its root among its versions, each once")
    void commits() {
      UUID id = UUID.randomUUID();
      VersionRecord version = new VersionRecord(id, id, null, List.of(), T, "t", Map.of());
      assertThatThrownBy(() -> Commit.of(UUID.randomUUID(), List.of(version)))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> Commit.of(id, List.of(version, version)))
          .isInstanceOf(InvalidInputException.class);
      assertThat(Commit.of(id, List.of(version)).root()).isEqualTo(version);
    }

    @Test
    @DisplayName("pages are bounded: between 1 and 10,000 versions")
    void boundedPages() {
      assertThatThrownBy(() -> PageRequest.first(0)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> PageRequest.first(PageRequest.MAX_LIMIT + 1))
          .isInstanceOf(InvalidInputException.class);
      assertThat(PageRequest.first(PageRequest.MAX_LIMIT).limit()).isEqualTo(10_000);
    }

    @Test
    @DisplayName("a cursor precedes exactly the versions after it in creation order")
    void cursorPrecedes() {
      UUID a = UUID.fromString("00000000-0000-7000-8000-000000000001");
      UUID b = UUID.fromString("00000000-0000-7000-8000-000000000002");
      VersionRecord first = new VersionRecord(a, a, null, List.of(), T, "t", Map.of());
      VersionRecord sameTime = new VersionRecord(b, b, null, List.of(), T, "t", Map.of());
      VersionRecord later =
          new VersionRecord(a, a, null, List.of(), T.plusMillis(1), "t", Map.of());
      Cursor cursor = Cursor.after(first);
      assertThat(cursor.precedes(first)).isFalse();
      assertThat(cursor.precedes(sameTime)).isTrue();
      assertThat(cursor.precedes(later)).isTrue();
    }
  }
}
