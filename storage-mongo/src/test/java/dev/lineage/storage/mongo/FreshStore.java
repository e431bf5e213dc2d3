package dev.lineage.storage.mongo;

import com.mongodb.client.MongoDatabase;

/** What the tests start from: a store on an emptied database, its indexes made. */
final class FreshStore {

  private FreshStore() {}

  static MongoEntityStorage in(MongoDatabase database) {
    database.drop();
    MongoEntityStorage storage = MongoEntityStorage.create(database);
    storage.createIndexes();
    return storage;
  }
}
