package dev.lineage.storage.mongo;

import dev.lineage.domain.Entity;
import dev.lineage.domain.TypeName;
import java.util.ArrayList;
import java.util.List;

/**
 * Thread-shaped test entities: a thread owns an ordered history of messages, an assistant message
 * owns its token usage. They give the adapter the shape the thread domain gives it (a history is a
 * field holding a sequence of references) without depending on that domain.
 */
final class ChatShapes {

  private ChatShapes() {}

  /** A conversation: settings and the ordered messages. */
  @TypeName("test.ChatThread")
  static final class Chat extends Entity {
    String name;
    String systemPrompt = "You are a careful assistant.";
    int turns;
    List<Message> history = new ArrayList<>();

    Chat() {}

    Chat(String name) {
      this.name = name;
    }

    /** Appends one turn: a user message and an assistant message with its usage. */
    void addTurn(String question) {
      turns++;
      history.add(new Message("USER", question, turns, null));
      history.add(new Message("ASSISTANT", "an answer to: " + question, turns,
          new Usage(question.length(), 42)));
    }
  }

  /** One message of a conversation. */
  @TypeName("test.ChatMessage")
  static final class Message extends Entity {
    String role;
    String content;
    int turn;
    Usage usage;

    Message() {}

    Message(String role, String content, int turn, Usage usage) {
      this.role = role;
      this.content = content;
      this.turn = turn;
      this.usage = usage;
    }
  }

  /** The token usage of an assistant message. */
  @TypeName("test.Usage")
  static final class Usage extends Entity {
    int promptTokens;
    int completionTokens;

    Usage() {}

    Usage(int promptTokens, int completionTokens) {
      this.promptTokens = promptTokens;
      this.completionTokens = completionTokens;
    }
  }
}
