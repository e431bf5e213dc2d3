package dev.lineage.domain.thread;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Provider responses recorded as JSON files under {@code src/test/resources/providers}. */
final class ProviderFixtures {

  private ProviderFixtures() {}

  /** The file's text, as an HTTP client would receive it. */
  static String body(String name) {
    try (InputStream in = ProviderFixtures.class.getResourceAsStream("/providers/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file's JSON object. */
  static Map<String, Object> json(String name) {
    return RawOutput.rawResultOf(body(name));
  }

  /** A raw output of {@code client} holding the fixture, with thread ids set. */
  static RawOutput raw(LLMClient client, String name) {
    return raw(client, name, Map.of("model", "test-model"));
  }

  static RawOutput raw(LLMClient client, String name, Map<String, ?> request) {
    return RawOutput.builder(client, json(name), request)
        .times(1_741_785_600.25, 1_741_785_600.75)
        .chatThread(java.util.UUID.randomUUID(), java.util.UUID.randomUUID())
        .build();
  }
}
