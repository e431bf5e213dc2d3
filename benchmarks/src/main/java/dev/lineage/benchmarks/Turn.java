package dev.lineage.benchmarks;

/**
 * The content of one conversation turn, the same for every subject: a user message and an
 * assistant message with token usage. Texts are of a typical chat length.
 */
record Turn(int index, String userText, String assistantText, String model, int promptTokens,
    int completionTokens) {

  private static final String USER =
      "Could you summarise the trade-offs between append-only history and rewriting the whole"
          + " conversation on every turn, with an example from a support chat? ";
  private static final String ASSISTANT =
      "Append-only history writes only what is new: the two messages of this turn and a small"
          + " record of the new thread version. Rewriting the whole list costs a row or a byte"
          + " range per earlier message, so a long conversation pays quadratically. In a support"
          + " chat with a thousand messages the difference is three rows against a thousand. ";

  static Turn number(int index) {
    return new Turn(index, USER + index, ASSISTANT + index, "gpt-4o-mini", 900 + index, 120);
  }

  int totalTokens() {
    return promptTokens + completionTokens;
  }
}
