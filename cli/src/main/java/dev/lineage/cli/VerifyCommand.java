package dev.lineage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.storage.IntegrityReport;
import picocli.CommandLine.Command;

/**
 * {@code lineage verify}: the store's integrity check, one line per problem; exit code 3 when it
 * found any.
 */
@Command(name = "verify",
    description = "Checks the store's integrity: one line per problem; exit code 3 if any.")
final class VerifyCommand extends StoreCommand {

  @Override
  int run(Store store) {
    IntegrityReport report = store.storage().verify();
    if (json()) {
      ObjectNode result = RecordJson.MAPPER.createObjectNode()
          .put("versionsChecked", report.versionsChecked())
          .put("clean", report.isClean());
      ArrayNode problems = result.putArray("problems");
      report.problems().forEach(problem -> problems.addObject()
          .put("kind", problem.kind().name())
          .put("ecsId", problem.ecsId() == null ? null : problem.ecsId().toString())
          .put("detail", problem.detail()));
      printJson(result);
    } else {
      report.problems().forEach(problem -> out().println(problem.kind() + " "
          + (problem.ecsId() == null ? "-" : problem.ecsId().toString()) + " "
          + problem.detail().strip().replaceAll("\\s*\\R\\s*", " ")));
      out().println("checked " + Render.count(report.versionsChecked(), "version") + " in "
          + store.description() + ": " + (report.isClean() ? "no problem"
              : Render.count(report.problems().size(), "problem")));
    }
    return report.isClean() ? 0 : LineageCommand.PROBLEMS_FOUND;
  }
}
