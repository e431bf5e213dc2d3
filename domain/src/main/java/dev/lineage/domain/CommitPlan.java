package dev.lineage.domain;

import dev.lineage.storage.Commit;
import dev.lineage.storage.EntityStorage;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.LineageException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One commit of a working graph, worked out before anything is written (reference 2.3-2.6 with
 * D-3..D-6, D-9):
 *
 * <ol>
 *   <li>walk the graph from the root and validate every entity;
 *   <li>compare each entity with its stored version: the baseline it was read or committed as,
 *       or, for an entity without one, the version its id names in the store (one lookup for all;
 *       none for entities whose constructor made their id, which no store can hold yet);
 *   <li>an entity whose stored form differs is changed; every entity owning a changed one, up to
 *       the root, is changed too (D-3); an entity whose id is not stored is new;
 *   <li>fork the changed ones bottom-up (new id, parent and old ids linked, creation time now),
 *       encode them and the new ones, and hand them to the port as one atomic commit;
 *   <li>on success each written entity's baseline becomes its new version; on failure every fork
 *       is undone, so the working copy is as it was and the commit can be retried.
 * </ol>
 */
final class CommitPlan {

  private final EntityGraph graph;
  private final TypeCatalog catalog;
  private final Map<Entity, VersionRecord> stored = new IdentityHashMap<>();
  private final Map<Entity, EntityDiff> ownChanges = new IdentityHashMap<>();
  private final Set<Entity> adopted = identitySet();
  private final Set<Entity> forks;

  private CommitPlan(Entity root, EntityStorage storage, TypeCatalog catalog) {
    this.graph = EntityGraph.toCommit(root);
    this.catalog = catalog;
    if (root.pristine()) {
      this.forks = identitySet(); // a pristine root cannot have changed, nor anything it owns
      return;
    }
    List<Entity> nodes = graph.nodes();
    nodes.forEach(this::validate);
    List<UUID> unknown = new ArrayList<>();
    for (Entity entity : nodes) {
      VersionRecord baseline = entity.baseline();
      if (baseline != null) {
        stored.put(entity, baseline);
      } else if (!entity.hasFreshId()) {
        unknown.add(entity.ecsId());
      }
    }
    if (!unknown.isEmpty()) {
      Map<UUID, VersionRecord> found = storage.loadVersions(unknown);
      for (Entity entity : nodes) {
        VersionRecord record = found.get(entity.ecsId());
        if (record != null && !stored.containsKey(entity)) {
          checkSameType(entity, record);
          stored.put(entity, record);
          adopted.add(entity);
        }
      }
    }
    for (Entity entity : nodes) {
      VersionRecord record = stored.get(entity);
      if (record != null) {
        EntityModel model = EntityModel.of(entity);
        EntityDiff diff =
            Differ.diff(record.fields(), fieldsOf(entity, record), model::isSetField);
        if (!diff.isEmpty()) {
          ownChanges.put(entity, diff);
        }
      }
    }
    Set<Entity> toFork = graph.withAllOwners(ownChanges.keySet());
    toFork.removeIf(entity -> !stored.containsKey(entity)); // new entities are written as they are
    this.forks = toFork;
  }

  static CommitPlan prepare(Entity root, EntityStorage storage, TypeCatalog catalog) {
    return new CommitPlan(root, storage, catalog);
  }

  /**
   * The entities the commit would fork, children first, each with its own field changes (empty
   * for an owner that forks only because something it owns changed). New entities are not listed.
   */
  PendingChanges modifications() {
    List<Entity> entities = new ArrayList<>();
    List<EntityDiff> diffs = new ArrayList<>();
    for (Entity entity : graph.bottomUp()) {
      if (forks.contains(entity)) {
        entities.add(entity);
        diffs.add(ownChanges.getOrDefault(entity, EntityDiff.none()));
      }
    }
    return new PendingChanges(entities, diffs);
  }

  /** Whether the commit writes anything. */
  boolean writesAnything() {
    return !forks.isEmpty() || (!graph.root().pristine() && stored.size() < graph.nodes().size());
  }

  /** Forks, writes and updates baselines; undoes every fork if the port refuses the commit. */
  void execute(EntityStorage storage, Instant now, boolean branch) {
    if (!writesAnything()) {
      adoptStoredVersions();
      rememberStoredVersions();
      CleanState.mark(new ArrayList<>(adopted));
      return;
    }
    Instant forkTime = now.truncatedTo(ChronoUnit.MILLIS);
    Map<Entity, Entity.VersionState> before = new IdentityHashMap<>();
    for (Entity entity : graph.nodes()) {
      before.put(entity, entity.versionState());
    }
    try {
      adoptStoredVersions();
      for (Entity entity : graph.bottomUp()) {
        if (forks.contains(entity)) {
          entity.forkTo(Ids.next(), forkTime);
        }
      }
      Map<Entity, VersionRecord> written = encodeWritten();
      Entity root = graph.root();
      storage.commit(new Commit(root.ecsId(), distinct(written), branch));
      written.forEach(Entity::baseline);
    } catch (RuntimeException | Error e) {
      before.forEach(Entity::restoreVersionState);
      throw e;
    }
    rememberStoredVersions();
    List<Entity> settled = new ArrayList<>();
    for (Entity entity : graph.bottomUp()) {
      if (forks.contains(entity) || adopted.contains(entity) || !stored.containsKey(entity)) {
        settled.add(entity);
      }
    }
    CleanState.mark(settled);
  }

