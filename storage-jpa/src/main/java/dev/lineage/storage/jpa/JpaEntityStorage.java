package dev.lineage.storage.jpa;

import dev.lineage.storage.CallerFailure;
import dev.lineage.storage.Commit;
import dev.lineage.storage.ConflictException;
import dev.lineage.storage.Credentials;
import dev.lineage.storage.Cursor;
import dev.lineage.storage.EntityStorage;
import dev.lineage.storage.IntegrityReport;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.LineageException;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.StorageStatus;
import dev.lineage.storage.StorageUnavailableException;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.VersionRecord;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.hibernate.HibernateException;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.dialect.MariaDBDialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.type.SqlTypes;

/**
 * Stores versions with Hibernate 7 in a typed relational layout on PostgreSQL, MariaDB or H2: a
 * table per thread entity type ({@code chat_thread}, {@code chat_message}, {@code tool} with
 * {@code callable_tool} and {@code structured_tool}, …), and {@code generic_entity} (type name and
 * JSON body) for every other type. A thread's history and every version's old ids are lists
 * shared between versions, so a turn writes the same few rows at any length of the thread
 * (D-40), and a thread version loads in the same few statements (D-41). The layout and its
 * reasons are in the module's README.
 *
 * <pre>{@code
 * JpaEntityStorage storage = JpaEntityStorage.create(dataSource);   // a pooled DataSource
 * storage.migrate();                                                // Flyway, explicit
 * EntityRegistry registry = EntityRegistry.over(storage);
 * }</pre>
 *
 * <p>Thread-safe: every call runs in a transaction of its own on a stateless Hibernate session.
 * A commit that loses a race on a key (two commits from one base, at once) is run again and then
 * reports the conflict. Hibernate never creates or changes the schema: {@link #migrate()} does,
 * with the versioned migrations shipped in this jar.
 */
public final class JpaEntityStorage implements EntityStorage, AutoCloseable {

  /** Where the migrations of each database live in the jar, under this prefix. */
  private static final String MIGRATIONS = "classpath:db/lineage-jpa/";

  /** Flyway's history table for Lineage's migrations, apart from any of the application's. */
  private static final String SCHEMA_HISTORY = "lineage_jpa_schema_history";

  private static final List<Class<?>> ROW_CLASSES = List.of(
      ChatThreadRow.class, ChatMessageRow.class, SystemPromptRow.class, LlmConfigRow.class,
      UsageRow.class, GeneratedJsonObjectRow.class, RawOutputRow.class, ProcessedOutputRow.class,
      RequestLimitsRow.class, ToolRow.class, CallableToolRow.class, StructuredToolRow.class,
      GenericRow.class, GenericRefRow.class, ThreadToolRow.class, ListSegmentRow.class,
      ListItemRow.class, SuccessorRow.class, CatalogRow.class);

  private final SessionFactory sessions;
  private final boolean ownsSessions;
  private final JpaStorageOptions options;
  private final Vendor vendor;
  private final ListCache lists;

  private JpaEntityStorage(SessionFactory sessions, boolean ownsSessions,
      JpaStorageOptions options) {
    this.sessions = sessions;
    this.ownsSessions = ownsSessions;
    this.options = options;
    this.lists = new ListCache(options.listCacheIds());
    this.vendor = vendorOf(sessions.unwrap(SessionFactoryImplementor.class).getJdbcServices()
        .getDialect());
    requireLineageMapping(sessions, vendor);
  }

  /**
   * An adapter over an {@link EntityManagerFactory} that maps Lineage's tables: one built from
   * {@link #persistenceConfiguration(DataSource)}, possibly with the application's own entities
   * added, or one that scans the package {@code dev.lineage.storage.jpa}. The caller keeps
   * ownership: {@link #close()} leaves it open.
   *
   * @throws InvalidInputException if the factory does not map Lineage's row classes, runs on a
   *     database other than PostgreSQL, MariaDB or H2, or keeps ids on MariaDB in another form
   *     than {@code binary(16)}
   */
  public static JpaEntityStorage create(EntityManagerFactory factory) {
    return create(factory, JpaStorageOptions.defaults());
  }

  /** Like {@link #create(EntityManagerFactory)}, with options. */
  public static JpaEntityStorage create(EntityManagerFactory factory, JpaStorageOptions options) {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(options, "options");
    return new JpaEntityStorage(factory.unwrap(SessionFactory.class), false, options);
  }

  /**
   * An adapter that bootstraps Hibernate over {@code dataSource} (a pooled one, such as
   * HikariCP's), without XML. It owns that Hibernate instance: {@link #close()} closes it, not
   * the data source. Call {@link #migrate()} before the first use of a new database.
   */
  public static JpaEntityStorage create(DataSource dataSource) {
    return create(dataSource, JpaStorageOptions.defaults());
  }

