package dev.lineage.conformance;

import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Hand-made version records, for rules that talk to the port without the registry. */
final class RawVersions {

  private RawVersions() {}

  /** A first version of a new lineage with the given type and fields. */
  static VersionRecord first(String type, Map<String, Value> fields) {
    UUID id = UUID.randomUUID();
    return new VersionRecord(id, id, null, List.of(), now(), type, fields);
  }

  /** The next version of {@code parent}, with other fields. */
  static VersionRecord next(VersionRecord parent, Map<String, Value> fields) {
    List<UUID> oldIds = new ArrayList<>(parent.oldIds());
    oldIds.add(parent.ecsId());
    return new VersionRecord(
        UUID.randomUUID(), parent.lineageId(), parent.ecsId(), oldIds, now(), parent.type(),
        fields);
  }

  /** A record of {@code type} with one text field. */
  static VersionRecord text(String type, String text) {
    return first(type, Map.of("text", new Value.Text(text)));
  }

  /** A record of {@code type} referring to {@code targets}. */
  static VersionRecord referring(String type, VersionRecord... targets) {
    List<Value> refs = new ArrayList<>();
    for (VersionRecord target : targets) {
      refs.add(new Value.Ref(target.ecsId()));
    }
    return first(type, Map.of("refs", new Value.Seq(refs)));
  }

  /** Fields from alternating names and values. */
  static Map<String, Value> fields(Object... namesAndValues) {
    Map<String, Value> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields.put((String) namesAndValues[i], (Value) namesAndValues[i + 1]);
    }
    return fields;
  }

  /** A type name no other rule uses, so a listing by it sees only this rule's versions. */
  static String uniqueType(String rule) {
    return "conformance." + rule + "." + UUID.randomUUID();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
