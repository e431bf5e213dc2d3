package dev.lineage.storage;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The names of a version's fields, in order, checked once. An adapter that keeps the names of many
 * versions apart from their values (one list of names per shape of row) makes one layout per list
 * and builds each version's fields from it: the map a {@link VersionRecord} keeps as it is, so a
 * load builds one map per version instead of one and then a copy.
 *
 * <p>Immutable and thread-safe.
 */
public final class FieldLayout {

  private final String[] names;
  /** The same names as a list, made once: {@link #names} is asked per record by some adapters. */
  private final List<String> nameList;
  /** Positions by name; null for layouts small enough to scan (see {@link OrderedFields}). */
  private final Map<String, Integer> index;

  private FieldLayout(String[] names) {
    this.names = names;
    this.nameList = List.of(names);
    this.index = OrderedFields.indexOf(names);
  }

  /**
   * The layout of {@code names}, in that order.
   *
   * @throws InvalidInputException if a name appears twice
   * @throws NullPointerException if a name is null
   */
  public static FieldLayout of(List<String> names) {
    String[] copy = names.toArray(new String[0]);
    for (int i = 0; i < copy.length; i++) {
      // The domain asks for a field by the name of its Java field, which the JVM interns: an
      // interned copy here is then found by identity, without comparing the characters.
      copy[i] = Objects.requireNonNull(copy[i], "field name").intern();
    }
    if (copy.length > 1 && Arrays.stream(copy).distinct().count() != copy.length) {
      throw new InvalidInputException("field names appear twice in " + names);
    }
    return new FieldLayout(copy);
  }

  /** How many names the layout has. */
  public int size() {
    return names.length;
  }

  /** The name at {@code position}, from 0. */
  public String name(int position) {
    return names[position];
  }

  /** The names, in order. */
  public List<String> names() {
    return nameList;
  }

  /**
   * The fields {@code name(i) = values[i]}, in this layout's order, unmodifiable; {@code values}
   * is copied.
   *
   * @throws InvalidInputException if there is not one value per name
   * @throws NullPointerException if a value is null ({@link Value#NULL} stands for null)
   */
  public Map<String, Value> fields(Value... values) {
    if (values.length != names.length) {
      throw new InvalidInputException(
          values.length + " values for the " + names.length + " field names " + names());
    }
    Value[] copy = values.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] == null) {
        throw new NullPointerException("value of " + names[i]);
      }
    }
    return OrderedFields.of(names, copy, index);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FieldLayout layout && Arrays.equals(names, layout.names);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(names);
  }

  @Override
  public String toString() {
    return "FieldLayout" + names();
  }
}
