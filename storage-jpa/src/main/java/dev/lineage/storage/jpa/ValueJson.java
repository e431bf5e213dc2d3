package dev.lineage.storage.jpa;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import dev.lineage.storage.Value;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON text of a {@link Value}, as the JSON columns and the generic table's body hold it.
 *
 * <p>Plain JSON where JSON says the same thing: text, whole numbers, booleans, null, arrays and
 * objects are written as they are, so the columns stay readable and queryable ({@code
 * tool_call->>'name'}). The kinds JSON lacks are written as a one-key object whose key starts with
 * {@code $}: {@code {"$uuid": "…"}}, {@code {"$time": "1900-01-01T00:00:00.001Z"}}, {@code
 * {"$ref": "…"}}. Three more tags keep what the databases would change:
 *
 * <ul>
 *   <li>{@code {"$real": "1.0E10"}}: a real whose plain text would not come back as the same real
 *       (PostgreSQL's {@code jsonb} keeps numbers as decimals: it prints {@code 1.0E10} as {@code
 *       10000000000}, a whole number, and has no {@code -0.0}, {@code NaN} or infinity). Reals
 *       whose Java text has no exponent are written plainly: {@code 0.1}, {@code 5.0};
 *   <li>{@code {"$text": ["a", 0, "b"]}}: a string holding U+0000 or an unpaired surrogate, which
 *       {@code jsonb} and UTF-8 cannot hold; safe runs stay strings, each unsafe UTF-16 unit is a
 *       number;
 *   <li>{@code {"$obj": {…}}}: an object with exactly one key that starts with {@code $}, which
 *       would otherwise read as a tag; {@code {"$entries": [[key, value], …]}}: an object with a
 *       key that is unsafe text;
 *   <li>{@code {"$json": "…"}}: a list or object nested deeper than {@link #MAX_DEPTH}, as the
 *       JSON text of its own encoding: MariaDB's JSON functions (and so its {@code json} columns)
 *       refuse documents nested deeper than 32 levels.
 * </ul>
 *
 * Reading is strict: an object with one {@code $} key that is not a tag, a tag with a malformed
 * payload, a duplicate key or a whole number beyond 64 bits is {@link MalformedJsonException}.
 */
final class ValueJson {

  /** A JSON text that is not a value this codec wrote. */
  static final class MalformedJsonException extends Exception {
    MalformedJsonException(String message) {
      super(message);
    }

    MalformedJsonException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      // JSON-like values may nest deeply and texts may be large (a 1 MiB message); the only bound
      // is what the database column holds
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(Integer.MAX_VALUE)
          .maxStringLength(Integer.MAX_VALUE)
          .maxNumberLength(Integer.MAX_VALUE)
          .maxDocumentLength(-1)
          .maxNameLength(Integer.MAX_VALUE)
          .build())
      .streamWriteConstraints(StreamWriteConstraints.builder()
          .maxNestingDepth(Integer.MAX_VALUE)
          .build())
      .build();

  /** How deep lists and objects nest in one JSON text before the rest goes into {@code $json}. */
  static final int MAX_DEPTH = 24;

  private ValueJson() {}

  /** The JSON text of {@code value}. */
  static String write(Value value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      write(generator, value, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return out.toString();
  }

  /** The value {@code json} holds. */
  static Value read(String json) throws MalformedJsonException {
    try (JsonParser parser = JSON.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new MalformedJsonException("empty JSON text");
      }
      Value value = read(parser, first);
      if (parser.nextToken() != null) {
        throw new MalformedJsonException("text after the JSON value");
      }
      return value;
    } catch (IOException e) {
      throw new MalformedJsonException("not JSON: " + e.getMessage(), e);
    }
  }

  /** Whether {@code text} can be held by a database text column and plain JSON. */
  static boolean isSafeText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return false;
        }
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code value}'s plain JSON number text reads back as exactly this real. */
  static boolean isPlainReal(double value) {
    if (!Double.isFinite(value) || Double.doubleToRawLongBits(value) == Long.MIN_VALUE) {
      return false; // NaN, infinities and -0.0 have no JSON number, or no decimal one
    }
    return Double.toString(value).indexOf('E') < 0;
  }

  private static void write(JsonGenerator out, Value value, int depth) throws IOException {
    if (depth >= MAX_DEPTH && (value instanceof Value.Seq || value instanceof Value.Obj)) {
      writeTagged(out, "$json", write(value));
      return;
    }
    if (value instanceof Value.Null) {
      out.writeNull();
    } else if (value instanceof Value.Text text) {
      writeText(out, text.value());
    } else if (value instanceof Value.Int number) {
      out.writeNumber(number.value());
    } else if (value instanceof Value.Real real) {
      if (isPlainReal(real.value())) {
        out.writeNumber(Double.toString(real.value()));
      } else {
        writeTagged(out, "$real", Double.toString(real.value()));
      }
    } else if (value instanceof Value.Bool bool) {
      out.writeBoolean(bool.value());
    } else if (value instanceof Value.Uuid uuid) {
      writeTagged(out, "$uuid", uuid.value().toString());
    } else if (value instanceof Value.Time time) {
      writeTagged(out, "$time", time.value().toString());
    } else if (value instanceof Value.Ref ref) {
      writeTagged(out, "$ref", ref.ecsId().toString());
    } else if (value instanceof Value.Seq seq) {
      out.writeStartArray();
      for (Value item : seq.items()) {
        write(out, item, depth + 1);
      }
      out.writeEndArray();
    } else {
      writeObject(out, ((Value.Obj) value).fields(), depth);
    }
  }

  private static void writeObject(JsonGenerator out, Map<String, Value> fields, int depth)
      throws IOException {
    if (!fields.keySet().stream().allMatch(ValueJson::isSafeText)) {
      out.writeStartObject();
      out.writeFieldName("$entries");
      out.writeStartArray();
      for (Map.Entry<String, Value> entry : fields.entrySet()) {
        out.writeStartArray();
        writeText(out, entry.getKey());
        write(out, entry.getValue(), depth + 3);
        out.writeEndArray();
      }
      out.writeEndArray();
      out.writeEndObject();
      return;
    }
    boolean looksTagged = fields.size() == 1 && fields.keySet().iterator().next().startsWith("$");
    if (looksTagged) {
      out.writeStartObject();
      out.writeFieldName("$obj");
    }
    out.writeStartObject();
    for (Map.Entry<String, Value> entry : fields.entrySet()) {
      out.writeFieldName(entry.getKey());
      write(out, entry.getValue(), depth + (looksTagged ? 2 : 1));
    }
    out.writeEndObject();
    if (looksTagged) {
      out.writeEndObject();
    }
  }

  private static void writeText(JsonGenerator out, String text) throws IOException {
    if (isSafeText(text)) {
      out.writeString(text);
      return;
    }
    out.writeStartObject();
    out.writeFieldName("$text");
    out.writeStartArray();
    int runStart = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1));
      if (pair) {
        i++;
      } else if (c == 0 || Character.isSurrogate(c)) {
        if (runStart < i) {
          out.writeString(text.substring(runStart, i));
        }
        out.writeNumber((int) c);
        runStart = i + 1;
      }
    }
    if (runStart < text.length()) {
      out.writeString(text.substring(runStart));
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  private static void writeTagged(JsonGenerator out, String tag, String payload)
      throws IOException {
    out.writeStartObject();
    out.writeStringField(tag, payload);
    out.writeEndObject();
  }

  private static Value read(JsonParser in, JsonToken token)
      throws IOException, MalformedJsonException {
    switch (token) {
      case VALUE_NULL:
        return Value.NULL;
      case VALUE_TRUE:
        return Value.Bool.TRUE;
      case VALUE_FALSE:
        return Value.Bool.FALSE;
      case VALUE_STRING:
        return new Value.Text(in.getText());
      case VALUE_NUMBER_INT:
        if (in.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw new MalformedJsonException("whole number " + in.getText() + " exceeds 64 bits");
        }
        return new Value.Int(in.getLongValue());
      case VALUE_NUMBER_FLOAT:
        return new Value.Real(Double.parseDouble(in.getText()));
      case START_ARRAY: {
        List<Value> items = new ArrayList<>();
        for (JsonToken next = in.nextToken(); next != JsonToken.END_ARRAY; next = in.nextToken()) {
          items.add(read(in, next));
        }
        return new Value.Seq(items);
      }
      case START_OBJECT:
        return readObject(in);
      default:
        throw new MalformedJsonException("unexpected " + token);
    }
  }

  private static Value readObject(JsonParser in) throws IOException, MalformedJsonException {
    Map<String, Value> fields = new LinkedHashMap<>();
    Map<String, Value> firstObjAsIs = null;
    for (JsonToken next = in.nextToken(); next != JsonToken.END_OBJECT; next = in.nextToken()) {
      String key = in.currentName();
      JsonToken valueToken = in.nextToken();
      if (fields.isEmpty() && key.equals("$obj") && valueToken == JsonToken.START_OBJECT) {
        // a wrapper, unless more keys follow: keep its object as it is until that is known
        firstObjAsIs = readMembers(in);
        fields.put(key, Value.NULL);
      } else {
        fields.put(key, read(in, valueToken));
      }
    }
    if (firstObjAsIs != null) {
      if (fields.size() == 1) {
        if (firstObjAsIs.size() != 1 || !firstObjAsIs.keySet().iterator().next().startsWith("$")) {
          throw new MalformedJsonException("$obj wraps something other than a one-key $ object");
        }
        return new Value.Obj(firstObjAsIs);
      }
      fields.put("$obj", tagged(firstObjAsIs));
    }
    return tagged(fields);
  }

  /** The members of an object whose start was just read, each value read as usual. */
  private static Map<String, Value> readMembers(JsonParser in)
      throws IOException, MalformedJsonException {
    Map<String, Value> members = new LinkedHashMap<>();
    for (JsonToken next = in.nextToken(); next != JsonToken.END_OBJECT; next = in.nextToken()) {
      String key = in.currentName();
      members.put(key, read(in, in.nextToken()));
    }
    return members;
  }

  /** The value an object's members stand for: a tagged value, or the object itself. */
  private static Value tagged(Map<String, Value> fields) throws MalformedJsonException {
    if (fields.size() != 1) {
      return new Value.Obj(fields);
    }
    Map.Entry<String, Value> only = fields.entrySet().iterator().next();
    String key = only.getKey();
    if (!key.startsWith("$")) {
      return new Value.Obj(fields);
    }
    Value payload = only.getValue();
    switch (key) {
      case "$uuid":
        return new Value.Uuid(uuid(payload, key));
      case "$ref":
        return new Value.Ref(uuid(payload, key));
      case "$time":
        return new Value.Time(instant(payload));
      case "$real":
        return new Value.Real(real(payload));
      case "$text":
        return new Value.Text(text(payload));
      case "$entries":
        return entries(payload);
      case "$json": {
        Value nested = read(tagText(payload, key));
        if (!(nested instanceof Value.Seq) && !(nested instanceof Value.Obj)) {
          throw new MalformedJsonException("$json holds neither a list nor an object");
        }
        return nested;
      }
      default:
        throw new MalformedJsonException("unknown tag " + key);
    }
  }

  private static UUID uuid(Value payload, String tag) throws MalformedJsonException {
    String text = tagText(payload, tag);
    try {
      UUID id = UUID.fromString(text);
      if (!id.toString().equals(text)) {
        throw new IllegalArgumentException("not in canonical form");
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw new MalformedJsonException(tag + " holds " + text + ", not a UUID", e);
    }
  }

  private static Instant instant(Value payload) throws MalformedJsonException {
    String text = tagText(payload, "$time");
    try {
      Instant instant = Instant.parse(text);
      if (instant.getNano() % 1_000_000 != 0) {
        throw new MalformedJsonException("$time " + text + " has more than milliseconds");
      }
      return instant;
    } catch (DateTimeException e) {
      throw new MalformedJsonException("$time holds " + text + ", not an instant", e);
    }
  }

  private static double real(Value payload) throws MalformedJsonException {
    String text = tagText(payload, "$real");
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new MalformedJsonException("$real holds " + text + ", not a number", e);
    }
  }

  private static String text(Value payload) throws MalformedJsonException {
    if (!(payload instanceof Value.Seq parts)) {
      throw new MalformedJsonException("$text holds no list");
    }
    StringBuilder text = new StringBuilder();
    for (Value part : parts.items()) {
      if (part instanceof Value.Text run) {
        text.append(run.value());
      } else if (part instanceof Value.Int unit && unit.value() >= 0 && unit.value() <= 0xFFFF) {
        text.append((char) unit.value());
      } else {
        throw new MalformedJsonException("$text holds " + part + ", not text or a UTF-16 unit");
      }
    }
    return text.toString();
  }

  private static Value entries(Value payload) throws MalformedJsonException {
    if (!(payload instanceof Value.Seq pairs)) {
      throw new MalformedJsonException("$entries holds no list");
    }
    Map<String, Value> fields = new LinkedHashMap<>();
    for (Value pair : pairs.items()) {
      if (!(pair instanceof Value.Seq kv) || kv.items().size() != 2
          || !(kv.items().get(0) instanceof Value.Text key)) {
        throw new MalformedJsonException("$entries holds " + pair + ", not a [key, value] pair");
      }
      if (fields.put(key.value(), kv.items().get(1)) != null) {
        throw new MalformedJsonException("$entries repeats the key " + key.value());
      }
    }
    return new Value.Obj(fields);
  }

  private static String tagText(Value payload, String tag) throws MalformedJsonException {
    if (payload instanceof Value.Text text) {
      return text.value();
    }
    throw new MalformedJsonException(tag + " holds " + payload + ", not text");
  }
}