  /** Like {@link #create(DataSource)}, with options. */
  public static JpaEntityStorage create(DataSource dataSource, JpaStorageOptions options) {
    Objects.requireNonNull(options, "options");
    PersistenceConfiguration configuration = persistenceConfiguration(dataSource)
        .property(AvailableSettings.STATEMENT_BATCH_SIZE, options.jdbcBatchSize());
    EntityManagerFactory factory;
    try {
      factory = configuration.createEntityManagerFactory();
    } catch (RuntimeException e) {
      throw Failures.translate(e, "starting Hibernate", false);
    }
    try {
      return new JpaEntityStorage(factory.unwrap(SessionFactory.class), true, options);
    } catch (RuntimeException e) {
      factory.close();
      throw e;
    }
  }

  /**
   * A Hibernate persistence configuration that maps Lineage's tables over {@code dataSource},
   * with the settings the adapter needs (ids as {@code binary(16)} on MariaDB, times in UTC, no
   * schema generation, and the JDBC URL Hibernate logs at start without its password). Add the application's entities or properties to it, build the factory
   * and pass it to {@link #create(EntityManagerFactory)}.
   *
   * @throws StorageUnavailableException if the database cannot be reached to tell which it is
   * @throws InvalidInputException if it is not PostgreSQL, MariaDB or H2
   */
  public static HibernatePersistenceConfiguration persistenceConfiguration(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    Vendor vendor = vendorOf(dataSource);
    HibernatePersistenceConfiguration configuration =
        new HibernatePersistenceConfiguration("lineage-jpa");
    ROW_CLASSES.forEach(configuration::managedClass);
    configuration
        .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
        // Hibernate logs the driver's JDBC URL when it starts; some drivers keep the password in it
        .property(AvailableSettings.CONNECTION_PROVIDER,
            new UrlMaskingConnectionProvider(dataSource))
        .property(AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION, "none")
        .property(AvailableSettings.JDBC_TIME_ZONE, "UTC")
        .property(AvailableSettings.PREFERRED_UUID_JDBC_TYPE,
            vendor == Vendor.MARIADB ? SqlTypes.BINARY : SqlTypes.UUID);
    return configuration;
  }

  /**
   * Creates or upgrades Lineage's tables with the versioned Flyway migrations in this jar (their
   * own history table, {@code lineage_jpa_schema_history}), then, unless the options say
   * otherwise, checks that the tables match the adapter's mapping. Safe to call on every start:
   * applied migrations are skipped. Tables of the application in the same schema are left alone.
   *
   * @throws StorageUnavailableException if a migration cannot be applied
   * @throws UnreadableDataException if the tables do not match the mapping
   */
  public void migrate() {
    try {
      Flyway.configure(JpaEntityStorage.class.getClassLoader())
          .dataSource(migrationDataSource())
          .locations(MIGRATIONS + vendor.folder())
          .table(SCHEMA_HISTORY)
          // the schema may hold the application's tables already: start from version 0
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new StorageUnavailableException("migrating Lineage's tables on " + vendor.folder()
          + " failed: " + Credentials.mask(e.getMessage()), e);
    }
    if (options.validateSchema()) {
      try {
        sessions.getSchemaManager().validateMappedObjects();
      } catch (HibernateException e) {
        throw new UnreadableDataException(
            "Lineage's tables do not match the adapter's mapping: " + e.getMessage(), e);
      }
    }
  }

  /** Closes the Hibernate instance if this adapter started it; else does nothing. */
  @Override
  public void close() {
    if (ownsSessions) {
      sessions.close();
    }
  }

  @Override
  public void commit(Commit commit) {
    Objects.requireNonNull(commit, "commit");
    for (VersionRecord version : commit.versions()) {
      checkStorable(version);
    }
    VersionRecord root = commit.root();
    String what = "commit of " + root.type() + " version " + root.ecsId()
        + (root.parentId() == null ? "" : " (from " + root.parentId() + ")");
    for (int attempt = 1; ; attempt++) {
      try {
        Map<ListCache.Key, ListCache.Known> written = inTransaction(session -> {
          CommitWriter writer =
              new CommitWriter(session, vendor, options.maxIdsPerStatement(), lists);
          writer.write(commit);
          return writer.written();
        });
        // only lists that are stored now may be extended from memory
        written.forEach(lists::put);
        return;
      } catch (LineageException e) {
        throw e;
      } catch (RuntimeException e) {
        if (!Failures.isRace(e)) {
          throw Failures.translate(e, what, false);
        }
        if (attempt >= options.commitAttempts()) {
          throw new ConflictException(what + " lost a race with another commit " + attempt
              + " times; reload and retry", e);
        }
      }
    }
  }

