package dev.lineage.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.storage.NotFoundException;
import dev.lineage.storage.VersionRecord;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lineage diff}: what changed from one version to another. */
@Command(name = "diff", description = "What changed from version A to version B (any two).")
final class DiffCommand extends StoreCommand {

  @Parameters(index = "0", paramLabel = "A", description = "the older version's ecs_id")
  private UUID older;

  @Parameters(index = "1", paramLabel = "B", description = "the newer version's ecs_id")
  private UUID newer;

  @Override
  int run(Store store) {
    Map<UUID, VersionRecord> records = store.storage().loadVersions(List.of(older, newer));
    for (UUID id : List.of(older, newer)) {
      if (!records.containsKey(id)) {
        throw new NotFoundException("no version " + id + " is stored");
      }
    }
    VersionRecord before = records.get(older);
    VersionRecord after = records.get(newer);
    Changes changes = new Changes(store.diff(before, after), before, after);
    if (json()) {
      ObjectNode result = RecordJson.MAPPER.createObjectNode();
      result.putObject("a").put("ecsId", older.toString()).put("type", before.type())
          .put("createdAt", before.createdAt().toString());
      result.putObject("b").put("ecsId", newer.toString()).put("type", after.type())
          .put("createdAt", after.createdAt().toString());
      result.set("changes", changes.json());
      printJson(result);
      return 0;
    }
    out().println("a  " + describe(before));
    out().println("b  " + describe(after));
    if (changes.isEmpty()) {
      out().println("no field differs");
    }
    Map<UUID, VersionRecord> members = store.storage().loadVersions(changes.members());
    changes.lines(members).forEach(line -> out().println("  " + line));
    return 0;
  }

  private static String describe(VersionRecord version) {
    return ThreadTypes.simpleName(version.type()) + " " + version.ecsId() + "  "
        + version.createdAt() + "  lineage " + version.lineageId();
  }
}
