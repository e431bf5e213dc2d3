package dev.lineage.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.VersionRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lineage export}: every stored version as a line of JSON ({@link ExportLines}), in
 * creation order, read page by page. {@code import} into any store gives back identical records.
 */
@Command(name = "export",
    description = "Every stored version as JSON lines, in creation order (for import).")
final class ExportCommand extends StoreCommand {

  private static final int PAGE = 1_000;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "write to FILE instead of standard output")
  private Path output;

  @Override
  int run(Store store) throws IOException {
    long total = store.storage().status().versionCount();
    Progress progress = new Progress(err(), root().progress());
    long written = 0;
    try (Writer writer = output == null ? new NotClosing(out())
        : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      ExportLines.Writer lines = new ExportLines.Writer();
      PageRequest request = PageRequest.first(PAGE);
      while (true) {
        Page<VersionRecord> page = store.storage().listAll(request);
        for (VersionRecord version : page.items()) {
          writer.write(lines.line(version));
          writer.write('\n');
        }
        written += page.items().size();
        progress.update(state(written, total));
        if (page.next().isEmpty()) {
          break;
        }
        request = PageRequest.after(page.next().get(), PAGE);
      }
    }
    progress.finish(state(written, total));
    if (output != null) {
      if (json()) {
        ObjectNode result = RecordJson.MAPPER.createObjectNode()
            .put("exported", written).put("file", output.toString());
        printJson(result);
      } else {
        out().println("exported " + Render.count(written, "version") + " to " + output);
      }
    }
    return 0;
  }

  private static String state(long written, long total) {
    long percent = total <= 0 ? 100 : Math.min(100, written * 100 / total);
    return String.format("exported %,d of %,d versions (%d%%)", written, Math.max(total, written),
        percent);
  }

  /** Standard output, which the command writes to but does not own. */
  private static final class NotClosing extends BufferedWriter {
    NotClosing(Writer out) {
      super(out);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
