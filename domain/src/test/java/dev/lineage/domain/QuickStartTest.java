package dev.lineage.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The README's quick start, compiled and run; and a check that the README shows this code. */
class QuickStartTest {

  // tag::entities[]
  /** A note with tags: an ordinary class with fields. */
  static class Note extends Entity {
    @Required String text;
    List<String> tags = new ArrayList<>();

    Note() {}

    Note(String text) {
      this.text = text;
    }
  }
  // end::entities[]

  @Test
  void quickStart() {
    // tag::quickstart[]
    EntityRegistry registry = EntityRegistry.over(new InMemoryEntityStorage());

    Note note = registry.register(new Note("buy milk"));   // version 1
    UUID first = note.ecsId();

    note.text = "buy oat milk";
    note.tags.add("groceries");
    registry.commit(note);                                 // version 2, forked from 1

    Note old = registry.get(first, Note.class).orElseThrow();
    EntityDiff diff = registry.diff(first, note.ecsId());  // text and tags changed
    String mermaid = registry.lineageMermaid(note.lineageId());
    // end::quickstart[]

    assertThat(old.text).isEqualTo("buy milk");
    assertThat(note.parentId()).contains(first);
    assertThat(diff.changes()).containsOnlyKeys("text", "tags");
    assertThat(mermaid).contains("text mod\\ntags mod");
  }

  @Test
  void readmeShowsThisCode() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String source = Files.readString(Path.of("src/test/java/dev/lineage/domain/QuickStartTest.java"));
    for (String tag : List.of("entities", "quickstart")) {
      assertThat(readme).as("README shows the %s region", tag).contains(region(source, tag));
    }
  }

  /** The lines between {@code tag::name[]} and {@code end::name[]}, without their indentation. */
  static String region(String source, String tag) {
    String start = "// tag::" + tag + "[]\n";
    String end = "// end::" + tag + "[]";
    String body = source.substring(source.indexOf(start) + start.length(), source.indexOf(end));
    String indent = body.substring(0, body.length() - body.stripLeading().length());
    return body.lines().map(line -> line.startsWith(indent) ? line.substring(indent.length()) : line)
        .reduce((a, b) -> a + "\n" + b).orElse("").stripTrailing();
  }
}
