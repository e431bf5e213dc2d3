package dev.lineage.storage.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.lineage.storage.Commit;
import dev.lineage.storage.ConflictException;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.StorageUnavailableException;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import dev.lineage.storage.mongo.MongoEntityStorage.Cleanup;
import dev.lineage.storage.mongo.MongoEntityStorage.Verification;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The visibility protocol, step by step: documents of a commit attempt that never became visible
 * (its writer died before the commit insert) stay invisible, are reported and removed; a commit
 * that became visible before its writer finished reads as visible and is finished by cleanup.
 * A dead attempt is set up by writing exactly what a writer writes before its commit insert.
 */
class VisibilityProtocolTest {

  private static final AtomicInteger databases = new AtomicInteger();
  private static MongoClient client;

  private MongoDatabase database;
  private MongoEntityStorage storage;

  @BeforeAll
  static void openClient() {
    client = EmbeddedMongo.client();
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @BeforeEach
  void freshStore() {
    database = client.getDatabase("lineage_mongo_visibility_" + databases.incrementAndGet());
    storage = FreshStore.in(database);
  }

  @Nested
  @DisplayName("a commit whose writer died before making it visible")
  class Abandoned {

    @Test
    @DisplayName("shows none of its versions to any read")
    void invisible() {
      // given
      long before = storage.status().versionCount();
      Attempt dead = Attempt.writtenButNotVisible(database, storage.options(), graph("abandoned"));
      VersionRecord root = dead.root();
      // then
      assertThat(storage.loadVersions(dead.ids())).isEmpty();
      assertThat(storage.loadGraphs(List.of(root.ecsId()))).isEmpty();
      assertThat(storage.exists(root.ecsId())).isFalse();
      assertThat(storage.listLineage(root.lineageId(), PageRequest.first(10)).items()).isEmpty();
      assertThat(storage.listByType(Set.of(root.type()), PageRequest.first(10)).items()).isEmpty();
      assertThat(storage.status().versionCount()).isEqualTo(before);
    }

    @Test
    @DisplayName("is reported by verify and removed by cleanup, which leaves the store clean")
    void reportedAndRemoved() {
      // given
      List<VersionRecord> visible = graph("visible");
      storage.commit(Commit.of(visible.get(visible.size() - 1).ecsId(), visible));
      Attempt dead = Attempt.writtenButNotVisible(database, storage.options(), graph("abandoned"));
      // when
      Verification found = storage.inspect();
      Cleanup cleaned = storage.cleanup();
      Verification after = storage.inspect();
      // then
      assertThat(found.abandonedCommits()).containsExactly(dead.id());
      assertThat(found.abandonedVersionDocuments()).isEqualTo(dead.ids().size());
      assertThat(found.abandonedChunkDocuments()).isEqualTo(dead.chunkCount());
      assertThat(found.problems()).isEmpty();
      assertThat(found.isClean()).isFalse();
      assertThat(cleaned).isEqualTo(new Cleanup(1, dead.ids().size(), dead.chunkCount(), 0));
      assertThat(after.isClean()).isTrue();
      assertThat(after.versions()).isEqualTo(visible.size());
      assertThat(storage.loadGraphs(List.of(visible.get(visible.size() - 1).ecsId())))
          .hasSize(visible.size());
    }

    @Test
    @DisplayName("can never become visible once cleanup has aborted it")
    void abortedForGood() {
      // given
      Attempt dead = Attempt.writtenButNotVisible(database, storage.options(), graph("late"));
      storage.cleanup();
      // when / then: the writer's late commit insert is refused by the aborted marker
      assertThatThrownBy(() -> dead.makeVisible(database))
          .isInstanceOf(MongoWriteException.class)
          .hasMessageContaining("duplicate key");
      assertThat(storage.loadVersions(dead.ids())).isEmpty();
    }

    @Test
    @DisplayName("leaves its versions' ids free: a retry of the same commit takes them over")
    void retryTakesOver() {
      // given
      List<VersionRecord> versions = graph("retried");
      Attempt.writtenButNotVisible(database, storage.options(), versions);
      VersionRecord root = versions.get(versions.size() - 1);
      // when
      storage.commit(Commit.of(root.ecsId(), versions));
      // then
      assertThat(storage.loadGraphs(List.of(root.ecsId())).values())
          .containsExactlyInAnyOrderElementsOf(versions);
      Verification after = storage.inspect();
      assertThat(after.abandonedVersionDocuments()).isZero();
      assertThat(after.unfinishedDocuments()).isZero();
      assertThat(after.problems()).isEmpty();
    }

    @Test
    @DisplayName("does not count as a successor of its base")
    void noSuccessor() {
      // given
      VersionRecord base = text("base");
      storage.commit(Commit.of(base.ecsId(), List.of(base)));
      Attempt.writtenButNotVisible(
          database, storage.options(), List.of(next(base, "abandoned successor")));
      VersionRecord successor = next(base, "real successor");
      // when
      storage.commit(Commit.of(successor.ecsId(), List.of(successor)));
      // then
      assertThat(storage.listLineage(base.lineageId(), PageRequest.first(10)).items())
          .containsExactly(base, successor);
      VersionRecord another = next(base, "another");
      assertThatThrownBy(() -> storage.commit(Commit.of(another.ecsId(), List.of(another))))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining(base.ecsId().toString())
          .hasMessageContaining(successor.ecsId().toString());
    }
  }

  @Nested
  @DisplayName("a version's first successor")
  class FirstSuccessor {

    @Test
    @DisplayName("committed as a branch still refuses a plain commit from the same base")
    void branchFirst() {
      // given
      VersionRecord base = text("base");
      storage.commit(Commit.of(base.ecsId(), List.of(base)));
      VersionRecord branch = next(base, "branch");
      storage.commit(new Commit(branch.ecsId(), List.of(branch), true));
      VersionRecord plain = next(base, "plain");
      // when / then
      assertThatThrownBy(() -> storage.commit(Commit.of(plain.ecsId(), List.of(plain))))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining(branch.ecsId().toString());
      VersionRecord another = next(base, "another branch");
      storage.commit(new Commit(another.ecsId(), List.of(another), true));
      assertThat(storage.listLineage(base.lineageId(), PageRequest.first(10)).items())
          .containsExactly(base, branch, another);
    }

    @Test
    @DisplayName("committed inside another entity's commit refuses a plain commit of its own")
    void subEntityFirst() {
      // given
      VersionRecord shared = text("shared");
      storage.commit(Commit.of(shared.ecsId(), List.of(shared)));
      VersionRecord forked = next(shared, "forked inside an owner");
      UUID ownerId = UUID.randomUUID();
      VersionRecord owner = new VersionRecord(ownerId, ownerId, null, List.of(), now(),
          "test.Owner", Map.of("child", new Value.Ref(forked.ecsId())));
      storage.commit(Commit.of(owner.ecsId(), List.of(forked, owner)));
      VersionRecord plain = next(shared, "committed on its own");
      // when / then
      assertThatThrownBy(() -> storage.commit(Commit.of(plain.ecsId(), List.of(plain))))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining(shared.ecsId().toString())
          .hasMessageContaining(forked.ecsId().toString());
      VersionRecord secondOwnerChild = next(shared, "forked inside a second owner");
      UUID secondId = UUID.randomUUID();
      VersionRecord secondOwner = new VersionRecord(secondId, secondId, null, List.of(), now(),
          "test.Owner", Map.of("child", new Value.Ref(secondOwnerChild.ecsId())));
      storage.commit(Commit.of(secondOwner.ecsId(), List.of(secondOwnerChild, secondOwner)));
      assertThat(storage.loadGraphs(List.of(secondId))).hasSize(2);
    }
  }

  @Nested
  @DisplayName("a commit made visible whose writer died before clearing its marks")
  class Unfinished {

    @Test
    @DisplayName("reads as visible, is reported, and is finished by cleanup")
    void visibleAndFinished() {
      // given
      Attempt attempt =
          Attempt.writtenButNotVisible(database, storage.options(), graph("unfinished"));
      attempt.makeVisible(database);
      VersionRecord root = attempt.root();
      // when
      Map<UUID, VersionRecord> read = storage.loadGraphs(List.of(root.ecsId()));
      Verification found = storage.inspect();
      Cleanup cleaned = storage.cleanup();
      // then
      assertThat(read.values()).containsExactlyInAnyOrderElementsOf(attempt.versions());
      assertThat(storage.exists(root.ecsId())).isTrue();
      assertThat(storage.listLineage(root.lineageId(), PageRequest.first(5)).items())
          .containsExactly(root);
      assertThat(found.abandonedCommits()).isEmpty();
      int written = attempt.ids().size() + attempt.chunkCount();
      assertThat(found.unfinishedDocuments()).isEqualTo(written);
      assertThat(cleaned.documentsFinished()).isEqualTo(written);
      assertThat(storage.inspect().isClean()).isTrue();
      assertThat(storage.loadGraphs(List.of(root.ecsId()))).isEqualTo(read);
    }
  }

  @Nested
  @DisplayName("verify")
  class Verify {

    @Test
    @DisplayName("describes a missing parent, a dangling reference and a missing chunk")
    void integrityProblems() {
      // given
      UUID missingParent = UUID.randomUUID();
      UUID missingTarget = UUID.randomUUID();
      UUID id = UUID.randomUUID();
      VersionRecord orphan = new VersionRecord(id, id, missingParent, List.of(missingParent),
          now(), "test.Orphan", Map.of("target", new Value.Ref(missingTarget)));
      storage.commit(Commit.of(orphan.ecsId(), List.of(orphan)));
      List<VersionRecord> chunked = graph("chunked");
      VersionRecord owner = chunked.get(chunked.size() - 1);
      storage.commit(Commit.of(owner.ecsId(), chunked));
      BsonDocument ownerDocument = database.getCollection("lineage_versions", BsonDocument.class)
          .find(Filters.eq("_id", new BsonBinary(owner.ecsId()))).first();
      database.getCollection("lineage_chunks").deleteOne(Filters.eq("_id",
          ownerDocument.getArray("chunks").get(0)));
      // when
      Verification found = storage.inspect();
      // then
      assertThat(found.problems()).anySatisfy(problem -> assertThat(problem)
          .contains(orphan.ecsId().toString()).contains("its parent")
          .contains(missingParent.toString()));
      assertThat(found.problems()).anySatisfy(problem -> assertThat(problem)
          .contains(orphan.ecsId().toString()).contains("'target'")
          .contains(missingTarget.toString()));
      assertThat(found.problems()).anySatisfy(problem -> assertThat(problem)
          .contains(owner.ecsId().toString()).contains("'children'").contains("lacks its chunk"));
      assertThatThrownBy(() -> storage.loadVersions(List.of(owner.ecsId())))
          .isInstanceOf(UnreadableDataException.class)
          .hasMessageContaining(owner.ecsId().toString())
          .hasMessageContaining("'children'");
    }
  }

  @Test
  @DisplayName("a document altered by hand is unreadable, naming the version and field;"
      + " others stay readable")
  void corruptedDocument() {
    // given
    VersionRecord corrupt = text("will be corrupted");
    VersionRecord fine = text("fine");
    storage.commit(Commit.of(corrupt.ecsId(), List.of(corrupt)));
    storage.commit(Commit.of(fine.ecsId(), List.of(fine)));
    database.getCollection("lineage_versions", BsonDocument.class).updateOne(
        Filters.eq("_id", new BsonBinary(corrupt.ecsId())),
        Updates.set("fields.text", new BsonObjectId()));
    // then
    assertThatThrownBy(() -> storage.loadVersions(List.of(corrupt.ecsId())))
        .isInstanceOf(UnreadableDataException.class)
        .hasMessageContaining(corrupt.ecsId().toString())
        .hasMessageContaining("'text'");
    assertThat(storage.loadVersions(List.of(fine.ecsId()))).containsEntry(fine.ecsId(), fine);
  }

  @Test
  @DisplayName("a commit refuses to run until createIndexes has made the claim index")
  void claimIndexRequired() {
    // given
    MongoDatabase bare = client.getDatabase("lineage_mongo_no_indexes");
    bare.drop();
    MongoEntityStorage unprepared = MongoEntityStorage.create(bare);
    VersionRecord record = text("needs the index");
    // when / then
    assertThatThrownBy(() -> unprepared.commit(Commit.of(record.ecsId(), List.of(record))))
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining("createIndexes()");
    unprepared.createIndexes();
    unprepared.createIndexes();
    unprepared.commit(Commit.of(record.ecsId(), List.of(record)));
    assertThat(unprepared.exists(record.ecsId())).isTrue();
  }

  /**
   * What a writer has written just before its commit insert: chunks and versions marked pending
   * for an attempt without a commit document.
   */
  record Attempt(UUID id, List<VersionRecord> versions, int chunkCount) {

    static Attempt writtenButNotVisible(
        MongoDatabase database, MongoStorageOptions options, List<VersionRecord> versions) {
      UUID attempt = UUID.randomUUID();
      VersionRecord root = versions.get(versions.size() - 1);
      Store store = Store.of(database, options);
      List<BsonDocument> chunks = new ArrayList<>();
      List<BsonDocument> documents = new ArrayList<>();
      for (VersionRecord version : versions) {
        VersionDocuments.Encoded encoded =
            VersionDocuments.encode(version, options.chunkSize());
        encoded.chains().values()
            .forEach(chain -> chunks.addAll(chain.chunkDocuments(0, root.lineageId(), attempt)));
        documents.add(encoded.forAttempt(attempt, root.lineageId()));
      }
      if (!chunks.isEmpty()) {
        store.chunks().insertMany(chunks);
      }
      store.versions().insertMany(documents);
      return new Attempt(attempt, versions, chunks.size());
    }

    /** Inserts the commit document, as the writer would have next. */
    void makeVisible(MongoDatabase database) {
      database.getCollection("lineage_commits", BsonDocument.class).insertOne(
          new BsonDocument("_id", new BsonBinary(id)).append("state", new BsonString("visible")));
    }

    VersionRecord root() {
      return versions.get(versions.size() - 1);
    }

    List<UUID> ids() {
      return versions.stream().map(VersionRecord::ecsId).toList();
    }
  }

  /** Two children and an owner whose children list is stored as chunks; the owner last. */
  private static List<VersionRecord> graph(String name) {
    VersionRecord first = text(name + " child 1");
    VersionRecord second = text(name + " child 2");
    UUID id = UUID.randomUUID();
    VersionRecord owner = new VersionRecord(id, id, null, List.of(), now(), "test.Owner",
        Map.of("name", new Value.Text(name), "children", new Value.Seq(List.of(
            new Value.Ref(first.ecsId()), new Value.Ref(second.ecsId())))));
    return List.of(first, second, owner);
  }

  private static VersionRecord text(String text) {
    UUID id = UUID.randomUUID();
    return new VersionRecord(id, id, null, List.of(), now(), "test.Text",
        Map.of("text", new Value.Text(text)));
  }

  private static VersionRecord next(VersionRecord parent, String text) {
    List<UUID> oldIds = new ArrayList<>(parent.oldIds());
    oldIds.add(parent.ecsId());
    return new VersionRecord(UUID.randomUUID(), parent.lineageId(), parent.ecsId(), oldIds, now(),
        parent.type(), Map.of("text", new Value.Text(text)));
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
