package dev.lineage.storage.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.WriteConcern;
import dev.lineage.storage.Commit;
import dev.lineage.storage.IntegrityReport;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.StorageUnavailableException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The entry point's factories and options, and what it says when things go wrong. */
class MongoEntityStorageTest {

  @Nested
  @DisplayName("connect")
  class Connect {

    @Test
    @DisplayName("opens a store in the database a connection string names, and closes its client")
    void fromConnectionString() {
      // given
      VersionRecord record = record();
      MongoEntityStorage storage = MongoEntityStorage.connect(
          EmbeddedMongo.uri("lineage_mongo_connect"),
          MongoStorageOptions.defaults().withCollectionPrefix("connect_"));
      storage.createIndexes();
      // when
      storage.commit(Commit.of(record.ecsId(), List.of(record)));
      // then
      assertThat(storage.loadVersions(List.of(record.ecsId()))).containsEntry(record.ecsId(),
          record);
      assertThat(storage.status().kind()).startsWith("mongo/MongoDB ");
      storage.close();
      assertThatThrownBy(() -> storage.exists(record.ecsId()))
          .isInstanceOf(StorageUnavailableException.class);
      try (MongoEntityStorage reopened = MongoEntityStorage.connect(
          EmbeddedMongo.uri("lineage_mongo_connect"),
          MongoStorageOptions.defaults().withCollectionPrefix("connect_"))) {
        assertThat(reopened.exists(record.ecsId())).isTrue();
      }
    }

    @Test
    @DisplayName("refuses a connection string without a database, without repeating its password")
    void noDatabase() {
      assertThatThrownBy(() -> MongoEntityStorage.connect("mongodb://lineage:s3cret@localhost/"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("names no database")
          .hasMessageNotContaining("s3cret");
    }

    @Test
    @DisplayName("refuses a broken connection string without repeating it")
    void unparsable() {
      assertThatThrownBy(() -> MongoEntityStorage.connect("mongo://lineage:s3cret@localhost/db"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("cannot be parsed")
          .hasMessageNotContaining("s3cret")
          .hasNoCause();
    }

    @Test
    @DisplayName("says an unreachable server is unavailable, without the password")
    void unreachable() {
      try (MongoEntityStorage storage = MongoEntityStorage.connect(
          "mongodb://lineage:s3cret@127.0.0.1:1/db?serverSelectionTimeoutMS=500")) {
        assertThatThrownBy(() -> storage.exists(UUID.randomUUID()))
            .isInstanceOf(StorageUnavailableException.class)
            .hasMessageNotContaining("s3cret");
      }
    }
  }

  @Nested
  @DisplayName("options")
  class Options {

    @Test
    @DisplayName("default to the lineage_ collections, chunks of 32 and majority writes")
    void defaults() {
      MongoStorageOptions options = MongoStorageOptions.defaults();
      assertThat(options.versionsCollection()).isEqualTo("lineage_versions");
      assertThat(options.chunksCollection()).isEqualTo("lineage_chunks");
      assertThat(options.commitsCollection()).isEqualTo("lineage_commits");
      assertThat(options.chunkSize()).isEqualTo(32);
      assertThat(options.writeConcern()).isEqualTo(WriteConcern.MAJORITY);
      assertThat(options.withChunkSize(64).withCommitsCollection("c").chunkSize()).isEqualTo(64);
    }

    @Test
    @DisplayName("refuse what would break the protocol")
    void refused() {
      MongoStorageOptions options = MongoStorageOptions.defaults();
      assertThatThrownBy(() -> options.withChunkSize(1)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> options.withWriteConcern(WriteConcern.UNACKNOWLEDGED))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> options.withChunksCollection("lineage_versions"))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> options.withVersionsCollection("a$b"))
          .isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("a store written with one chunk size reads and grows with another")
    void chunkSizeMayChange() {
      // given
      var database = EmbeddedMongo.client().getDatabase("lineage_mongo_chunk_sizes");
      database.drop();
      MongoEntityStorage small = MongoEntityStorage.create(database,
          MongoStorageOptions.defaults().withChunkSize(3));
      small.createIndexes();
      MongoEntityStorage large = MongoEntityStorage.create(database,
          MongoStorageOptions.defaults().withChunkSize(50));
      VersionRecord first = withRefs(null, 10);
      small.commit(Commit.of(first.ecsId(), List.of(first)));
      VersionRecord second = withRefs(first, 25);
      // when
      large.commit(Commit.of(second.ecsId(), List.of(second)));
      large.commit(Commit.of(first.ecsId(), List.of(first)));
      // then
      assertThat(large.loadVersions(List.of(first.ecsId(), second.ecsId())))
          .containsEntry(first.ecsId(), first).containsEntry(second.ecsId(), second);
      IntegrityReport report = small.verify();
      assertThat(report.versionsChecked()).isEqualTo(2);
      assertThat(report.problems()).as("the references lead nowhere, and only that is wrong")
          .extracting(IntegrityReport.Problem::kind)
          .containsOnly(IntegrityReport.Kind.MISSING_REFERENCE);
    }
  }

  private static VersionRecord withRefs(VersionRecord parent, int count) {
    List<Value> refs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      refs.add(new Value.Ref(UUID.nameUUIDFromBytes(new byte[] {(byte) i})));
    }
    UUID id = UUID.randomUUID();
    if (parent == null) {
      return new VersionRecord(id, id, null, List.of(), now(), "test.Refs",
          Map.of("refs", new Value.Seq(refs)));
    }
    return new VersionRecord(id, parent.lineageId(), parent.ecsId(), List.of(parent.ecsId()),
        now(), "test.Refs", Map.of("refs", new Value.Seq(refs)));
  }

  private static VersionRecord record() {
    UUID id = UUID.randomUUID();
    return new VersionRecord(id, id, null, List.of(), now(), "test.Text",
        Map.of("text", new Value.Text("connected")));
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
