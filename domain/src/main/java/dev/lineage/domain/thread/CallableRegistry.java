package dev.lineage.domain.thread;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import dev.lineage.storage.InvalidInputException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Named Java functions that callable tools run (reference 4.4, D-27). An instance, not a global:
 * every handle of one registry sees the same functions, two registries are independent. A tool's
 * {@code callableText} is never compiled or run; only functions registered here are.
 *
 * <p>Each function's input and output schemas are derived from its Java types when it is
 * registered. {@link #execute} checks the input against the input schema, converts it to the
 * function's types, runs it and wraps the result ({@code {"result": value}}, or a record's
 * object); every failure is a {@link ToolExecutionException} with the reference's message.
 * Thread-safe.
 */
public final class CallableRegistry {

  private final Map<String, Registered> functions = new ConcurrentHashMap<>();
  private final Executor executor;

  /**
   * A registry that runs synchronous functions asked for asynchronously on threads of its own:
   * daemon threads, made as needed and ended after a minute idle, so a tool that blocks (on I/O,
   * say) never starves the common pool or another tool.
   */
  public CallableRegistry() {
    this(Executors.newCachedThreadPool(CallableRegistry::daemonThread));
  }

  /** A registry that runs synchronous functions on {@code executor} when asked asynchronously. */
  public CallableRegistry(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /**
   * Registers {@code function} under {@code name}.
   *
   * @throws InvalidInputException if the name is blank or already registered
   */
  public void register(String name, CallableFunction function) {
    Registered entry = describe(name, function);
    if (functions.putIfAbsent(name, entry) != null) {
      throw new InvalidInputException(
          "Function '" + name + "' already registered. Use update() to replace.");
    }
  }

  /**
   * Replaces the function registered under {@code name}; its schemas are derived anew.
   *
   * @throws InvalidInputException if no function is registered under that name
   */
  public void update(String name, CallableFunction function) {
    Registered entry = describe(name, function);
    if (functions.replace(name, entry) == null) {
      throw new InvalidInputException(notFound(name));
    }
  }

  /**
   * Removes the function registered under {@code name}.
   *
   * @throws InvalidInputException if none is
   */
  public void delete(String name) {
    if (functions.remove(Objects.requireNonNull(name, "name")) == null) {
      throw new InvalidInputException(notFound(name));
    }
  }

  /** Whether a function is registered under {@code name}. */
  public boolean contains(String name) {
    return functions.containsKey(Objects.requireNonNull(name, "name"));
  }

  /** What is known about the function {@code name}; empty if none is registered. */
  public Optional<CallableInfo> info(String name) {
    return Optional.ofNullable(functions.get(Objects.requireNonNull(name, "name")))
        .map(Registered::info);
  }

  /** How many functions are registered, their names (sorted) and signatures. */
  public Status status() {
    Map<String, String> signatures = new TreeMap<>();
    functions.forEach((name, entry) -> signatures.put(name, entry.info().signature()));
    return new Status(
        signatures.size(), List.copyOf(signatures.keySet()), new LinkedHashMap<>(signatures));
  }

  /**
   * What {@link CallableRegistry#status()} reports (reference {@code get_registry_status}).
   *
   * @param totalFunctions how many functions are registered
   * @param registeredFunctions their names, sorted
   * @param functionSignatures each name's signature
   */
  public record Status(
      int totalFunctions, List<String> registeredFunctions, Map<String, String> functionSignatures) {
    public Status {
      registeredFunctions = List.copyOf(registeredFunctions);
      functionSignatures = Collections.unmodifiableMap(functionSignatures);
    }
  }

  /**
   * Runs the function {@code name} on {@code input} and returns its wrapped result; an
   * asynchronous function is awaited.
   *
   * @throws ToolExecutionException if no such function is registered ({@code "Function '<name>'
   *     not found in registry. Available: [...]"}), the input does not fit its schema ({@code
   *     "Error executing <name>: missing ..."} or {@code "... validation error: ..."}), or it
   *     fails ({@code "Error executing <name>: <its message>"})
   */
  public Map<String, Object> execute(String name, Map<String, ?> input) {
    Registered entry = require(name);
    JsonNode arguments = checkedInput(entry, input);
    try {
      Object result = entry.function().invoke(arguments);
      if (entry.function().isAsync()) {
        result = ((CompletionStage<?>) result).toCompletableFuture().join();
      }
      return entry.function().wrap(result);
    } catch (Exception e) {
      throw failure(name, unwrap(e));
    }
  }

  /**
   * {@link #execute} without blocking: an asynchronous function is awaited, a synchronous one
   * runs on this registry's executor. The future fails with a {@link ToolExecutionException}.
   */
  public CompletableFuture<Map<String, Object>> executeAsync(String name, Map<String, ?> input) {
    Registered entry;
    JsonNode arguments;
    try {
      entry = require(name);
      arguments = checkedInput(entry, input);
    } catch (ToolExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Object> result;
    if (entry.function().isAsync()) {
      try {
        result = ((CompletionStage<?>) entry.function().invoke(arguments))
            .toCompletableFuture()
            .thenApply(value -> (Object) value);
      } catch (Exception e) {
        return CompletableFuture.failedFuture(failure(name, e));
      }
    } else {
      result = CompletableFuture.supplyAsync(() -> {
        try {
          return entry.function().invoke(arguments);
        } catch (Exception e) {
          throw new CompletionException(e);
        }
      }, executor);
    }
    CompletableFuture<Map<String, Object>> outcome = new CompletableFuture<>();
    result.whenComplete((value, error) -> {
      if (error == null) {
        try {
          outcome.complete(entry.function().wrap(value));
        } catch (RuntimeException e) {
          outcome.completeExceptionally(failure(name, e));
        }
      } else {
        outcome.completeExceptionally(failure(name, unwrap(error)));
      }
    });
    return outcome;
  }

  /**
   * Checks that {@code provided} describes the same arguments as {@code derived} (reference
   * {@code validate_schema_compatibility}): every derived property is present with the same type
   * ({@code $defs} references resolved, array items compared), no extra property is provided,
   * and the required sets are equal.
   *
   * @throws InvalidInputException naming each difference ("missing property", "type mismatch",
   *     "unexpected property", "required properties differ")
   */
  public static void checkSchemaCompatibility(Map<String, ?> derived, Map<String, ?> provided) {
    JsonSchemas.checkCompatible(derived, provided);
  }

  // ---- helpers ----

  private static Thread daemonThread(Runnable task) {
    Thread thread = new Thread(task, "lineage-callable");
    thread.setDaemon(true);
    return thread;
  }

  private static Registered describe(String name, CallableFunction function) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(function, "function");
    if (name.isBlank()) {
      throw new InvalidInputException("a function's name must not be blank");
    }
    Map<String, Object> inputSchema = Json.plainObject(function.inputSchema());
    Map<String, Object> outputSchema = Json.plainObject(function.outputSchema());
    CallableInfo info =
        new CallableInfo(
            name,
            function.signature(name),
            function.description(),
            Json.readOnly(inputSchema),
            Json.readOnly(outputSchema),
            function.isAsync(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
    return new Registered(function, info, JsonSchemas.validator(inputSchema));
  }

  private Registered require(String name) {
    Registered entry = functions.get(Objects.requireNonNull(name, "name"));
    if (entry == null) {
      throw new ToolExecutionException(
          "Function '" + name + "' not found in registry. Available: "
              + status().registeredFunctions(), null);
    }
    return entry;
  }

  private static JsonNode checkedInput(Registered entry, Map<String, ?> input) {
    String name = entry.info().name();
    JsonNode arguments = Json.tree(input == null ? Map.of() : input);
    List<ValidationMessage> problems = JsonSchemas.problems(entry.inputValidator(), arguments);
    if (problems.isEmpty()) {
      return arguments;
    }
    List<String> missing = new ArrayList<>();
    problems.stream()
        .filter(problem -> "required".equals(problem.getType()))
        .forEach(problem -> missing.add(problem.getProperty()));
    String message = missing.size() == problems.size()
        ? "missing required argument(s) " + missing
        : "validation error: " + JsonSchemas.describe(problems);
    throw new ToolExecutionException("Error executing " + name + ": " + message, null);
  }

  private static ToolExecutionException failure(String name, Throwable error) {
    if (error instanceof ToolExecutionException known) {
      return known;
    }
    String message = error.getMessage() == null ? error.getClass().getSimpleName()
        : error.getMessage();
    return new ToolExecutionException("Error executing " + name + ": " + message, error);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while (current instanceof CompletionException && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static String notFound(String name) {
    return "Function '" + name + "' not found in registry";
  }

  private record Registered(CallableFunction function, CallableInfo info, JsonSchema inputValidator) {}
}
