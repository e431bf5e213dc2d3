package dev.lineage.storage.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.domain.EntityRegistry;
import dev.lineage.testdb.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import org.postgresql.core.BaseConnection;

/**
 * D-40 and D-41, counted: appending a turn to a thread of 10 messages and of 1,000 messages runs
 * the same statements and writes the same rows and (to the digits of a length) the same bytes, and
 * loading either thread runs the same statements. Statements are counted where they reach the
 * driver, on the connections of the data source the adapter is given (the adapter runs its
 * PostgreSQL commit through plain JDBC, not JDBI, and streams a graph's read there through the
 * driver's {@code COPY} API); a batch is one statement.
 */
class StatementCountTest {

  /** Counts the statements run on its connections and keeps their text, for failure messages. */
  static final class Counter {
    final AtomicInteger count = new AtomicInteger();
    final List<String> statements = new ArrayList<>();

    /** {@code dataSource}, with every statement run on its connections counted here. */
    DataSource counting(DataSource dataSource) {
      return (DataSource) proxy(DataSource.class, dataSource, (method, args, result) ->
          method.getName().equals("getConnection")
              ? proxy(Connection.class, result, this::statement)
              : result);
    }

    private Object statement(Method method, Object[] args, Object result) {
      if (result instanceof PGConnection driver && method.getName().equals("unwrap")) {
        return proxy(PGConnection.class, driver, (m, a, r) -> m.getName().equals("getCopyAPI")
            ? countingCopies((BaseConnection) driver) : r);
      }
      if (result instanceof Statement statement) {
        String prepared = method.getName().startsWith("prepare") ? (String) args[0] : null;
        Class<?> type = result instanceof PreparedStatement
            ? PreparedStatement.class : Statement.class;
        return proxy(type, statement, (m, a, r) -> {
          if (m.getName().startsWith("execute")) {
            executed(prepared != null ? prepared : String.valueOf(a[0]));
          }
          return r;
        });
      }
      return result;
    }