  @Override
  public Map<UUID, VersionRecord> loadGraphs(Collection<UUID> rootIds) {
    Objects.requireNonNull(rootIds, "rootIds");
    if (rootIds.isEmpty()) {
      return Map.of();
    }
    return read("loading the graphs of " + rootIds.size() + " versions",
        session -> loader(session).caching(lists).graphs(rootIds));
  }

  /**
   * Hands each version over as soon as its record is made: a history's messages and usages while
   * the rows after them are still read, the versions that hold lists when their lists are read.
   */
  @Override
  public Map<UUID, VersionRecord> loadGraphs(
      Collection<UUID> rootIds, Consumer<VersionRecord> eachRead) {
    Objects.requireNonNull(rootIds, "rootIds");
    Objects.requireNonNull(eachRead, "eachRead");
    if (rootIds.isEmpty()) {
      return Map.of();
    }
    Consumer<VersionRecord> marked = CallerFailure.marking(eachRead);
    return CallerFailure.unwrapping(() -> read("loading the graphs of " + rootIds.size()
        + " versions", session -> loader(session).caching(lists).handing(marked).graphs(rootIds)));
  }

  @Override
  public Map<UUID, VersionRecord> loadVersions(Collection<UUID> ecsIds) {
    Objects.requireNonNull(ecsIds, "ecsIds");
    if (ecsIds.isEmpty()) {
      return Map.of();
    }
    return read("loading " + ecsIds.size() + " versions",
        session -> loader(session).versions(ecsIds));
  }

  @Override
  public boolean exists(UUID ecsId) {
    Objects.requireNonNull(ecsId, "ecsId");
    return read("looking up version " + ecsId, session ->
        !loader(session).locate(List.of(ecsId))
            .isEmpty());
  }

  @Override
  public Page<VersionRecord> listByType(Set<String> types, PageRequest page) {
    Objects.requireNonNull(types, "types");
    Objects.requireNonNull(page, "page");
    if (types.isEmpty()) {
      return new Page<>(List.of(), Optional.empty());
    }
    Map<String, Listed> entities = new LinkedHashMap<>();
    for (String type : types) {
      TypedMapping<?> mapping = VersionTable.mappingOf(type);
      if (mapping != null) {
        // a tool kind is listed from tool's (tool_type, created_at, ecs_id) index
        String kind = VersionTable.of(type) == VersionTable.TOOL
            ? "type(t) = " + mapping.entityName() : null;
        entities.put(mapping.entityName(), new Listed(VersionTable.of(type), kind));
      }
    }
    // types without a table, and records that did not fit theirs
    List<String> typeList = List.copyOf(types);
    entities.put(VersionTable.GENERIC.entity(), new Listed(VersionTable.GENERIC,
        "t.typeName in " + InList.of("type", typeList.size())));
    return read("listing versions of " + types,
        session -> page(session, entities, "type", typeList, page));
  }

  @Override
  public Page<VersionRecord> listLineage(UUID lineageId, PageRequest page) {
    Objects.requireNonNull(lineageId, "lineageId");
    Objects.requireNonNull(page, "page");
    return read("listing lineage " + lineageId, session -> {
      var query = session.createSelectionQuery("select c.ecsId, c.storedIn from CatalogRow c"
          + " where c.lineageId = :lineage" + (page.after().isPresent()
              ? " and (c.createdAt > :at or (c.createdAt = :at and c.ecsId > :id))" : "")
          + " order by c.createdAt, c.ecsId limit " + (page.limit() + 1), Object[].class)
          .setParameter("lineage", lineageId);
      page.after().ifPresent(cursor ->
          query.setParameter("at", cursor.createdAt()).setParameter("id", cursor.ecsId()));
      Map<UUID, VersionTable> located = new LinkedHashMap<>();
      for (Object[] row : query.getResultList()) {
        located.put((UUID) row[0], GraphLoader.catalogued((UUID) row[0], (String) row[1]));
      }
      return pageOf(session, located, page);
    });
  }

