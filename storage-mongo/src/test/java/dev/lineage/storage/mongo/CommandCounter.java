package dev.lineage.storage.mongo;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/**
 * Counts what a client sends: commands (each one round trip), the documents and bytes its writes
 * carry, and the bytes of the replies. The driver hands every command to a listener, so nothing
 * is estimated.
 */
final class CommandCounter implements CommandListener {

  /** The write commands and the field that holds their payload. */
  private static final Map<String, String> WRITES =
      Map.of("insert", "documents", "update", "updates", "delete", "deletes");
  /** Commands of the driver's own housekeeping, not of the adapter. */
  private static final Set<String> HOUSEKEEPING = Set.of("endSessions", "isMaster", "hello");

  private final Map<String, AtomicLong> commands = new ConcurrentHashMap<>();
  private final AtomicLong writtenDocuments = new AtomicLong();
  private final AtomicLong writtenBytes = new AtomicLong();
  private final AtomicLong insertedDocuments = new AtomicLong();
  private final AtomicLong replyBytes = new AtomicLong();

  @Override
  public void commandStarted(CommandStartedEvent event) {
    if (HOUSEKEEPING.contains(event.getCommandName())) {
      return;
    }
    commands.computeIfAbsent(event.getCommandName(), k -> new AtomicLong()).incrementAndGet();
    String payload = WRITES.get(event.getCommandName());
    if (payload != null && event.getCommand().containsKey(payload)) {
      List<BsonValue> items = event.getCommand().getArray(payload).getValues();
      writtenDocuments.addAndGet(items.size());
      if (event.getCommandName().equals("insert")) {
        insertedDocuments.addAndGet(items.size());
      }
      for (BsonValue item : items) {
        writtenBytes.addAndGet(bytes(item.asDocument()));
      }
    }
  }

  @Override
  public void commandSucceeded(CommandSucceededEvent event) {
    if (!HOUSEKEEPING.contains(event.getCommandName())) {
      replyBytes.addAndGet(bytes(event.getResponse()));
    }
  }

  void reset() {
    commands.clear();
    writtenDocuments.set(0);
    writtenBytes.set(0);
    insertedDocuments.set(0);
    replyBytes.set(0);
  }

  /** Commands sent since the last reset: round trips. */
  long roundTrips() {
    return commands.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** The commands by name, for messages. */
  Map<String, Long> byName() {
    Map<String, Long> counts = new TreeMap<>();
    commands.forEach((name, count) -> counts.put(name, count.get()));
    return counts;
  }

  long insertedDocuments() {
    return insertedDocuments.get();
  }

  /** Documents inserted, updated or deleted (one per statement of a write command). */
  long writtenDocuments() {
    return writtenDocuments.get();
  }

  long writtenBytes() {
    return writtenBytes.get();
  }

  long replyBytes() {
    return replyBytes.get();
  }

  private static long bytes(BsonDocument document) {
    return new RawBsonDocument(document, new BsonDocumentCodec()).getByteBuffer().remaining();
  }
}
