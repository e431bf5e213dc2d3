package dev.lineage.storage.jpa;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lineage.storage.Commit;
import dev.lineage.storage.ConflictException;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.VersionRecord;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The child JVM of {@link CrashScenarios}: commits thread turns in a loop until it is killed,
 * and says on its standard output what it does, so the parent knows which commits were
 * acknowledged:
 *
 * <pre>
 * ready
 * begin LINEAGE ROOT HISTORY_LENGTH ID,ID,…   (before each commit: every version it holds)
 * ok ROOT                                      (the commit returned)
 * refused ROOT                                 (a conflict: another version followed the base)
 * </pre>
 *
 * Arguments: the lineage of the thread to continue (or {@code new}) and a random seed. The
 * database comes from {@code LINEAGE_CRASH_URL} (and {@code LINEAGE_CRASH_USER}, {@code
 * LINEAGE_CRASH_PASSWORD} when set), the namespace the parent migrated.
 */
final class CrashChild {

  private CrashChild() {}

  public static void main(String[] args) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(System.getenv("LINEAGE_CRASH_URL"));
    if (System.getenv("LINEAGE_CRASH_USER") != null) {
      config.setUsername(System.getenv("LINEAGE_CRASH_USER"));
      config.setPassword(System.getenv("LINEAGE_CRASH_PASSWORD"));
    }
    config.setMaximumPoolSize(2);
    Random random = new Random(Long.parseLong(args[1]));
    PrintStream out = System.out;
    try (HikariDataSource dataSource = new HikariDataSource(config);
        JpaEntityStorage storage = JpaEntityStorage.create(dataSource)) {
      ThreadShapes.Thread thread = args[0].equals("new") ? null
          : tip(storage, UUID.fromString(args[0]));
      out.println("ready");
      out.flush();
      for (int turn = 0; ; turn++) {
        // mostly turns; now and then a new conversation, large enough to be killed inside
        ThreadShapes.Thread next = thread == null || random.nextInt(10) == 0
            ? ThreadShapes.newConversation(2 * (1 + random.nextInt(150)))
            : ThreadShapes.nextTurn(thread, "turn " + turn);
        out.println("begin " + next.version().lineageId() + " " + next.id() + " "
            + next.history().size() + " " + next.committed().stream()
                .map(version -> version.ecsId().toString()).collect(Collectors.joining(",")));
        out.flush();
        try {
          storage.commit(Commit.of(next.id(), next.committed()));
          out.println("ok " + next.id());
          thread = next;
        } catch (ConflictException e) {
          // the previous child's last commit was stored after this one read the lineage
          out.println("refused " + next.id());
          thread = tip(storage, thread.version().lineageId());
        }
        out.flush();
      }
    }
  }

  /**
   * The one version of {@code lineage} that no other version follows, or null when the lineage
   * has none (its first commit was killed before it was stored).
   */
  private static ThreadShapes.Thread tip(JpaEntityStorage storage, UUID lineage) {
    Map<UUID, VersionRecord> versions = new LinkedHashMap<>();
    Set<UUID> parents = new HashSet<>();
    PageRequest request = PageRequest.first(PageRequest.MAX_LIMIT);
    while (true) {
      Page<VersionRecord> page = storage.listLineage(lineage, request);
      for (VersionRecord version : page.items()) {
        versions.put(version.ecsId(), version);
        if (version.parentId() != null) {
          parents.add(version.parentId());
        }
      }
      if (page.next().isEmpty()) {
        break;
      }
      request = PageRequest.after(page.next().get(), PageRequest.MAX_LIMIT);
    }
    if (versions.isEmpty()) {
      return null;
    }
    versions.keySet().removeAll(parents);
    List<VersionRecord> tips = List.copyOf(versions.values());
    if (tips.size() != 1) {
      throw new IllegalStateException("lineage " + lineage + " has the tips " + versions.keySet());
    }
    return new ThreadShapes.Thread(tips.get(0), List.of());
  }
}
