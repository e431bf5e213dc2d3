package dev.lineage.benchmarks;

import com.mongodb.client.MongoDatabase;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;

/** Documents and their BSON bytes, counted over every collection of a database. */
final class MongoFootprint {

  private MongoFootprint() {}

  static StorageFootprint of(MongoDatabase database) {
    long documents = 0;
    long bytes = 0;
    for (String name : database.listCollectionNames()) {
      for (RawBsonDocument document :
          database.getCollection(name, RawBsonDocument.class).find(new BsonDocument())) {
        documents++;
        bytes += document.getByteBuffer().remaining();
      }
    }
    return new StorageFootprint(documents, bytes);
  }
}
