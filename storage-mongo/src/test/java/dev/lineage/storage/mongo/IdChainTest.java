package dev.lineage.storage.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ids.add(new UUID(i, 31L * i + 7));
    }
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
        .isEqualTo(fresh.storedPrefix(prefix.marker()));
  }
}
