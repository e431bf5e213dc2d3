package dev.lineage.domain;

import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.Value;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Turns field values into stored {@link Value}s and back. Comparison uses the stored form too, so
 * two values are "the same" exactly when they would be stored the same (an {@code Integer 5} and a
 * {@code Long 5} in a JSON-like map are equal, an {@code Instant}'s nanoseconds below the
 * millisecond are not kept).
 */
final class ValueCodec {

  private ValueCodec() {}

  /** The stored form of {@code value}; entities become references by their current ecs_id. */
  static Value encode(Object value, String where) {
    if (value == null) {
      return Value.NULL;
    }
    if (value instanceof Entity entity) {
      return new Value.Ref(entity.ecsId());
    }
    if (value instanceof String s) {
      return new Value.Text(s);
    }
    if (value instanceof Boolean b) {
      return Value.Bool.of(b);
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte) {
      return new Value.Int(((Number) value).longValue());
    }
    if (value instanceof Double || value instanceof Float) {
      return new Value.Real(((Number) value).doubleValue());
    }
    if (value instanceof UUID uuid) {
      return new Value.Uuid(uuid);
    }
    if (value instanceof Instant instant) {
      return new Value.Time(instant.truncatedTo(ChronoUnit.MILLIS));
    }
    if (value instanceof Enum<?> constant) {
      return new Value.Text(constant.name());
    }
    if (value instanceof Optional<?> optional) {
      return optional.isPresent() ? encode(optional.get(), where) : Value.NULL;
    }
    if (value instanceof Collection<?> collection) {
      List<Value> items = new ArrayList<>(collection.size());
      int index = 0;
      for (Object item : collection) {
        items.add(encode(item, where + "[" + index++ + "]"));
      }
      return new Value.Seq(items);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Value> fields = new LinkedHashMap<>(map.size() * 2);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = encodeKey(entry.getKey(), where);
        fields.put(key, encode(entry.getValue(), where + "." + key));
      }
      return new Value.Obj(fields);
    }
    throw new InvalidInputException(
        where + " holds a " + value.getClass().getName() + ", which Lineage cannot store");
  }

  private static String encodeKey(Object key, String where) {
    if (key instanceof String s) {
      return s;
    }
    if (key instanceof UUID || key instanceof Integer || key instanceof Long) {
      return key.toString();
    }
    if (key instanceof Enum<?> constant) {
      return constant.name();
    }
    throw new InvalidInputException(
        where + " has a map key of type "
            + (key == null ? "null" : key.getClass().getName())
            + "; map keys must be strings, UUIDs, enums or whole numbers");
  }

  /**
   * The Java value of {@code value} for a field declared as {@code declared}; references are
   * resolved with {@code entities}.
   *
   * @throws IllegalArgumentException if the stored value does not fit the declared type
   */
  static Object decode(Value value, Type declared, Function<UUID, Entity> entities) {
    Class<?> raw = EntityModel.rawType(declared);
    if (raw == Optional.class) {
      return value instanceof Value.Null
          ? Optional.empty()
          : Optional.of(decode(value, EntityModel.typeArgument(declared, 0), entities));
    }
    if (value instanceof Value.Null) {
      if (raw.isPrimitive()) {
        throw new IllegalArgumentException("null for a " + raw.getName());
      }
      return null;
    }
    if (raw == Object.class) {
      return decodeUntyped(value, entities);
    }
    if (Entity.class.isAssignableFrom(raw)) {
      Entity entity = entities.apply(as(Value.Ref.class, value, raw).ecsId());
      if (!raw.isInstance(entity)) {
        throw new IllegalArgumentException(
            "a reference to a " + entity.getClass().getName() + " where a " + raw.getName()
                + " belongs");
      }
      return entity;
    }
    if (raw == String.class) {
      return as(Value.Text.class, value, raw).value();
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return as(Value.Bool.class, value, raw).value();
    }
    if (raw == long.class || raw == Long.class) {
      return as(Value.Int.class, value, raw).value();
    }
    if (raw == int.class || raw == Integer.class) {
      return Math.toIntExact(as(Value.Int.class, value, raw).value());
    }
    if (raw == short.class || raw == Short.class) {
      return narrow(as(Value.Int.class, value, raw).value(), Short.MIN_VALUE, Short.MAX_VALUE)
          .shortValue();
    }
    if (raw == byte.class || raw == Byte.class) {
      return narrow(as(Value.Int.class, value, raw).value(), Byte.MIN_VALUE, Byte.MAX_VALUE)
          .byteValue();
    }
    if (raw == double.class || raw == Double.class) {
      return realOf(value, raw);
    }
    if (raw == float.class || raw == Float.class) {
      return (float) realOf(value, raw);
    }
    if (raw == UUID.class) {
      return as(Value.Uuid.class, value, raw).value();
    }
    if (raw == Instant.class) {
      return as(Value.Time.class, value, raw).value();
    }
    if (raw.isEnum()) {
      return enumConstant(raw, as(Value.Text.class, value, raw).value());
    }
    if (raw == List.class || raw == Collection.class || raw == Set.class) {
      Type itemType = EntityModel.typeArgument(declared, 0);
      List<Value> items = as(Value.Seq.class, value, raw).items();
      Collection<Object> result = raw == Set.class
          ? new LinkedHashSet<>(items.size() * 2)
          : new TrackedList<>(items.size());
      items.forEach(item -> result.add(decode(item, itemType, entities)));
      return result;
    }
    if (raw == Map.class) {
      Class<?> keyType = EntityModel.rawType(EntityModel.typeArgument(declared, 0));
      Type valueType = EntityModel.typeArgument(declared, 1);
      Map<Object, Object> result = new LinkedHashMap<>();
      as(Value.Obj.class, value, raw)
          .fields()
          .forEach((key, item) -> result.put(decodeKey(key, keyType), decode(item, valueType,
              entities)));
      return result;
    }
    throw new IllegalArgumentException("no stored form for " + declared.getTypeName());
  }

  /** JSON-like data: whole numbers become Integer when they fit, else Long. */
  private static Object decodeUntyped(Value value, Function<UUID, Entity> entities) {
    if (value instanceof Value.Int i) {
      long n = i.value();
      return n == (int) n ? (Object) (int) n : (Object) n;
    }
    if (value instanceof Value.Ref ref) {
      return entities.apply(ref.ecsId());
    }
    if (value instanceof Value.Seq seq) {
      List<Object> list = new ArrayList<>(seq.items().size());
      seq.items().forEach(item -> list.add(decodeUntyped(item, entities)));
      return list;
    }
    if (value instanceof Value.Obj obj) {
      Map<String, Object> map = new LinkedHashMap<>();
      obj.fields().forEach((key, item) -> map.put(key, decodeUntyped(item, entities)));
      return map;
    }
    return plain(value);
  }

  /**
   * A stored value as plain Java data, for diffs and summaries: text, Long, Double, Boolean,
   * UUID (references too), Instant, List, Map, or null.
   */
  static Object plain(Value value) {
    if (value instanceof Value.Null) {
      return null;
    }
    if (value instanceof Value.Text t) {
      return t.value();
    }
    if (value instanceof Value.Int i) {
      return i.value();
    }
    if (value instanceof Value.Real r) {
      return r.value();
    }
    if (value instanceof Value.Bool b) {
      return b.value();
    }
    if (value instanceof Value.Uuid u) {
      return u.value();
    }
    if (value instanceof Value.Time t) {
      return t.value();
    }
    if (value instanceof Value.Ref r) {
      return r.ecsId();
    }
    if (value instanceof Value.Seq seq) {
      List<Object> list = new ArrayList<>(seq.items().size());
      seq.items().forEach(item -> list.add(plain(item)));
      return list;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    ((Value.Obj) value).fields().forEach((key, item) -> map.put(key, plain(item)));
    return map;
  }

  private static Object decodeKey(String key, Class<?> keyType) {
    if (keyType == UUID.class) {
      return UUID.fromString(key);
    }
    if (keyType == Integer.class) {
      return Integer.parseInt(key);
    }
    if (keyType == Long.class) {
      return Long.parseLong(key);
    }
    if (keyType.isEnum()) {
      return enumConstant(keyType, key);
    }
    return key;
  }

  private static double realOf(Value value, Class<?> raw) {
    if (value instanceof Value.Int i) {
      return i.value();
    }
    return as(Value.Real.class, value, raw).value();
  }

  private static Long narrow(long n, long min, long max) {
    if (n < min || n > max) {
      throw new IllegalArgumentException(n + " is out of range");
    }
    return n;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumConstant(Class<?> enumType, String name) {
    try {
      return Enum.valueOf((Class) enumType, name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + name + "' is not a constant of " + enumType.getSimpleName(), e);
    }
  }

  private static <V extends Value> V as(Class<V> kind, Value value, Class<?> declared) {
    if (!kind.isInstance(value)) {
      throw new IllegalArgumentException(
          "a stored " + value.getClass().getSimpleName().toLowerCase() + " where a "
              + declared.getSimpleName() + " belongs");
    }
    return kind.cast(value);
  }
}
