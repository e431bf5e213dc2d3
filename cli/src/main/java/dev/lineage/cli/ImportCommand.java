package dev.lineage.cli;

import dev.lineage.storage.Commit;
import dev.lineage.storage.ConflictException;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.VersionRecord;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code lineage import}: stores the versions of an export, in the file's order (creation order,
 * as {@code export} writes it), in batches committed as branches, so that every version keeps its
 * ids, parent and history, and no base's successor blocks another. Versions already stored with
 * the same content are skipped: importing a file twice stores it once. A batch never splits
 * versions of the same millisecond, so the versions of one original commit arrive together.
 */
@Command(name = "import",
    description = "Stores the versions of an export (JSON lines); versions already stored are"
        + " skipped.")
final class ImportCommand extends StoreCommand {

  /** A batch is committed once it holds this many characters of JSON, whatever its length. */
  private static final long BATCH_CHARS = 8L << 20;

  @Parameters(arity = "0..1", paramLabel = "FILE",
      description = "an export; standard input when absent or -")
  private String file;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "500",
      description = "versions per commit (default 500)")
  private int batchSize;

  private long imported;
  private long alreadyStored;

  @Override
  void validate() {
    if (batchSize < 1) {
      throw new ParameterException(spec().commandLine(), "--batch-size must be at least 1");
    }
  }

  @Override
  int run(Store store) throws IOException {
    boolean fromFile = file != null && !file.equals("-");
    String source = fromFile ? file : "standard input";
    long size = fromFile ? Files.size(Path.of(file)) : -1;
    Progress progress = new Progress(err(), root().progress());
    InputStream input = fromFile ? Files.newInputStream(Path.of(file)) : System.in;
    try (Counting counting = new Counting(input, fromFile);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(counting, StandardCharsets.UTF_8))) {
      ExportLines.Reader lines = new ExportLines.Reader();
      Batch batch = new Batch();
      int lineNumber = 0;
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        VersionRecord version;
        try {
          version = lines.read(line);
        } catch (InvalidInputException e) {
          throw new InvalidInputException(source + ", line " + lineNumber + ": " + e.getMessage());
        }
        if (batch.isFull() && !batch.last().createdAt().equals(version.createdAt())) {
          commit(store, batch, source);
          batch = new Batch();
          progress.update(state(counting.count(), size));
        }
        batch.add(version, lineNumber, line.length(), source);
      }
      commit(store, batch, source);
      progress.finish(state(counting.count(), size));
    }
    if (json()) {
      printJson(RecordJson.MAPPER.createObjectNode()
          .put("imported", imported).put("alreadyStored", alreadyStored));
    } else {
      out().println("imported " + Render.count(imported, "version") + " from " + source + " into "
          + store.description() + "; " + alreadyStored + " already stored");
    }
    return 0;
  }

  /** Stores the versions of {@code batch} that are not stored yet, as one branch commit. */
  private void commit(Store store, Batch batch, String source) {
    if (batch.versions.isEmpty()) {
      return;
    }
    Map<UUID, VersionRecord> stored = store.storage().loadVersions(batch.versions.keySet());
    List<VersionRecord> fresh = new ArrayList<>();
    for (VersionRecord version : batch.versions.values()) {
      VersionRecord existing = stored.get(version.ecsId());
      if (existing == null) {
        fresh.add(version);
      } else if (existing.equals(version)) {
        alreadyStored++;
      } else {
        throw new ConflictException(source + ", line " + batch.lines.get(version.ecsId()) + ": "
            + version.type() + " version " + version.ecsId() + " is stored with other content;"
            + " stored versions never change");
      }
    }
    if (!fresh.isEmpty()) {
      store.storage().commit(new Commit(fresh.get(0).ecsId(), fresh, true));
      imported += fresh.size();
    }
  }

  private static String state(long bytesRead, long size) {
    return size > 0
        ? String.format("imported %,d of %,d bytes (%d%%)", Math.min(bytesRead, size), size,
            Math.min(100, bytesRead * 100 / size))
        : String.format("imported %,d bytes", bytesRead);
  }

  /** Versions waiting to be committed, by id, with the lines they came from. */
  private final class Batch {
    final Map<UUID, VersionRecord> versions = new LinkedHashMap<>();
    final Map<UUID, Integer> lines = new LinkedHashMap<>();
    private VersionRecord last;
    private long chars;

    void add(VersionRecord version, int lineNumber, int length, String source) {
      VersionRecord earlier = versions.get(version.ecsId());
      if (earlier != null) {
        if (!earlier.equals(version)) {
          throw new ConflictException(source + ", line " + lineNumber + ": version "
              + version.ecsId() + " appears on line " + lines.get(version.ecsId())
              + " with other content");
        }
        alreadyStored++;
        return;
      }
      versions.put(version.ecsId(), version);
      lines.put(version.ecsId(), lineNumber);
      last = version;
      chars += length;
    }

    boolean isFull() {
      return versions.size() >= batchSize || chars >= BATCH_CHARS;
    }

    VersionRecord last() {
      return last;
    }
  }

  /** Counts the bytes read, for the progress of a file import; leaves standard input open. */
  private static final class Counting extends FilterInputStream {
    private final boolean owned;
    private long count;

    Counting(InputStream in, boolean owned) {
      super(in);
      this.owned = owned;
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      if (owned) {
        super.close();
      }
    }
  }
}
