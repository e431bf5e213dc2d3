package dev.lineage.storage.mongo;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * The pending marks of a store with the default collection names, read from the documents
 * themselves: what commits in flight, dead writers and unfinished commits left. Tests compare
 * what verify and cleanup say with them.
 */
record PendingMarks(Set<UUID> abandonedAttempts, long unfinishedDocuments) {

  static PendingMarks of(MongoDatabase database) {
    Set<UUID> marked = new HashSet<>();
    List<BsonDocument> documents = new ArrayList<>();
    for (String collection : List.of("lineage_versions", "lineage_chunks")) {
      database.getCollection(collection, BsonDocument.class)
          .find(Filters.exists("pending")).into(documents);
    }
    for (BsonDocument document : documents) {
      marked.addAll(attempts(document.get("pending")));
    }
    Set<UUID> visible = new HashSet<>();
    for (BsonDocument commit : database.getCollection("lineage_commits", BsonDocument.class)
        .find(Filters.eq("state", "visible"))) {
      visible.add(commit.getBinary("_id").asUuid());
    }
    long unfinished = documents.stream()
        .filter(document -> attempts(document.get("pending")).stream().anyMatch(visible::contains))
        .count();
    Set<UUID> abandoned = new HashSet<>(marked);
    abandoned.removeAll(visible);
    return new PendingMarks(abandoned, unfinished);
  }

  private static Set<UUID> attempts(BsonValue pending) {
    Set<UUID> attempts = new HashSet<>();
    if (pending.isArray()) {
      pending.asArray().forEach(attempt -> attempts.add(attempt.asBinary().asUuid()));
    } else {
      attempts.add(pending.asBinary().asUuid());
    }
    return attempts;
  }
}
