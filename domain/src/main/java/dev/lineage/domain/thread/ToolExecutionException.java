package dev.lineage.domain.thread;

/**
 * A tool could not be run: its function is not registered, its input does not fit its schema, or
 * the function failed. The message is the reference's ({@code "Error executing <name>: ..."} or
 * {@code "Function '<name>' not found in registry. Available: [...]"}); a chat turn records it in
 * the tool message as {@code {"error": "<message>"}}.
 */
public final class ToolExecutionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ToolExecutionException(String message, Throwable cause) {
    super(message, cause);
  }
}
