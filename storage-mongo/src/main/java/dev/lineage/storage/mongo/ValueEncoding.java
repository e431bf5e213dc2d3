package dev.lineage.storage.mongo;

import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.Value;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinarySubType;
import org.bson.BsonBinaryWriter;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

/**
 * Turns {@link Value}s into BSON and back, exactly.
 *
 * <ul>
 *   <li>Null, Text, Bool: BSON null, string, boolean. BSON strings carry their length, so NUL and
 *       every code point survive.
 *   <li>Int: always a BSON int64, so every {@code long} survives and a whole number never reads
 *       back as a real.
 *   <li>Real: a BSON double, bit for bit ({@code -0.0} and subnormals included).
 *   <li>Uuid: BSON binary subtype 4 (the standard representation: the 16 bytes of the UUID, most
 *       significant first), so byte order equals the order of the canonical text.
 *   <li>Time: a BSON date (milliseconds since 1970, signed).
 *   <li>Ref: the document {@code {"%r": <binary subtype 4>}}, which no encoded Obj can be.
 *   <li>Seq: a BSON array. Obj: a BSON document whose keys are escaped (below).
 * </ul>
 *
 * <p>Object keys may hold anything, but a BSON key cannot hold NUL, and MongoDB treats {@code .}
 * and a leading {@code $} specially. Every key is therefore escaped: {@code %} becomes {@code %25},
 * {@code .} {@code %2E}, {@code $} {@code %24}, NUL {@code %00}, and the empty key becomes
 * {@code %}. An escaped key never holds {@code %} followed by anything but two hex digits, which
 * leaves the keys {@code %r}, {@code %b} and {@code %s} free to tag documents that are not objects.
 *
 * <p>MongoDB refuses documents nested deeper than 100 levels. A Seq or Obj nested more than
 * {@value #INLINE_DEPTH} levels below a field is stored as {@code {"%b": <binary>}}: the BSON bytes
 * of {@code {"v": <its encoding>}}, which may nest further the same way. Reading undoes it.
 */
final class ValueEncoding {

  /** Tags a reference to another version. */
  static final String REF = "%r";
  /** Tags a deeply nested value stored as BSON bytes. */
  static final String BLOB = "%b";

  /** How many levels of Seq and Obj stay inline before a value is stored as bytes. */
  static final int INLINE_DEPTH = 32;

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final BsonDocumentCodec DOCUMENT_CODEC = new BsonDocumentCodec();

  private ValueEncoding() {}

  /** The BSON form of {@code value}; {@code where} names the field for error messages. */
  static BsonValue encode(Value value, String where) {
    return encode(value, 0, where);
  }

  private static BsonValue encode(Value value, int depth, String where) {
    if (value instanceof Value.Null) {
      return BsonNull.VALUE;
    } else if (value instanceof Value.Text text) {
      return new BsonString(text.value());
    } else if (value instanceof Value.Int number) {
      return new BsonInt64(number.value());
    } else if (value instanceof Value.Real real) {
      return new BsonDouble(real.value());
    } else if (value instanceof Value.Bool bool) {
      return BsonBoolean.valueOf(bool.value());
    } else if (value instanceof Value.Uuid uuid) {
      return uuid(uuid.value());
    } else if (value instanceof Value.Time time) {
      return new BsonDateTime(epochMillis(time.value(), where));
    } else if (value instanceof Value.Ref ref) {
      return new BsonDocument(REF, uuid(ref.ecsId()));
    } else if (depth >= INLINE_DEPTH) {
      return blob(value, where);
    } else if (value instanceof Value.Seq seq) {
      BsonArray array = new BsonArray(new ArrayList<>(seq.items().size()));
      for (Value item : seq.items()) {
        array.add(encode(item, depth + 1, where));
      }
      return array;
    } else {
      Value.Obj obj = (Value.Obj) value;
      BsonDocument document = new BsonDocument();
      obj.fields().forEach(
          (key, item) -> document.put(escape(key), encode(item, depth + 1, where)));
      return document;
    }
  }

  /** The value a BSON value stands for; {@link UnreadableValue} if it stands for none. */
  static Value decode(BsonValue bson) {
    switch (bson.getBsonType()) {
      case NULL:
        return Value.NULL;
      case STRING:
        return new Value.Text(bson.asString().getValue());
      case INT64:
        return new Value.Int(bson.asInt64().getValue());
      case INT32:
        // never written, but lossless: a document edited by hand may hold one
        return new Value.Int(bson.asInt32().getValue());
      case DOUBLE:
        return new Value.Real(bson.asDouble().getValue());
      case BOOLEAN:
        return Value.Bool.of(bson.asBoolean().getValue());
      case BINARY:
        return new Value.Uuid(uuidOf(bson));
      case DATE_TIME:
        return new Value.Time(Instant.ofEpochMilli(bson.asDateTime().getValue()));
      case ARRAY:
        List<Value> items = new ArrayList<>(bson.asArray().size());
        for (BsonValue item : bson.asArray()) {
          items.add(decode(item));
        }
        return new Value.Seq(items);
      case DOCUMENT:
        return decodeDocument(bson.asDocument());
      default:
        throw new UnreadableValue("a BSON " + bson.getBsonType() + " is no Lineage value");
    }
  }

