package dev.lineage.domain;

import dev.lineage.storage.LineageException;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
 * still reads) or when a read first reaches it. An object that arrives after everything it
 * references is settled at once: its references filled and it marked clean. A read fills the
 * references of the others, breadth first.
 */
final class GraphReader {

  /** Objects to expect when a graph's size is not known: the default sizes of the maps. */
  static final int SMALL_GRAPH = 16;

  /** How many places after the last one {@link #find} looks for the next item of a list. */
  private static final int ARRIVALS_SEARCHED = 4;

  /** How often an object is tried to settle as versions arrive; the read takes it after. */
  private static final int SETTLE_ATTEMPTS = 2;

  /** Thrown, without a trace, when a reference names an object that is not settled yet. */
  private static final class NotYet extends RuntimeException {
    NotYet() {
      super(null, null, false, false);
    }
  }

  private static final NotYet NOT_YET = new NotYet();

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
   * The objects in the order their versions arrived, and their ids. A store mostly hands a
   * list's items over in the list's order, each with the same id object its list holds, so the
   * next item of a list being filled is mostly found a few places after the last one, by
   * comparing references to ids in an array: no hashing and no map entry to fetch.
   */
  private Made[] arrived = new Made[SMALL_GRAPH];
  private UUID[] arrivedIds = new UUID[SMALL_GRAPH];
  private int arrivedCount;
  /** Where the search of {@link #arrivedIds} starts: just after the last object found there. */
  private int nextArrival;

  /** Resolves references to settled objects only, else notes the id in {@link #unsettled}. */
  private final Function<UUID, Entity> settledReference = this::settled;
  /** The object the last attempt to settle missed. */
  private UUID unsettled;
  /** Objects that failed to settle, by the id of the object they wait for. */
  private Map<UUID, List<Made>> waiting;

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
    /** Whether a read reached it (it is in {@link #order} unless it was settled before). */
    boolean reached;
    /**
     * Whether it was settled as it arrived ({@link #accept}): its references filled, and it
     * marked clean, after everything they name was settled. A read takes it as it is.
     */
    boolean settled;
    /** How often it was tried to settle. */
    int attempts;

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
   * no reference, and settles it if it can: that work then overlaps the reading of the next
   * versions, and finds the version still in the processor's cache.
   */
  void accept(VersionRecord record) {
    Made object = make(record);
    made.put(record.ecsId(), object);
    if (arrivedCount == arrived.length) {
      arrived = Arrays.copyOf(arrived, arrivedCount * 2);
      arrivedIds = Arrays.copyOf(arrivedIds, arrivedCount * 2);
    }
    arrived[arrivedCount] = object;
    arrivedIds[arrivedCount++] = record.ecsId();
    settleWithWaiters(object);
  }

  /** The object made for {@code id}, or null. */
  private Made find(UUID id) {
    int end = Math.min(arrivedCount, nextArrival + ARRIVALS_SEARCHED);
    for (int at = nextArrival; at < end; at++) {
      if (arrivedIds[at] == id) {
        nextArrival = at + 1;
        return arrived[at];
      }
    }
    return made.get(id);
  }

  private Entity settled(UUID id) {
    Made object = find(id);
    if (object == null || !object.settled) {
      unsettled = id;
      throw NOT_YET;
    }
    return object.entity;
  }

  /** Settles {@code object} if it can, and then every object that waited for it and can now. */
  private void settleWithWaiters(Made object) {
    if (!settle(object) || waiting == null) {
      return;
    }
    List<Made> waiters = waiting.remove(object.record.ecsId());
    if (waiters == null) {
      return; // the common case: no queue made for it
    }
    Deque<List<Made>> released = new ArrayDeque<>();
    released.add(waiters);
    while (!released.isEmpty()) {
      for (Made waiter : released.poll()) {
        if (!waiter.settled && settle(waiter)) {
          List<Made> next = waiting.remove(waiter.record.ecsId());
          if (next != null) {
            released.add(next);
          }
        }
      }
    }
  }

  /**
   * Settles an object when everything it references has: fills its references and marks it
   * clean, while it and the objects it references are still in the processor's cache, which the
   * read after the store's would find evicted by the versions that came after. The store hands
   * most versions over after those they reference (a message after its usage), and an object
   * that came first waits for the one it missed, so most of a graph settles this way; the read
   * fills and marks the rest. An object with a back-reference is left to the read, which
   * relinks it to the first of its owners.
   */
  private boolean settle(Made object) {
    if (object.model.hasBackReferences() || object.attempts == SETTLE_ATTEMPTS) {
      return false;
    }
    object.attempts++;
    if (object.references != null) {
      unsettled = firstUnsettledSingle(object.references);
      if (unsettled != null) {
        await(object);
        return false;
      }
      try {
        fill(object, settledReference);
      } catch (RuntimeException notYet) {
        if (unsettled != null) {
          await(object);
        }
        return false; // or a value is unreadable: the read tells which
      }
    }
    CleanState.mark(object.entity);
    object.settled = true;
    return true;
  }

  /**
   * The first of the references held alone in a field (not in a container) whose object is not
   * settled; null if there is none. Checked before filling: the common way to wait, without
   * the exception that stops a fill.
   */
  private UUID firstUnsettledSingle(Object[] references) {
    for (int at = 1; at < references.length && references[at] != null; at += 2) {
      if (references[at] instanceof Value.Ref ref) {
        Made target = made.get(ref.ecsId());
        if (target == null || !target.settled) {
          return ref.ecsId();
        }
      }
    }
    return null;
  }

  /** Lets {@code object} be tried again when the object it missed ({@link #unsettled}) settles. */
  private void await(Made object) {
    if (object.attempts < SETTLE_ATTEMPTS) {
      if (waiting == null) {
        waiting = new HashMap<>();
      }
      waiting.computeIfAbsent(unsettled, id -> new ArrayList<>(1)).add(object);
    }
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
    Made object = find(ecsId);
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
      if (object.settled) {
        return object.entity; // and so is everything it references
      }
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
    fill(object, resolveReference);
  }

  private void fill(Made object, Function<UUID, Entity> references) {
    filling = object.record;
    Object[] stored = object.references;
    for (int at = 0; at < stored.length && stored[at] != null; at += 2) {
      set(object, (EntityModel.Property) stored[at], (Value) stored[at + 1], references);
    }
    object.references = null;
  }

  private void set(Made object, EntityModel.Property property, Value stored) {
    set(object, property, stored, resolveReference);
  }

  private void set(Made object, EntityModel.Property property, Value stored,
      Function<UUID, Entity> references) {
    Object value;
    try {
      value = ValueCodec.decode(stored, property.genericType(), references);
    } catch (NotYet e) {
      throw e;
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
