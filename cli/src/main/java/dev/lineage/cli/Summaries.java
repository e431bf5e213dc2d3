package dev.lineage.cli;

import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** One-line descriptions of stored versions: a chat message by its role and text. */
final class Summaries {

  private Summaries() {}

  /** {@code assistant calls multiply {"x": 6, "y": 7}}, {@code user: "Hi"}, {@code Note <id>}. */
  static String of(VersionRecord version) {
    if (!version.type().equals(ThreadTypes.CHAT_MESSAGE)) {
      return ThreadTypes.simpleName(version.type()) + " " + version.ecsId();
    }
    String role = text(version, "role").map(r -> r.toLowerCase(Locale.ROOT)).orElse("message");
    String content = text(version, "content").orElse("");
    Value call = version.fields().getOrDefault("toolCall", Value.NULL);
    if (call instanceof Value.Obj && role.equals("assistant")) {
      String tool = text(version, "toolName").orElse("a tool");
      return "assistant calls " + tool + " " + Render.value(call, Render.SHORT)
          + (content.isEmpty() ? "" : " " + Render.quoted(content, Render.SHORT));
    }
    if (role.equals("tool")) {
      // a tool's result is JSON already: quoting it again would only add backslashes
      String tool = text(version, "toolName").orElse("the tool");
      return "tool " + tool + " answers " + Render.line(content, Render.SHORT);
    }
    return role + ": " + Render.quoted(content, Render.SHORT);
  }

  /** {@link #of} for the version {@code id}, or its id when it was not loaded. */
  static String of(UUID id, Map<UUID, VersionRecord> loaded) {
    VersionRecord version = loaded.get(id);
    return version == null ? "version " + id + " (not stored)" : of(version);
  }

  /** The text field {@code name} of {@code version}, if it holds text. */
  static Optional<String> text(VersionRecord version, String name) {
    Value value = version.fields().get(name);
    return value instanceof Value.Text text ? Optional.of(text.value()) : Optional.empty();
  }
}
