package dev.lineage.domain;

import dev.lineage.storage.EntityStorage;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.NotFoundException;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.StorageStatus;
import dev.lineage.storage.VersionRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The entry point of Lineage: commits working copies as immutable versions and reads them back,
 * over one {@link EntityStorage}.
 *
 * <pre>{@code
 * EntityRegistry registry = EntityRegistry.over(new InMemoryEntityStorage());
 * Note note = registry.register(new Note("draft"));   // version 1
 * note.text = "final";
 * registry.commit(note);                              // version 2, forked from 1
 * Note first = registry.get(note.parentId().orElseThrow(), Note.class).orElseThrow();
 * }</pre>
 *
 * <p>A commit compares the working graph with its stored versions and forks, bottom-up, every
 * changed entity and every entity owning one, up to the root; unchanged entities are shared
 * between versions. Reads hand out independent working copies. A registry is thread-safe and holds
 * no state besides what it learned about entity classes; working copies are not thread-safe.
 */
public final class EntityRegistry {

  /** How many versions a whole-lineage read asks the store for at a time. */
  private static final int LINEAGE_PAGE = 1_000;

  private final EntityStorage storage;
  private final RegistryOptions options;
  private final TypeCatalog catalog;
  private volatile boolean tracingEnabled = true;

  private EntityRegistry(EntityStorage storage, RegistryOptions options) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.options = Objects.requireNonNull(options, "options");
    this.catalog = new TypeCatalog(options.types());
  }

  /** A registry over {@code storage} with {@linkplain RegistryOptions#defaults() defaults}. */
  public static EntityRegistry over(EntityStorage storage) {
    return new EntityRegistry(storage, RegistryOptions.defaults());
  }

  public static EntityRegistry over(EntityStorage storage, RegistryOptions options) {
    return new EntityRegistry(storage, options);
  }

  // ---- writing ----

  /** Stores a new entity graph; the same as {@link #commit}, named for first registration. */
  public <T extends Entity> T register(T entity) {
    return commit(entity);
  }

  /**
   * Stores {@code root} and everything it owns as new versions where they changed, atomically,
   * and returns {@code root} (now carrying its new ids). Nothing is written when nothing changed.
   *
   * @throws dev.lineage.storage.ConflictException if {@code root}'s stored version already has a
   *     successor (reload the latest version, or branch with {@link #branchFrom}); the working
   *     copy is left as it was
   * @throws InvalidInputException if an entity is invalid; nothing is written
   */
  public <T extends Entity> T commit(T root) {
    Objects.requireNonNull(root, "root");
    CommitPlan plan = CommitPlan.prepare(root, storage, catalog);
    boolean writes = plan.writesAnything();
    plan.execute(storage, options.clock().instant(), root.branchOnNextCommit());
    if (writes) {
      // a commit that wrote nothing (a traced call's first step, say) has not started the branch
      root.branchOnNextCommit(false);
    }
    return root;
  }

  /**
   * A working copy of version {@code ecsId} whose next commit starts a new branch of its lineage,
   * even though that version already has a successor ("edit and regenerate").
   *
   * @throws NotFoundException if no such version is stored
   * @throws InvalidInputException if the version is not a {@code type}
   */
  public <T extends Entity> T branchFrom(UUID ecsId, Class<T> type) {
    T copy = require(ecsId, type);
    copy.branchOnNextCommit(true);
    return copy;
  }

  /**
   * What committing {@code root} now would fork: each entity, children first, with its own field
   * changes (an empty diff for an owner that forks because something it owns changed). Entities
   * that would be stored for the first time are not listed. Writes nothing.
   */
  public PendingChanges pendingChanges(Entity root) {
    Objects.requireNonNull(root, "root");
    return CommitPlan.prepare(root, storage, catalog).modifications();
  }

  // ---- reading ----

  /** A working copy of version {@code ecsId}, whatever its type; empty if it is not stored. */
  public Optional<Entity> get(UUID ecsId) {
    return get(ecsId, Entity.class);
  }

  /**
   * A working copy of version {@code ecsId} with everything it references; empty if it is not
   * stored or is not a {@code type}.
   */
  public <T extends Entity> Optional<T> get(UUID ecsId, Class<T> type) {
    Objects.requireNonNull(ecsId, "ecsId");
    Objects.requireNonNull(type, "type");
    catalog.learn(type);
    // The reader makes each object as its version arrives, while the store reads the next ones.
    GraphReader reader = GraphReader.whileLoading(catalog);
    Map<UUID, VersionRecord> records = storage.loadGraphs(List.of(ecsId), reader::accept);
    if (!records.containsKey(ecsId)) {
      return Optional.empty();
    }
    Entity entity = reader.read(ecsId, records);
    return type.isInstance(entity) ? Optional.of(type.cast(entity)) : Optional.empty();
  }

  /**
   * Like {@link #get(UUID, Class)}, for a version that must exist.
   *
   * @throws NotFoundException if no such version is stored
   * @throws InvalidInputException if the version is not a {@code type}
   */
  public <T extends Entity> T require(UUID ecsId, Class<T> type) {
    Objects.requireNonNull(type, "type");
    catalog.learn(type); // so that a registry that has not met the type yet can read it
    Entity entity =
        get(ecsId).orElseThrow(() -> new NotFoundException("no version " + ecsId + " is stored"));
    if (!type.isInstance(entity)) {
      throw new InvalidInputException(
          "version " + ecsId + " is a " + entity.getClass().getSimpleName() + ", not a "
              + type.getSimpleName());
    }
    return type.cast(entity);
  }

  /**
   * Working copies of the versions {@code ecsIds} that are stored and are {@code type}s, in the
   * order asked for; the others are skipped. Each is independent of the others.
   */
  public <T extends Entity> List<T> getMany(List<UUID> ecsIds, Class<T> type) {
    Objects.requireNonNull(type, "type");
    catalog.learn(type);
    List<UUID> ids = List.copyOf(new LinkedHashSet<>(ecsIds));
    return readEach(ids, storage.loadGraphs(ids), type);
  }

  /** Whether version {@code ecsId} is stored. */
  public boolean exists(UUID ecsId) {
    return storage.exists(Objects.requireNonNull(ecsId, "ecsId"));
  }

  /**
   * One page of the stored versions of {@code type} and of its subclasses this registry knows,
   * every version of every lineage, in creation order.
   */
  public <T extends Entity> Page<T> listByType(Class<T> type, PageRequest page) {
    Page<VersionRecord> versions = storage.listByType(catalog.namesAssignableTo(type), page);
    return readPage(versions, type);
  }

  // ---- lineages ----

  /** Whether any version of lineage {@code lineageId} is stored. */
  public boolean hasLineage(UUID lineageId) {
    Objects.requireNonNull(lineageId, "lineageId");
    return !storage.listLineage(lineageId, PageRequest.first(1)).items().isEmpty();
  }

  /** The ids of every version of lineage {@code lineageId}, in creation order. */
  public List<UUID> lineageIds(UUID lineageId) {
    return allVersions(lineageId).stream().map(VersionRecord::ecsId).toList();
  }

  /** One page of working copies of the versions of a lineage, in creation order. */
  public <T extends Entity> Page<T> lineage(UUID lineageId, Class<T> type, PageRequest page) {
    Objects.requireNonNull(lineageId, "lineageId");
    return readPage(storage.listLineage(lineageId, page), type);
  }

  /** The versions of a lineage as a tree, with the diff of each from its parent. */
  public LineageTree lineageTree(UUID lineageId) {
    return LineageTree.of(lineageId, allVersions(lineageId), this::diff);
  }

  /** {@link #lineageTree} as Mermaid text (reference 2.11). */
  public String lineageMermaid(UUID lineageId) {
    return lineageTree(lineageId).toMermaid();
  }

  /**
   * What changed from version {@code older} to version {@code newer} (any two stored versions,
   * of any type, even one this registry has no class for).
   *
   * @throws NotFoundException if either is not stored
   */
  public EntityDiff diff(UUID older, UUID newer) {
    Map<UUID, VersionRecord> records = storage.loadVersions(List.of(older, newer));
    VersionRecord before = records.get(older);
    VersionRecord after = records.get(newer);
    if (before == null || after == null) {
      throw new NotFoundException(
          "no version " + (before == null ? older : newer) + " is stored");
    }
    return diff(before, after);
  }

  /**
   * The diff of two stored versions. Works for any stored type: when this registry has no class
   * for it (another application's entities), set fields compare as lists.
   */
  private EntityDiff diff(VersionRecord before, VersionRecord after) {
    Optional<EntityModel> model = catalog.find(after.type());
    return Differ.diff(before.fields(), after.fields(),
        name -> model.map(m -> m.isSetField(name)).orElse(false));
  }

  // ---- tracing ----

  /**
   * Runs {@code call} with automatic versioning of the entities it works on (reference 2.9):
   * entities among {@code inputs} (looking into collections, maps and optionals) that are stored
   * and were changed beforehand are committed first, so earlier edits become a version of their
   * own; after the call, entities it returned that are not stored yet are registered, and changed
   * inputs are committed. With tracing {@linkplain #setTracingEnabled disabled} it only runs the
   * call.
   */
  public <R> R traced(Supplier<R> call, Object... inputs) {
    Objects.requireNonNull(call, "call");
    if (!tracingEnabled) {
      return call.get();
    }
    Tracer tracer = new Tracer(this, inputs);
    tracer.before();
    R result = call.get();
    tracer.after(result);
    return result;
  }

  /** {@link #traced} for an asynchronous call; the after-call steps run when it completes. */
  public <R> CompletableFuture<R> tracedAsync(
      Supplier<? extends CompletionStage<R>> call, Object... inputs) {
    Objects.requireNonNull(call, "call");
    if (!tracingEnabled) {
      return call.get().toCompletableFuture();
    }
    Tracer tracer = new Tracer(this, inputs);
    tracer.before();
    return call.get()
        .toCompletableFuture()
        .thenApply(
            result -> {
              tracer.after(result);
              return result;
            });
  }

  /** Turns automatic versioning around {@link #traced} calls on or off. */
  public void setTracingEnabled(boolean enabled) {
    tracingEnabled = enabled;
  }

  public boolean isTracingEnabled() {
    return tracingEnabled;
  }

  /** What the store holds. */
  public StorageStatus status() {
    return storage.status();
  }

  /**
   * Whether {@code entity}'s current version is stored: known without asking the store when the
   * entity was read or committed as that version.
   */
  public boolean isStored(Entity entity) {
    return entity.pristine() || entity.baseline() != null || storage.exists(entity.ecsId());
  }

  // ---- helpers ----

  private List<VersionRecord> allVersions(UUID lineageId) {
    Objects.requireNonNull(lineageId, "lineageId");
    List<VersionRecord> versions = new ArrayList<>();
    PageRequest request = PageRequest.first(LINEAGE_PAGE);
    while (true) {
      Page<VersionRecord> page = storage.listLineage(lineageId, request);
      versions.addAll(page.items());
      if (page.next().isEmpty()) {
        return versions;
      }
      request = PageRequest.after(page.next().get(), LINEAGE_PAGE);
    }
  }

  private <T extends Entity> Page<T> readPage(Page<VersionRecord> versions, Class<T> type) {
    Objects.requireNonNull(type, "type");
    catalog.learn(type);
    List<UUID> ids = versions.items().stream().map(VersionRecord::ecsId).toList();
    return new Page<>(readEach(ids, storage.loadGraphs(ids), type), versions.next());
  }

  private <T extends Entity> List<T> readEach(
      List<UUID> ids, Map<UUID, VersionRecord> records, Class<T> type) {
    List<T> result = new ArrayList<>(ids.size());
    for (UUID id : ids) {
      if (records.containsKey(id)) {
        // the records hold every listed graph: one graph's share is not known, so start small
        Entity entity = new GraphReader(catalog, records, GraphReader.SMALL_GRAPH).read(id);
        if (type.isInstance(entity)) {
          result.add(type.cast(entity));
        }
      }
    }
    return result;
  }
}
