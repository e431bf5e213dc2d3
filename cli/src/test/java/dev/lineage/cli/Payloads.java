package dev.lineage.cli;

import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Version records holding every kind of value at its edges: the texts and numbers of the
 * conformance suite's payload catalogue (which every adapter keeps exactly), times before 1970,
 * map keys that look like paths, operators or this tool's own tags, deep nesting, a long text.
 */
final class Payloads {

  /** A type no class of the tool knows, as an application's entity would be stored. */
  static final String NOTE = "com.example.Notes$Note";

  private Payloads() {}

  static List<Value> texts() {
    return List.of(
        new Value.Text(""),
        new Value.Text("😀 👩‍👩‍👧‍👦 🇯🇵 𝄞 𠜎 \uD83D\uDE00"),
        new Value.Text("مرحبا بالعالم — שלום עולם ‏(mixed) \u202Eevil\u202C"),
        new Value.Text("Z\u0351\u0360a\u0322\u0362l\u0315go e\u0301 n\u0303"),
        new Value.Text("before\u0000after \u0000\u0000 end\u0000"),
        new Value.Text("\u0001\u0007\b\t\n\u000B\f\r\u001B[31m\u007F"),
        new Value.Text("'); DROP TABLE lineage_version; -- \" OR 1=1 --"),
        new Value.Text("{\"$gt\": \"\"} $where $ne $regex .*"),
        new Value.Text("{\"a\":[1,2,{\"b\":null}]} \\u0000 \\\" \\\\"),
        new Value.Text("\uFEFF\uFFFE\uFFFF \uFDD0 end"),
        new Value.Text("~tilde first, as some adapters tag their own values"));
  }

  static List<Value> numbers() {
    return List.of(new Value.Int(0), new Value.Int(Long.MAX_VALUE), new Value.Int(Long.MIN_VALUE),
        new Value.Real(0.0), new Value.Real(-0.0), new Value.Real(Double.MAX_VALUE),
        new Value.Real(Double.MIN_VALUE), new Value.Real(Double.MIN_NORMAL),
        new Value.Real(Double.NaN), new Value.Real(Double.POSITIVE_INFINITY),
        new Value.Real(Double.NEGATIVE_INFINITY), new Value.Real(0.30000000000000004),
        new Value.Real(1.0E10), new Value.Real(2.0));
  }

  /** Objects whose keys are hard: empty, dotted, dollar-led, and this tool's own tag names. */
  static List<Value> objects() {
    Map<String, Value> keys = new LinkedHashMap<>();
    keys.put("", new Value.Text("empty key"));
    keys.put("a.b", new Value.Text("dotted"));
    keys.put("$x", new Value.Int(1));
    keys.put("$ref", new Value.Text("not a reference"));
    return List.of(
        new Value.Obj(keys),
        new Value.Obj(Map.of("$ref", new Value.Text("alone, yet no reference"))),
        new Value.Obj(Map.of("$obj", new Value.Obj(Map.of()))),
        new Value.Obj(Map.of("$real", new Value.Text("NaN"))),
        new Value.Obj(Map.of()),
        nested(100));
  }

  static Value nested(int depth) {
    Value value = new Value.Text("bottom");
    for (int i = 0; i < depth; i++) {
      value = i % 2 == 0 ? new Value.Seq(List.of(value, new Value.Int(i)))
          : new Value.Obj(Map.of("level" + i, value));
    }
    return value;
  }

  /** A record of {@link #NOTE} with every value above, and data UUIDs, times and references. */
  static VersionRecord catalogue(UUID referenced, Instant createdAt) {
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("texts", new Value.Seq(texts()));
    fields.put("numbers", new Value.Seq(numbers()));
    fields.put("objects", new Value.Seq(objects()));
    fields.put("nothing", Value.NULL);
    fields.put("yes", Value.Bool.TRUE);
    fields.put("no", Value.Bool.FALSE);
    fields.put("uuid", new Value.Uuid(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")));
    fields.put("moonLanding", new Value.Time(Instant.parse("1969-07-20T20:17:40Z")));
    fields.put("leapDay", new Value.Time(Instant.parse("2024-02-29T23:59:59.999Z")));
    fields.put("reference", new Value.Ref(referenced));
    fields.put("references", new Value.Seq(List.of(new Value.Ref(referenced))));
    fields.put("long text", new Value.Text("ab\u0000cé😀".repeat(150_000)));
    fields.put("", new Value.Text("a field named by the empty string"));
    fields.put("$field.with.dots", new Value.Text("a field name like a path"));
    UUID id = UUID.randomUUID();
    return new VersionRecord(id, id, null, List.of(), createdAt, NOTE, fields);
  }

  /** A plain first version of {@link #NOTE}. */
  static VersionRecord note(String text, Instant createdAt) {
    UUID id = UUID.randomUUID();
    return new VersionRecord(id, id, null, List.of(), createdAt, NOTE,
        Map.of("text", new Value.Text(text)));
  }

  /** The next version of {@code parent} with {@code fields}. */
  static VersionRecord next(VersionRecord parent, Map<String, Value> fields, Instant createdAt) {
    List<UUID> oldIds = new ArrayList<>(parent.oldIds());
    oldIds.add(parent.ecsId());
    return new VersionRecord(UUID.randomUUID(), parent.lineageId(), parent.ecsId(), oldIds,
        createdAt, parent.type(), fields);
  }
}
