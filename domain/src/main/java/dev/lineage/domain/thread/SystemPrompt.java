package dev.lineage.domain.thread;

import dev.lineage.domain.Entity;
import dev.lineage.domain.Required;
import dev.lineage.domain.TypeName;

/** A named system prompt; one version may be shared by many threads. */
@TypeName("SystemPrompt")
public final class SystemPrompt extends Entity {

  @Required private String name;
  @Required private String content;

  /** For the registry, which fills the fields of stored versions. */
  private SystemPrompt() {}

  /**
   * A prompt called {@code name} that says {@code content}.
   *
   * @throws dev.lineage.storage.InvalidInputException if either is null
   */
  public SystemPrompt(String name, String content) {
    setName(name);
    setContent(content);
  }

  public String name() {
    return name;
  }

  public String content() {
    return content;
  }

  public SystemPrompt setName(String name) {
    this.name = Fields.required(name, "SystemPrompt", "name");
    return this;
  }

  public SystemPrompt setContent(String content) {
    this.content = Fields.required(content, "SystemPrompt", "content");
    return this;
  }
}