  @Override
  public Page<VersionRecord> listAll(PageRequest page) {
    Objects.requireNonNull(page, "page");
    return read("listing all versions", session -> {
      var query = session.createSelectionQuery("select c.ecsId, c.storedIn from CatalogRow c"
          + (page.after().isPresent()
              ? " where c.createdAt > :at or (c.createdAt = :at and c.ecsId > :id)" : "")
          + " order by c.createdAt, c.ecsId limit " + (page.limit() + 1), Object[].class);
      page.after().ifPresent(cursor ->
          query.setParameter("at", cursor.createdAt()).setParameter("id", cursor.ecsId()));
      Map<UUID, VersionTable> located = new LinkedHashMap<>();
      for (Object[] row : query.getResultList()) {
        located.put((UUID) row[0], GraphLoader.catalogued((UUID) row[0], (String) row[1]));
      }
      return pageOf(session, located, page);
    });
  }

  /**
   * Checks every catalogued version, page by page, and reports each problem instead of failing
   * on it: a row that cannot be read is an {@link IntegrityReport.Kind#UNREADABLE} problem naming
   * its table and {@code ecs_id}; references and parents resolve, parents share the lineage, old
   * ids chain (as {@link IntegrityReport#check} checks); and what only this layout shows: catalog
   * rows that disagree with their rows or have none, version rows without a catalog row, list
   * digests that do not match their items, generic references that differ from the body,
   * successor rows naming versions that are not stored, and list segments or items no version
   * reaches. Reads the whole store; the module's README lists every check and its kind.
   *
   * @throws StorageUnavailableException if the database cannot be reached
   */
  @Override
  public IntegrityReport verify() {
    return new Verifier(this, vendor, options.maxIdsPerStatement()).run();
  }

  @Override
  public StorageStatus status() {
    return read("counting versions", session -> {
      Object[] counts = session.createSelectionQuery(
              "select count(c), count(distinct c.lineageId) from CatalogRow c", Object[].class)
          .getSingleResult();
      return new StorageStatus("jpa/" + vendor.folder(), ((Number) counts[0]).longValue(),
          ((Number) counts[1]).longValue());
    });
  }

  /** A row entity a listing reads: the table it lies in, and its condition (or null). */
  private record Listed(VersionTable table, String condition) {}

  /**
   * One page in creation order over some entities: each takes the first {@code limit + 1} rows
   * after the cursor from its own index, then the union is cut to {@code limit + 1}.
   */
  private Page<VersionRecord> page(StatelessSession session, Map<String, Listed> entities,
      String parameter, List<String> values, PageRequest page) {
    int fetch = page.limit() + 1;
    String after = page.after().isPresent()
        ? " and (t.createdAt > :at or (t.createdAt = :at and t.ecsId > :id))" : "";
    StringBuilder union = new StringBuilder();
    for (Map.Entry<String, Listed> entity : entities.entrySet()) {
      String condition = entity.getValue().condition();
      union.append(union.length() == 0 ? "" : " union all ")
          .append("(select ").append(entity.getValue().table().ordinal())
          .append(" as tab, t.ecsId as id, t.createdAt as at from ").append(entity.getKey())
          .append(" t where ").append(condition == null ? "true" : condition).append(after)
          .append(" order by t.createdAt, t.ecsId limit ").append(fetch).append(')');
    }
    var query = session.createSelectionQuery("select x.tab, x.id from (" + union + ") x"
        + " order by x.at, x.id limit " + fetch, Object[].class);
    InList.bind(query, parameter, values);
    page.after().ifPresent(cursor ->
        query.setParameter("at", cursor.createdAt()).setParameter("id", cursor.ecsId()));
    Map<UUID, VersionTable> located = new LinkedHashMap<>();
    for (Object[] row : query.getResultList()) {
      located.put((UUID) row[1], VersionTable.values()[((Number) row[0]).intValue()]);
    }
    return pageOf(session, located, page);
  }

  /**
   * The page of the versions {@code located} names, in its order: up to the limit, with a cursor
   * when {@code located} holds one more.
   */
  private Page<VersionRecord> pageOf(StatelessSession session,
      Map<UUID, VersionTable> located, PageRequest page) {
    Map<UUID, VersionTable> shown = new LinkedHashMap<>();
    for (Map.Entry<UUID, VersionTable> entry : located.entrySet()) {
      if (shown.size() < page.limit()) {
        shown.put(entry.getKey(), entry.getValue());
      }
    }
    Map<UUID, VersionRecord> records = loader(session).versionsAt(shown);
    List<VersionRecord> items = new ArrayList<>(shown.size());
    for (UUID id : shown.keySet()) {
      VersionRecord record = records.get(id);
      if (record != null) {
        items.add(record);
      }
    }
    Optional<Cursor> next = located.size() > page.limit() && !items.isEmpty()
        ? Optional.of(Cursor.after(items.get(items.size() - 1)))
        : Optional.empty();
    return new Page<>(items, next);
  }

