package dev.lineage.domain;

import dev.lineage.storage.InvalidInputException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the engine knows about one entity class: its stored type name, its content fields in
 * declaration order (superclass fields first) and how to make an empty instance. Built once per
 * class, on first use, and checked then: an unsupported field type is reported before any data is
 * written.
 */
final class EntityModel {

  /** The type every field's getter is adapted to, so one call site fits all. */
  private static final MethodType GETTER = MethodType.methodType(Object.class, Entity.class);

  private static final ClassValue<EntityModel> MODELS =
      new ClassValue<>() {
        @Override
        protected EntityModel computeValue(Class<?> type) {
          return new EntityModel(type.asSubclass(Entity.class));
        }
      };

  private final Class<? extends Entity> type;
  private final String typeName;
  private final List<Property> properties;
  private final Constructor<? extends Entity> constructor;
  private final List<Class<? extends Entity>> relatedTypes;
  private final boolean frozen;
  private final List<Property> ownershipProperties;
  private final List<Property> plainProperties;
  private final List<Property> containerProperties;
  private final boolean hasBackReferences;
  /** Set once an instance made for a stored version shows it (see Entity.newStoredInstance). */
  private volatile boolean constructorMakesEntitiesFirst;

  private EntityModel(Class<? extends Entity> type) {
    this.type = type;
    this.typeName = typeNameOf(type);
    this.properties = List.copyOf(propertiesOf(type));
    this.constructor = constructorOf(type);
    this.relatedTypes = relatedTypesOf(type, properties);
    this.frozen =
        properties.stream().allMatch(p -> Modifier.isFinal(p.field().getModifiers()));
    this.ownershipProperties =
        properties.stream().filter(p -> !p.backReference() && p.mayHoldEntities()).toList();
    this.plainProperties =
        properties.stream().filter(p -> !p.backReference() && !p.mayHoldEntities()).toList();
    this.containerProperties = properties.stream().filter(Property::isContainer).toList();
    this.hasBackReferences = properties.stream().anyMatch(Property::backReference);
  }

  static EntityModel of(Class<? extends Entity> type) {
    return MODELS.get(type);
  }

  static EntityModel of(Entity entity) {
    return MODELS.get(entity.getClass());
  }

  Class<? extends Entity> type() {
    return type;
  }

  String typeName() {
    return typeName;
  }

  List<Property> properties() {
    return properties;
  }

  /**
   * The entity classes this type's fields name (through optionals, collections and map values)
   * and, for a sealed type, its permitted subclasses.
   */
  List<Class<? extends Entity>> relatedTypes() {
    return relatedTypes;
  }

  /**
   * Whether every stored field is final: an instance cannot change once its collections are
   * made unmodifiable, which the engine does when it reads or commits one (see CleanState).
   */
  boolean isFrozen() {
    return frozen;
  }

  /** The fields that may hold sub-entities: ownership edges (not back-references). */
  List<Property> ownershipProperties() {
    return ownershipProperties;
  }

  /** The fields that can never hold an entity (nor are back-references). */
  List<Property> plainProperties() {
    return plainProperties;
  }

  /** The fields declared as lists, sets, maps or optionals. */
  List<Property> containerProperties() {
    return containerProperties;
  }

  boolean hasBackReferences() {
    return hasBackReferences;
  }

  /** Whether the no-argument constructor makes other entities before its own super() call. */
  boolean constructorMakesEntitiesFirst() {
    return constructorMakesEntitiesFirst;
  }

  void noteConstructorMakesEntitiesFirst() {
    constructorMakesEntitiesFirst = true;
  }

  /** Whether the field {@code name} is declared as a set (compared regardless of order). */
  boolean isSetField(String name) {
    for (Property property : properties) {
      if (property.name().equals(name)) {
        return property.isSet();
      }
    }
    return false;
  }

  Entity newInstance() {
    if (constructor == null) {
      throw new IllegalStateException(type.getName() + " is abstract and has no instances");
    }
    try {
      return constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "the no-argument constructor of " + type.getName() + " failed", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate " + type.getName(), e);
    }
  }

