package dev.lineage.storage.mongo;

import dev.lineage.conformance.EntityStorageSuite;
import dev.lineage.storage.EntityStorage;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole conformance suite against a real MongoDB server: the one {@code
 * LINEAGE_TEST_MONGO_URI} names, else a Testcontainers container. The build runs it only where
 * one of them exists (the module's pom activates it); started by hand without either, it is
 * reported as skipped, with the reason.
 */
@ExtendWith(RealMongo.Condition.class)
class RealMongoConformanceTest extends EntityStorageSuite {

  private static final String DATABASE = "lineage_mongo_suite";
  private static MongoEntityStorage storage;

  @Override
  protected EntityStorage createStorage() {
    synchronized (RealMongoConformanceTest.class) {
      if (storage == null) {
        storage = FreshStore.in(RealMongo.client().getDatabase(DATABASE));
      }
      return storage;
    }
  }

  @Override
  protected String targetName() {
    return "mongo on " + RealMongo.target().description() + ", database " + DATABASE;
  }
}
