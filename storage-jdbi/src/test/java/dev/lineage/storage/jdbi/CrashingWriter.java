package dev.lineage.storage.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lineage.domain.EntityRegistry;
import dev.lineage.storage.ConflictException;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.Page;
import dev.lineage.storage.VersionRecord;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The child JVM of {@link CrashSafetyTest}: appends turns to the given threads, round robin, until
 * it is killed. It prints {@code ready} once it has loaded the threads, {@code begin} before each
 * commit and {@code committed <thread version id>} after each commit returns, before the next, so
 * the parent knows which commits were acknowledged and whether a kill landed inside one.
 *
 * <p>Usage: {@code CrashingWriter <thread lineage id>...}, with the JDBC URL of the namespace in
 * the environment ({@code LINEAGE_CRASH_URL}, and {@code LINEAGE_CRASH_USER} and {@code
 * LINEAGE_CRASH_PASSWORD} when the URL carries no credentials), never on the command line.
 */
final class CrashingWriter {

  private CrashingWriter() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(System.getenv("LINEAGE_CRASH_URL"));
    if (System.getenv("LINEAGE_CRASH_USER") != null) {
      config.setUsername(System.getenv("LINEAGE_CRASH_USER"));
      config.setPassword(System.getenv("LINEAGE_CRASH_PASSWORD"));
    }
    config.setMaximumPoolSize(2);
    HikariDataSource dataSource = new HikariDataSource(config);
    JdbiEntityStorage storage = JdbiEntityStorage.create(dataSource);
    EntityRegistry registry = EntityRegistry.over(storage);
    List<UUID> lineages = new ArrayList<>();
    List<TestThread> threads = new ArrayList<>();
    for (String lineage : args) {
      lineages.add(UUID.fromString(lineage));
      threads.add(latest(registry, storage, lineages.get(lineages.size() - 1)));
    }
    out.println("ready");
    out.flush();
    for (long turn = 0; ; turn++) {
      int which = (int) (turn % threads.size());
      TestThread thread = threads.get(which);
      thread.addTurn();
      out.println("begin");
      out.flush();
      try {
        registry.commit(thread);
      } catch (ConflictException stale) {
        // a commit of the killed predecessor became visible after this writer loaded the
        // thread: reload the latest version, as an application does
        threads.set(which, latest(registry, storage, lineages.get(which)));
        continue;
      }
      out.println("committed " + thread.ecsId());
      out.flush();
    }
  }

  /** The version of a lineage that no other version continues (one writer: a chain). */
  private static TestThread latest(EntityRegistry registry, JdbiEntityStorage storage,
      UUID lineage) {
    List<VersionRecord> versions = new ArrayList<>();
    PageRequest request = PageRequest.first(PageRequest.MAX_LIMIT);
    while (true) {
      Page<VersionRecord> page = storage.listLineage(lineage, request);
      versions.addAll(page.items());
      if (page.next().isEmpty()) {
        break;
      }
      request = PageRequest.after(page.next().get(), PageRequest.MAX_LIMIT);
    }
    Set<UUID> continued = new HashSet<>();
    versions.forEach(version -> continued.add(version.parentId()));
    for (VersionRecord version : versions) {
      if (!continued.contains(version.ecsId())) {
        return registry.get(version.ecsId(), TestThread.class).orElseThrow();
      }
    }
    throw new IllegalStateException("lineage " + lineage + " has no latest version");
  }
}
