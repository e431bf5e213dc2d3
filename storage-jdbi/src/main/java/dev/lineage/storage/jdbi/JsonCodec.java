package dev.lineage.storage.jdbi;

import dev.lineage.storage.FieldLayout;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.Value;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The JSON text of a version's fields, lossless for every {@link Value} kind on PostgreSQL
 * ({@code json}, and {@code jsonb} too), MariaDB and H2.
 *
 * <p>JSON has null, booleans, strings, arrays and objects, which carry {@link Value.Null}, {@link
 * Value.Bool}, {@link Value.Text}, {@link Value.Seq} and {@link Value.Obj} as they are; whole
 * numbers carry {@link Value.Int} (every database keeps integers exactly). Everything else is a
 * string with a tag, because the databases rewrite numbers ({@code jsonb} turns {@code -0.0} into
 * {@code 0.0} and {@code 1e2} into {@code 100}, H2 writes {@code 1E2}) and JSON has no UUID, time
 * or reference:
 *
 * <ul>
 *   <li>{@code "~d<double>"} a {@link Value.Real}, as {@link Double#toString} writes it (exact,
 *       and {@code NaN}, infinities and {@code -0.0} included);
 *   <li>{@code "~u<uuid>"} a {@link Value.Uuid}, {@code "~r<uuid>"} a {@link Value.Ref};
 *   <li>{@code "~t<epoch millis>"} a {@link Value.Time} ({@code "~T<ISO-8601>"} beyond the range
 *       of a {@code long} of milliseconds);
 *   <li>{@code "~s<escaped>"} a text that starts with {@code ~}, or holds NUL or an unpaired
 *       surrogate: PostgreSQL refuses NUL in {@code jsonb} and text, and UTF-8 cannot carry an
 *       unpaired surrogate, so inside an escaped text {@code ~~} is {@code ~}, {@code ~0} is NUL
 *       and {@code ~xHHHH} is the UTF-16 unit {@code HHHH};
 *   <li>{@code "~l<segment>:<length>:<digest>"} a list of references kept in {@code
 *       lineage_link} (see {@link ListDescriptor}); only as a top-level field.
 * </ul>
 *
 * Object keys that start with {@code ~} or hold NUL or an unpaired surrogate are written as
 * {@code ~} followed by the escaped key. Every other string and key is written as it is.
 */
final class JsonCodec {

  /** Deeper values are refused when written, and such text is unreadable when read. */
  static final int MAX_DEPTH = 1_000;

  private JsonCodec() {}

  /** A stored value that does not follow this encoding. */
  static final class BadJson extends RuntimeException {
    BadJson(String message) {
      super(message, null, false, false);
    }
  }

  // ---- writing ----

