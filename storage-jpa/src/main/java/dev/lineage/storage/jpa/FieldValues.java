package dev.lineage.storage.jpa;

import dev.lineage.storage.Value;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A record's fields as read from a typed row, in the entity's order: two arrays, handed to the
 * {@link dev.lineage.storage.VersionRecord} constructor, which copies them into a map of its own.
 * Reading thousands of rows, a hash map built only to be copied costs as much as the copy.
 */
final class FieldValues extends AbstractMap<String, Value> {

  private final List<String> names;
  private final Value[] values;

  FieldValues(List<String> names) {
    this.names = names;
    this.values = new Value[names.size()];
  }

  /** Sets the value of the field at {@code index} of the names. */
  void set(int index, Value value) {
    values[index] = value;
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Value> action) {
    for (int i = 0; i < values.length; i++) {
      action.accept(names.get(i), values[i]);
    }
  }

  @Override
  public Set<Map.Entry<String, Value>> entrySet() {
    List<Map.Entry<String, Value>> entries = new ArrayList<>(values.length);
    forEach((name, value) -> entries.add(new SimpleImmutableEntry<>(name, value)));
    return new LinkedHashSet<>(entries);
  }
}