  /** Refuses, before anything is written, what no table of this adapter can hold. */
  private static void checkStorable(VersionRecord version) {
    Instant createdAt = version.createdAt();
    if (!ColumnKind.isStorableTime(createdAt)) {
      throw new InvalidInputException("version " + version.ecsId() + " (" + version.type()
          + "): createdAt " + createdAt + " is outside the years 1000 to 9999 this adapter keeps");
    }
    if (VersionTable.mappingOf(version.type()) == null
        && version.type().length() > GenericRow.MAX_TYPE_NAME) {
      throw new InvalidInputException("version " + version.ecsId() + ": its type name is longer"
          + " than the " + GenericRow.MAX_TYPE_NAME + " characters this adapter keeps");
    }
  }

  /** Runs {@code work} in a transaction of its own; only the port's exceptions leave. */
  <T> T read(String what, Function<StatelessSession, T> work) {
    try {
      return inTransaction(work);
    } catch (CallerFailure e) {
      throw e;
    } catch (RuntimeException e) {
      throw Failures.translate(e, what, true);
    }
  }

  private <T> T inTransaction(Function<StatelessSession, T> work) {
    if (sessions.isClosed()) {
      throw new StorageUnavailableException("this JpaEntityStorage is closed");
    }
    try (StatelessSession session = sessions.openStatelessSession()) {
      session.setJdbcBatchSize(options.jdbcBatchSize());
      Transaction transaction = session.beginTransaction();
      try {
        T result = work.apply(session);
        transaction.commit();
        return result;
      } catch (RuntimeException e) {
        if (transaction.isActive()) {
          try {
            transaction.rollback();
          } catch (RuntimeException rollbackFailure) {
            e.addSuppressed(rollbackFailure);
          }
        }
        throw e;
      }
    }
  }

  private GraphLoader loader(StatelessSession session) {
    return new GraphLoader(session, vendor, options.maxIdsPerStatement());
  }

  private DataSource migrationDataSource() {
    ConnectionProvider provider = sessions.unwrap(SessionFactoryImplementor.class)
        .getServiceRegistry().getService(ConnectionProvider.class);
    if (provider != null && provider.isUnwrappableAs(DataSource.class)) {
      return provider.unwrap(DataSource.class);
    }
    throw new InvalidInputException("migrate() needs the EntityManagerFactory to run on a"
        + " DataSource (jakarta.persistence.nonJtaDataSource); build it from"
        + " JpaEntityStorage.persistenceConfiguration(dataSource)");
  }

  private static Vendor vendorOf(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      String product = connection.getMetaData().getDatabaseProductName();
      switch (product) {
        case "PostgreSQL":
          return Vendor.POSTGRESQL;
        case "MariaDB":
          return Vendor.MARIADB;
        case "H2":
          return Vendor.H2;
        default:
          throw new InvalidInputException("Lineage's JPA adapter runs on PostgreSQL, MariaDB"
              + " and H2, not on " + product);
      }
    } catch (SQLException e) {
      throw new StorageUnavailableException("cannot connect to tell which database this is: "
          + Credentials.mask(e.getMessage()), e);
    }
  }

  private static Vendor vendorOf(Dialect dialect) {
    if (dialect instanceof PostgreSQLDialect) {
      return Vendor.POSTGRESQL;
    }
    if (dialect instanceof MariaDBDialect) {
      return Vendor.MARIADB;
    }
    if (dialect instanceof H2Dialect) {
      return Vendor.H2;
    }
    throw new InvalidInputException("Lineage's JPA adapter runs on PostgreSQL, MariaDB and H2,"
        + " not with " + dialect.getClass().getName());
  }

  private static void requireLineageMapping(SessionFactory sessions, Vendor vendor) {
    var metamodel = sessions.unwrap(SessionFactoryImplementor.class).getMappingMetamodel();
    for (Class<?> rowClass : ROW_CLASSES) {
      if (metamodel.findEntityDescriptor(rowClass) == null) {
        throw new InvalidInputException("the EntityManagerFactory does not map "
            + rowClass.getSimpleName() + "; build it from"
            + " JpaEntityStorage.persistenceConfiguration(dataSource)");
      }
    }
    int idType = metamodel.getEntityDescriptor(ChatThreadRow.class).getIdentifierMapping()
        .getSingleJdbcMapping().getJdbcType().getDdlTypeCode();
    if (vendor == Vendor.MARIADB && idType != SqlTypes.BINARY) {
      throw new InvalidInputException("on MariaDB, Lineage keeps ids as binary(16): set "
          + AvailableSettings.PREFERRED_UUID_JDBC_TYPE + " to BINARY (as"
          + " JpaEntityStorage.persistenceConfiguration does)");
    }
  }
}
