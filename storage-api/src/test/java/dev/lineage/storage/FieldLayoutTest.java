package dev.lineage.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Field maps built from a layout of names checked once, as adapters with shapes build them. */
class FieldLayoutTest {

  @ParameterizedTest(name = "{0} fields")
  @ValueSource(ints = {0, 1, 16, 17, 40})
  @DisplayName("builds the same map as a copy of the fields, in the layout's order, at every size")
  void buildsTheRecordsMap(int size) {
    // given
    List<String> names = new ArrayList<>();
    Map<String, Value> expected = new LinkedHashMap<>();
    Value[] values = new Value[size];
    for (int i = 0; i < size; i++) {
      names.add("field" + (size - i)); // not in hash order
      values[i] = new Value.Int(i);
      expected.put(names.get(i), values[i]);
    }
    FieldLayout layout = FieldLayout.of(names);
    // when
    Map<String, Value> fields = layout.fields(values);
    if (size > 0) {
      values[0] = Value.NULL; // the caller's array stays its own
    }
    // then
    assertThat(fields).isEqualTo(expected).hasSize(size);
    assertThat(new ArrayList<>(fields.keySet())).isEqualTo(names);
    for (int i = 0; i < size; i++) {
      assertThat(fields.get(new String(names.get(i).toCharArray()))).isEqualTo(new Value.Int(i));
    }
    assertThat(layout.names()).isEqualTo(names);
    assertThat(layout.size()).isEqualTo(size);
    assertThat(Value.orderedCopy(fields)).isSameAs(fields); // a record keeps it as it is
  }

  @Test
  @DisplayName("a layout copies its names, and its maps refuse changes")
  void immutable() {
    // given
    List<String> names = new ArrayList<>(List.of("a", "b"));
    FieldLayout layout = FieldLayout.of(names);
    names.set(0, "z");
    // when
    Map<String, Value> fields = layout.fields(new Value.Int(1), Value.NULL);
    // then
    assertThat(layout.name(0)).isEqualTo("a");
    assertThat(fields).containsOnlyKeys("a", "b");
    assertThatThrownBy(() -> fields.put("c", Value.NULL))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(layout).isEqualTo(FieldLayout.of(List.of("a", "b")))
        .hasSameHashCodeAs(FieldLayout.of(List.of("a", "b")))
        .isNotEqualTo(FieldLayout.of(List.of("b", "a")));
  }

  @Test
  @DisplayName("a layout keeps interned names, the instances a Java field's name is")
  void internsNames() throws NoSuchFieldException {
    // given: a name as an adapter reads it from its database, a new string
    String read = new String("value".toCharArray());
    String javaFieldName = Value.Text.class.getDeclaredField("value").getName();
    // when
    FieldLayout layout = FieldLayout.of(List.of(read));
    // then: the domain's lookups by field name then match by identity
    assertThat(layout.name(0)).isSameAs(javaFieldName);
    assertThat(layout.fields(new Value.Int(1)).keySet().iterator().next()).isSameAs(javaFieldName);
  }

  @Test
  @DisplayName("refuses names twice or null, a value count that does not fit, and null values")
  void refusesBadInput() {
    assertThatThrownBy(() -> FieldLayout.of(List.of("a", "b", "a")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> FieldLayout.of(Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class);
    FieldLayout layout = FieldLayout.of(List.of("a", "b"));
    assertThatThrownBy(() -> layout.fields(new Value.Int(1)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("1 values for the 2");
    assertThatThrownBy(() -> layout.fields(new Value.Int(1), new Value.Int(2), Value.NULL))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> layout.fields(new Value.Int(1), null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("value of b");
  }
}
