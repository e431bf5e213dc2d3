package dev.lineage.storage.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.lineage.storage.LineageException;
import java.net.InetSocketAddress;
import java.util.UUID;

/**
 * What {@link CredentialLeakTest} runs in a JVM of its own, with every logger at trace: connects
 * with a connection string that carries a password, uses the store, and prints everything about
 * the failure it meets (message, causes, stack trace) beside what the driver and the server log.
 */
public final class CredentialProbe {

  private CredentialProbe() {}

  /**
   * Arguments: {@code unreachable} (a port nothing listens on) or {@code embedded} (an embedded
   * server started here, which knows no users), then the password.
   */
  public static void main(String[] args) {
    String host = "127.0.0.1:1";
    MongoServer server = null;
    if (args[0].equals("embedded")) {
      server = new MongoServer(new MemoryBackend());
      server.bind("127.0.0.1", 0);
      InetSocketAddress address = server.getLocalAddress();
      host = address.getHostString() + ":" + address.getPort();
    }
    String uri = "mongodb://lineage:" + args[1] + "@" + host
        + "/lineage_credentials?serverSelectionTimeoutMS=2000&connectTimeoutMS=1000";
    try (MongoEntityStorage storage = MongoEntityStorage.connect(uri)) {
      storage.createIndexes();
      storage.exists(UUID.randomUUID());
      System.out.println("no failure");
    } catch (LineageException e) {
      System.out.println("failed with " + e.getClass().getName() + ": " + e.getMessage());
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        System.out.println("caused by " + cause);
      }
      e.printStackTrace(System.out);
    } finally {
      if (server != null) {
        server.shutdownNow();
      }
    }
    System.out.flush();
  }
}
