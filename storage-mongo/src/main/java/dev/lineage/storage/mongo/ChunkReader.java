package dev.lineage.storage.mongo;

import com.mongodb.client.model.Aggregates;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * Fetches the chunks of the chunked lists of version documents a read found: every chain of every
 * document, however long, in one aggregation, so a thread's history costs one round trip at any
 * length.
 *
 * <p>The aggregation starts from one document of the chunks collection, replaces it by the heads
 * of the chains, and lets {@code $graphLookup} walk the chains through the {@code _id} index. It
 * never filters a collection, so on every server, including one that keeps no secondary index, it
 * costs what the chains hold, whatever the store holds. Chunks shared by several lists arrive
 * once (a server that repeats them costs more bytes, not more round trips).
 */
final class ChunkReader {

  /**
   * Ids of chunked lists one aggregation fetches at most (each list whole): about 30 bytes an id
   * at the default chunk size keeps its answer well below MongoDB's 16 MiB. A larger list is
   * fetched alone.
   */
  static final long IDS_PER_QUERY = 200_000;

  private final Store store;

  ChunkReader(Store store) {
    this.store = store;
  }

  /**
   * The chunks of every chunked list of {@code documents}, by chunk id. A chunk that is missing is
   * missing from the map too; decoding the version that needs it reports it.
   */
  Map<BsonValue, BsonDocument> chunksOf(Collection<BsonDocument> documents) {
    Map<BsonValue, Long> heads = new LinkedHashMap<>();
    for (BsonDocument document : documents) {
      for (BsonDocument marker : VersionDocuments.chunkedLists(document)) {
        heads.merge(marker.get(IdChain.HEAD), marker.getInt64(IdChain.COUNT).getValue(),
            Math::max);
      }
    }
    Map<BsonValue, BsonDocument> chunks = new HashMap<>();
    List<BsonValue> group = new ArrayList<>();
    long ids = 0;
    for (Map.Entry<BsonValue, Long> head : heads.entrySet()) {
      if (!group.isEmpty() && ids + head.getValue() > IDS_PER_QUERY) {
        fetch(group, chunks);
        group.clear();
        ids = 0;
      }
      group.add(head.getKey());
      ids += head.getValue();
    }
    if (!group.isEmpty()) {
      fetch(group, chunks);
    }
    return chunks;
  }

  /** Adds the chunks of the chains that end at {@code heads} to {@code chunks}. */
  private void fetch(List<BsonValue> heads, Map<BsonValue, BsonDocument> chunks) {
    List<Bson> pipeline = List.of(
        Aggregates.limit(1),
        Aggregates.project(new BsonDocument("_id", new BsonInt32(0))
            .append(Fields.CHUNKS, new BsonDocument("$literal", new BsonArray(heads)))),
        Aggregates.graphLookup(store.options().chunksCollection(), "$" + Fields.CHUNKS,
            Fields.CHUNKS, "_id", Fields.FOUND_CHUNKS));
    BsonDocument walked = store.chunks().aggregate(pipeline).first();
    if (walked == null || !walked.isArray(Fields.FOUND_CHUNKS)) {
      return; // no chunk is stored at all
    }
    for (BsonValue chunk : walked.getArray(Fields.FOUND_CHUNKS)) {
      if (chunk.isDocument()) {
        chunks.putIfAbsent(chunk.asDocument().get("_id"), chunk.asDocument());
      }
    }
  }
}
