package dev.lineage.domain;

import dev.lineage.storage.LineageException;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Rebuilds working copies from stored versions. One reader is one load: every version becomes
 * one object, however often it is referenced, so shared and cyclic structure comes back as it was
 * (D-1). Each object remembers its stored version as its baseline.
 */
final class GraphReader {

  /** Objects to expect when a graph's size is not known: the default sizes of the maps. */
  static final int SMALL_GRAPH = 16;

  private final TypeCatalog catalog;
  private Map<UUID, VersionRecord> records;
  private Map<UUID, Entity> built;
  private List<Entity> order;
  /**
   * Objects made from versions as they were read ({@link #accept}), by id, until a read reaches
   * them.
   */
  private final Map<UUID, Entity> arrived = new HashMap<>();
  /** Whether an object of this load has a back-reference to relink. */
  private boolean backReferences;
  /** Objects made but whose references are not yet filled, in the order they were made. */
  private final Deque<Entity> pending = new ArrayDeque<>();
  /** The record being filled: what {@link #resolveReference} names when a reference is missing. */
  private VersionRecord filling;
  /** One resolver for every field of the load, not one per field read. */
  private final Function<UUID, Entity> resolveReference = id -> resolve(id, filling);

  /**
   * A reader of {@code records}, expecting to build about {@code expectedObjects} objects (all of
   * the records when it reads one graph; sizing the maps up front spares their regrowth).
   */
  GraphReader(TypeCatalog catalog, Map<UUID, VersionRecord> records, int expectedObjects) {
    this.catalog = catalog;
    this.records = records;
    this.built = new HashMap<>(expectedObjects * 4 / 3 + 1);
    this.order = new ArrayList<>(expectedObjects);
  }

  /**
   * A reader that is handed the versions of one graph while the store reads them ({@link
   * #accept}) and then reads the graph from the store's result ({@link #read(UUID, Map)}).
   */
  static GraphReader whileLoading(TypeCatalog catalog) {
    return new GraphReader(catalog, Map.of(), 0);
  }

  /**
   * Makes the object of a version as soon as the store has read it, with every field that holds
   * no entity: that work then overlaps the reading of the next versions, and finds the version
   * still in the processor's cache. Its references are filled when a read reaches it.
   */
  void accept(VersionRecord record) {
    arrived.put(record.ecsId(), make(record));
  }

  /**
   * The working copy of version {@code ecsId} of {@code records}, the result of the load whose
   * versions this reader was handed.
   */
  Entity read(UUID ecsId, Map<UUID, VersionRecord> records) {
    this.records = records;
    this.built = new HashMap<>(records.size() * 4 / 3 + 1);
    this.order = new ArrayList<>(records.size());
    return read(ecsId);
  }

  /** The working copy of version {@code ecsId} with everything it references. */
  Entity read(UUID ecsId) {
    Entity existing = built.get(ecsId);
    if (existing != null) {
      return existing;
    }
    int firstNew = order.size();
    Entity root = instantiate(ecsId, null);
    // Objects first, then their references: references can then point at any object of the
    // load, and no recursion follows a long chain.
    pending.add(root);
    while (!pending.isEmpty()) {
      fillReferences(pending.poll());
    }
    List<Entity> loaded = order.subList(firstNew, order.size());
    if (backReferences) {
      relinkBackReferences(loaded);
    }
    List<Entity> childrenFirst = new ArrayList<>(loaded);
    Collections.reverse(childrenFirst); // breadth-first reversed: mostly children first
    CleanState.mark(childrenFirst);
    return root;
  }

  private Entity instantiate(UUID ecsId, VersionRecord referrer) {
    Entity entity = arrived.isEmpty() ? null : arrived.remove(ecsId);
    if (entity == null) {
      VersionRecord record = records.get(ecsId);
      if (record == null) {
        throw new UnreadableDataException(
            referrer == null
                ? "version " + ecsId + " was not returned by the store"
                : "version " + referrer.ecsId() + " (" + referrer.type() + ") references version "
                    + ecsId + ", which is not stored");
      }
      entity = make(record);
    }
    backReferences |= EntityModel.of(entity).hasBackReferences();
    built.put(ecsId, entity);
    order.add(entity);
    return entity;
  }

  /** The object of {@code record}, with the fields that cannot hold an entity filled. */
  private Entity make(VersionRecord record) {
    EntityModel model = catalog.resolve(record.type(), record.ecsId());
    Entity entity;
    try {
      entity = Entity.newStoredInstance(model);
    } catch (RuntimeException e) {
      throw new UnreadableDataException(
          "version " + record.ecsId() + ": cannot instantiate " + model.type().getName(), e);
    }
    entity.readVersion(record);
    fill(entity, record, model.plainProperties());
    return entity;
  }

  /** Fills the fields of {@code entity} that may hold entities, resolving their references. */
  private void fillReferences(Entity entity) {
    VersionRecord record = entity.baseline();
    filling = record;
    fill(entity, record, EntityModel.of(entity).ownershipProperties());
  }

  private void fill(Entity entity, VersionRecord record, List<EntityModel.Property> properties) {
    for (EntityModel.Property property : properties) {
      Value stored = record.fields().get(property.name());
      if (stored == null) {
        continue; // stored before the field existed: keep the constructor's default
      }
      Object value;
      try {
        value = ValueCodec.decode(stored, property.genericType(), resolveReference);
      } catch (LineageException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new UnreadableDataException(
            "version " + record.ecsId() + " (" + record.type() + "): field '" + property.name()
                + "' cannot be read: " + e.getMessage(), e);
      }
      property.set(entity, value);
    }
  }

  private Entity resolve(UUID ecsId, VersionRecord referrer) {
    Entity existing = built.get(ecsId);
    if (existing != null) {
      return existing;
    }
    Entity entity = instantiate(ecsId, referrer);
    pending.add(entity);
    return entity;
  }

  /** A back-reference is not stored: it points at the first owner of the load that fits it. */
  private static void relinkBackReferences(List<Entity> loaded) {
    for (Entity owner : loaded) {
      EntityGraph.forEachChild(owner, child -> {
        if (!EntityModel.of(child).hasBackReferences()) {
          return;
        }
        for (EntityModel.Property property : EntityModel.of(child).properties()) {
          if (property.backReference()
              && property.get(child) == null
              && property.field().getType().isInstance(owner)) {
            property.set(child, owner);
          }
        }
      });
    }
  }
}
