package dev.lineage.storage.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.BsonDocument;

/**
 * The three collections of one store, set up the way the protocol needs them: BSON documents in
 * and out (the caller's codecs play no part), reads from the primary (the conflict check and the
 * visibility check must see the latest commits) and the configured write concern.
 */
record Store(
    MongoDatabase database,
    MongoCollection<BsonDocument> versions,
    MongoCollection<BsonDocument> chunks,
    MongoCollection<BsonDocument> commits,
    MongoStorageOptions options) {

  static Store of(MongoDatabase database, MongoStorageOptions options) {
    MongoDatabase configured =
        database
            .withCodecRegistry(MongoClientSettings.getDefaultCodecRegistry())
            .withReadPreference(ReadPreference.primary())
            .withWriteConcern(options.writeConcern());
    return new Store(
        configured,
        configured.getCollection(options.versionsCollection(), BsonDocument.class),
        configured.getCollection(options.chunksCollection(), BsonDocument.class),
        configured.getCollection(options.commitsCollection(), BsonDocument.class),
        options);
  }
}
