package dev.lineage.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PersistentVectorTest {

  @ParameterizedTest(name = "{0} items")
  @ValueSource(ints = {0, 1, 31, 32, 33, 64, 1023, 1024, 1025, 1056, 1057, 33_000, 40_000})
  @DisplayName("appending in steps gives the same list as appending at once, at every size")
  void appendsMatchAList(int size) {
    // given
    Random random = new Random(size);
    List<Value> expected = new ArrayList<>();
    Value.Seq seq = new Value.Seq(List.of());
    // when
    while (expected.size() < size) {
      List<Value> step = new ArrayList<>();
      int count = Math.min(size - expected.size(), 1 + random.nextInt(3));
      for (int i = 0; i < count; i++) {
        step.add(new Value.Int(expected.size() + i));
      }
      expected.addAll(step);
      seq = seq.append(step);
    }
    // then
    assertThat(seq.items()).hasSize(size).isEqualTo(expected);
    assertThat(seq).isEqualTo(new Value.Seq(expected));
    assertThat(seq.hashCode()).isEqualTo(new Value.Seq(expected).hashCode());
    for (int i = 0; i < size; i++) {
      assertThat(seq.items().get(i)).isEqualTo(new Value.Int(i));
    }
    List<Value> visited = new ArrayList<>();
    seq.items().forEach(visited::add);
    assertThat(visited).isEqualTo(expected);
  }

  @Test
  @DisplayName("an appended sequence leaves the one it extends unchanged and refuses mutation")
  void immutableAndShared() {
    Value.Seq base = new Value.Seq(List.of(new Value.Text("a"), new Value.Text("b")));
    Value.Seq longer = base.append(List.of(new Value.Text("c")));
    assertThat(base.items()).hasSize(2);
    assertThat(longer.items()).containsExactly(new Value.Text("a"), new Value.Text("b"),
        new Value.Text("c"));
    assertThat(longer).isNotEqualTo(base);
    assertThatThrownBy(() -> longer.items().add(Value.NULL))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> longer.items().get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(new Value.Seq(longer.items())).isEqualTo(longer);
  }

  @ParameterizedTest(name = "prefix of {0} items")
  @ValueSource(ints = {0, 1, 31, 32, 33, 1024, 1025, 5_000})
  @DisplayName("startsWith: true for every sequence grown from a prefix or rebuilt with its items,"
      + " false once one item differs")
  void startsWith(int size) {
    // given: a prefix grown step by step, one grown from it, and copies made from scratch
    Value.Seq prefix = new Value.Seq(List.of());
    for (int i = 0; i < size; i += 3) {
      prefix = prefix.append(ints(i, Math.min(size, i + 3)));
    }
    Value.Seq grown = prefix.append(ints(size, size + 40));
    Value.Seq rebuilt = new Value.Seq(List.of()).append(ints(0, size + 40));
    Value.Seq plainList = new Value.Seq(ints(0, size + 1));
    // then
    assertThat(grown.startsWith(prefix)).isTrue();
    assertThat(rebuilt.startsWith(prefix)).isTrue();
    assertThat(plainList.startsWith(prefix)).isTrue();
    assertThat(prefix.startsWith(prefix)).isTrue();
    assertThat(prefix.startsWith(grown)).isFalse();
    for (int changed : new int[] {0, size / 2, size - 1}) {
      if (changed < 0 || size == 0) {
        continue;
      }
      List<Value> items = new ArrayList<>(ints(0, size + 40));
      items.set(changed, new Value.Int(-1));
      Value.Seq diverged = new Value.Seq(List.of()).append(items);
      assertThat(diverged.startsWith(prefix)).as("item %d differs", changed).isFalse();
      assertThat(new Value.Seq(items).startsWith(prefix)).isFalse();
    }
  }

  @ParameterizedTest(name = "{0} references first")
  @ValueSource(ints = {0, 1, 32, 33, 1025})
  @DisplayName("onlyReferences: kept through appends, false from the first other item on, the same"
      + " for a sequence made from a plain list")
  void onlyReferences(int size) {
    // given: a sequence of references grown a few at a time
    Value.Seq references = new Value.Seq(List.of());
    for (int i = 0; i < size; i += 2) {
      references = references.append(List.of(reference(), reference()));
    }
    // when: one other item is appended, then references again
    Value.Seq mixed = references.append(List.of(new Value.Text("not a reference")))
        .append(List.of(reference()));
    // then
    assertThat(new Value.Seq(List.of()).onlyReferences()).isTrue();
    assertThat(references.onlyReferences()).isTrue();
    assertThat(new Value.Seq(references.items()).onlyReferences()).isTrue();
    assertThat(new Value.Seq(List.copyOf(references.items())).onlyReferences()).isTrue();
    assertThat(mixed.onlyReferences()).isFalse();
    assertThat(new Value.Seq(List.copyOf(mixed.items())).onlyReferences()).isFalse();
    assertThat(references.onlyReferences()).as("the prefix is unchanged").isTrue();
  }

  private static Value reference() {
    return new Value.Ref(UUID.randomUUID());
  }

  private static List<Value> ints(int from, int to) {
    List<Value> items = new ArrayList<>();
    for (int i = from; i < to; i++) {
      items.add(new Value.Int(i));
    }
    return items;
  }
}