    private CopyManager countingCopies(BaseConnection driver) {
      try {
        return new CopyManager(driver) {
          @Override
          public CopyOut copyOut(String sql) throws SQLException {
            executed(sql);
            return super.copyOut(sql);
          }
        };
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    private synchronized void executed(String sql) {
      count.incrementAndGet();
      statements.add(sql);
    }

    synchronized void reset() {
      count.set(0);
      statements.clear();
    }

    synchronized String seen() {
      return String.join("\n", statements);
    }
  }

  /** What a proxy does with the result of a call it passed on. */
  private interface AfterCall {
    Object apply(Method method, Object[] args, Object result);
  }

  /** {@code target} seen as {@code type}, with {@code after} applied to every call's result. */
  private static Object proxy(Class<?> type, Object target, AfterCall after) {
    return Proxy.newProxyInstance(StatementCountTest.class.getClassLoader(),
        new Class<?>[] {type}, (self, method, args) -> {
          try {
            return after.apply(method, args, method.invoke(target, args));
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** What one append and one load cost. */
  record Cost(int appendStatements, int coldAppendStatements, int loadStatements,
      long versionRows, long linkRows, long bytes) {}

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.class)
  @DisplayName("a turn and a load cost the same at 10 and at 1,000 messages")
  void sameCostAtEveryLength(TestDatabase database) throws SQLException {
    // given
    DataSource dataSource = database.namespace("jdbi_counts");
    Counter counter = new Counter();
    Jdbi jdbi = Jdbi.create(counter.counting(dataSource));
    JdbiEntityStorage storage = JdbiEntityStorage.create(jdbi, JdbiStorageOptions.defaults());
    storage.migrate();
    // when
    Cost short_ = cost(storage, jdbi, counter, dataSource, 10);
    Cost long_ = cost(storage, jdbi, counter, dataSource, 1_000);
    // then
    System.out.println("[jdbi costs] " + database + ": at 10 messages " + short_
        + "; at 1,000 messages " + long_);
    assertThat(long_.appendStatements()).isEqualTo(short_.appendStatements());
    assertThat(long_.coldAppendStatements()).isEqualTo(short_.coldAppendStatements());
    assertThat(long_.loadStatements()).isEqualTo(short_.loadStatements());
    assertThat(long_.versionRows()).isEqualTo(short_.versionRows()).isEqualTo(4);
    assertThat(long_.linkRows()).isEqualTo(short_.linkRows());
    assertThat(long_.bytes()).isBetween(short_.bytes(), short_.bytes() + 8);
    Dialect dialect = dialect(dataSource);
    // the new entities' ids were made by their constructors, so nothing is looked up; the
    // commit is one statement on PostgreSQL, one multi-row insert per table elsewhere
    assertThat(short_.appendStatements()).isEqualTo(dialect == Dialect.POSTGRESQL ? 1 : 2);
    // a process that never saw the thread reads the parent's list descriptors, and (once per
    // process) the ids of the type names and of the field names' shapes
    assertThat(short_.coldAppendStatements()).isEqualTo(short_.appendStatements() + 3);
    // one statement for the whole graph; on MariaDB two (the lists' positions apart); on H2 one
    // per level: thread, messages, usages
    assertThat(short_.loadStatements()).isEqualTo(switch (dialect) {
      case POSTGRESQL -> 1;
      case MARIADB -> 2;
      case H2 -> 3;
    });
  }

  private static Cost cost(JdbiEntityStorage storage, Jdbi jdbi, Counter counter,
      DataSource dataSource, int messages) throws SQLException {
    EntityRegistry registry = EntityRegistry.over(storage);
    TestThread thread = new TestThread("thread of " + messages);
    for (int i = 0; i < messages / 2; i++) {
      thread.addTurn();
    }
    registry.register(thread);

    long versionsBefore = count(dataSource, "lineage_version");
    long linksBefore = count(dataSource, "lineage_link");
    counter.reset();
    thread.addTurn();
    registry.commit(thread);
    int appendStatements = counter.count.get();
    String appended = counter.seen();
    long versionRows = count(dataSource, "lineage_version") - versionsBefore;
    long linkRows = count(dataSource, "lineage_link") - linksBefore;
    TestThread.Message assistant = thread.history.get(thread.history.size() - 1);
    long bytes = bytes(dataSource, List.of(thread.ecsId(), assistant.ecsId(),
        assistant.usage.ecsId(), thread.history.get(thread.history.size() - 2).ecsId()));

    counter.reset();
    TestThread read = registry.get(thread.ecsId(), TestThread.class).orElseThrow();
    int loadStatements = counter.count.get();
    if (dialect(dataSource) == Dialect.POSTGRESQL) { // streamed, decoded as its rows arrive
      assertThat(counter.seen()).startsWith("COPY (WITH RECURSIVE");
    }
    assertThat(read.history).hasSize(messages + 2);
    assertThat(read.history.get(messages + 1).usage.promptTokens).isEqualTo(900);

    EntityRegistry cold = EntityRegistry.over(
        JdbiEntityStorage.create(jdbi, JdbiStorageOptions.defaults()));
    read.addTurn();
    counter.reset();
    cold.commit(read);
    int coldAppendStatements = counter.count.get();
    assertThat(registry.get(read.ecsId(), TestThread.class).orElseThrow().history)
        .hasSize(messages + 4);
    assertThat(appendStatements).as("statements of one append:\n%s", appended).isPositive();
    return new Cost(appendStatements, coldAppendStatements, loadStatements, versionRows,
        linkRows, bytes);
  }

  private static long count(DataSource dataSource, String table) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT COUNT(*) FROM " + table);
        ResultSet row = statement.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  /** The characters of the JSON and old ids the given versions were stored with. */
  private static long bytes(DataSource dataSource, List<UUID> ids) throws SQLException {
    Dialect dialect = dialect(dataSource);
    long total = 0;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "SELECT fields, old_ids FROM lineage_version WHERE ecs_id = ?")) {
      for (UUID id : ids) {
        dialect.setId(statement, 1, id);
        try (ResultSet row = statement.executeQuery()) {
          assertThat(row.next()).as("version %s is stored", id).isTrue();
          total += row.getString(1).length();
          String oldIds = row.getString(2);
          total += oldIds == null ? 0 : oldIds.length();
        }
      }
    }
    return total;
  }

  private static Dialect dialect(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return Dialect.of(connection);
    }
  }
}
