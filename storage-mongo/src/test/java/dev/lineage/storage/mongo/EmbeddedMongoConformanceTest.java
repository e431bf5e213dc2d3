package dev.lineage.storage.mongo;

import dev.lineage.conformance.EntityStorageSuite;
import dev.lineage.storage.EntityStorage;

/** The whole conformance suite against the embedded wire-protocol server, on every build. */
class EmbeddedMongoConformanceTest extends EntityStorageSuite {

  private static final String DATABASE = "lineage_mongo_suite";
  private static MongoEntityStorage storage;

  @Override
  protected EntityStorage createStorage() {
    synchronized (EmbeddedMongoConformanceTest.class) {
      if (storage == null) {
        storage = FreshStore.in(EmbeddedMongo.client().getDatabase(DATABASE));
      }
      return storage;
    }
  }

  @Override
  protected String targetName() {
    return "mongo on " + EmbeddedMongo.describe() + ", database " + DATABASE;
  }
}
