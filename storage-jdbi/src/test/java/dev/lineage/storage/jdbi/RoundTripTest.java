package dev.lineage.storage.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.storage.Commit;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import dev.lineage.testdb.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Values the conformance suite does not try, on the real databases: NUL and unpaired surrogates
 * (PostgreSQL text and jsonb refuse NUL, UTF-8 cannot carry an unpaired surrogate), the tag mark
 * {@code ~} in texts and keys, 1 MiB texts, long type names, times far from now.
 */
class RoundTripTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.class)
  @DisplayName("every value of the codec's table comes back exactly from the database")
  void everyValue(TestDatabase database) {
    JdbiEntityStorage storage = Storages.on(database, "jdbi_roundtrip");
    Map<String, Value> fields = new LinkedHashMap<>();
    List<Value> values = JsonCodecTest.values().toList();
    for (int i = 0; i < values.size(); i++) {
      fields.put("v" + i, values.get(i));
    }
    fields.put("~tilde key", new Value.Text("~tilde value"));
    fields.put("nul\u0000key", new Value.Text("nul\u0000value"));
    fields.put("", new Value.Obj(Map.of("a.b", new Value.Int(1), "$c", Value.NULL)));
    UUID target = UUID.fromString("0192f0c3-7d5e-7abc-8def-0123456789ab");
    VersionRecord referenced = new VersionRecord(target, target, null, List.of(),
        Instant.parse("1969-07-20T20:17:40Z"), "jdbi-test.target", Map.of());
    if (!storage.exists(target)) {
      storage.commit(Commit.of(target, List.of(referenced)));
    }
    UUID id = UUID.randomUUID();
    VersionRecord record = new VersionRecord(id, id, null, List.of(),
        Instant.parse("2024-02-29T23:59:59.999Z"), "jdbi-test.values", fields);
    storage.commit(Commit.of(id, List.of(record)));
    assertThat(storage.loadVersions(List.of(id))).containsEntry(id, record);
    assertThat(storage.loadGraphs(List.of(id))).containsEntry(id, record).containsKey(target);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.class)
  @DisplayName("a 1 MiB text, a 512-character type name and a long chain of old ids")
  void largeValues(TestDatabase database) {
    JdbiEntityStorage storage = Storages.on(database, "jdbi_roundtrip");
    String big = "x😀\u0000~".repeat(1 << 18);
    String type = "t".repeat(CommitWriter.MAX_TYPE_NAME);
    UUID first = UUID.randomUUID();
    VersionRecord version = new VersionRecord(first, first, null, List.of(),
        Instant.ofEpochMilli(-62_135_596_800_000L), type, Map.of("text", new Value.Text(big)));
    storage.commit(Commit.of(first, List.of(version)));
    List<VersionRecord> chain = new ArrayList<>(List.of(version));
    for (int i = 0; i < 20; i++) {
      List<UUID> oldIds = new ArrayList<>(version.oldIds());
      oldIds.add(version.ecsId());
      version = new VersionRecord(UUID.randomUUID(), first, version.ecsId(), oldIds,
          Instant.ofEpochMilli(253_402_300_799_999L - i), type,
          Map.of("text", new Value.Text("v" + i)));
      storage.commit(Commit.of(version.ecsId(), List.of(version)));
      chain.add(version);
    }
    List<UUID> ids = chain.stream().map(VersionRecord::ecsId).toList();
    Map<UUID, VersionRecord> read = storage.loadVersions(ids);
    for (VersionRecord expected : chain) {
      assertThat(read.get(expected.ecsId())).isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.class)
  @DisplayName("a long list of references with one other value in it is kept inline, exactly")
  void mixedLongList(TestDatabase database) {
    JdbiEntityStorage storage = Storages.on(database, "jdbi_roundtrip");
    List<VersionRecord> targets = new ArrayList<>();
    List<Value> items = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      UUID id = UUID.randomUUID();
      targets.add(new VersionRecord(id, id, null, List.of(), Instant.EPOCH, "jdbi-test.target",
          Map.of()));
      items.add(new Value.Ref(id));
    }
    items.add(6, new Value.Text("not a reference"));
    items.add(Value.NULL);
    UUID id = UUID.randomUUID();
    VersionRecord owner = new VersionRecord(id, id, null, List.of(), Instant.EPOCH,
        "jdbi-test.owner", Map.of("items", new Value.Seq(items)));
    List<VersionRecord> all = new ArrayList<>(targets);
    all.add(owner);
    storage.commit(Commit.of(id, all));
    Map<UUID, VersionRecord> graph = storage.loadGraphs(List.of(id));
    assertThat(graph).hasSize(13).containsEntry(id, owner);
  }
}
