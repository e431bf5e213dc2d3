package dev.lineage.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The lines of an export: one {@link RecordJson} record per line, except that a list a version
 * shares with its parent is not written again. A thread's history grows by a few messages per
 * version and its old ids by one, so writing each version's lists whole would make the export of
 * a thread of n versions grow with n squared; here it grows with n.
 *
 * <p>When a version's parent is among the {@value #WINDOW} versions written before it, its old
 * ids and each top-level list field that starts with at least {@value #SHORTEST_SHARED} items of
 * the parent's list of the same name are written {@code {"$extend": {"prefix": n, "then":
 * [...]}}}: the first {@code n} items of the parent's list, then these. A reader keeps the same
 * window of versions, so it always has the parent at hand. A list value that is really an object
 * with the single key {@code $extend} is written wrapped ({@code {"$obj": ...}}), so the two never
 * meet.
 */
final class ExportLines {

  /** How many versions back a parent may be for its child's lists to be written as extensions. */
  static final int WINDOW = 64;

  /** Shorter shared prefixes are written out: the file stays readable where it costs little. */
  static final int SHORTEST_SHARED = 16;

  private static final String EXTEND = "$extend";
  private static final String PREFIX = "prefix";
  private static final String THEN = "then";

  private ExportLines() {}

  /** Whether {@code node} is a list written as an extension of the parent's. */
  static boolean isExtension(JsonNode node) {
    return node.isObject() && node.size() == 1 && node.has(EXTEND);
  }

  /** Writes versions as lines, in the order given. */
  static final class Writer {
    private final Map<UUID, VersionRecord> recent = window();

    /** {@code version} as one line of JSON, without its line break. */
    String line(VersionRecord version) {
      ObjectNode node = RecordJson.encode(version);
      VersionRecord parent = version.parentId() == null ? null : recent.get(version.parentId());
      if (parent != null) {
        int shared = sharedPrefix(parent.oldIds(), version.oldIds());
        if (shared >= SHORTEST_SHARED) {
          ArrayNode then = RecordJson.MAPPER.createArrayNode();
          version.oldIds().subList(shared, version.oldIds().size())
              .forEach(id -> then.add(id.toString()));
          node.set("oldIds", extension(shared, then));
        }
        ObjectNode fields = (ObjectNode) node.get("fields");
        version.fields().forEach((name, value) -> {
          if (value instanceof Value.Seq seq
              && parent.fields().get(name) instanceof Value.Seq parentSeq) {
            int prefix = sharedPrefix(parentSeq.items(), seq.items());
            if (prefix >= SHORTEST_SHARED) {
              ArrayNode then = RecordJson.MAPPER.createArrayNode();
              seq.items().subList(prefix, seq.items().size())
                  .forEach(item -> then.add(RecordJson.encode(item)));
              fields.set(name, extension(prefix, then));
            }
          }
        });
      }
      recent.put(version.ecsId(), version);
      try {
        return RecordJson.MAPPER.writeValueAsString(node);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("version " + version.ecsId() + " could not be written", e);
      }
    }
  }

  /** Reads the lines a {@link Writer} wrote, in their order. */
  static final class Reader {
    private final Map<UUID, VersionRecord> recent = window();

    /** The version one line holds. */
    VersionRecord read(String line) {
      VersionRecord version = RecordJson.decodeRecord(RecordJson.parse(line), recent::get);
      recent.put(version.ecsId(), version);
      return version;
    }
  }

  /** Resolves the extensions of one version against its parent. */
  static final class Extensions {
    private final UUID ecsId;
    private final UUID parentId;
    private final Function<UUID, VersionRecord> parents;

    Extensions(UUID ecsId, UUID parentId, Function<UUID, VersionRecord> parents) {
      this.ecsId = ecsId;
      this.parentId = parentId;
      this.parents = parents;
    }

    /** The old ids {@code node} describes. */
    List<UUID> oldIds(JsonNode node) {
      VersionRecord parent = parent("its old ids");
      int prefix = prefix(node, parent.oldIds().size(), "old ids");
      List<UUID> ids = new ArrayList<>(parent.oldIds().subList(0, prefix));
      then(node, "its old ids")
          .forEach(id -> ids.add(RecordJson.uuid(id, "an old id of " + ecsId)));
      return ids;
    }

    /** The list field {@code name} that {@code node} describes. */
    Value field(String name, JsonNode node) {
      String what = "its field '" + name + "'";
      if (!(parent(what).fields().get(name) instanceof Value.Seq parentSeq)) {
        throw new InvalidInputException("version " + ecsId + " extends " + what + " from its"
            + " parent " + parentId + ", where it is no list");
      }
      int prefix = prefix(node, parentSeq.items().size(), "items of '" + name + "'");
      List<Value> tail = new ArrayList<>();
      then(node, what).forEach(item -> tail.add(RecordJson.decodeValue(item)));
      // the whole parent list: shared, not copied, as the store shares it between versions
      Value.Seq base = prefix == parentSeq.items().size() ? parentSeq
          : new Value.Seq(parentSeq.items().subList(0, prefix));
      return base.append(tail);
    }

    private VersionRecord parent(String what) {
      VersionRecord parent = parentId == null ? null : parents.apply(parentId);
      if (parent == null) {
        throw new InvalidInputException("version " + ecsId + " extends " + what + " from its"
            + " parent " + parentId + ", which is not among the " + WINDOW
            + " versions before it");
      }
      return parent;
    }

    private int prefix(JsonNode node, int available, String what) {
      JsonNode prefix = node.get(EXTEND).get(PREFIX);
      if (prefix == null || !prefix.canConvertToInt() || !prefix.isIntegralNumber()
          || prefix.intValue() < 0 || prefix.intValue() > available) {
        throw new InvalidInputException("version " + ecsId + " extends " + available + " " + what
            + " of its parent " + parentId + " by a prefix of " + prefix);
      }
      return prefix.intValue();
    }

    private JsonNode then(JsonNode node, String what) {
      JsonNode then = node.get(EXTEND).get(THEN);
      if (then == null || !then.isArray() || node.get(EXTEND).size() != 2) {
        throw new InvalidInputException("version " + ecsId + " extends " + what
            + " without exactly a prefix and a list of the items that follow it");
      }
      return then;
    }
  }

  private static ObjectNode extension(int prefix, ArrayNode then) {
    ObjectNode extension = RecordJson.MAPPER.createObjectNode();
    extension.putObject(EXTEND).put(PREFIX, prefix).set(THEN, then);
    return extension;
  }

  private static int sharedPrefix(List<?> parent, List<?> child) {
    int shared = 0;
    int limit = Math.min(parent.size(), child.size());
    while (shared < limit && parent.get(shared).equals(child.get(shared))) {
      shared++;
    }
    return shared;
  }

  /** The last {@link #WINDOW} versions, by id, the oldest forgotten first. */
  private static Map<UUID, VersionRecord> window() {
    return new LinkedHashMap<>(WINDOW * 2) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<UUID, VersionRecord> eldest) {
        return size() > WINDOW;
      }
    };
  }
}