  /** Entities that did not fork are their stored versions: remember them as baselines. */
  private void rememberStoredVersions() {
    stored.forEach((entity, record) -> {
      if (!forks.contains(entity)) {
        entity.baseline(record);
      }
    });
  }

  /** An entity that claimed a stored id without its history takes the stored version's fields. */
  private void adoptStoredVersions() {
    for (Entity entity : adopted) {
      VersionRecord record = stored.get(entity);
      entity.restoreVersionState(
          new Entity.VersionState(
              record.ecsId(),
              record.lineageId(),
              record.parentId(),
              record.oldIds(),
              record.createdAt()));
    }
  }

  private Map<Entity, VersionRecord> encodeWritten() {
    Map<Entity, VersionRecord> written = new LinkedHashMap<>();
    for (Entity entity : graph.bottomUp()) {
      if (forks.contains(entity) || !stored.containsKey(entity)) {
        written.put(entity, recordOf(entity));
      }
    }
    return written;
  }

  private VersionRecord recordOf(Entity entity) {
    EntityModel model = catalog.learn(entity.getClass());
    return new VersionRecord(
        entity.ecsId(),
        entity.lineageId(),
        entity.parentId().orElse(null),
        entity.oldIds(),
        entity.createdAt(),
        model.typeName(),
        fieldsOf(entity, stored.get(entity)));
  }

  /** The stored form of an entity's own fields; back-references are not stored. */
  static Map<String, Value> fieldsOf(Entity entity) {
    return fieldsOf(entity, entity.baseline());
  }

  /**
   * The stored form of an entity's own fields, given the stored version it was read or committed
   * as (or null). A tracked list whose stored beginning is unchanged and pristine is encoded as
   * that stored sequence plus what follows, sharing the stored part.
   */
  static Map<String, Value> fieldsOf(Entity entity, VersionRecord base) {
    EntityModel model = EntityModel.of(entity);
    Map<String, Value> fields = new LinkedHashMap<>();
    for (EntityModel.Property property : model.properties()) {
      if (property.backReference()) {
        continue;
      }
      String where = model.type().getSimpleName() + "." + property.name();
      Object value = property.get(entity);
      Value encoded = null;
      if (base != null && value instanceof TrackedList<?> list
          && base.fields().get(property.name()) instanceof Value.Seq stored) {
        int prefix = list.pristinePrefix(entity, property.name(), base.ecsId());
        if (prefix >= 0 && prefix == stored.items().size()) {
          encoded = stored.append(((Value.Seq) ValueCodec.encode(list.after(prefix), where))
              .items());
        }
      }
      fields.put(property.name(), encoded != null ? encoded : ValueCodec.encode(value, where));
    }
    return fields;
  }

  /** Two objects of the graph may stand for one version, but only with equal content. */
  private static List<VersionRecord> distinct(Map<Entity, VersionRecord> written) {
    Map<UUID, VersionRecord> byId = new LinkedHashMap<>();
    for (VersionRecord record : written.values()) {
      VersionRecord other = byId.putIfAbsent(record.ecsId(), record);
      if (other != null && !other.equals(record)) {
        throw new InvalidInputException(
            "two different " + record.type() + " objects in the graph claim the version "
                + record.ecsId() + " with different content");
      }
    }
    return new ArrayList<>(byId.values());
  }

  private void validate(Entity entity) {
    EntityModel model = catalog.learn(entity.getClass());
    String name = model.type().getSimpleName() + " " + entity.ecsId();
    for (EntityModel.Property property : model.properties()) {
      Object value = property.get(entity);
      if (property.required() && value == null) {
        throw new InvalidInputException(name + ": field '" + property.name() + "' is required");
      }
      if (property.backReference()
          && value instanceof Entity owner
          && graph.contains(owner)
          && graph.children(owner).stream().noneMatch(child -> child == entity)) {
        throw new InvalidInputException(
            name + ": back-reference '" + property.name() + "' points at " + owner
                + ", which does not own it; a back-reference is restored from its owner when"
                + " read, so it must point at one");
      }
    }
    try {
      entity.validate();
    } catch (LineageException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidInputException(name + " is invalid: " + e.getMessage(), e);
    }
  }

  private void checkSameType(Entity entity, VersionRecord record) {
    String typeName = catalog.learn(entity.getClass()).typeName();
    if (!typeName.equals(record.type())) {
      throw new InvalidInputException(
          entity.getClass().getSimpleName() + " " + entity.ecsId() + " claims the id of a stored "
              + record.type() + " version");
    }
  }

  private static Set<Entity> identitySet() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }
}
