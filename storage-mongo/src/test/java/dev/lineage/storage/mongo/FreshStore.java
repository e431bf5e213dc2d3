package dev.lineage.storage.mongo;

import com.mongodb.client.MongoDatabase;

/** What the tests start from: a store on an emptied database, its indexes made. */
final class FreshStore {

  private FreshStore() {}

  static MongoEntityStorage in(MongoDatabase database) {
    return in(database, MongoStorageOptions.defaults());
  }

  static MongoEntityStorage in(MongoDatabase database, MongoStorageOptions options) {
    database.drop();
    MongoEntityStorage storage = MongoEntityStorage.create(database, options);
    storage.createIndexes();
    return storage;
  }
}