  /**
   * The JSON object of {@code fields}. A field named in {@code lists} is written as that list
   * descriptor instead of its value. {@code refs} sees every reference the other fields hold.
   */
  static String writeFields(
      Map<String, Value> fields, Map<String, ListDescriptor> lists, Consumer<UUID> refs) {
    StringBuilder out = new StringBuilder(128);
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, Value> field : fields.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      writeKey(out, field.getKey());
      out.append(':');
      ListDescriptor list = lists.get(field.getKey());
      if (list != null) {
        writeString(out, list.encode());
      } else {
        write(out, field.getValue(), refs, 1, field.getKey());
      }
    }
    return out.append('}').toString();
  }

  /**
   * The values of {@code fields} as a JSON array, in the fields' order, without the nulls at its
   * end (a shape names every field, so a missing value is a null). A field named in {@code lists}
   * is written as that list descriptor. {@code refs} sees every reference the other fields hold.
   */
  static String writeValues(
      Map<String, Value> fields, Map<String, ListDescriptor> lists, Consumer<UUID> refs) {
    StringBuilder out = new StringBuilder(128);
    out.append('[');
    int end = 1;
    boolean first = true;
    for (Map.Entry<String, Value> field : fields.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      ListDescriptor list = lists.get(field.getKey());
      if (list != null) {
        writeString(out, list.encode());
      } else {
        write(out, field.getValue(), refs, 1, field.getKey());
      }
      if (!(field.getValue() instanceof Value.Null)) {
        end = out.length();
      }
    }
    out.setLength(end);
    return out.append(']').toString();
  }

  /** Field names as a JSON array, each written the way {@link #writeFields} writes a key. */
  static String writeNames(List<String> names) {
    StringBuilder out = new StringBuilder(16 * names.size() + 2);
    out.append('[');
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      writeKey(out, names.get(i));
    }
    return out.append(']').toString();
  }

  private static void write(StringBuilder out, Value value, Consumer<UUID> refs, int depth,
      String field) {
    if (depth > MAX_DEPTH) {
      throw new InvalidInputException(
          "field '" + field + "' nests deeper than " + MAX_DEPTH + " levels");
    }
    if (value instanceof Value.Text text) {
      String s = text.value();
      if (needsEscape(s)) {
        writeString(out, "~s" + escape(s));
      } else {
        writeString(out, s);
      }
    } else if (value instanceof Value.Int number) {
      out.append(number.value());
    } else if (value instanceof Value.Ref ref) {
      refs.accept(ref.ecsId());
      out.append("\"~r").append(ref.ecsId()).append('"');
    } else if (value instanceof Value.Seq seq) {
      out.append('[');
      List<Value> items = seq.items();
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(out, items.get(i), refs, depth + 1, field);
      }
      out.append(']');
    } else if (value instanceof Value.Obj obj) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Value> entry : obj.fields().entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        writeKey(out, entry.getKey());
        out.append(':');
        write(out, entry.getValue(), refs, depth + 1, field);
      }
      out.append('}');
    } else if (value instanceof Value.Null) {
      out.append("null");
    } else if (value instanceof Value.Bool bool) {
      out.append(bool.value());
    } else if (value instanceof Value.Real real) {
      out.append("\"~d").append(real.value()).append('"');
    } else if (value instanceof Value.Uuid uuid) {
      out.append("\"~u").append(uuid.value()).append('"');
    } else {
      out.append('"').append(encodeTime(((Value.Time) value).value())).append('"');
    }
  }

  private static String encodeTime(Instant time) {
    try {
      return "~t" + time.toEpochMilli();
    } catch (ArithmeticException beyondMillis) {
      return "~T" + time;
    }
  }

  private static void writeKey(StringBuilder out, String key) {
    writeString(out, needsEscape(key) ? "~" + escape(key) : key);
  }

  /** Whether a text cannot be written as it is: a leading tag mark, NUL, unpaired surrogate. */
  private static boolean needsEscape(String s) {
    if (!s.isEmpty() && s.charAt(0) == '~') {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return true;
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      }
    }
    return false;
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '~') {
        out.append("~~");
      } else if (c == 0) {
        out.append("~0");
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append("~x").append(String.format("%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String unescape(String s, int from) {
    StringBuilder out = new StringBuilder(s.length() - from);
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '~') {
        out.append(c);
        continue;
      }
      if (i + 1 >= s.length()) {
        throw new BadJson("an escaped text ends with a lone '~'");
      }
      char code = s.charAt(++i);
      if (code == '~') {
        out.append('~');
      } else if (code == '0') {
        out.append('\0');
      } else if (code == 'x' && i + 4 < s.length()) {
        out.append((char) hex(s, i + 1));
        i += 4;
      } else {
        throw new BadJson("an escaped text holds the unknown escape '~" + code + "'");
      }
    }
    return out.toString();
  }

  private static int hex(String s, int from) {
    int value = 0;
    for (int i = from; i < from + 4; i++) {
      int digit = Character.digit(s.charAt(i), 16);
      if (digit < 0) {
        throw new BadJson("'" + s.substring(from, from + 4) + "' is not four hex digits");
      }
      value = value * 16 + digit;
    }
    return value;
  }

  private static void writeString(StringBuilder out, String s) {
    out.append('"');
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20) {
        out.append(s, start, i);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          case '\b' -> out.append("\\b");
          case '\f' -> out.append("\\f");
          default -> out.append(String.format("\\u%04x", (int) c));
        }
        start = i + 1;
      }
    }
    out.append(s, start, s.length()).append('"');
  }

  // ---- reading ----

  /**
   * The fields of a stored JSON object. A top-level list descriptor is turned into its list by
   * {@code lists}. {@code names} lends the field name strings of earlier records read with it:
   * versions of one type have the same names in the same order, and a reused string has its hash
   * already, which the maps of the fields then reuse.
   *
   * @throws BadJson if the text is not JSON, or not this encoding
   */
  static Map<String, Value> readFields(
      String json, BiFunction<String, ListDescriptor, Value> lists, FieldNames names) {
    Parser parser = new Parser(json);
    Map<String, Value> fields = parser.readTopLevel(lists, names);
    parser.end();
    return fields;
  }

  /**
   * The fields of a stored JSON array of values, named by {@code names} in order (values missing
   * at the end are nulls). A list descriptor is turned into its list by {@code lists}.
   *
   * @throws BadJson if the text is not JSON, not this encoding, or holds more values than names
   */
  static Map<String, Value> readValues(
      String json, FieldLayout names, BiFunction<String, ListDescriptor, Value> lists) {
    Parser parser = new Parser(json);
    Map<String, Value> fields = parser.readTopArray(names, lists);
    parser.end();
    return fields;
  }

  /**
   * Whether a stored row's fields may hold a list descriptor: false only when they cannot, so
   * the row decodes without its lists' positions. A descriptor is written {@code "~l...}; a text
   * value never starts so (one that starts with {@code ~} is written {@code "~s...}). Rarely a text
   * holding a quote before {@code ~l}, or an escaped key that starts with {@code l}, makes a false
   * "may", which only defers the row's decoding to the statement's end.
   */
  static boolean mayHoldList(String json) {
    return json.contains("\"~l");
  }

  /** Field names written by {@link #writeNames}. */
  static FieldLayout readNames(String json) {
    Parser parser = new Parser(json);
    List<String> names = parser.readNames();
    parser.end();
    return FieldLayout.of(names);
  }

  /**
   * Only the list descriptors among the top-level fields of a stored row, by field: a JSON
   * object, or (when {@code names} is not null) a JSON array of the values of those names.
   */
  static Map<String, ListDescriptor> readListDescriptors(String json, FieldLayout names) {
    Map<String, ListDescriptor> found = new LinkedHashMap<>();
    BiFunction<String, ListDescriptor, Value> collect = (field, descriptor) -> {
      found.put(field, descriptor);
      return Value.NULL;
    };
    Parser parser = new Parser(json);
    if (names == null) {
      parser.readTopLevel(collect, new FieldNames());
    } else {
      parser.readTopArray(names, collect);
    }
    parser.end();
    return found;
  }

  /** The top-level field names seen at each position of the records read so far. */
  static final class FieldNames {
    private String[] raw = new String[16];
    private String[] decoded = new String[16];

    /** The decoded name if the text at {@code at} is the name seen at {@code index}, closed. */
    String match(String text, int at, int index) {
      if (index >= raw.length || raw[index] == null) {
        return null;
      }
      String name = raw[index];
      int end = at + name.length();
      return end < text.length() && text.charAt(end) == '"' && text.startsWith(name, at)
          ? decoded[index] : null;
    }

    void remember(int index, String rawName, String decodedName) {
      if (index >= raw.length) {
        raw = java.util.Arrays.copyOf(raw, index * 2);
        decoded = java.util.Arrays.copyOf(decoded, index * 2);
      }
      raw[index] = rawName;
      decoded[index] = decodedName;
    }
  }

  /** Whole numbers of up to this many digits are read without overflow checks. */
  private static final int MAX_EXACT_DIGITS = 18;

  /** A small recursive-descent JSON parser that builds {@link Value}s directly. */
  private static final class Parser {
    private final String text;
    private int at;
    /** Where the next backslash is, at or after some earlier position; -1 if there is none. */
    private int nextBackslash = -2;

    Parser(String text) {
      this.text = text;
    }

    Map<String, Value> readTopLevel(BiFunction<String, ListDescriptor, Value> lists,
        FieldNames names) {
      skipSpace();
      expect('{');
      Map<String, Value> fields = new LinkedHashMap<>(32);
      skipSpace();
      if (peek() == '}') {
        at++;
        return fields;
      }
      for (int index = 0; ; index++) {
        skipSpace();
        String key = peek() == '"' ? names.match(text, at + 1, index) : null;
        if (key != null) {
          at += names.raw[index].length() + 2;
        } else {
          int start = at + 1;
          String raw = readString();
          key = decodeKey(raw);
          if (at - 1 == start + raw.length()) { // written without escapes: reusable as is
            names.remember(index, raw, key);
          }
        }
        skipSpace();
        expect(':');
        skipSpace();
        Value value;
        if (peek() == '"' && text.startsWith("~l", at + 1)) {
          value = lists.apply(key, ListDescriptor.decode(readString()));
        } else {
          value = readValue(1);
        }
        if (fields.put(key, value) != null) {
          throw new BadJson("the field '" + key + "' appears twice");
        }
        skipSpace();
        if (peek() == ',') {
          at++;
        } else {
          expect('}');
          return fields;
        }
      }
    }

    Map<String, Value> readTopArray(FieldLayout names,
        BiFunction<String, ListDescriptor, Value> lists) {
      skipSpace();
      expect('[');
      Value[] values = new Value[names.size()];
      skipSpace();
      int index = 0;
      if (peek() == ']') {
        at++;
      } else {
        while (true) {
          if (index == names.size()) {
            throw new BadJson("the row holds more values than its shape's " + names.size()
                + " field names");
          }
          skipSpace();
          if (peek() == '"' && text.startsWith("~l", at + 1)) {
            values[index] = lists.apply(names.name(index), ListDescriptor.decode(readString()));
          } else {
            values[index] = readValue(1);
          }
          index++;
          skipSpace();
          if (peek() == ',') {
            at++;
          } else {
            expect(']');
            break;
          }
        }
      }
      for (; index < names.size(); index++) {
        values[index] = Value.NULL;
      }
      return names.fields(values);
    }

    List<String> readNames() {
      skipSpace();
      expect('[');
      List<String> names = new ArrayList<>();
      skipSpace();
      if (peek() == ']') {
        at++;
        return names;
      }
      while (true) {
        skipSpace();
        String name = decodeKey(readString());
        if (names.contains(name)) {
          throw new BadJson("the field name '" + name + "' appears twice");
        }
        names.add(name);
        skipSpace();
        if (peek() == ',') {
          at++;
        } else {
          expect(']');
          return names;
        }
      }
    }

    void end() {
      skipSpace();
      if (at != text.length()) {
        throw new BadJson("unexpected text after the JSON object at offset " + at);
      }
    }

    private Value readValue(int depth) {
      if (depth > MAX_DEPTH) {
        throw new BadJson("values nest deeper than " + MAX_DEPTH + " levels");
      }
      char c = peek();
      switch (c) {
        case '"': {
          Value tagged = readTaggedInPlace();
          return tagged != null ? tagged : decodeString(readString());
        }
        case '[': {
          at++;
          List<Value> items = new ArrayList<>();
          skipSpace();
          if (peek() == ']') {
            at++;
            return new Value.Seq(items);
          }
          while (true) {
            skipSpace();
            items.add(readValue(depth + 1));
            skipSpace();
            if (peek() == ',') {
              at++;
            } else {
              expect(']');
              return new Value.Seq(items);
            }
          }
        }
        case '{': {
          at++;
          Map<String, Value> fields = new LinkedHashMap<>();
          skipSpace();
          if (peek() == '}') {
            at++;
            return new Value.Obj(fields);
          }
          while (true) {
            skipSpace();
            String key = decodeKey(readString());
            skipSpace();
            expect(':');
            skipSpace();
            if (fields.put(key, readValue(depth + 1)) != null) {
              throw new BadJson("the key '" + key + "' appears twice in one object");
            }
            skipSpace();
            if (peek() == ',') {
              at++;
            } else {
              expect('}');
              return new Value.Obj(fields);
            }
          }
        }
        case 't':
          literal("true");
          return Value.Bool.TRUE;
        case 'f':
          literal("false");
          return Value.Bool.FALSE;
        case 'n':
          literal("null");
          return Value.NULL;
        default:
          return readInteger();
      }
    }

    private Value readInteger() {
      int start = at;
      boolean negative = peek() == '-';
      if (negative) {
        at++;
      }
      int firstDigit = at;
      at = digitsEnd(at);
      if (at < text.length() && (text.charAt(at) == '.' || text.charAt(at) == 'e'
          || text.charAt(at) == 'E')) {
        throw new BadJson("the number at offset " + start + " is not a whole number; reals are"
            + " stored as \"~d...\" strings");
      }
      int digitCount = at - firstDigit;
      if (digitCount > 0 && digitCount <= MAX_EXACT_DIGITS) {
        long magnitude = digitsValue(firstDigit, at);
        return new Value.Int(negative ? -magnitude : magnitude);
      }
      String digits = text.substring(start, at); // none, or maybe too many: parseLong decides
      try {
        return new Value.Int(Long.parseLong(digits));
      } catch (NumberFormatException e) {
        throw new BadJson("'" + digits + "' at offset " + start + " is not a whole number that"
            + " fits a long");
      }
    }

    /**
     * A time ({@code "~t<millis>"}) or a reference or id ({@code "~r<uuid>"}, {@code "~u<uuid>"})
     * read from the text where it stands, without copying it out first; null, having read nothing,
     * for any other string or any form but the one the writer uses, which {@link #decodeString}
     * then reads (and rejects if it must).
     */
    private Value readTaggedInPlace() {
      int from = at + 3; // after the quote, the tilde and the tag
      if (from >= text.length() || text.charAt(at + 1) != '~') {
        return null;
      }
      char tag = text.charAt(at + 2);
      if (tag == 't') {
        boolean negative = from < text.length() && text.charAt(from) == '-';
        int firstDigit = negative ? from + 1 : from;
        int end = digitsEnd(firstDigit);
        int digitCount = end - firstDigit;
        if (digitCount == 0 || digitCount > MAX_EXACT_DIGITS || end >= text.length()
            || text.charAt(end) != '"') {
          return null;
        }
        at = end + 1;
        long millis = digitsValue(firstDigit, end);
        return new Value.Time(Instant.ofEpochMilli(negative ? -millis : millis));
      }
      if (tag == 'r' || tag == 'u') {
        int end = from + 36;
        if (end >= text.length() || text.charAt(end) != '"') {
          return null;
        }
        UUID id = canonicalUuid(text, from);
        if (id == null) {
          return null;
        }
        at = end + 1;
        return tag == 'r' ? new Value.Ref(id) : new Value.Uuid(id);
      }
      return null;
    }

    /** Where the decimal digits starting at {@code from} end. */
    private int digitsEnd(int from) {
      int end = from;
      while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
        end++;
      }
      return end;
    }

    /** The value of the digits from {@code from} to {@code end}: exact for up to 18 of them. */
    private long digitsValue(int from, int end) {
      long value = 0;
      for (int i = from; i < end; i++) {
        value = value * 10 + (text.charAt(i) - '0');
      }
      return value;
    }

    /** The id written in canonical form (36 characters, lower or upper case) at {@code from}. */
    private static UUID canonicalUuid(String text, int from) {
      long high = 0;
      long low = 0;
      int nibbles = 0;
      for (int i = 0; i < 36; i++) {
        char c = text.charAt(from + i);
        if (i == 8 || i == 13 || i == 18 || i == 23) {
          if (c != '-') {
            return null;
          }
          continue;
        }
        int nibble;
        if (c >= '0' && c <= '9') {
          nibble = c - '0';
        } else if (c >= 'a' && c <= 'f') {
          nibble = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
          nibble = c - 'A' + 10;
        } else {
          return null;
        }
        if (nibbles++ < 16) {
          high = high << 4 | nibble;
        } else {
          low = low << 4 | nibble;
        }
      }
      return new UUID(high, low);
    }

    private void literal(String word) {
      if (!text.startsWith(word, at)) {
        throw new BadJson("unexpected text at offset " + at);
      }
      at += word.length();
    }

    private String readString() {
      expect('"');
      // fast path: no escape before the closing quote (most strings), found with the JDK's
      // vectorised indexOf; the backslash search moves forward only, so it costs one pass in all
      int quote = text.indexOf('"', at);
      if (quote >= 0) {
        if (nextBackslash != -1 && nextBackslash < at) {
          nextBackslash = text.indexOf('\\', at);
        }
        if (nextBackslash == -1 || nextBackslash > quote) {
          String s = text.substring(at, quote);
          at = quote + 1;
          return s;
        }
      }
      StringBuilder out = null;
      int start = at;
      while (true) {
        if (at >= text.length()) {
          throw new BadJson("a string starting at offset " + (start - 1) + " is not closed");
        }
        char c = text.charAt(at);
        if (c == '"') {
          String s = out == null ? text.substring(start, at) : out.append(text, start, at)
              .toString();
          at++;
          return s;
        }
        if (c == '\\') {
          if (out == null) {
            out = new StringBuilder();
          }
          out.append(text, start, at);
          if (at + 1 >= text.length()) {
            throw new BadJson("a string ends inside an escape at offset " + at);
          }
          char code = text.charAt(at + 1);
          at += 2;
          switch (code) {
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case '/' -> out.append('/');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'u' -> {
              if (at + 4 > text.length()) {
                throw new BadJson("a \\u escape is cut short at offset " + at);
              }
              out.append((char) hex(text, at));
              at += 4;
            }
            default -> throw new BadJson("unknown escape \\" + code + " at offset " + at);
          }
          start = at;
        } else {
          at++;
        }
      }
    }

    private static String decodeKey(String key) {
      return !key.isEmpty() && key.charAt(0) == '~' ? unescape(key, 1) : key;
    }

    private static Value decodeString(String s) {
      if (s.isEmpty() || s.charAt(0) != '~') {
        return new Value.Text(s);
      }
      if (s.length() < 2) {
        throw new BadJson("the string \"~\" has no tag");
      }
      char tag = s.charAt(1);
      try {
        return switch (tag) {
          case 's' -> new Value.Text(unescape(s, 2));
          case 'd' -> new Value.Real(Double.parseDouble(s.substring(2)));
          case 'r' -> new Value.Ref(UUID.fromString(s.substring(2)));
          case 'u' -> new Value.Uuid(UUID.fromString(s.substring(2)));
          case 't' -> new Value.Time(Instant.ofEpochMilli(Long.parseLong(s.substring(2))));
          case 'T' -> new Value.Time(Instant.parse(s.substring(2)));
          case 'l' -> throw new BadJson("a list descriptor is only allowed as a top-level field");
          default -> throw new BadJson("the string \"" + abbreviate(s) + "\" has the unknown tag"
              + " '~" + tag + "'");
        };
      } catch (IllegalArgumentException | DateTimeParseException | InvalidInputException e) {
        throw new BadJson("the string \"" + abbreviate(s) + "\" is not a valid '~" + tag
            + "' value: " + e.getMessage());
      }
    }

    private char peek() {
      if (at >= text.length()) {
        throw new BadJson("the JSON text ends early at offset " + at);
      }
      return text.charAt(at);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw new BadJson("expected '" + c + "' at offset " + at + " but found '" + peek() + "'");
      }
      at++;
    }

    private void skipSpace() {
      while (at < text.length()) {
        char c = text.charAt(at);
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
          at++;
        } else {
          return;
        }
      }
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
