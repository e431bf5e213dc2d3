package dev.lineage.benchmarks;

import com.mongodb.client.MongoDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.javers.core.Javers;
import org.javers.core.JaversBuilder;
import org.javers.core.metamodel.annotation.Id;
import org.javers.core.metamodel.annotation.TypeName;
import org.javers.core.metamodel.annotation.ValueObject;
import org.javers.repository.jql.QueryBuilder;
import org.javers.repository.mongo.MongoRepository;
import org.javers.repository.sql.ConnectionProvider;
import org.javers.repository.sql.DialectName;
import org.javers.repository.sql.SqlRepositoryBuilder;

/**
 * JaVers, the closest peer, keeping the same thread: the thread object is committed after every
 * turn, as JaVers users audit an aggregate. JaVers diffs the whole object graph against its latest
 * snapshots on every commit, which is why its cost grows with the thread.
 */
final class JaversSubject implements Subject {

  /** The thread as JaVers sees it: an entity owning message entities. */
  @TypeName("BenchThread")
  static final class JvThread {
    @Id String id;
    List<JvMessage> messages = new ArrayList<>();
  }

  /** A message: an entity with an id of its own. */
  @TypeName("BenchMessage")
  static final class JvMessage {
    @Id String id;
    String role;
    String content;
    JvUsage usage;
  }

  /** Token usage: a value object inside its message. */
  @ValueObject
  static final class JvUsage {
    String model;
    int promptTokens;
    int completionTokens;
    int totalTokens;
  }

  /** How many snapshots a history query asks JaVers for: more than any benchmark makes. */
  private static final int HISTORY_LIMIT = 100_000;

  private final Javers javers;
  private final String database;
  private final Transactions transactions;
  private final Supplier<StorageFootprint> footprint;
  private final Runnable statistics;
  private JvThread thread;

  /** Wraps a unit of work in whatever transaction the repository needs. */
  interface Transactions {
    void inTransaction(Runnable work);
  }

  private JaversSubject(Javers javers, String database, Transactions transactions,
      Supplier<StorageFootprint> footprint, Runnable statistics) {
    this.javers = javers;
    this.database = database;
    this.transactions = transactions;
    this.footprint = footprint;
    this.statistics = statistics;
  }

  /** JaVers with its SQL repository on PostgreSQL, one transaction per commit. */
  static JaversSubject onPostgres(DataSource dataSource) {
    ThreadLocal<Connection> current = new ThreadLocal<>();
    ConnectionProvider provider = current::get;
    Transactions transactions = work -> {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(false);
        current.set(connection);
        try {
          work.run();
          connection.commit();
        } catch (RuntimeException e) {
          connection.rollback();
          throw e;
        } finally {
          current.remove();
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    };
    Javers[] javers = new Javers[1];
    transactions.inTransaction(() -> javers[0] = JaversBuilder.javers()
        .registerJaversRepository(SqlRepositoryBuilder.sqlRepository()
            .withConnectionProvider(provider)
            .withDialect(DialectName.POSTGRES)
            .withSchemaManagementEnabled(true)
            .build())
        .build());
    return new JaversSubject(javers[0], "PostgreSQL", transactions,
        () -> SqlFootprint.of(dataSource), () -> SqlFootprint.refreshStatistics(dataSource));
  }

  /** JaVers with its MongoDB repository. */
  static JaversSubject onMongo(MongoDatabase database, String databaseName) {
    Javers javers = JaversBuilder.javers()
        .registerJaversRepository(new MongoRepository(database))
        .build();
    return new JaversSubject(javers, databaseName, Runnable::run,
        () -> MongoFootprint.of(database), () -> { });
  }

  @Override
  public String name() {
    return "JaVers 7.10.0";
  }

  @Override
  public String database() {
    return database;
  }

  @Override
  public void startThread(int messages) {
    thread = new JvThread();
    thread.id = UUID.randomUUID().toString();
    for (int i = 0; i < messages; i += 2) {
      addTurn(Turn.number(i / 2));
    }
    transactions.inTransaction(() -> javers.commit("bench", thread));
  }

  @Override
  public void appendTurn(Turn turn) {
    addTurn(turn);
    transactions.inTransaction(() -> javers.commit("bench", thread));
  }

  @Override
  public int loadLatest() {
    int[] count = new int[1];
    transactions.inTransaction(() -> count[0] = javers
        .findShadows(QueryBuilder.byInstanceId(thread.id, JvThread.class)
            .withChildValueObjects()
            .withScopeDeepPlus(Integer.MAX_VALUE)
            .limit(1)
            .build())
        .stream()
        .findFirst()
        .map(shadow -> ((JvThread) shadow.get()).messages.size())
        .orElse(0));
    return count[0];
  }

  @Override
  public int listVersions() {
    int[] count = new int[1];
    transactions.inTransaction(() -> count[0] = javers
        .findSnapshots(QueryBuilder.byInstanceId(thread.id, JvThread.class)
            .limit(HISTORY_LIMIT)
            .build())
        .size());
    return count[0];
  }

  @Override
  public Subject another() {
    return new JaversSubject(javers, database, transactions, footprint, statistics);
  }

  @Override
  public void refreshStatistics() {
    statistics.run();
  }

  @Override
  public StorageFootprint footprint() {
    return footprint.get();
  }

  @Override
  public void close() {}

  private void addTurn(Turn turn) {
    JvMessage user = new JvMessage();
    user.id = UUID.randomUUID().toString();
    user.role = "user";
    user.content = turn.userText();
    JvMessage assistant = new JvMessage();
    assistant.id = UUID.randomUUID().toString();
    assistant.role = "assistant";
    assistant.content = turn.assistantText();
    assistant.usage = new JvUsage();
    assistant.usage.model = turn.model();
    assistant.usage.promptTokens = turn.promptTokens();
    assistant.usage.completionTokens = turn.completionTokens();
    assistant.usage.totalTokens = turn.totalTokens();
    thread.messages.add(user);
    thread.messages.add(assistant);
  }
}
