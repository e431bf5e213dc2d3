package dev.lineage.storage.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.lineage.storage.Credentials;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * A real MongoDB server, reached in this order: the connection string in {@value #VARIABLE}, else
 * a Testcontainers container where a Docker engine runs, else not at all. Resolved once per JVM,
 * and said in one line. An explicit connection string that cannot be reached is a failure, never
 * a silent fallback; without either, a test class that needs the server is reported as skipped
 * with the reason ({@link Condition}).
 */
final class RealMongo {

  static final String VARIABLE = "LINEAGE_TEST_MONGO_URI";
  static final String IMAGE = "mongo:7.0";

  /** How the server was reached (a connection string and its description), or why not. */
  record Target(String connectionString, String description, String unavailable) {}

  private static Target target;

  private RealMongo() {}

  static synchronized Target target() {
    if (target == null) {
      target = resolve();
      System.out.println("[lineage mongo] real MongoDB: "
          + (target.unavailable() == null ? target.description() : target.unavailable()));
    }
    return target;
  }

  /** A client of the server. */
  static MongoClient client() {
    return MongoClients.create(settings(target().connectionString()));
  }

  private static Target resolve() {
    String explicit = System.getenv(VARIABLE);
    if (explicit != null && !explicit.isBlank()) {
      return new Target(explicit, version(explicit, VARIABLE) + " at "
          + Credentials.mask(explicit) + " (from " + VARIABLE + ")", null);
    }
    if (!dockerAvailable()) {
      return new Target(null, null, "skipped: " + VARIABLE + " is not set and no Docker engine"
          + " runs here for Testcontainers");
    }
    MongoDBContainer container = new MongoDBContainer(IMAGE);
    container.start();
    String connectionString = container.getConnectionString();
    return new Target(connectionString, version(connectionString, "Testcontainers")
        + " in a Testcontainers container (" + IMAGE + ")", null);
  }

  private static String version(String connectionString, String source) {
    try (MongoClient client = MongoClients.create(settings(connectionString))) {
      return "MongoDB " + client.getDatabase("admin").runCommand(new Document("buildInfo", 1))
          .getString("version");
    } catch (MongoException | IllegalArgumentException e) {
      throw new IllegalStateException("MongoDB at " + Credentials.mask(connectionString)
          + " (from " + source + ") cannot be reached: " + e.getClass().getSimpleName(), e);
    }
  }

  private static MongoClientSettings settings(String connectionString) {
    return MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(connectionString))
        .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(15, TimeUnit.SECONDS))
        .build();
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** Runs a test class only where a real server is reachable; says why not otherwise. */
  static final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      Target resolved = target();
      return resolved.unavailable() == null
          ? ConditionEvaluationResult.enabled(resolved.description())
          : ConditionEvaluationResult.disabled("real MongoDB " + resolved.unavailable());
    }
  }
}
