package dev.lineage.storage.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonValue;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdChainTest {

  @ParameterizedTest(name = "{0} ids grown to {1}, chunks of {2}")
  @CsvSource({"1, 2, 4", "3, 4, 4", "4, 5, 4", "4, 8, 4", "7, 13, 4", "100, 102, 10",
      "1000, 1002, 100", "999, 1001, 100"})
  @DisplayName("a chain extended from a prefix's chain has the chunks of one built from scratch")
  void extendedChainMatchesAFreshOne(int prefixSize, int size, int chunkSize) {
    // given
    List<UUID> ids = ids(size);
    IdChain prefix = IdChain.of(ids.subList(0, prefixSize), chunkSize);
    // when
    IdChain extended = prefix.extendedTo(List.copyOf(ids));
    IdChain fresh = IdChain.of(ids, chunkSize);
    // then
    assertThat(extended.chunkCount()).isEqualTo(fresh.chunkCount());
    assertThat(extended.marker()).isEqualTo(fresh.marker());
    UUID attempt = UUID.randomUUID();
    UUID lineage = UUID.randomUUID();
    assertThat(extended.chunkDocuments(0, lineage, attempt))
        .isEqualTo(fresh.chunkDocuments(0, lineage, attempt));
    assertThat(extended.storedPrefix(prefix.marker()))
        .isEqualTo(fresh.storedPrefix(prefix.marker()))
        .as("the prefix's full chunks are stored").isEqualTo(prefixSize / chunkSize);
  }

  @ParameterizedTest(name = "{0} ids, chunks of {1}")
  @CsvSource({"1, 4", "3, 4", "4, 4", "5, 4", "13, 4", "64, 32", "1001, 32"})
  @DisplayName("full chunks are chunk documents, the ids after them stay in the marker")
  void fullChunksAndTail(int size, int chunkSize) {
    // given
    List<UUID> ids = ids(size);
    // when
    IdChain chain = IdChain.of(ids, chunkSize);
    List<BsonDocument> chunks = chain.chunkDocuments(0, UUID.randomUUID(), UUID.randomUUID());
    BsonDocument marker = chain.marker();
    // then
    assertThat(chunks).hasSize(size / chunkSize)
        .allSatisfy(chunk -> assertThat(chunk.getArray("ids")).hasSize(chunkSize));
    assertThat(marker.getArray(IdChain.TAIL)).hasSize(size % chunkSize);
    assertThat(marker.getInt64(IdChain.COUNT).getValue()).isEqualTo(size);
    assertThat(marker.containsKey(IdChain.HEAD)).isEqualTo(size >= chunkSize);
    assertThat(IdChain.isMarker(marker)).isTrue();
    Map<BsonValue, BsonDocument> byId = new HashMap<>();
    chunks.forEach(chunk -> byId.put(chunk.get("_id"), chunk));
    assertThat(IdChain.read(marker, byId, "lineage_chunks")).isEqualTo(ids);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"a chunk is missing, 1", "the tail is short, 2", "the count is wrong, 3"})
  @DisplayName("a list that does not add up is refused, not read short")
  void brokenList(String broken, int which) {
    // given
    List<UUID> ids = ids(10);
    IdChain chain = IdChain.of(ids, 4);
    Map<BsonValue, BsonDocument> byId = new HashMap<>();
    chain.chunkDocuments(0, UUID.randomUUID(), UUID.randomUUID())
        .forEach(chunk -> byId.put(chunk.get("_id"), chunk));
    BsonDocument marker = chain.marker();
    // when
    switch (which) {
      case 1 -> byId.remove(marker.get(IdChain.HEAD));
      case 2 -> marker.getArray(IdChain.TAIL).remove(0);
      default -> marker.put(IdChain.COUNT, new BsonInt64(11));
    }
    // then
    assertThatThrownBy(() -> IdChain.read(marker, byId, "lineage_chunks"))
        .isInstanceOf(ValueEncoding.UnreadableValue.class);
  }

  private static List<UUID> ids(int size) {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ids.add(new UUID(i, 31L * i + 7));
    }
    return ids;
  }
}
