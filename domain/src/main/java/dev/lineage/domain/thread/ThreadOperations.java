package dev.lineage.domain.thread;

import dev.lineage.domain.EntityRegistry;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs a thread's mutators as traced calls (reference 2.9, 4.7), so that each call becomes a new
 * version of the thread and the messages it adds are stored with it:
 *
 * <pre>{@code
 * ThreadOperations operations = new ThreadOperations(registry, callables);
 * operations.addUserMessage(thread, "What is 6 times 7?");   // a thread version with the question
 * ProcessedOutput answer = raw.createProcessedOutput();      // the model's reply, parsed
 * operations.addChatTurnHistory(thread, answer);             // a version with the answer
 * }</pre>
 *
 * <p>A thread that is not stored yet is registered with the call's changes as its first version.
 * Edits made to a stored thread before a call become a version of their own, as with any traced
 * call. A processed output is stored (with its raw output, JSON object and usage) before its turn
 * is added, so nothing the provider answered is lost. Conflicts surface as {@link
 * dev.lineage.storage.ConflictException}: reload the thread, or branch.
 */
public final class ThreadOperations {

  private final EntityRegistry registry;
  private final CallableRegistry callables;

  /** Operations that version threads through {@code registry} and run tools of {@code callables}. */
  public ThreadOperations(EntityRegistry registry, CallableRegistry callables) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.callables = Objects.requireNonNull(callables, "callables");
  }

  /** {@link ChatThread#addUserMessage()}, traced. */
  public Optional<ChatMessage> addUserMessage(ChatThread thread) {
    return run(thread, thread::addUserMessage);
  }

  /**
   * Sets {@code text} as the thread's new message and adds it as a user message, in one traced
   * call: one new thread version.
   */
  public Optional<ChatMessage> addUserMessage(ChatThread thread, String text) {
    Objects.requireNonNull(text, "text");
    return run(thread, () -> {
      thread.setNewMessage(text);
      return thread.addUserMessage();
    });
  }

  /** {@link ChatThread#resetWorkflowStep()}, traced. */
  public void resetWorkflowStep(ChatThread thread) {
    run(thread, () -> {
      thread.resetWorkflowStep();
      return null;
    });
  }

  /** Stores {@code output}, then runs {@link ChatThread#addChatTurnHistory}, traced. */
  public ChatTurn addChatTurnHistory(ChatThread thread, ProcessedOutput output) {
    Objects.requireNonNull(output, "output");
    registry.commit(output);
    return run(thread, () -> thread.addChatTurnHistory(output, callables), output);
  }

  /**
   * Stores {@code output}, then runs {@link ChatThread#addChatTurnHistoryAsync}, traced: the
   * thread version is committed when the tool completes.
   */
  public CompletableFuture<ChatTurn> addChatTurnHistoryAsync(
      ChatThread thread, ProcessedOutput output) {
    Objects.requireNonNull(thread, "thread");
    Objects.requireNonNull(output, "output");
    registry.commit(output);
    if (!registry.isTracingEnabled() || registry.isStored(thread)) {
      return registry.tracedAsync(
          () -> thread.addChatTurnHistoryAsync(output, callables), thread, output);
    }
    return thread.addChatTurnHistoryAsync(output, callables)
        .thenApply(turn -> {
          registry.register(thread);
          return turn;
        });
  }

  /** The call traced over the thread (and more inputs); a new thread is registered after it. */
  private <R> R run(ChatThread thread, Supplier<R> call, Object... more) {
    Objects.requireNonNull(thread, "thread");
    Object[] inputs = new Object[more.length + 1];
    inputs[0] = thread;
    System.arraycopy(more, 0, inputs, 1, more.length);
    if (!registry.isTracingEnabled() || registry.isStored(thread)) {
      return registry.traced(call, inputs);
    }
    R result = call.get();
    registry.register(thread);
    return result;
  }
}
