package dev.lineage.benchmarks;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;

/**
 * The floor on MongoDB, with the raw driver: two message documents and one thread-version document
 * per turn; a version reads as the first {@code messageCount} messages of its thread, one query.
 */
final class MongoFloorSubject implements Subject {

  private final MongoDatabase database;
  private final String databaseName;
  private final MongoCollection<Document> messages;
  private final MongoCollection<Document> versions;
  private String threadId;
  private String versionId;
  private int messageCount;

  MongoFloorSubject(MongoDatabase database, String databaseName) {
    this.database = database;
    this.databaseName = databaseName;
    this.messages = database.getCollection("floor_message");
    this.versions = database.getCollection("floor_thread_version");
    messages.createIndex(Indexes.ascending("threadId", "position"));
    versions.createIndex(Indexes.ascending("threadId", "createdAt"));
  }

  @Override
  public String name() {
    return "floor (raw driver)";
  }

  @Override
  public String database() {
    return databaseName;
  }

  @Override
  public void startThread(int count) {
    threadId = UUID.randomUUID().toString();
    versionId = null;
    List<Document> batch = new ArrayList<>();
    for (int i = 0; i < count; i += 2) {
      batch.addAll(turnDocuments(Turn.number(i / 2), i));
    }
    if (!batch.isEmpty()) {
      messages.insertMany(batch);
    }
    messageCount = count;
    insertVersion();
  }

  @Override
  public void appendTurn(Turn turn) {
    messages.insertMany(turnDocuments(turn, messageCount));
    messageCount += 2;
    insertVersion();
  }

  @Override
  public int loadLatest() {
    Document version = versions.find(Filters.eq("_id", versionId)).first();
    int count = version.getInteger("messageCount");
    int loaded = 0;
    for (Document ignored : messages.find(Filters.and(Filters.eq("threadId", threadId),
        Filters.lt("position", count))).sort(Sorts.ascending("position"))) {
      loaded++;
    }
    return loaded;
  }

  @Override
  public int listVersions() {
    int count = 0;
    for (Document ignored : versions.find(Filters.eq("threadId", threadId))
        .sort(Sorts.ascending("createdAt", "_id"))) {
      count++;
    }
    return count;
  }

  @Override
  public Subject another() {
    return new MongoFloorSubject(database, databaseName);
  }

  @Override
  public StorageFootprint footprint() {
    return MongoFootprint.of(database);
  }

  @Override
  public void close() {}

  private List<Document> turnDocuments(Turn turn, int position) {
    Date now = new Date();
    return List.of(
        new Document("_id", UUID.randomUUID().toString()).append("threadId", threadId)
            .append("position", position).append("role", "user")
            .append("content", turn.userText()).append("createdAt", now),
        new Document("_id", UUID.randomUUID().toString()).append("threadId", threadId)
            .append("position", position + 1).append("role", "assistant")
            .append("content", turn.assistantText()).append("createdAt", now)
            .append("usage", new Document("model", turn.model())
                .append("promptTokens", turn.promptTokens())
                .append("completionTokens", turn.completionTokens())
                .append("totalTokens", turn.totalTokens())));
  }

  private void insertVersion() {
    String next = UUID.randomUUID().toString();
    versions.insertOne(new Document("_id", next).append("threadId", threadId)
        .append("parentId", versionId).append("messageCount", messageCount)
        .append("createdAt", new Date()));
    versionId = next;
  }
}
