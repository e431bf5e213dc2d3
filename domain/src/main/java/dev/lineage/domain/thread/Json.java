package dev.lineage.domain.thread;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;

/**
 * JSON for the thread domain: one configured mapper, conversion between Jackson trees and the
 * plain Java data entities store (maps, lists, strings, Integer/Long/Double, booleans, null), the
 * reference's text form of tool payloads, and read-only views of stored maps.
 */
final class Json {

  /** Strict JSON as Python's {@code json.loads} reads it: NaN and Infinity, nothing after. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .addModule(new Jdk8Module())
          .build();

  private static final ObjectWriter PYTHON_STYLE = MAPPER.writer(new PythonStylePrinter());

  private Json() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** The JSON tree of plain data (or of any value Jackson can write). */
  static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** A JSON document, or empty when {@code text} is not exactly one JSON value. */
  static Optional<JsonNode> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(MAPPER.readTree(text)).filter(node -> !node.isMissingNode());
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** The plain Java form of a JSON tree, as entities store it. */
  static Object plain(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.properties().forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(item -> list.add(plain(item)));
      return list;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isInt()) {
      return node.intValue();
    }
    if (node.isBigDecimal()) {
      // derived schemas hold bounds as decimals; a whole one reads back as a whole number
      try {
        long whole = node.decimalValue().longValueExact();
        return whole == (int) whole ? (Object) (int) whole : (Object) whole;
      } catch (ArithmeticException fraction) {
        return node.doubleValue();
      }
    }
    if (node.isIntegralNumber()) {
      // beyond a long only a double can hold it: stored values are 64-bit at most
      return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return node.asText(); // binary and POJO nodes do not come out of parsing
  }

  /** The plain form of a JSON object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> plainObject(JsonNode node) {
    return (Map<String, Object>) plain(node);
  }

  /**
   * A detached deep copy of map-and-list data, so later changes to the caller's maps do not
   * reach an entity. Other values are kept as they are (the registry checks them on commit).
   */
  static Map<String, Object> copy(Map<String, ?> map) {
    if (map == null) {
      return null;
    }
    Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
    map.forEach((key, value) -> copy.put(key, copyValue(value)));
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Object copyValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
      map.forEach((key, item) -> copy.put(String.valueOf(key), copyValue(item)));
      return copy;
    }
    if (value instanceof Collection<?> collection) {
      List<Object> copy = new ArrayList<>(collection.size());
      collection.forEach(item -> copy.add(copyValue(item)));
      return copy;
    }
    return value;
  }

  /**
   * The text Python's {@code json.dumps} writes with its default separators ({@code ", "} and
   * {@code ": "}), e.g. {@code {"result": 12}}; non-ASCII characters are written as they are.
   */
  static String pythonText(Object value) {
    try {
      return PYTHON_STYLE.writeValueAsString(value instanceof JsonNode ? value : tree(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Compact JSON text. */
  static String text(Object value) {
    try {
      return MAPPER.writeValueAsString(value instanceof JsonNode ? value : tree(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** A read-only view of stored map data: nested maps and lists are read-only views too. */
  static Map<String, Object> readOnly(Map<String, Object> map) {
    return map == null ? null : new MapView(map);
  }

  private static Object view(Object value) {
    if (value instanceof MapView || value instanceof ListView) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) map;
      return new MapView(typed);
    }
    if (value instanceof List<?> list) {
      return new ListView(list);
    }
    return value;
  }

  /** Writes {@code ": "} and {@code ", "} between values, as Python does. */
  private static final class PythonStylePrinter extends MinimalPrettyPrinter {
    private static final long serialVersionUID = 1L;

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator generator) throws IOException {
      generator.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator generator) throws IOException {
      generator.writeRaw(", ");
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator generator) throws IOException {
      generator.writeRaw(", ");
    }
  }

  private static final class MapView extends AbstractMap<String, Object> {
    private final Map<String, Object> map;

    MapView(Map<String, Object> map) {
      this.map = map;
    }

    @Override
    public Object get(Object key) {
      return view(map.get(key));
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<String, Object>> iterator() {
          Iterator<Entry<String, Object>> entries = map.entrySet().iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return entries.hasNext();
            }

            @Override
            public Entry<String, Object> next() {
              Entry<String, Object> entry = entries.next();
              return new SimpleImmutableEntry<>(entry.getKey(), view(entry.getValue()));
            }
          };
        }

        @Override
        public int size() {
          return map.size();
        }
      };
    }
  }

  private static final class ListView extends AbstractList<Object> implements RandomAccess {
    private final List<?> list;

    ListView(List<?> list) {
      this.list = list;
    }

    @Override
    public Object get(int index) {
      return view(list.get(index));
    }

    @Override
    public int size() {
      return list.size();
    }
  }
}
