package dev.lineage.domain;

import dev.lineage.storage.UnreadableDataException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stored type names and the entity classes they stand for. A registry learns every class it
 * commits or reads, plus those named in its options, and with each the entity types its fields
 * name and the permitted subclasses of a sealed one; a name it has not learned is tried as a class
 * name, and must name an {@link Entity} subclass.
 */
final class TypeCatalog {

  private final Map<String, EntityModel> byName = new ConcurrentHashMap<>();

  TypeCatalog(Collection<Class<? extends Entity>> known) {
    known.forEach(this::learn);
  }

  /**
   * Learns {@code type} and, the first time, the entity types its fields name and the permitted
   * subclasses of a sealed type, so that a graph read by its root type resolves every type name
   * inside it (a thread's messages, prompt and tools) without listing them in the options.
   */
  EntityModel learn(Class<? extends Entity> type) {
    EntityModel model = EntityModel.of(type);
    EntityModel previous = byName.putIfAbsent(model.typeName(), model);
    if (previous == null) {
      model.relatedTypes().forEach(this::learn);
    } else if (previous.type() != type) {
      throw new IllegalStateException(
          "type name '" + model.typeName() + "' is used by both " + previous.type().getName()
              + " and " + type.getName());
    }
    return model;
  }

  /** The model for a stored type name. */
  EntityModel resolve(String typeName, UUID ecsId) {
    EntityModel model = byName.get(typeName);
    if (model != null) {
      return model;
    }
    Class<?> type;
    try {
      type = Class.forName(typeName, false, classLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new UnreadableDataException(
          "version " + ecsId + " has the unknown entity type '" + typeName
              + "'; name its class in RegistryOptions.types()", e);
    }
    if (!Entity.class.isAssignableFrom(type) || type.isAnnotationPresent(TypeName.class)) {
      throw new UnreadableDataException(
          "version " + ecsId + " has the type '" + typeName + "', which is not an entity type"
              + " this registry knows; name its class in RegistryOptions.types()");
    }
    return learn(type.asSubclass(Entity.class));
  }

  /** The model for a stored type name, if this registry knows or can load its class. */
  Optional<EntityModel> find(String typeName) {
    try {
      return Optional.of(resolve(typeName, null));
    } catch (UnreadableDataException e) {
      return Optional.empty();
    }
  }

  /** The stored names of {@code type} and every known subclass of it. */
  Set<String> namesAssignableTo(Class<? extends Entity> type) {
    Set<String> names = new LinkedHashSet<>();
    names.add(learn(type).typeName());
    byName.forEach((name, model) -> {
      if (type.isAssignableFrom(model.type())) {
        names.add(name);
      }
    });
    return names;
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : TypeCatalog.class.getClassLoader();
  }
}
