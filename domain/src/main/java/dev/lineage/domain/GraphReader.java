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
 * (D-1). Each object remembers its stored version as its baseline. An object is made, with the
 * fields that hold no reference, when its version arrives ({@link #accept}, while the store
 * still reads) or when a read first reaches it; a read then fills the references, breadth first.
 */
final class GraphReader {

  /** Objects to expect when a graph's size is not known: the default sizes of the maps. */
  static final int SMALL_GRAPH = 16;

  private final TypeCatalog catalog;
  private Map<UUID, VersionRecord> records;
  /** Every object this reader made, by id; those a read reached are in {@link #order} too. */
  private final Map<UUID, Made> made;
  private List<Entity> order;
  /** Whether an object of this load has a back-reference to relink. */
  private boolean backReferences;
  /** Objects a read reached whose references are not yet filled, in the order it reached them. */
  private final Deque<Made> pending = new ArrayDeque<>();
  /** The record being filled: what {@link #resolveReference} names when a reference is missing. */
  private VersionRecord filling;
  /** One resolver for every field of the load, not one per field read. */
  private final Function<UUID, Entity> resolveReference = id -> resolve(id, filling);

  /**
   * The object of one version, and the stored values of its fields that hold references, kept
   * when it was made so that filling them later need not look into the record again.
   */
  private static final class Made {
    final Entity entity;
    final EntityModel model;
    final VersionRecord record;
    /** Alternately a property and its stored value; null when there is none to fill. */
    Object[] references;
    /** Whether a read reached it (it is in {@link #order}). */
    boolean reached;

    Made(Entity entity, EntityModel model, VersionRecord record) {
      this.entity = entity;
      this.model = model;
      this.record = record;
    }
  }

  /**
   * A reader of {@code records}, expecting to build about {@code expectedObjects} objects (all of
   * the records when it reads one graph; sizing the maps up front spares their regrowth).
   */
  GraphReader(TypeCatalog catalog, Map<UUID, VersionRecord> records, int expectedObjects) {
    this.catalog = catalog;
    this.records = records;
    this.made = new HashMap<>(expectedObjects * 4 / 3 + 1);
    this.order = new ArrayList<>(expectedObjects);
  }

  /**
   * A reader that is handed the versions of one graph while the store reads them ({@link
   * #accept}) and then reads the graph from the store's result ({@link #read(UUID, Map)}).
   */
  static GraphReader whileLoading(TypeCatalog catalog) {
    return new GraphReader(catalog, Map.of(), SMALL_GRAPH);
  }

  /**
   * Makes the object of a version as soon as the store has read it, with every field that holds
   * no reference: that work then overlaps the reading of the next versions, and finds the version
   * still in the processor's cache. Its references are filled when a read reaches it.
   */
  void accept(VersionRecord record) {
    made.put(record.ecsId(), make(record));
  }

  /**
   * The working copy of version {@code ecsId} of {@code records}, the result of the load whose
   * versions this reader was handed.
   */
  Entity read(UUID ecsId, Map<UUID, VersionRecord> records) {
    this.records = records;
    this.order = new ArrayList<>(records.size());
    return read(ecsId);
  }

  /** The working copy of version {@code ecsId} with everything it references. */
  Entity read(UUID ecsId) {
    int firstNew = order.size();
    Entity root = resolve(ecsId, null);
    // Objects first, then their references: references can then point at any object of the
    // load, and no recursion follows a long chain.
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

  /** The object of version {@code ecsId}, made if need be; the first time, queued for filling. */
  private Entity resolve(UUID ecsId, VersionRecord referrer) {
    Made object = made.get(ecsId);
    if (object == null) {
      VersionRecord record = records.get(ecsId);
      if (record == null) {
        throw new UnreadableDataException(
            referrer == null
                ? "version " + ecsId + " was not returned by the store"
                : "version " + referrer.ecsId() + " (" + referrer.type() + ") references version "
                    + ecsId + ", which is not stored");
      }
      object = make(record);
      made.put(ecsId, object);
    }
    if (!object.reached) {
      object.reached = true;
      backReferences |= object.model.hasBackReferences();
      order.add(object.entity);
      if (object.references != null) {
        pending.add(object);
      }
    }
    return object.entity;
  }

  /**
   * The object of {@code record}, with the fields that hold no reference filled, and the stored
   * values of the others kept.
   */
  private Made make(VersionRecord record) {
    EntityModel model = catalog.resolve(record.type(), record.ecsId());
    Entity entity;
    try {
      entity = Entity.newStoredInstance(model);
    } catch (RuntimeException e) {
      throw new UnreadableDataException(
          "version " + record.ecsId() + ": cannot instantiate " + model.type().getName(), e);
    }
    entity.readVersion(record);
    Made object = new Made(entity, model, record);
    for (EntityModel.Property property : model.plainProperties()) {
      Value stored = record.fields().get(property.name());
      if (stored != null) { // else stored before the field existed: keep the constructor's default
        set(object, property, stored);
      }
    }
    Object[] references = null;
    int count = 0;
    for (EntityModel.Property property : model.ownershipProperties()) {
      Value stored = record.fields().get(property.name());
      if (stored instanceof Value.Null) {
        set(object, property, stored);
      } else if (stored != null) {
        if (references == null) {
          references = new Object[2 * model.ownershipProperties().size()];
        }
        references[count++] = property;
        references[count++] = stored;
      }
    }
    object.references = references;
    return object;
  }

  /** Fills the fields of {@code object} that hold references. */
  private void fillReferences(Made object) {
    filling = object.record;
    Object[] references = object.references;
    for (int at = 0; at < references.length && references[at] != null; at += 2) {
      set(object, (EntityModel.Property) references[at], (Value) references[at + 1]);
    }
    object.references = null;
  }

  private void set(Made object, EntityModel.Property property, Value stored) {
    Object value;
    try {
      value = ValueCodec.decode(stored, property.genericType(), resolveReference);
    } catch (LineageException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new UnreadableDataException(
          "version " + object.record.ecsId() + " (" + object.record.type() + "): field '"
              + property.name() + "' cannot be read: " + e.getMessage(), e);
    }
    property.set(object.entity, value);
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
