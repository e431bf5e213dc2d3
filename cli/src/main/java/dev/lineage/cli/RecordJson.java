package dev.lineage.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The JSON form of version records, for export and import and for the values {@code --json}
 * prints. Lossless: every {@link Value} comes back as the same kind with the same content.
 *
 * <p>Null, booleans, text, whole numbers and lists are plain JSON. A {@link Value.Real} is a JSON
 * number with a fraction or exponent ({@code 2.0}, {@code 1.0E10}, {@code -0.0}); the kinds JSON
 * lacks are objects with one {@code $} key: {@code {"$real": "NaN"}} (also {@code Infinity} and
 * {@code -Infinity}), {@code {"$uuid": "..."}}, {@code {"$time": "2026-01-02T03:04:05.678Z"}},
 * {@code {"$ref": "<ecs_id>"}}. Any other object is a {@link Value.Obj}, except that one whose
 * only key starts with {@code $} is wrapped, {@code {"$obj": {...}}}, so it is never read as a
 * tag. A record line escapes every character beyond ASCII ({@code \u00e9}, {@code \u0000}, lone
 * surrogates too), so the file means the same in any encoding.
 */
final class RecordJson {

  private static final String REAL = "$real";
  private static final String UUID_TAG = "$uuid";
  private static final String TIME = "$time";
  private static final String REF = "$ref";
  private static final String OBJ = "$obj";
  private static final Set<String> RECORD_KEYS =
      Set.of("ecsId", "lineageId", "parentId", "oldIds", "createdAt", "type", "fields");

  /**
   * How deep a record's JSON may nest: values nest up to 1,000 levels on the deepest-nesting
   * adapter, plus the record and its fields.
   */
  private static final int MAX_DEPTH = 1_100;

