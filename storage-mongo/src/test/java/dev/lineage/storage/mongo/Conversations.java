package dev.lineage.storage.mongo;

import dev.lineage.domain.thread.ChatMessage;
import dev.lineage.domain.thread.ChatThread;
import dev.lineage.domain.thread.LLMClient;
import dev.lineage.domain.thread.LLMConfig;
import dev.lineage.domain.thread.MessageRole;
import dev.lineage.domain.thread.Usage;

/**
 * Conversations of the thread domain, as the tests build them: a thread on one model, and turns
 * of a user message and an assistant message with its token usage, appended as an application
 * appends them.
 */
final class Conversations {

  static final String MODEL = "gpt-4o-mini";

  private Conversations() {}

  /** A new thread named {@code name}, with no messages. */
  static ChatThread thread(String name) {
    return new ChatThread(new LLMConfig(LLMClient.OPENAI, MODEL)).setName(name);
  }

  /** Appends a user message asking {@code question} and the assistant's answer with its usage. */
  static void addTurn(ChatThread thread, String question) {
    thread.appendMessage(ChatMessage.builder(MessageRole.USER, question).build());
    thread.appendMessage(ChatMessage.builder(MessageRole.ASSISTANT, answerTo(question))
        .usage(new Usage(MODEL, question.length(), 42, question.length() + 42))
        .build());
  }

  /** The assistant's answer in a turn that asked {@code question}. */
  static String answerTo(String question) {
    return "an answer to: " + question;
  }
}
