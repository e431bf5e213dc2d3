package dev.lineage.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The layout of the system Lineage re-implements, in raw JDBC: every thread version has one
 * history row per message (reference 3.5, {@code thread_message_history}), so a turn writes
 * N + 2 history rows; a version reads with one positional join, the fastest read measured. The
 * history of the parent is copied inside the database ({@code INSERT ... SELECT}), the cheapest
 * way to write this layout.
 */
final class ReferenceLayoutSubject extends RawSqlSubject {

  private UUID threadId;
  private UUID versionId;
  private int messageCount;

  ReferenceLayoutSubject(DataSource dataSource, String database) {
    this(dataSource, database, true);
  }

  private ReferenceLayoutSubject(DataSource dataSource, String database, boolean createTables) {
    super(dataSource, database);
    if (!createTables) {
      return;
    }
    Sql.run(dataSource,
        "CREATE TABLE ref_message (id " + Sql.UUID_TYPE + " PRIMARY KEY,"
            + " thread_id " + Sql.UUID_TYPE + " NOT NULL, position INT NOT NULL,"
            + " role VARCHAR(16) NOT NULL, content TEXT NOT NULL, model VARCHAR(64),"
            + " prompt_tokens INT, completion_tokens INT, total_tokens INT,"
            + " created_at TIMESTAMP(3) NOT NULL)",
        "CREATE TABLE ref_thread_version (id " + Sql.UUID_TYPE + " PRIMARY KEY,"
            + " thread_id " + Sql.UUID_TYPE + " NOT NULL, parent_id " + Sql.UUID_TYPE + ","
            + " created_at TIMESTAMP(3) NOT NULL)",
        "CREATE TABLE ref_history (thread_version " + Sql.UUID_TYPE + " NOT NULL,"
            + " position INT NOT NULL, message_id " + Sql.UUID_TYPE + " NOT NULL,"
            + " PRIMARY KEY (thread_version, position))");
  }

  @Override
  public String name() {
    return "reference layout (raw JDBC)";
  }

  @Override
  public void startThread(int messages) {
    threadId = UUID.randomUUID();
    versionId = null;
    messageCount = 0;
    Sql.transaction(dataSource, connection -> {
      UUID version = insertVersion(connection);
      try (PreparedStatement message = insertMessage(connection);
          PreparedStatement history = insertHistory(connection)) {
        for (int i = 0; i < messages; i += 2) {
          addTurn(message, history, version, Turn.number(i / 2), i);
        }
        message.executeBatch();
        history.executeBatch();
      }
      versionId = version;
    });
    messageCount = messages;
  }

  @Override
  public void appendTurn(Turn turn) {
    Sql.transaction(dataSource, connection -> {
      UUID previous = versionId;
      UUID version = insertVersion(connection);
      try (PreparedStatement copy = connection.prepareStatement(
          "INSERT INTO ref_history (thread_version, position, message_id)"
              + " SELECT ?, position, message_id FROM ref_history WHERE thread_version = ?")) {
        copy.setObject(1, version);
        copy.setObject(2, previous);
        copy.executeUpdate();
      }
      try (PreparedStatement message = insertMessage(connection);
          PreparedStatement history = insertHistory(connection)) {
        addTurn(message, history, version, turn, messageCount);
        message.executeBatch();
        history.executeBatch();
      }
      versionId = version;
    });
    messageCount += 2;
  }

  @Override
  public int loadLatest() {
    return Sql.query(dataSource,
        "SELECT m.id, m.role, m.content, m.model, m.prompt_tokens, m.completion_tokens,"
            + " m.total_tokens FROM ref_history h JOIN ref_message m ON m.id = h.message_id"
            + " WHERE h.thread_version = ? ORDER BY h.position",
        statement -> statement.setObject(1, versionId));
  }

  @Override
  public int listVersions() {
    return Sql.query(dataSource,
        "SELECT id, parent_id, created_at FROM ref_thread_version WHERE thread_id = ?"
            + " ORDER BY created_at, id",
        statement -> statement.setObject(1, threadId));
  }

  @Override
  public Subject another() {
    return new ReferenceLayoutSubject(dataSource, database(), false);
  }

  private UUID insertVersion(Connection connection) throws SQLException {
    UUID version = UUID.randomUUID();
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO ref_thread_version (id, thread_id, parent_id, created_at)"
            + " VALUES (?, ?, ?, ?)")) {
      insert.setObject(1, version);
      insert.setObject(2, threadId);
      insert.setObject(3, versionId);
      insert.setTimestamp(4, Timestamp.from(Instant.now()));
      insert.executeUpdate();
    }
    return version;
  }

  private static PreparedStatement insertMessage(Connection connection) throws SQLException {
    return connection.prepareStatement(
        "INSERT INTO ref_message (id, thread_id, position, role, content, model, prompt_tokens,"
            + " completion_tokens, total_tokens, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  }

  private static PreparedStatement insertHistory(Connection connection) throws SQLException {
    return connection.prepareStatement(
        "INSERT INTO ref_history (thread_version, position, message_id) VALUES (?, ?, ?)");
  }

  private void addTurn(PreparedStatement message, PreparedStatement history, UUID version,
      Turn turn, int position) throws SQLException {
    Timestamp now = Timestamp.from(Instant.now());
    for (int i = 0; i < 2; i++) {
      boolean user = i == 0;
      UUID messageId = UUID.randomUUID();
      Sql.bindMessage(message, messageId, threadId, position + i, user ? "user" : "assistant",
          user ? turn.userText() : turn.assistantText(), user ? null : turn, now);
      message.addBatch();
      history.setObject(1, version);
      history.setInt(2, position + i);
      history.setObject(3, messageId);
      history.addBatch();
    }
  }
}
