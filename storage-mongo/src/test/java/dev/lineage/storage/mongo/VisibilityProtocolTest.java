package dev.lineage.storage.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.lineage.storage.Commit;
import dev.lineage.storage.ConflictException;
import dev.lineage.storage.IntegrityReport;
import dev.lineage.storage.IntegrityReport.Kind;
import dev.lineage.storage.IntegrityReport.Problem;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.StorageUnavailableException;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import dev.lineage.storage.mongo.MongoEntityStorage.Cleanup;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
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
    // chunks of 2: the small lists of these tests then have chunk documents, left behind or not
    storage = FreshStore.in(database, MongoStorageOptions.defaults().withChunkSize(2));
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
      IntegrityReport found = storage.verify();
      Cleanup cleaned = storage.cleanup();
      IntegrityReport after = storage.verify();
      // then
      assertThat(found.problems()).allSatisfy(problem -> {
        assertThat(problem.kind()).isEqualTo(Kind.INCOMPLETE_COMMIT);
        assertThat(problem.detail()).contains(dead.id().toString()).contains("cleanup()");
      });
      assertThat(found.problems()).filteredOn(problem -> problem.ecsId() != null)
          .extracting(Problem::ecsId).containsExactlyInAnyOrderElementsOf(dead.ids());
      assertThat(found.problems()).filteredOn(problem -> problem.ecsId() != null)
          .allSatisfy(problem -> assertThat(problem.detail())
              .startsWith("lineage_versions document " + problem.ecsId()));
      assertThat(found.problems()).filteredOn(problem -> problem.ecsId() == null)
          .hasSize(dead.chunkCount())
          .allSatisfy(problem -> assertThat(problem.detail()).startsWith("lineage_chunks document"));
      assertThat(found.versionsChecked()).isEqualTo(visible.size());
      assertThat(cleaned).isEqualTo(new Cleanup(1, dead.ids().size(), dead.chunkCount(), 0));
      assertThat(after.isClean()).isTrue();
      assertThat(after.versionsChecked()).isEqualTo(visible.size());
      assertThat(PendingMarks.of(database)).isEqualTo(new PendingMarks(Set.of(), 0));
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
      IntegrityReport after = storage.verify();
      assertThat(after.problems()).filteredOn(problem -> problem.ecsId() != null).isEmpty();
      storage.close(); // clears the pending marks its commits leave for later
      assertThat(PendingMarks.of(database).unfinishedDocuments()).isZero();
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
      IntegrityReport found = storage.verify();
      PendingMarks marks = PendingMarks.of(database);
      Cleanup cleaned = storage.cleanup();
      // then
      assertThat(read.values()).containsExactlyInAnyOrderElementsOf(attempt.versions());
      assertThat(storage.exists(root.ecsId())).isTrue();
      assertThat(storage.listLineage(root.lineageId(), PageRequest.first(5)).items())
          .containsExactly(root);
      assertThat(found.isClean()).as("marks of a visible commit are no problem: %s", found)
          .isTrue();
      assertThat(found.versionsChecked()).isEqualTo(attempt.ids().size());
      int written = attempt.ids().size() + attempt.chunkCount();
      assertThat(marks).isEqualTo(new PendingMarks(Set.of(), written));
      assertThat(cleaned.documentsFinished()).isEqualTo(written);
      assertThat(PendingMarks.of(database)).isEqualTo(new PendingMarks(Set.of(), 0));
      assertThat(storage.verify().isClean()).isTrue();
      assertThat(storage.loadGraphs(List.of(root.ecsId()))).isEqualTo(read);
    }
  }

  @Nested
  @DisplayName("verify")
  class Verify {

    @Test
    @DisplayName("passes a store written in chunks of 2, with long histories and lists, as clean")
    void cleanStore() {
      // given: histories and lists over many chunks, each version extending the last one's
      MongoEntityStorage small = MongoEntityStorage.create(database,
          MongoStorageOptions.defaults().withChunkSize(2));
      VersionRecord added = text("child 0");
      VersionRecord version = owner("grows", List.of(added));
      small.commit(Commit.of(version.ecsId(), List.of(added, version)));
      for (int i = 1; i < 12; i++) {
        added = text("child " + i);
        version = next(version, Map.of("children", refsTo(version, added)));
        small.commit(Commit.of(version.ecsId(), List.of(added, version)));
      }
      // when
      IntegrityReport report = storage.verify();
      // then
      assertThat(report.problems()).isEmpty();
      assertThat(report.versionsChecked()).isEqualTo(12 + 12);
      assertThat(storage.loadGraphs(List.of(version.ecsId()))).hasSize(1 + 12);
    }

    @Test
    @DisplayName("a value of no Lineage kind is UNREADABLE, naming collection, document and"
        + " field; reads refuse it, other versions stay clean")
    void unknownBsonType() {
      // given
      VersionRecord corrupt = text("will hold an ObjectId");
      VersionRecord fine = text("fine");
      storage.commit(Commit.of(corrupt.ecsId(), List.of(corrupt)));
      storage.commit(Commit.of(fine.ecsId(), List.of(fine)));
      alter(corrupt.ecsId(), Updates.set("fields.text", new BsonObjectId()));
      // when
      IntegrityReport report = storage.verify();
      // then
      assertThat(report.problems()).singleElement().satisfies(problem -> {
        assertThat(problem.kind()).isEqualTo(Kind.UNREADABLE);
        assertThat(problem.ecsId()).isEqualTo(corrupt.ecsId());
        assertThat(problem.detail())
            .startsWith("lineage_versions document " + corrupt.ecsId())
            .contains("field 'text'").contains("OBJECT_ID");
      });
      assertThat(report.versionsChecked()).isEqualTo(2);
      assertThatThrownBy(() -> storage.loadVersions(List.of(corrupt.ecsId())))
          .isInstanceOf(UnreadableDataException.class)
          .hasMessageContaining(corrupt.ecsId().toString())
          .hasMessageContaining("'text'");
      assertThat(storage.loadVersions(List.of(fine.ecsId()))).containsEntry(fine.ecsId(), fine);
    }

    @Test
    @DisplayName("a field of the wrong kind is UNREADABLE, naming the field and what it holds")
    void wrongKinds() {
      // given
      VersionRecord date = text("its date becomes text");
      VersionRecord lineage = text("its lineage becomes a legacy UUID");
      VersionRecord reference = text("its reference becomes text");
      VersionRecord type = text("its type becomes a number");
      for (VersionRecord version : List.of(date, lineage, reference, type)) {
        storage.commit(Commit.of(version.ecsId(), List.of(version)));
      }
      alter(date.ecsId(), Updates.set("created_at", new BsonString("yesterday")));
      alter(lineage.ecsId(), Updates.set("lineage_id",
          new BsonBinary(BsonBinarySubType.UUID_LEGACY, new byte[16])));
      alter(reference.ecsId(), Updates.set("fields.text",
          new BsonDocument("%r", new BsonString(UUID.randomUUID().toString()))));
      alter(type.ecsId(), Updates.set("type", new BsonInt64(7)));
      // when
      IntegrityReport report = storage.verify();
      // then
      assertThat(report.problems()).extracting(Problem::kind).containsOnly(Kind.UNREADABLE);
      assertThat(detailOf(report, date)).contains("created_at").contains("STRING");
      assertThat(detailOf(report, lineage)).contains("lineage_id").contains("subtype 3");
      assertThat(detailOf(report, reference)).contains("field 'text'").contains("STRING");
      assertThat(detailOf(report, type)).contains("type").contains("INT64");
    }

    @Test
    @DisplayName("a broken chunk chain makes every version whose list runs through it UNREADABLE,"
        + " naming the chunk")
    void brokenChunkChain() {
      // given: a list of 6 children in chunks of 2, and a version extending it to 7
      MongoEntityStorage small = MongoEntityStorage.create(database,
          MongoStorageOptions.defaults().withChunkSize(2));
      List<VersionRecord> children = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        children.add(text("child " + i));
      }
      VersionRecord first = owner("chained", children);
      List<VersionRecord> versions = new ArrayList<>(children);
      versions.add(first);
      small.commit(Commit.of(first.ecsId(), versions));
      VersionRecord added = text("child 6");
      VersionRecord second = next(first, Map.of("children", refsTo(first, added)));
      small.commit(Commit.of(second.ecsId(), List.of(added, second)));
      VersionRecord alone = text("elsewhere");
      VersionRecord unrelated = owner("unrelated", List.of(alone));
      storage.commit(Commit.of(unrelated.ecsId(), List.of(alone, unrelated)));
      // when: the middle chunk of the first list goes
      BsonValue middle = chunkIdsOf(first.ecsId(), "children").get(1);
      database.getCollection("lineage_chunks").deleteOne(Filters.eq("_id", middle));
      IntegrityReport report = storage.verify();
      // then
      assertThat(report.problemsOf(first.ecsId())).singleElement().satisfies(problem -> {
        assertThat(problem.kind()).isEqualTo(Kind.UNREADABLE);
        assertThat(problem.detail()).contains("field 'children'")
            .contains("lineage_chunks document " + IdChain.hex(middle)).contains("missing");
      });
      assertThat(report.problemsOf(second.ecsId())).singleElement()
          .satisfies(problem -> assertThat(problem.kind()).isEqualTo(Kind.UNREADABLE));
      assertThat(report.problemsOf(unrelated.ecsId())).isEmpty();
      assertThatThrownBy(() -> storage.loadGraphs(List.of(second.ecsId())))
          .isInstanceOf(UnreadableDataException.class)
          .hasMessageContaining(second.ecsId().toString())
          .hasMessageContaining(IdChain.hex(middle));
    }

    @Test
    @DisplayName("a chunk that does not end where its list needs is UNREADABLE, naming it")
    void inconsistentChunk() {
      // given
      List<VersionRecord> graph = graph("miscounted");
      VersionRecord owner = graph.get(2);
      storage.commit(Commit.of(owner.ecsId(), graph));
      BsonValue head = chunkIdsOf(owner.ecsId(), "children").get(0);
      // when
      database.getCollection("lineage_chunks").updateOne(Filters.eq("_id", head),
          Updates.set("n", new BsonInt64(99)));
      IntegrityReport report = storage.verify();
      // then
      assertThat(report.problemsOf(owner.ecsId())).singleElement().satisfies(problem -> {
        assertThat(problem.kind()).isEqualTo(Kind.UNREADABLE);
        assertThat(problem.detail()).contains("lineage_chunks document " + IdChain.hex(head))
            .contains("up to position 99");
      });
    }

    @Test
    @DisplayName("a referenced version that is gone is a MISSING_REFERENCE of each version that"
        + " references it, in a chunked list or alone; an unreadable one is not missing")
    void missingReferencedVersion() {
      // given
      List<VersionRecord> graph = graph("loses a child");
      VersionRecord owner = graph.get(2);
      storage.commit(Commit.of(owner.ecsId(), graph));
      VersionRecord target = text("referenced alone");
      VersionRecord single = new VersionRecord(UUID.randomUUID(), UUID.randomUUID(), null,
          List.of(), now(), "test.Single", Map.of("target", new Value.Ref(target.ecsId())));
      storage.commit(Commit.of(single.ecsId(), List.of(target, single)));
      // when
      versions().deleteOne(Filters.eq("_id", new BsonBinary(graph.get(0).ecsId())));
      versions().deleteOne(Filters.eq("_id", new BsonBinary(target.ecsId())));
      alter(graph.get(1).ecsId(), Updates.set("fields.text", new BsonObjectId()));
      IntegrityReport report = storage.verify();
      // then
      assertThat(report.problemsOf(owner.ecsId())).singleElement().satisfies(problem -> {
        assertThat(problem.kind()).isEqualTo(Kind.MISSING_REFERENCE);
        assertThat(problem.detail()).startsWith("lineage_versions document " + owner.ecsId())
            .contains("field 'children'").contains(graph.get(0).ecsId().toString());
      });
      assertThat(report.problemsOf(single.ecsId())).singleElement().satisfies(problem -> {
        assertThat(problem.kind()).isEqualTo(Kind.MISSING_REFERENCE);
        assertThat(problem.detail()).contains("field 'target'")
            .contains(target.ecsId().toString());
      });
      assertThat(report.problemsOf(graph.get(1).ecsId())).extracting(Problem::kind)
          .containsExactly(Kind.UNREADABLE);
    }

    @Test
    @DisplayName("reports a missing parent, a parent of another lineage and a broken history")
    void parentsAndHistories() {
      // given
      VersionRecord base = text("base");
      storage.commit(Commit.of(base.ecsId(), List.of(base)));
      UUID lost = UUID.randomUUID();
      VersionRecord orphan = new VersionRecord(UUID.randomUUID(), UUID.randomUUID(), lost,
          List.of(lost), now(), "test.Text", Map.of("text", new Value.Text("orphan")));
      VersionRecord stranger = new VersionRecord(UUID.randomUUID(), UUID.randomUUID(),
          base.ecsId(), List.of(base.ecsId()), now(), "test.Text",
          Map.of("text", new Value.Text("of another lineage")));
      VersionRecord skipped = new VersionRecord(UUID.randomUUID(), base.lineageId(),
          base.ecsId(), List.of(UUID.randomUUID(), base.ecsId()), now(), "test.Text",
          Map.of("text", new Value.Text("claims an ancestor the base never had")));
      for (VersionRecord version : List.of(orphan, stranger, skipped)) {
        storage.commit(new Commit(version.ecsId(), List.of(version), true));
      }
      // when
      IntegrityReport report = storage.verify();
      // then
      assertThat(report.problemsOf(orphan.ecsId())).singleElement().satisfies(problem -> {
        assertThat(problem.kind()).isEqualTo(Kind.MISSING_PARENT);
        assertThat(problem.detail()).contains(lost.toString());
      });
      assertThat(report.problemsOf(stranger.ecsId())).extracting(Problem::kind)
          .containsExactly(Kind.LINEAGE_MISMATCH);
      assertThat(report.problemsOf(skipped.ecsId())).extracting(Problem::kind)
          .containsExactly(Kind.BROKEN_HISTORY);
      assertThat(report.problemsOf(base.ecsId())).isEmpty();
    }

    @Test
    @DisplayName("a document whose _id is no version id is UNREADABLE without a version")
    void foreignDocument() {
      // given
      BsonObjectId foreign = new BsonObjectId();
      versions().insertOne(new BsonDocument("_id", foreign).append("note", new BsonString("x")));
      // when
      IntegrityReport report = storage.verify();
      // then
      assertThat(report.problems()).singleElement().satisfies(problem -> {
        assertThat(problem.kind()).isEqualTo(Kind.UNREADABLE);
        assertThat(problem.ecsId()).isNull();
        assertThat(problem.detail()).contains("lineage_versions document")
            .contains(foreign.getValue().toHexString());
      });
    }

    private String detailOf(IntegrityReport report, VersionRecord version) {
      assertThat(report.problemsOf(version.ecsId())).hasSize(1);
      return report.problemsOf(version.ecsId()).get(0).detail();
    }

    /** The ids of the chunks of a version's chunked field, last chunk first. */
    private List<BsonValue> chunkIdsOf(UUID versionId, String field) {
      BsonDocument document = versions().find(Filters.eq("_id", new BsonBinary(versionId)))
          .first();
      List<BsonValue> chain = new ArrayList<>();
      BsonValue next = document.getDocument("fields").getDocument(field).get("%s");
      while (next != null) {
        chain.add(next);
        BsonDocument chunk = database.getCollection("lineage_chunks", BsonDocument.class)
            .find(Filters.eq("_id", next)).first();
        next = chunk == null || chunk.getArray("chunks").isEmpty()
            ? null : chunk.getArray("chunks").get(0);
      }
      return chain;
    }
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
            VersionDocuments.encode(version, options.chunkSize(), new ChainCache());
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

  /** An owner whose children list (chunked) references {@code children}. */
  private static VersionRecord owner(String name, List<VersionRecord> children) {
    UUID id = UUID.randomUUID();
    return new VersionRecord(id, id, null, List.of(), now(), "test.Owner",
        Map.of("name", new Value.Text(name), "children", new Value.Seq(children.stream()
            .map(child -> (Value) new Value.Ref(child.ecsId())).toList())));
  }

  /** The children of {@code owner} followed by {@code added}. */
  private static Value refsTo(VersionRecord owner, VersionRecord added) {
    return ((Value.Seq) owner.fields().get("children")).append(
        List.of(new Value.Ref(added.ecsId())));
  }

  private void alter(UUID versionId, Bson update) {
    versions().updateOne(Filters.eq("_id", new BsonBinary(versionId)), update);
  }

  private MongoCollection<BsonDocument> versions() {
    return database.getCollection("lineage_versions", BsonDocument.class);
  }

  private static VersionRecord text(String text) {
    UUID id = UUID.randomUUID();
    return new VersionRecord(id, id, null, List.of(), now(), "test.Text",
        Map.of("text", new Value.Text(text)));
  }

  private static VersionRecord next(VersionRecord parent, String text) {
    return next(parent, Map.of("text", new Value.Text(text)));
  }

  private static VersionRecord next(VersionRecord parent, Map<String, Value> fields) {
    List<UUID> oldIds = new ArrayList<>(parent.oldIds());
    oldIds.add(parent.ecsId());
    return new VersionRecord(UUID.randomUUID(), parent.lineageId(), parent.ecsId(), oldIds, now(),
        parent.type(), fields);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
