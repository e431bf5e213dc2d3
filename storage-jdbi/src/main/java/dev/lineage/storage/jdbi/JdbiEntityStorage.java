package dev.lineage.storage.jdbi;

import dev.lineage.storage.CallerFailure;
import dev.lineage.storage.Commit;
import dev.lineage.storage.Cursor;
import dev.lineage.storage.EntityStorage;
import dev.lineage.storage.IntegrityReport;
import dev.lineage.storage.LineageException;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.StorageStatus;
import dev.lineage.storage.StorageUnavailableException;
import dev.lineage.storage.VersionRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Stores versions in PostgreSQL, MariaDB or H2 with hand-written SQL over JDBI: the fast SQL
 * adapter of the {@link EntityStorage} port.
 *
 * <pre>{@code
 * JdbiEntityStorage storage = JdbiEntityStorage.create(dataSource);
 * storage.migrate();                       // once, or from your own deployment step
 * EntityRegistry registry = EntityRegistry.over(storage);
 * }</pre>
 *
 * <p>A commit is one transaction with one batched insert of versions and one of links, however
 * large the graph; appending a turn to a thread of any length writes the new messages, the new
 * thread version and a few link rows, never the thread's history again (D-40). A version and its
 * whole graph load with one statement on PostgreSQL, two on MariaDB, and one per level of the
 * graph on H2 (D-41). The module README describes the tables and why they look the way they do.
 *
 * <p>Thread-safe: every call borrows its own handle from the {@code Jdbi} (or the data source)
 * and gives it back. The database is detected from the first connection. Call {@link #migrate()}
 * before first use; nothing is created behind your back.
 */
public final class JdbiEntityStorage implements EntityStorage {

  private final Jdbi jdbi;
  private final DataSource dataSource;
  private final JdbiStorageOptions options;
  private final Dialect dialect;
  private final ListCache cache;
  private final VersionReader reader;
  private final CommitWriter writer;

  private JdbiEntityStorage(Jdbi jdbi, DataSource dataSource, JdbiStorageOptions options) {
    this.jdbi = jdbi;
    this.dataSource = dataSource;
    this.options = options;
    this.dialect = detect(jdbi);
    this.cache = new ListCache(options.listCacheIds());
    TypeIds types = new TypeIds(dialect);
    Shapes shapes = new Shapes(dialect);
    this.reader = new VersionReader(dialect, cache, types, shapes);
    this.writer = new CommitWriter(dialect, options, cache, types, shapes, reader);
  }

  /**
   * An adapter over {@code jdbi}, which the caller keeps configured as it likes (its connection
   * pool, its logging). The adapter never changes {@code jdbi}'s configuration, only that of the
   * handles it opens.
   *
   * @throws StorageUnavailableException if the database cannot be reached
   * @throws dev.lineage.storage.InvalidInputException if it is not PostgreSQL, MariaDB or H2
   */
  public static JdbiEntityStorage create(Jdbi jdbi, JdbiStorageOptions options) {
    Objects.requireNonNull(jdbi, "jdbi");
    Objects.requireNonNull(options, "options");
    return new JdbiEntityStorage(jdbi, new HandleDataSource(jdbi), options);
  }

  /** An adapter over {@code dataSource} (a connection pool, preferably) with default options. */
  public static JdbiEntityStorage create(DataSource dataSource) {
    return create(dataSource, JdbiStorageOptions.defaults());
  }

  /** An adapter over {@code dataSource} (a connection pool, preferably). */
  public static JdbiEntityStorage create(DataSource dataSource, JdbiStorageOptions options) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(options, "options");
    return new JdbiEntityStorage(Jdbi.create(dataSource), dataSource, options);
  }

  /**
   * Creates or upgrades the adapter's tables with the Flyway migrations shipped in this jar, in the
   * connection's current schema. Safe to call on every start: applied migrations are skipped. The
   * history of these migrations is kept in {@code lineage_jdbi_schema_history}, apart from any
   * Flyway history of the application's own.
   *
   * @throws StorageUnavailableException if the migration fails
   */
  public void migrate() {
    Schema.migrate(dataSource, dialect);
  }

  /** The options this adapter was created with. */
  public JdbiStorageOptions options() {
    return options;
  }

  @Override
  public void commit(Commit commit) {
    Objects.requireNonNull(commit, "commit");
    use("committing " + commit.root().type() + " version " + commit.rootId(), handle -> {
      writer.commit(handle, commit);
      return null;
    });
  }

  @Override
  public Map<UUID, VersionRecord> loadGraphs(Collection<UUID> rootIds) {
    return loadGraphs(rootIds, record -> { });
  }

  /** Hands each version over as soon as its row is decoded, while the next rows arrive. */
  @Override
  public Map<UUID, VersionRecord> loadGraphs(
      Collection<UUID> rootIds, Consumer<VersionRecord> eachRead) {
    Objects.requireNonNull(rootIds, "rootIds");
    Objects.requireNonNull(eachRead, "eachRead");
    if (rootIds.isEmpty()) {
      return Map.of();
    }
    Consumer<VersionRecord> marked = CallerFailure.marking(eachRead);
    return CallerFailure.unwrapping(() -> use("loading the graphs of " + abbreviate(rootIds),
        handle -> reader.graphs(handle, rootIds, marked)));
  }

  @Override
  public Map<UUID, VersionRecord> loadVersions(Collection<UUID> ecsIds) {
    Objects.requireNonNull(ecsIds, "ecsIds");
    if (ecsIds.isEmpty()) {
      return Map.of();
    }
    return use("loading versions " + abbreviate(ecsIds),
        handle -> reader.versions(handle, ecsIds));
  }

  @Override
  public boolean exists(UUID ecsId) {
    Objects.requireNonNull(ecsId, "ecsId");
    return use("looking for version " + ecsId, handle -> handle
        .createQuery("SELECT 1 FROM lineage_version WHERE ecs_id = ?")
        .bind(0, dialect.id(ecsId))
        .scanResultSet((rows, context) -> rows.get().next()));
  }

  @Override
  public Page<VersionRecord> listByType(Set<String> types, PageRequest page) {
    Objects.requireNonNull(types, "types");
    Objects.requireNonNull(page, "page");
    return use("listing versions of " + types,
        handle -> pageOf(reader.typesPage(handle, types, page), page));
  }

  @Override
  public Page<VersionRecord> listAll(PageRequest page) {
    Objects.requireNonNull(page, "page");
    return use("listing all versions", handle -> pageOf(reader.allPage(handle, page), page));
  }

  /**
   * Checks everything stored, in one snapshot of the database, and reports each problem instead
   * of failing on it: every version that cannot be read ({@code UNREADABLE}, naming the table and
   * the version); references and parents that do not resolve, parents of another lineage and
   * histories that do not chain (the checks of {@link IntegrityReport#check(Map)}); and what only
   * this layout can show: link rows that do not match their version's references and lists, rows
   * of list segments that no stored list reaches, a link that wrongly says its target has no
   * links, a claimed base that is not the version's parent. Reads the whole store; keeps the ids,
   * references and old ids of every version in memory.
   */
  @Override
  public IntegrityReport verify() {
    return use("verifying the stored versions", handle -> handle.inTransaction(
        TransactionIsolationLevel.REPEATABLE_READ,
        transaction -> new Verifier(dialect, reader).verify(transaction)));
  }

  @Override
  public Page<VersionRecord> listLineage(UUID lineageId, PageRequest page) {
    Objects.requireNonNull(lineageId, "lineageId");
    Objects.requireNonNull(page, "page");
    return use("listing lineage " + lineageId,
        handle -> pageOf(reader.lineagePage(handle, lineageId, page), page));
  }

  @Override
  public StorageStatus status() {
    return use("counting versions", handle -> handle
        .createQuery("SELECT COUNT(*), COUNT(DISTINCT lineage_id) FROM lineage_version")
        .scanResultSet((rows, context) -> {
          ResultSet row = rows.get();
          row.next();
          return new StorageStatus(dialect.kind(), row.getLong(1), row.getLong(2));
        }));
  }

  private static Page<VersionRecord> pageOf(List<VersionRecord> fetched, PageRequest page) {
    if (fetched.size() <= page.limit()) {
      return new Page<>(fetched, Optional.empty());
    }
    List<VersionRecord> items = fetched.subList(0, page.limit());
    return new Page<>(items, Optional.of(Cursor.after(items.get(items.size() - 1))));
  }

  /** Runs {@code action} on a handle of its own; only the port's exceptions leave. */
  private <T> T use(String action, Function<Handle, T> work) {
    try (Handle handle = Sql.prepare(jdbi.open())) {
      return work.apply(handle);
    } catch (LineageException | CallerFailure e) {
      throw e;
    } catch (RuntimeException e) {
      throw Failures.translate(dialect.kind(), action, e);
    }
  }

  private static Dialect detect(Jdbi jdbi) {
    try (Handle handle = jdbi.open()) {
      return Dialect.of(handle.getConnection());
    } catch (SQLException | RuntimeException e) {
      if (e instanceof LineageException lineage) {
        throw lineage;
      }
      throw new StorageUnavailableException(
          "jdbi: cannot reach the database to find out which it is: " + e.getMessage(), e);
    }
  }

  private static String abbreviate(Collection<UUID> ids) {
    return ids.size() <= 3 ? ids.toString() : ids.size() + " ids starting with "
        + ids.iterator().next();
  }
}
