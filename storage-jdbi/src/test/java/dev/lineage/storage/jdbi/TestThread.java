package dev.lineage.storage.jdbi;

import dev.lineage.domain.Entity;
import dev.lineage.domain.TypeName;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat thread's shape, for this module's own tests: an owner with a list of messages, each
 * message optionally owning its token usage. Its own entity types, so the tests do not depend on
 * the thread domain.
 */
@TypeName("jdbi-test.Thread")
public class TestThread extends Entity {

  public String name;
  public List<Message> history = new ArrayList<>();

  public TestThread() {}

  public TestThread(String name) {
    this.name = name;
  }

  /** Appends one turn: a user message and an assistant message with usage. */
  public void addTurn() {
    history.add(new Message("user", "Could you summarise the trade-offs of append-only history?",
        null));
    history.add(new Message("assistant", "Append-only history writes only what is new: the two"
        + " messages of this turn and a small record of the new thread version.",
        new Usage("gpt-4o-mini", 900, 120)));
  }

  /** One message. */
  @TypeName("jdbi-test.Message")
  public static class Message extends Entity {
    public Instant timestamp = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    public String role;
    public String content;
    public Usage usage;

    public Message() {}

    public Message(String role, String content, Usage usage) {
      this.role = role;
      this.content = content;
      this.usage = usage;
    }
  }

  /** The token usage of a model's answer. */
  @TypeName("jdbi-test.Usage")
  public static class Usage extends Entity {
    public String model;
    public int promptTokens;
    public int completionTokens;

    public Usage() {}

    public Usage(String model, int promptTokens, int completionTokens) {
      this.model = model;
      this.promptTokens = promptTokens;
      this.completionTokens = completionTokens;
    }
  }
}
