package dev.lineage.domain.thread;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.storage.InvalidInputException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A Java function a {@link CallableRegistry} can run by name, with the Java types its JSON
 * schemas are derived from (D-27). Two shapes, as in the reference (4.4):
 *
 * <ul>
 *   <li><b>a model input</b>: one record or bean whose properties are the arguments ({@link #of},
 *       {@link #async}, or a method with one such parameter); the input schema is that type's;
 *   <li><b>named parameters</b>: a method whose parameters are the arguments ({@link #ofMethod});
 *       the input schema is an object with one property per parameter, required unless it is an
 *       {@code Optional} (the Java stand-in for a default). Compile it with {@code -parameters}.
 * </ul>
 *
 * <p>A record or bean result is returned as its JSON object; anything else as {@code {"result":
 * value}}. A result wrapped in a {@link CompletionStage} makes the function asynchronous.
 */
public final class CallableFunction {

  private final Type inputModel;
  private final List<Parameter> parameters;
  private final Type outputType;
  private final boolean async;
  private final String description;
  private final Invoker invoker;

  /** Calls the Java code with converted arguments; a stage when the function is asynchronous. */
  @FunctionalInterface
  private interface Invoker {
    Object invoke(Object[] arguments) throws Exception;
  }

  private CallableFunction(
      Type inputModel,
      List<Parameter> parameters,
      Type outputType,
      boolean async,
      String description,
      Invoker invoker) {
    this.inputModel = inputModel;
    this.parameters = parameters;
    this.outputType = outputType;
    this.async = async;
    this.description = description;
    this.invoker = invoker;
  }

  /**
   * A function of one record or bean, returning an {@code outputType}.
   *
   * @throws InvalidInputException if {@code inputType} is not a record or bean class, or {@code
   *     outputType} says nothing about the result ({@code void}, {@code Object})
   */
  public static <I, O> CallableFunction of(
      Class<I> inputType, Class<O> outputType, Function<? super I, ? extends O> function) {
    Objects.requireNonNull(function, "function");
    checkModelInput(inputType);
    checkOutput(outputType, "the function");
    return new CallableFunction(
        inputType, null, outputType, false, null,
        arguments -> function.apply(inputType.cast(arguments[0])));
  }

  /**
   * An asynchronous function of one record or bean, completing with an {@code outputType}.
   *
   * @throws InvalidInputException as {@link #of} does
   */
  public static <I, O> CallableFunction async(
      Class<I> inputType,
      Class<O> outputType,
      Function<? super I, ? extends CompletionStage<? extends O>> function) {
    Objects.requireNonNull(function, "function");
    checkModelInput(inputType);
    checkOutput(outputType, "the function");
    return new CallableFunction(
        inputType, null, outputType, true, null,
        arguments -> function.apply(inputType.cast(arguments[0])));
  }

  /**
   * The method {@code method} of {@code target} (null for a static method). Its parameters are
   * the arguments by name, unless it has exactly one record or bean parameter, which is then the
   * model input. Generic parameter and result types ({@code List<Double>}, {@code Map<String,
   * List<Integer>>}, {@code Optional<String>}) are described exactly.
   *
   * @throws InvalidInputException if the method's parameter names were not compiled in ({@code
   *     -parameters}), a parameter or the result is typed {@code Object} or a type variable, it
   *     returns {@code void}, or {@code target} does not fit it
   */
  public static CallableFunction ofMethod(Method method, Object target) {
    Objects.requireNonNull(method, "method");
    String where = "method " + method.getDeclaringClass().getSimpleName() + "." + method.getName();
    boolean isStatic = Modifier.isStatic(method.getModifiers());
    if (!isStatic && !method.getDeclaringClass().isInstance(target)) {
      throw new InvalidInputException(where + " is an instance method: pass the object to call");
    }
    Type result = method.getGenericReturnType();
    boolean async = CompletionStage.class.isAssignableFrom(method.getReturnType());
    Type outputType = async ? typeArgument(result) : result;
    checkOutput(outputType, where);
    Parameter[] declared = method.getParameters();
    List<Parameter> parameters = List.of(declared);
    Type inputModel = null;
    if (declared.length == 1 && isModel(declared[0].getType())) {
      inputModel = declared[0].getParameterizedType();
      parameters = null;
    } else {
      for (Parameter parameter : declared) {
        if (!parameter.isNamePresent()) {
          throw new InvalidInputException(
              where + " has no parameter names; compile it with -parameters, the names are the"
                  + " tool's argument names");
        }
        checkDescribed(parameter.getParameterizedType(), where + " parameter '"
            + parameter.getName() + "' must have type hints");
      }
    }
    method.setAccessible(true);
    Object receiver = isStatic ? null : target;
    return new CallableFunction(
        inputModel, parameters, outputType, async, null,
        arguments -> {
          try {
            return method.invoke(receiver, arguments);
          } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
          }
        });
  }

  /** This function with a description, which a tool built from it uses as its docstring. */
  public CallableFunction withDescription(String description) {
    return new CallableFunction(inputModel, parameters, outputType, async, description, invoker);
  }

  /** What the function does; null if it was not described. */
  public String description() {
    return description;
  }

  /** Whether it completes later (returns a {@link CompletionStage}). */
  public boolean isAsync() {
    return async;
  }

  // ---- for the registry ----

  /** The JSON schema of the arguments. */
  ObjectNode inputSchema() {
    if (inputModel != null) {
      return JsonSchemas.of(inputModel);
    }
    List<JsonSchemas.Property> properties = new ArrayList<>();
    for (Parameter parameter : parameters) {
      Type type = parameter.getParameterizedType();
      properties.add(
          new JsonSchemas.Property(
              parameter.getName(),
              type,
              rawType(type) == Optional.class,
              parameter.getAnnotation(SchemaInfo.class)));
    }
    return JsonSchemas.objectOf(properties);
  }

  /** The JSON schema of what {@link CallableRegistry#execute} returns for this function. */
  ObjectNode outputSchema() {
    if (returnsModel()) {
      return JsonSchemas.of(outputType);
    }
    return JsonSchemas.objectOf(List.of(new JsonSchemas.Property("result", outputType, false, null)));
  }

  /** A Python-like signature, e.g. {@code add(x: int, y: int) -> int}. */
  String signature(String name) {
    StringJoiner arguments = new StringJoiner(", ", name + "(", ")");
    if (inputModel != null) {
      arguments.add("input: " + typeName(inputModel));
    } else {
      parameters.forEach(p -> arguments.add(p.getName() + ": " + typeName(p.getParameterizedType())));
    }
    return arguments + " -> " + typeName(outputType);
  }

  /** Runs the function on validated JSON arguments: its result, or a stage of it when async. */
  Object invoke(JsonNode input) throws Exception {
    Object[] arguments;
    if (inputModel != null) {
      arguments = new Object[] {convert(input, inputModel)};
    } else {
      arguments = new Object[parameters.size()];
      for (int i = 0; i < arguments.length; i++) {
        Parameter parameter = parameters.get(i);
        JsonNode value = input.get(parameter.getName());
        Type type = parameter.getParameterizedType();
        if (rawType(type) == Optional.class) {
          arguments[i] = value == null || value.isNull()
              ? Optional.empty()
              : Optional.ofNullable(convert(value, typeArgument(type)));
        } else {
          arguments[i] = convert(value, type);
        }
      }
    }
    return invoker.invoke(arguments);
  }

  /** The result as the reference returns it: a model as its object, else {@code {"result"}}. */
  Map<String, Object> wrap(Object result) {
    if (returnsModel() && result != null) {
      return Json.plainObject(Json.tree(result));
    }
    Map<String, Object> wrapped = new LinkedHashMap<>();
    wrapped.put("result", Json.plain(Json.tree(result)));
    return wrapped;
  }

  private boolean returnsModel() {
    return isModel(rawType(outputType));
  }

  private static Object convert(JsonNode value, Type type) throws IOException {
    JsonNode node = value == null ? NullNode.getInstance() : value;
    return Json.MAPPER.readerFor(Json.MAPPER.constructType(type)).readValue(node);
  }

  // ---- type checks ----

  /** Records and beans: classes of the application, not JDK value or container types. */
  static boolean isModel(Class<?> type) {
    return !type.isPrimitive()
        && !type.isArray()
        && !type.isEnum()
        && !type.isInterface()
        && !type.getName().startsWith("java.")
        && !type.getName().startsWith("javax.")
        && !JsonNode.class.isAssignableFrom(type);
  }

  private static void checkModelInput(Class<?> inputType) {
    Objects.requireNonNull(inputType, "inputType");
    if (!isModel(inputType)) {
      throw new InvalidInputException(
          "the input of a function is a record or bean whose properties are its arguments, not "
              + inputType.getName() + "; register a method for plain parameters");
    }
  }

  private static void checkOutput(Type outputType, String where) {
    Objects.requireNonNull(outputType, "outputType");
    Class<?> raw = rawType(outputType);
    if (raw == void.class || raw == Void.class) {
      throw new InvalidInputException(where + " must have a return type hint: it returns nothing");
    }
    checkDescribed(outputType, where + " must have a return type hint");
  }

  /** A type that tells what JSON it stands for: not Object, a type variable or a wildcard. */
  private static void checkDescribed(Type type, String problem) {
    if (type == Object.class || type instanceof TypeVariable<?> || type instanceof WildcardType) {
      throw new InvalidInputException(problem + " (" + type.getTypeName()
          + " says nothing about its JSON)");
    }
    if (type instanceof ParameterizedType parameterized) {
      for (Type argument : parameterized.getActualTypeArguments()) {
        checkDescribed(argument, problem);
      }
    }
  }

  static Class<?> rawType(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  /** The first type argument of {@code type} ({@code T} of {@code Optional<T>}). */
  static Type typeArgument(Type type) {
    return type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
  }

  private static String typeName(Type type) {
    if (type instanceof ParameterizedType p) {
      StringJoiner arguments = new StringJoiner(", ", "<", ">");
      for (Type argument : p.getActualTypeArguments()) {
        arguments.add(typeName(argument));
      }
      return rawType(p).getSimpleName() + arguments;
    }
    return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName();
  }
}
