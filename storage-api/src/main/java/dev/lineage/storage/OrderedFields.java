package dev.lineage.storage;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The fields of a {@link VersionRecord} or a {@link Value.Obj}: unmodifiable, in the order they
 * were given, held in two arrays. A record has about ten fields, and a load makes one map per
 * stored version, so a copy without hashing and a lookup that scans a few names cost less than a
 * hash map (measured on loads of 10,000 messages). Maps larger than {@link #SCAN_LIMIT} get a hash
 * index as well.
 */
final class OrderedFields extends AbstractMap<String, Value> {

  private static final int SCAN_LIMIT = 16;
  private static final OrderedFields EMPTY = new OrderedFields(new String[0], new Value[0]);

  private final String[] keys;
  private final Value[] values;
  /** Positions by key; null for maps small enough to scan. */
  private final Map<String, Integer> index;

  private OrderedFields(String[] keys, Value[] values, Map<String, Integer> index) {
    this.keys = keys;
    this.values = values;
    this.index = index;
  }

  private OrderedFields(String[] keys, Value[] values) {
    this(keys, values, indexOf(keys));
  }

  /**
   * The fields {@code keys[i] = values[i]}, keeping both arrays and {@code index} as they are
   * (a {@link FieldLayout} shares its names and index among all its maps): the caller has checked
   * them, and nothing changes them afterwards.
   */
  static Map<String, Value> of(String[] keys, Value[] values, Map<String, Integer> index) {
    return keys.length == 0 ? EMPTY : new OrderedFields(keys, values, index);
  }

  /** Positions by key for {@code keys}, or null when there are few enough to scan. */
  static Map<String, Integer> indexOf(String[] keys) {
    if (keys.length <= SCAN_LIMIT) {
      return null;
    }
    Map<String, Integer> index = new HashMap<>(keys.length * 2);
    for (int i = 0; i < keys.length; i++) {
      index.put(keys[i], i);
    }
    return index;
  }

  /** An unmodifiable copy of {@code fields}, or {@code fields} itself if it is one already. */
  static Map<String, Value> copyOf(Map<String, Value> fields) {
    if (fields instanceof OrderedFields ordered) {
      return ordered;
    }
    if (fields.isEmpty()) {
      return EMPTY;
    }
    String[] keys = new String[fields.size()];
    Value[] values = new Value[keys.length];
    int[] next = {0};
    fields.forEach((key, value) -> {
      int at = next[0]++;
      keys[at] = key;
      values[at] = value;
    });
    for (int i = 0; i < keys.length; i++) { // checked apart: a load copies a map per version
      if (keys[i] == null) {
        throw new NullPointerException("key");
      }
      if (values[i] == null) {
        throw new NullPointerException("value of " + keys[i]);
      }
    }
    return new OrderedFields(keys, values);
  }

  private int positionOf(Object key) {
    if (index != null) {
      Integer position = index.get(key);
      return position == null ? -1 : position;
    }
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == key) {
        return i;
      }
    }
    if (key != null) {
      for (int i = 0; i < keys.length; i++) {
        if (keys[i].equals(key)) {
          return i;
        }
      }
    }
    return -1;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public boolean containsKey(Object key) {
    return positionOf(key) >= 0;
  }

  @Override
  public Value get(Object key) {
    int position = positionOf(key);
    return position < 0 ? null : values[position];
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Value> action) {
    for (int i = 0; i < keys.length; i++) {
      action.accept(keys[i], values[i]);
    }
  }

  @Override
  public Collection<Value> values() {
    return Collections.unmodifiableList(Arrays.asList(values));
  }

  @Override
  public Set<Entry<String, Value>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return keys.length;
      }

      @Override
      public Iterator<Entry<String, Value>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < keys.length;
          }

          @Override
          public Entry<String, Value> next() {
            if (next >= keys.length) {
              throw new NoSuchElementException();
            }
            int at = next++;
            return new SimpleImmutableEntry<>(keys[at], values[at]);
          }
        };
      }
    };
  }
}
