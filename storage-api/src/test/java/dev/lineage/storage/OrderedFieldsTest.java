package dev.lineage.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The field maps of records and objects: small ones scan, large ones hash; both act as maps. */
class OrderedFieldsTest {

  @ParameterizedTest(name = "{0} fields")
  @ValueSource(ints = {0, 1, 15, 16, 17, 200})
  @DisplayName("keeps the given order and finds every field by an equal name, at every size")
  void ordersAndFinds(int size) {
    // given
    Map<String, Value> given = new LinkedHashMap<>();
    for (int i = size - 1; i >= 0; i--) { // not in hash order
      given.put("field" + i, new Value.Int(i));
    }
    // when
    Map<String, Value> fields = Value.orderedCopy(given);
    // then
    assertThat(new ArrayList<>(fields.keySet())).isEqualTo(new ArrayList<>(given.keySet()));
    assertThat(new ArrayList<>(fields.values())).isEqualTo(new ArrayList<>(given.values()));
    for (int i = 0; i < size; i++) {
      String equalName = new String(("field" + i).toCharArray()); // not the same instance
      assertThat(fields.get(equalName)).isEqualTo(new Value.Int(i));
      assertThat(fields.containsKey(equalName)).isTrue();
    }
    assertThat(fields.get("missing")).isNull();
    assertThat(fields.containsKey(null)).isFalse();
    assertThat(fields).isEqualTo(given).hasSize(size);
    assertThat(fields.hashCode()).isEqualTo(new HashMap<>(given).hashCode());
    assertThat(fields.toString()).isEqualTo(given.toString());
  }

  @Test
  @DisplayName("refuses changes through every view, and a copy of a copy is the copy itself")
  void unmodifiable() {
    // given
    Map<String, Value> fields =
        Value.orderedCopy(Map.of("a", new Value.Text("x"), "b", new Value.Ref(UUID.randomUUID())));
    // then
    assertThatThrownBy(() -> fields.put("c", Value.NULL))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> fields.remove("a")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(fields::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> fields.values().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> fields.entrySet().iterator().next().setValue(Value.NULL))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> {
      var iterator = fields.keySet().iterator();
      iterator.next();
      iterator.remove();
    }).isInstanceOf(UnsupportedOperationException.class);
    assertThat(Value.orderedCopy(fields)).isSameAs(fields);
  }

  @Test
  @DisplayName("a copy does not follow later changes of the map it was made from")
  void copies() {
    // given
    Map<String, Value> source = new LinkedHashMap<>();
    source.put("a", new Value.Int(1));
    Map<String, Value> fields = Value.orderedCopy(source);
    // when
    source.put("a", new Value.Int(2));
    source.put("b", new Value.Int(3));
    // then
    assertThat(fields).isEqualTo(Map.of("a", new Value.Int(1)));
  }

  @Test
  @DisplayName("rejects null names and null values, naming the field")
  void rejectsNulls() {
    Map<String, Value> nullName = new HashMap<>();
    nullName.put(null, Value.NULL);
    Map<String, Value> nullValue = new HashMap<>();
    nullValue.put("content", null);
    assertThatThrownBy(() -> Value.orderedCopy(nullName))
        .isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> Value.orderedCopy(nullValue))
        .isInstanceOf(NullPointerException.class).hasMessage("value of content");
  }

  @Test
  @DisplayName("a record gives its references in field order, repeats included, or once each")
  void references() {
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("history", new Value.Seq(List.of(new Value.Ref(first), new Value.Ref(second))));
    fields.put("meta", new Value.Obj(Map.of("again", new Value.Ref(first))));
    VersionRecord record = new VersionRecord(UUID.randomUUID(), UUID.randomUUID(), null,
        List.of(), java.time.Instant.ofEpochMilli(0), "Thread", fields);
    List<UUID> visited = new ArrayList<>();
    record.forEachReference(visited::add);
    assertThat(visited).containsExactly(first, second, first);
    assertThat(record.references()).containsExactly(first, second);
  }
}
