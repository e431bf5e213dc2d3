package dev.lineage.storage.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded wire-protocol server (mongo-java-server with its memory backend), started once per
 * test JVM on a random local port. Tests reach it through the real driver over TCP, as they would
 * a MongoDB server.
 */
final class EmbeddedMongo {

  private static MongoServer server;
  private static InetSocketAddress address;

  private EmbeddedMongo() {}

  /** The server's address, starting it on first use. */
  static synchronized InetSocketAddress address() {
    if (server == null) {
      server = new MongoServer(new MemoryBackend());
      server.bind("127.0.0.1", 0);
      address = server.getLocalAddress();
      MongoServer started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(started::shutdownNow));
    }
    return address;
  }

  /** A connection string for {@code database} on the server. */
  static String uri(String database) {
    InetSocketAddress at = address();
    return "mongodb://" + at.getHostString() + ":" + at.getPort() + "/" + database;
  }

  /** A new client of the server; {@code listeners} see every command it sends. */
  static MongoClient client(CommandListener... listeners) {
    MongoClientSettings.Builder settings = MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(uri("admin")))
        .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(10, TimeUnit.SECONDS));
    for (CommandListener listener : listeners) {
      settings.addCommandListener(listener);
    }
    return MongoClients.create(settings.build());
  }

  /** What the report line calls this target. */
  static String describe() {
    InetSocketAddress at = address();
    return "embedded mongo-java-server " + serverVersion() + " (memory backend), reached by the"
        + " MongoDB driver over TCP at " + at.getHostString() + ":" + at.getPort();
  }

  /** The version of mongo-java-server, read from its jar's name (its manifest has none). */
  private static String serverVersion() {
    String jar = String.valueOf(
        MongoServer.class.getProtectionDomain().getCodeSource().getLocation());
    Matcher version = Pattern.compile("mongo-java-server-core-([^/]+)\\.jar").matcher(jar);
    return version.find() ? version.group(1) : "(version unknown)";
  }
}