  private static String typeNameOf(Class<? extends Entity> type) {
    TypeName annotation = type.getAnnotation(TypeName.class);
    if (annotation == null) {
      return type.getName();
    }
    if (annotation.value().isBlank()) {
      throw new InvalidInputException("@TypeName of " + type.getName() + " is blank");
    }
    return annotation.value();
  }

  private static Constructor<? extends Entity> constructorOf(Class<? extends Entity> type) {
    if (Modifier.isAbstract(type.getModifiers())) {
      return null; // never instantiated itself; its concrete subclasses have their own model
    }
    try {
      Constructor<? extends Entity> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor;
    } catch (NoSuchMethodException e) {
      throw new InvalidInputException(
          type.getName()
              + " needs a no-argument constructor (any visibility) so stored versions can be"
              + " rebuilt"
              + (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())
                  ? "; it is an inner class, make it static"
                  : ""));
    }
  }

  private static List<Class<? extends Entity>> relatedTypesOf(
      Class<? extends Entity> type, List<Property> properties) {
    Set<Class<? extends Entity>> related = new LinkedHashSet<>();
    for (Property property : properties) {
      collectEntityTypes(property.genericType(), related);
    }
    Class<?>[] permitted = type.getPermittedSubclasses();
    if (permitted != null) {
      for (Class<?> subclass : permitted) {
        related.add(subclass.asSubclass(Entity.class));
      }
    }
    related.remove(type);
    return List.copyOf(related);
  }

  private static void collectEntityTypes(Type declared, Set<Class<? extends Entity>> into) {
    Class<?> raw = rawType(declared);
    if (Entity.class.isAssignableFrom(raw) && raw != Entity.class) {
      into.add(raw.asSubclass(Entity.class));
    } else if (raw == Optional.class || raw == List.class || raw == Set.class
        || raw == Collection.class) {
      collectEntityTypes(typeArgument(declared, 0), into);
    } else if (raw == Map.class) {
      collectEntityTypes(typeArgument(declared, 1), into);
    }
  }

  private static List<Property> propertiesOf(Class<? extends Entity> type) {
    Deque<Class<?>> hierarchy = new ArrayDeque<>();
    for (Class<?> c = type; c != Entity.class; c = c.getSuperclass()) {
      hierarchy.push(c);
    }
    List<Property> properties = new ArrayList<>();
    for (Class<?> c : hierarchy) {
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.isSynthetic()) {
          continue;
        }
        for (Property existing : properties) {
          if (existing.name().equals(field.getName())) {
            throw new InvalidInputException(
                type.getName() + " declares the field '" + field.getName() + "' twice in its"
                    + " class hierarchy; stored fields are named by their field name");
          }
        }
        properties.add(Property.of(type, field));
      }
    }
    return properties;
  }

  /** One content field of an entity class. */
  record Property(
      Field field,
      String name,
      Type genericType,
      boolean backReference,
      boolean required,
      MethodHandle getter) {

    static Property of(Class<?> owner, Field field) {
      boolean backReference = field.isAnnotationPresent(BackReference.class);
      String where = owner.getName() + "." + field.getName();
      if (backReference && !Entity.class.isAssignableFrom(field.getType())) {
        throw new InvalidInputException(
            "@BackReference field " + where + " must be typed as an entity, not "
                + field.getGenericType().getTypeName());
      }
      checkSupported(field.getGenericType(), where);
      field.setAccessible(true);
      MethodHandle getter;
      try {
        getter = MethodHandles.lookup().unreflectGetter(field).asType(GETTER);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot access " + where, e);
      }
      return new Property(
          field,
          field.getName(),
          field.getGenericType(),
          backReference,
          field.isAnnotationPresent(Required.class),
          getter);
    }

    // Reads go through a method handle, writes through Field.set (see set).

    Object get(Entity entity) {
      try {
        return (Object) getter.invokeExact(entity);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) { // the handle declares it; a field read throws nothing checked
        throw new IllegalStateException("cannot read " + field, e);
      }
    }

    /**
     * Sets the field; a value of the wrong type fails as {@link Field#set} would, with an
     * {@link IllegalArgumentException} (a primitive field refuses null).
     */
    void set(Entity entity, Object value) {
      // Through Field.set, not a method handle: a handle kept in a field is not inlined, and its
      // adapters cost more than Field's volatile write of a final field (a load of 10,000
      // messages took 0.95x the time with Field.set, measured in one JVM against the handle).
      try {
        field.set(entity, value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "cannot set " + field + " to " + (value == null ? "null" : value.getClass().getName()),
            e);
      } catch (IllegalAccessException e) { // made accessible in of(): cannot happen
        throw new IllegalStateException("cannot write " + field, e);
      }
    }

    boolean isSet() {
      return Set.class.isAssignableFrom(rawType(genericType));
    }

    boolean isContainer() {
      Class<?> raw = rawType(genericType);
      return raw == Optional.class || raw == List.class || raw == Set.class
          || raw == Collection.class || raw == Map.class;
    }

    /** Whether the declared type can hold an entity: an entity type, Object, or containers. */
    boolean mayHoldEntities() {
      return mayHoldEntities(genericType);
    }

    private static boolean mayHoldEntities(Type type) {
      Class<?> raw = rawType(type);
      if (raw == Object.class || Entity.class.isAssignableFrom(raw)) {
        return true;
      }
      if (raw == Optional.class || raw == List.class || raw == Set.class
          || raw == Collection.class) {
        return mayHoldEntities(typeArgument(type, 0));
      }
      return raw == Map.class && mayHoldEntities(typeArgument(type, 1));
    }
  }

  // ---- which declared types can be stored ----

  static Class<?> rawType(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (type instanceof WildcardType w) {
      return rawType(w.getUpperBounds()[0]);
    }
    if (type instanceof TypeVariable<?> v) {
      return rawType(v.getBounds()[0]);
    }
    return Object.class;
  }

  /** The i-th type argument of {@code type}, or {@code Object} when it is raw. */
  static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType p) {
      Type argument = p.getActualTypeArguments()[index];
      if (argument instanceof WildcardType w) {
        return w.getUpperBounds()[0];
      }
      if (argument instanceof TypeVariable<?> v) {
        return v.getBounds()[0];
      }
      return argument;
    }
    return Object.class;
  }

  static boolean isScalar(Class<?> c) {
    return c.isPrimitive()
        || c == String.class
        || c == Boolean.class
        || c == Integer.class
        || c == Long.class
        || c == Short.class
        || c == Byte.class
        || c == Double.class
        || c == Float.class
        || c == UUID.class
        || c == Instant.class
        || c.isEnum();
  }

  private static void checkSupported(Type type, String where) {
    Class<?> raw = rawType(type);
    if (raw == char.class || raw == Character.class) {
      throw unsupported(type, where);
    }
    if (isScalar(raw) || Entity.class.isAssignableFrom(raw) || raw == Object.class) {
      return;
    }
    if (raw == Optional.class || List.class == raw || Set.class == raw || raw == Collection.class) {
      checkSupported(typeArgument(type, 0), where + "[]");
      return;
    }
    if (raw == Map.class) {
      Class<?> key = rawType(typeArgument(type, 0));
      if (key != String.class
          && key != UUID.class
          && key != Integer.class
          && key != Long.class
          && !key.isEnum()
          && key != Object.class) {
        throw new InvalidInputException(
            where + " is a map keyed by " + key.getName()
                + "; map keys must be strings, UUIDs, enums or whole numbers");
      }
      checkSupported(typeArgument(type, 1), where + "{}");
      return;
    }
    throw unsupported(type, where);
  }

  private static InvalidInputException unsupported(Type type, String where) {
    return new InvalidInputException(
        where + " has the type " + type.getTypeName()
            + ", which Lineage cannot store. Use strings, numbers, booleans, enums, UUID, Instant,"
            + " entities, Object (JSON-like data), or Optional, List, Set, Collection and Map of"
            + " those; declare concrete collections by their interface (List, not ArrayList)");
  }
}