  private static Value decodeDocument(BsonDocument document) {
    if (document.size() == 1 && document.containsKey(REF)) {
      return new Value.Ref(uuidOf(document.get(REF)));
    }
    if (document.size() == 1 && document.containsKey(BLOB)) {
      BsonValue bytes = document.get(BLOB);
      if (!bytes.isBinary()) {
        throw new UnreadableValue("a nested value is stored as " + bytes.getBsonType());
      }
      BsonDocument inner;
      try (BsonBinaryReader reader =
          new BsonBinaryReader(ByteBuffer.wrap(bytes.asBinary().getData()))) {
        inner = DOCUMENT_CODEC.decode(reader, DecoderContext.builder().build());
      } catch (RuntimeException e) {
        throw new UnreadableValue("a nested value's bytes are not BSON: " + e.getMessage());
      }
      if (!inner.containsKey("v")) {
        throw new UnreadableValue("a nested value's bytes hold no value");
      }
      return decode(inner.get("v"));
    }
    Map<String, Value> fields = new LinkedHashMap<>(document.size() * 2);
    for (Map.Entry<String, BsonValue> entry : document.entrySet()) {
      fields.put(unescape(entry.getKey()), decode(entry.getValue()));
    }
    return new Value.Obj(fields);
  }

  /** A UUID as BSON binary subtype 4. */
  static BsonBinary uuid(UUID uuid) {
    return new BsonBinary(uuid);
  }

  /** The UUID a BSON binary subtype 4 holds. */
  static UUID uuidOf(BsonValue bson) {
    if (bson == null || !bson.isBinary()
        || bson.asBinary().getType() != BsonBinarySubType.UUID_STANDARD.getValue()
        || bson.asBinary().getData().length != 16) {
      throw new UnreadableValue(bson == null
          ? "a UUID (BSON binary subtype 4) is missing"
          : "expected a UUID (BSON binary subtype 4), found " + describe(bson));
    }
    return bson.asBinary().asUuid();
  }

  /** Milliseconds since 1970 for a BSON date; refused when the instant is beyond its range. */
  static long epochMillis(Instant instant, String where) {
    try {
      return instant.toEpochMilli();
    } catch (ArithmeticException e) {
      throw new InvalidInputException(
          where + ": the instant " + instant + " is beyond the range of a BSON date", e);
    }
  }

  /** The key under which an object key is stored. */
  static String escape(String key) {
    if (key.isEmpty()) {
      return "%";
    }
    StringBuilder escaped = null;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean special = c == '%' || c == '.' || c == '$' || c == '\0';
      if (special && escaped == null) {
        escaped = new StringBuilder(key.length() + 8).append(key, 0, i);
      }
      if (special) {
        escaped.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      } else if (escaped != null) {
        escaped.append(c);
      }
    }
    return escaped == null ? key : escaped.toString();
  }

  /** The object key a stored key stands for. */
  static String unescape(String stored) {
    if (stored.equals("%")) {
      return "";
    }
    if (stored.indexOf('%') < 0) {
      return stored;
    }
    StringBuilder key = new StringBuilder(stored.length());
    for (int i = 0; i < stored.length(); i++) {
      char c = stored.charAt(i);
      if (c != '%') {
        key.append(c);
        continue;
      }
      int high = i + 2 < stored.length() ? Character.digit(stored.charAt(i + 1), 16) : -1;
      int low = high < 0 ? -1 : Character.digit(stored.charAt(i + 2), 16);
      if (low < 0) {
        throw new UnreadableValue("the stored key '" + stored + "' has a broken escape");
      }
      key.append((char) (high << 4 | low));
      i += 2;
    }
    return key.toString();
  }

  private static BsonDocument blob(Value value, String where) {
    BsonDocument holder = new BsonDocument("v", encode(value, 0, where));
    BasicOutputBuffer buffer = new BasicOutputBuffer();
    try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
      DOCUMENT_CODEC.encode(writer, holder, EncoderContext.builder().build());
    }
    return new BsonDocument(BLOB, new BsonBinary(buffer.toByteArray()));
  }

  /**
   * What a stored value is, for messages: its BSON type, for a binary its subtype and size, or
   * "missing".
   */
  static String describe(BsonValue bson) {
    if (bson == null) {
      return "missing";
    }
    return bson.isBinary()
        ? "a binary of subtype " + bson.asBinary().getType() + " and "
            + bson.asBinary().getData().length + " bytes"
        : "a BSON " + bson.getBsonType();
  }

  /** A stored BSON value that is not the encoding of any value; the caller names the version. */
  static final class UnreadableValue extends RuntimeException {
    UnreadableValue(String message) {
      super(message, null, false, false);
    }
  }
}
