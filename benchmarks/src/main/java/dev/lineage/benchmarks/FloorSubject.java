package dev.lineage.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The floor: the least any store of a branch-free, append-only conversation must write per turn,
 * in raw JDBC. Two message rows and one thread-version row per turn; a thread version is the
 * first {@code message_count} messages of its thread, read with one query.
 */
final class FloorSubject extends RawSqlSubject {

  private UUID threadId;
  private UUID versionId;
  private int messageCount;

  FloorSubject(DataSource dataSource, String database) {
    this(dataSource, database, true);
  }

  private FloorSubject(DataSource dataSource, String database, boolean createTables) {
    super(dataSource, database);
    if (!createTables) {
      return;
    }
    Sql.run(dataSource,
        "CREATE TABLE floor_message (id " + Sql.UUID_TYPE + " PRIMARY KEY,"
            + " thread_id " + Sql.UUID_TYPE + " NOT NULL, position INT NOT NULL,"
            + " role VARCHAR(16) NOT NULL, content TEXT NOT NULL, model VARCHAR(64),"
            + " prompt_tokens INT, completion_tokens INT, total_tokens INT,"
            + " created_at TIMESTAMP(3) NOT NULL)",
        "CREATE UNIQUE INDEX floor_message_position ON floor_message (thread_id, position)",
        "CREATE TABLE floor_thread_version (id " + Sql.UUID_TYPE + " PRIMARY KEY,"
            + " thread_id " + Sql.UUID_TYPE + " NOT NULL,"
            + " parent_id " + Sql.UUID_TYPE + ", message_count INT NOT NULL,"
            + " created_at TIMESTAMP(3) NOT NULL)",
        "CREATE INDEX floor_thread_version_thread ON floor_thread_version (thread_id)");
  }

  @Override
  public String name() {
    return "floor (raw JDBC)";
  }

  @Override
  public void startThread(int messages) {
    threadId = UUID.randomUUID();
    versionId = null;
    messageCount = 0;
    Sql.transaction(dataSource, connection -> {
      try (PreparedStatement insert = insertMessage(connection)) {
        for (int i = 0; i < messages; i += 2) {
          addTurn(insert, Turn.number(i / 2), i);
        }
        insert.executeBatch();
      }
      insertVersion(connection, messages);
    });
    messageCount = messages;
  }

  @Override
  public void appendTurn(Turn turn) {
    Sql.transaction(dataSource, connection -> {
      try (PreparedStatement insert = insertMessage(connection)) {
        addTurn(insert, turn, messageCount);
        insert.executeBatch();
      }
      insertVersion(connection, messageCount + 2);
    });
    messageCount += 2;
  }

  @Override
  public int loadLatest() {
    return Sql.query(dataSource,
        "SELECT m.id, m.role, m.content, m.model, m.prompt_tokens, m.completion_tokens,"
            + " m.total_tokens FROM floor_message m WHERE m.thread_id = ? AND m.position <"
            + " (SELECT message_count FROM floor_thread_version WHERE id = ?)"
            + " ORDER BY m.position",
        statement -> {
          statement.setObject(1, threadId);
          statement.setObject(2, versionId);
        });
  }

  @Override
  public int listVersions() {
    return Sql.query(dataSource,
        "SELECT id, parent_id, message_count, created_at FROM floor_thread_version"
            + " WHERE thread_id = ? ORDER BY created_at, id",
        statement -> statement.setObject(1, threadId));
  }

  @Override
  public Subject another() {
    return new FloorSubject(dataSource, database(), false);
  }

  private static PreparedStatement insertMessage(Connection connection) throws SQLException {
    return connection.prepareStatement(
        "INSERT INTO floor_message (id, thread_id, position, role, content, model, prompt_tokens,"
            + " completion_tokens, total_tokens, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  }

  private void addTurn(PreparedStatement insert, Turn turn, int position) throws SQLException {
    Timestamp now = Timestamp.from(Instant.now());
    Sql.bindMessage(insert, UUID.randomUUID(), threadId, position, "user", turn.userText(), null, now);
    insert.addBatch();
    Sql.bindMessage(insert, UUID.randomUUID(), threadId, position + 1, "assistant",
        turn.assistantText(), turn, now);
    insert.addBatch();
  }

  private void insertVersion(Connection connection, int count) throws SQLException {
    UUID next = UUID.randomUUID();
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO floor_thread_version (id, thread_id, parent_id, message_count, created_at)"
            + " VALUES (?, ?, ?, ?, ?)")) {
      insert.setObject(1, next);
      insert.setObject(2, threadId);
      insert.setObject(3, versionId);
      insert.setInt(4, count);
      insert.setTimestamp(5, Timestamp.from(Instant.now()));
      insert.executeUpdate();
    }
    versionId = next;
  }

}