  /** Reads one JSON document per call, refusing duplicate keys and trailing text. */
  static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(MAX_DEPTH).maxStringLength(Integer.MAX_VALUE).build())
          .streamWriteConstraints(StreamWriteConstraints.builder()
              .maxNestingDepth(MAX_DEPTH).build())
          .build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
      .build();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RecordJson() {}

  /** The JSON of one line. */
  static JsonNode parse(String line) {
    try {
      return MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("not JSON: " + e.getOriginalMessage());
    }
  }

  /** {@code version} as a JSON object. */
  static ObjectNode encode(VersionRecord version) {
    ObjectNode node = NODES.objectNode();
    node.put("ecsId", version.ecsId().toString());
    node.put("lineageId", version.lineageId().toString());
    node.put("parentId", version.parentId() == null ? null : version.parentId().toString());
    ArrayNode oldIds = node.putArray("oldIds");
    version.oldIds().forEach(id -> oldIds.add(id.toString()));
    node.put("createdAt", version.createdAt().toString());
    node.put("type", version.type());
    ObjectNode fields = node.putObject("fields");
    version.fields().forEach((name, value) -> fields.set(name, encode(value)));
    return node;
  }

  /**
   * The record a JSON object made by {@link #encode(VersionRecord)} describes. Its old ids and its
   * list fields may extend the lists of its parent ({@link ExportLines}), which {@code parents}
   * gives when it was read shortly before; null otherwise.
   */
  static VersionRecord decodeRecord(JsonNode node, Function<UUID, VersionRecord> parents) {
    if (!node.isObject()) {
      throw new InvalidInputException(
          "a version record is a JSON object, not " + node.getNodeType());
    }
    for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!RECORD_KEYS.contains(key)) {
        throw new InvalidInputException("a version record has no key '" + key + "'");
      }
    }
    UUID ecsId = uuid(required(node, "ecsId"), "ecsId");
    JsonNode parent = required(node, "parentId");
    UUID parentId = parent.isNull() ? null : uuid(parent, "parentId of " + ecsId);
    ExportLines.Extensions extensions = new ExportLines.Extensions(ecsId, parentId, parents);
    JsonNode oldIdsNode = required(node, "oldIds");
    List<UUID> oldIds = new ArrayList<>();
    if (ExportLines.isExtension(oldIdsNode)) {
      oldIds.addAll(extensions.oldIds(oldIdsNode));
    } else if (oldIdsNode.isArray()) {
      oldIdsNode.forEach(id -> oldIds.add(uuid(id, "an old id of " + ecsId)));
    } else {
      throw new InvalidInputException("oldIds of " + ecsId + " is not a list");
    }
    JsonNode type = required(node, "type");
    if (!type.isTextual()) {
      throw new InvalidInputException("type of " + ecsId + " is not text");
    }
    JsonNode fieldsNode = required(node, "fields");
    if (!fieldsNode.isObject()) {
      throw new InvalidInputException("fields of " + ecsId + " is not an object");
    }
    Map<String, Value> fields = new LinkedHashMap<>();
    fieldsNode.properties().forEach(field -> fields.put(field.getKey(),
        ExportLines.isExtension(field.getValue())
            ? extensions.field(field.getKey(), field.getValue())
            : decodeValue(field.getValue())));
    return new VersionRecord(ecsId, uuid(required(node, "lineageId"), "lineageId of " + ecsId),
        parentId, oldIds, time(required(node, "createdAt"), "createdAt of " + ecsId),
        type.textValue(), fields);
  }

  /** {@code value} in its JSON form. */
  static JsonNode encode(Value value) {
    if (value instanceof Value.Null) {
      return NODES.nullNode();
    } else if (value instanceof Value.Text text) {
      return NODES.textNode(text.value());
    } else if (value instanceof Value.Int number) {
      return NODES.numberNode(number.value());
    } else if (value instanceof Value.Real number) {
      return Double.isFinite(number.value())
          ? NODES.numberNode(number.value())
          : tagged(REAL, NODES.textNode(Double.toString(number.value())));
    } else if (value instanceof Value.Bool bool) {
      return NODES.booleanNode(bool.value());
    } else if (value instanceof Value.Uuid uuid) {
      return tagged(UUID_TAG, NODES.textNode(uuid.value().toString()));
    } else if (value instanceof Value.Time time) {
      return tagged(TIME, NODES.textNode(time.value().toString()));
    } else if (value instanceof Value.Ref ref) {
      return tagged(REF, NODES.textNode(ref.ecsId().toString()));
    } else if (value instanceof Value.Seq seq) {
      ArrayNode items = NODES.arrayNode(seq.items().size());
      seq.items().forEach(item -> items.add(encode(item)));
      return items;
    }
    Map<String, Value> entries = ((Value.Obj) value).fields();
    ObjectNode object = NODES.objectNode();
    entries.forEach((key, item) -> object.set(key, encode(item)));
    boolean looksLikeTag =
        entries.size() == 1 && entries.keySet().iterator().next().startsWith("$");
    return looksLikeTag ? tagged(OBJ, object) : object;
  }

  /** The value a JSON form made by {@link #encode(Value)} stands for. */
  static Value decodeValue(JsonNode node) {
    switch (node.getNodeType()) {
      case NULL:
        return Value.NULL;
      case BOOLEAN:
        return Value.Bool.of(node.booleanValue());
      case STRING:
        return new Value.Text(node.textValue());
      case NUMBER:
        if (node.isIntegralNumber()) {
          if (!node.canConvertToLong()) {
            throw new InvalidInputException("the whole number " + node + " is beyond a long");
          }
          return new Value.Int(node.longValue());
        }
        return new Value.Real(node.doubleValue());
      case ARRAY:
        List<Value> items = new ArrayList<>(node.size());
        node.forEach(item -> items.add(decodeValue(item)));
        return new Value.Seq(items);
      case OBJECT:
        return decodeObject(node);
      default:
        throw new InvalidInputException("a value cannot be " + node.getNodeType());
    }
  }

  private static Value decodeObject(JsonNode node) {
    if (node.size() == 1) {
      String key = node.fieldNames().next();
      JsonNode content = node.get(key);
      switch (key) {
        case REAL:
          return new Value.Real(real(content));
        case UUID_TAG:
          return new Value.Uuid(uuid(content, "a $uuid value"));
        case TIME:
          return new Value.Time(time(content, "a $time value"));
        case REF:
          return new Value.Ref(uuid(content, "a $ref value"));
        case OBJ:
          if (!content.isObject()) {
            throw new InvalidInputException("a $obj value is an object, not " + content);
          }
          return plainObject(content);
        default:
          if (key.startsWith("$")) {
            throw new InvalidInputException("unknown tag '" + key + "'; an object whose only key"
                + " starts with $ is written inside {\"$obj\": ...}");
          }
      }
    }
    return plainObject(node);
  }

  private static Value.Obj plainObject(JsonNode node) {
    Map<String, Value> fields = new LinkedHashMap<>();
    node.properties()
        .forEach(entry -> fields.put(entry.getKey(), decodeValue(entry.getValue())));
    return new Value.Obj(fields);
  }

  private static ObjectNode tagged(String tag, JsonNode content) {
    ObjectNode node = NODES.objectNode();
    node.set(tag, content);
    return node;
  }

  private static JsonNode required(JsonNode record, String key) {
    JsonNode value = record.get(key);
    if (value == null) {
      throw new InvalidInputException("a version record needs '" + key + "'");
    }
    return value;
  }

  static UUID uuid(JsonNode node, String what) {
    if (node.isTextual()) {
      try {
        UUID id = UUID.fromString(node.textValue());
        if (id.toString().equals(node.textValue())) {
          return id;
        }
      } catch (IllegalArgumentException e) {
        // reported below, with what was expected
      }
    }
    throw new InvalidInputException(what + " is not a UUID in canonical form: " + node);
  }

  private static Instant time(JsonNode node, String what) {
    if (node.isTextual()) {
      try {
        return Instant.parse(node.textValue());
      } catch (DateTimeParseException e) {
        // reported below, with what was expected
      }
    }
    throw new InvalidInputException(what + " is not an ISO-8601 instant: " + node);
  }

  private static double real(JsonNode node) {
    if (node.isTextual()) {
      switch (node.textValue()) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw new InvalidInputException("a $real value is NaN, Infinity or -Infinity, not " + node);
  }
}
