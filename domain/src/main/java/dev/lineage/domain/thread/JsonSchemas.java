package dev.lineage.domain.thread;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaBuilder;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.DisallowSchemaLoader;
import dev.lineage.storage.InvalidInputException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * JSON schemas derived from Java types (victools jsonschema-generator, draft 2020-12) and checked
 * with networknt json-schema-validator. Record components and fields are required unless they are
 * {@code Optional}, which also makes them nullable; maps say what their values are ({@code
 * additionalProperties}); nested types go to {@code $defs}; properties keep declaration order.
 * Validation never loads a schema from the network: a remote {@code $ref} is an error.
 */
final class JsonSchemas {

  private static final SchemaGenerator GENERATOR = new SchemaGenerator(configuration());

  private static final JsonSchemaFactory VALIDATORS =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder -> builder.schemaLoaders(loaders -> loaders.add(DisallowSchemaLoader.getInstance())));

  private JsonSchemas() {}

  private static com.github.victools.jsonschema.generator.SchemaGeneratorConfig configuration() {
    SchemaGeneratorConfigBuilder config =
        new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
            .with(Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES, Option.FLATTENED_OPTIONALS)
            .without(Option.SCHEMA_VERSION_INDICATOR);
    config.forTypesInGeneral()
        .withPropertySorter((a, b) -> 0)
        .withDescriptionResolver(
            scope -> describe(scope.getType().getErasedType().getAnnotation(SchemaInfo.class)));
    config.forFields()
        .withRequiredCheck(field -> !isOptional(field))
        .withNullableCheck(JsonSchemas::isOptional)
        .withDescriptionResolver(field -> describe(info(field)))
        .withNumberInclusiveMinimumResolver(field -> bound(info(field), SchemaInfo::minimum))
        .withNumberInclusiveMaximumResolver(field -> bound(info(field), SchemaInfo::maximum))
        .withNumberExclusiveMinimumResolver(
            field -> bound(info(field), SchemaInfo::exclusiveMinimum))
        .withNumberExclusiveMaximumResolver(
            field -> bound(info(field), SchemaInfo::exclusiveMaximum));
    return config.build();
  }

  /** The schema of {@code type}, with {@code $defs} for the types it nests. */
  static ObjectNode of(Type type) {
    return GENERATOR.generateSchema(type);
  }

  /**
   * An object schema with one property per entry of {@code properties} (name to declared type),
   * required unless the type is {@code Optional}, with the {@link SchemaInfo} of each.
   */
  static ObjectNode objectOf(List<Property> properties) {
    SchemaBuilder builder = GENERATOR.buildMultipleSchemaDefinitions();
    List<ObjectNode> schemas = new ArrayList<>();
    for (Property property : properties) {
      Type type = property.optional() ? CallableFunction.typeArgument(property.type()) : property.type();
      schemas.add(builder.createSchemaReference(type));
    }
    ObjectNode definitions = builder.collectDefinitions("$defs");
    ObjectNode schema = Json.object();
    schema.put("type", "object");
    ObjectNode propertyNodes = schema.putObject("properties");
    ArrayNode required = Json.array();
    for (int i = 0; i < properties.size(); i++) {
      Property property = properties.get(i);
      ObjectNode node = schemas.get(i);
      annotate(node, property.info());
      if (property.optional()) {
        node = nullable(node);
      } else {
        required.add(property.name());
      }
      propertyNodes.set(property.name(), node);
    }
    schema.set("required", required);
    if (!definitions.isEmpty()) {
      schema.set("$defs", definitions);
    }
    return schema;
  }

  /** One property of a synthetic object schema. */
  record Property(String name, Type type, boolean optional, SchemaInfo info) {}

  /**
   * A validator of {@code schema}.
   *
   * @throws InvalidInputException if the schema cannot be read as one
   */
  static JsonSchema validator(Map<String, ?> schema) {
    try {
      return VALIDATORS.getSchema(Json.tree(schema));
    } catch (RuntimeException e) {
      throw new InvalidInputException("not a usable JSON schema: " + e.getMessage(), e);
    }
  }

  /** What is wrong with {@code instance} under {@code validator}, in a stable order. */
  static List<ValidationMessage> problems(JsonSchema validator, JsonNode instance) {
    List<ValidationMessage> problems = new ArrayList<>(validator.validate(instance));
    problems.sort((a, b) -> a.getMessage().compareTo(b.getMessage()));
    return problems;
  }

  /** The messages of {@code problems}, joined. */
  static String describe(List<ValidationMessage> problems) {
    List<String> messages = new ArrayList<>();
    problems.forEach(problem -> messages.add(problem.getMessage()));
    return String.join("; ", messages);
  }

  /**
   * Whether {@code provided} describes the same arguments as {@code derived} (reference 4.4): the
   * same properties with the same types (after resolving {@code $defs} references, array items
   * compared too) and the same required set.
   *
   * @throws InvalidInputException naming every difference
   */
  static void checkCompatible(Map<String, ?> derived, Map<String, ?> provided) {
    JsonNode derivedRoot = Json.tree(Objects.requireNonNull(derived, "derived"));
    JsonNode providedRoot = Json.tree(Objects.requireNonNull(provided, "provided"));
    JsonNode derivedProperties = derivedRoot.path("properties");
    JsonNode providedProperties = providedRoot.path("properties");
    List<String> problems = new ArrayList<>();
    for (Iterator<String> names = derivedProperties.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!providedProperties.has(name)) {
        problems.add("missing property '" + name + "'");
        continue;
      }
      Object expected = typeOf(derivedProperties.get(name), derivedRoot);
      Object actual = typeOf(providedProperties.get(name), providedRoot);
      if (!Objects.equals(expected, actual)) {
        problems.add(
            "type mismatch for property '" + name + "': expected " + expected + ", got " + actual);
      }
    }
    for (Iterator<String> names = providedProperties.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!derivedProperties.has(name)) {
        problems.add("unexpected property '" + name + "'");
      }
    }
    Set<String> derivedRequired = names(derivedRoot.path("required"));
    Set<String> providedRequired = names(providedRoot.path("required"));
    if (!derivedRequired.equals(providedRequired)) {
      problems.add(
          "required properties differ: expected " + derivedRequired + ", got " + providedRequired);
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          "schemas are not compatible: " + String.join("; ", problems));
    }
  }

  /** A comparable description of a property's type: a name, a set of names, or array of one. */
  private static Object typeOf(JsonNode schema, JsonNode root) {
    JsonNode resolved = resolve(schema, root);
    JsonNode type = resolved.path("type");
    if (type.isTextual()) {
      return "array".equals(type.textValue())
          ? List.of("array", typeOf(resolved.path("items"), root))
          : type.textValue();
    }
    if (type.isArray()) {
      Set<String> members = new TreeSet<>();
      type.forEach(member -> members.add(member.asText()));
      return members;
    }
    Set<Object> members = new LinkedHashSet<>();
    for (String combinator : List.of("anyOf", "oneOf")) {
      resolved.path(combinator).forEach(member -> members.add(typeOf(member, root)));
    }
    return members.isEmpty() ? null : members;
  }

  private static JsonNode resolve(JsonNode schema, JsonNode root) {
    JsonNode current = schema;
    for (int hops = 0; hops < 32 && current.path("$ref").isTextual(); hops++) {
      String reference = current.path("$ref").textValue();
      if (!reference.startsWith("#/")) {
        return current;
      }
      current = root.at(reference.substring(1));
    }
    return current;
  }

  private static Set<String> names(JsonNode array) {
    Set<String> names = new TreeSet<>();
    array.forEach(item -> names.add(item.asText()));
    return names;
  }

  /** {@code schema} allowing null as well. */
  private static ObjectNode nullable(ObjectNode schema) {
    JsonNode type = schema.get("type");
    if (type != null && type.isTextual()) {
      schema.set("type", Json.array().add(type.textValue()).add("null"));
      return schema;
    }
    ObjectNode wrapper = Json.object();
    wrapper.putArray("anyOf").add(Json.object().put("type", "null")).add(schema);
    return wrapper;
  }

  /** Adds the description and bounds of {@code info} to {@code schema}. */
  private static void annotate(ObjectNode schema, SchemaInfo info) {
    String description = describe(info);
    if (description != null) {
      schema.put("description", description);
    }
    putBound(schema, "minimum", bound(info, SchemaInfo::minimum));
    putBound(schema, "maximum", bound(info, SchemaInfo::maximum));
    putBound(schema, "exclusiveMinimum", bound(info, SchemaInfo::exclusiveMinimum));
    putBound(schema, "exclusiveMaximum", bound(info, SchemaInfo::exclusiveMaximum));
  }

  private static void putBound(ObjectNode schema, String keyword, BigDecimal bound) {
    if (bound != null) {
      schema.put(keyword, bound);
    }
  }

  private static boolean isOptional(FieldScope field) {
    return field.getType() != null && field.getType().isInstanceOf(Optional.class);
  }

  private static SchemaInfo info(FieldScope field) {
    return field.getAnnotationConsideringFieldAndGetter(SchemaInfo.class);
  }

  private static String describe(SchemaInfo info) {
    return info == null || info.description().isBlank() ? null : info.description();
  }

  /** A bound as a decimal: whole numbers without a fraction, so they read back as integers. */
  private static BigDecimal bound(SchemaInfo info, ToDoubleFunction<SchemaInfo> which) {
    if (info == null || Double.isNaN(which.applyAsDouble(info))) {
      return null;
    }
    double value = which.applyAsDouble(info);
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? BigDecimal.valueOf((long) value)
        : BigDecimal.valueOf(value);
  }
}
