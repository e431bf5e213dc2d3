package dev.lineage.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One stored field value of a {@link VersionRecord}: a small, closed tree of JSON-like values plus
 * two kinds JSON lacks, {@link Uuid} and {@link Time}, and {@link Ref}, a reference to another
 * stored version by its {@code ecs_id}.
 *
 * <p>Values are immutable and compare by content. An adapter must give back exactly the value it
 * was given: the same kind, the same text (every code point, NUL included), the same number (a
 * {@link Real} compares with {@link Double#compare}, so {@code -0.0} and {@code NaN} are values
 * of their own), the same keys of an {@link Obj} (their order may differ).
 */
public sealed interface Value
    permits Value.Null, Value.Text, Value.Int, Value.Real, Value.Bool, Value.Uuid, Value.Time,
        Value.Ref, Value.Seq, Value.Obj {

  /** The absent value (a null field, a JSON null). */
  Null NULL = new Null();

  /** Calls {@code action} with the {@code ecs_id} of every {@link Ref} inside this value. */
  default void forEachRef(Consumer<UUID> action) {
    if (this instanceof Ref ref) {
      action.accept(ref.ecsId());
    } else if (this instanceof Seq seq) {
      seq.items().forEach(item -> item.forEachRef(action));
    } else if (this instanceof Obj obj) {
      obj.fields().forEach((key, item) -> item.forEachRef(action));
    }
  }

  /** The absent value; use {@link #NULL}. */
  record Null() implements Value {}

  /** A string. */
  record Text(String value) implements Value {
    public Text {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A whole number (Java {@code byte} to {@code long}). */
  record Int(long value) implements Value {}

  /** A floating point number (Java {@code float} or {@code double}). */
  record Real(double value) implements Value {}

  /** A boolean. */
  record Bool(boolean value) implements Value {
    public static final Bool TRUE = new Bool(true);
    public static final Bool FALSE = new Bool(false);

    public static Bool of(boolean value) {
      return value ? TRUE : FALSE;
    }
  }

  /** A UUID that is data, not a reference to a stored version. */
  record Uuid(UUID value) implements Value {
    public Uuid {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A point in time, UTC, with millisecond precision (every backend keeps milliseconds). */
  record Time(Instant value) implements Value {
    public Time {
      Objects.requireNonNull(value, "value");
      if (value.getNano() % 1_000_000 != 0) {
        throw new InvalidInputException("time values carry milliseconds, not " + value);
      }
    }
  }

  /** A reference to another stored version, by its {@code ecs_id}. */
  record Ref(UUID ecsId) implements Value {
    public Ref {
      Objects.requireNonNull(ecsId, "ecsId");
    }
  }

  /**
   * An ordered sequence (a Java list or set). A sequence made by {@link #append} shares the items
   * of the one it extends, so versions that each add a few items to a long list stay small.
   */
  record Seq(List<Value> items) implements Value {
    public Seq {
      items = items instanceof PersistentVector ? items : List.copyOf(items);
    }

    /**
     * Whether every item is a {@link Ref} (true for an empty sequence): a list of references,
     * such as a thread's history. Constant time for a sequence made by {@link #append}, which
     * keeps the answer as it grows; otherwise one pass over the items.
     */
    public boolean onlyReferences() {
      if (items instanceof PersistentVector vector) {
        return vector.onlyReferences();
      }
      for (Value item : items) {
        if (!(item instanceof Ref)) {
          return false;
        }
      }
      return true;
    }

    /** This sequence followed by {@code more}; its items are shared, not copied. */
    public Seq append(List<Value> more) {
      return new Seq(PersistentVector.of(items).appendAll(more));
    }

    /**
     * Whether this sequence begins with the items of {@code prefix}. Quick when this sequence was
     * made from {@code prefix} by {@link #append}: the items they share are not compared.
     */
    public boolean startsWith(Seq prefix) {
      List<Value> theirs = prefix.items();
      if (theirs.size() > items.size()) {
        return false;
      }
      if (items instanceof PersistentVector mine && theirs instanceof PersistentVector vector) {
        return mine.startsWith(vector);
      }
      return items.subList(0, theirs.size()).equals(theirs);
    }
  }

  /** A map from string keys to values (a JSON object, a Java map). */
  record Obj(Map<String, Value> fields) implements Value {
    public Obj {
      fields = orderedCopy(fields);
    }
  }

  /** An unmodifiable copy that keeps the iteration order and rejects null keys and values. */
  static Map<String, Value> orderedCopy(Map<String, Value> fields) {
    return OrderedFields.copyOf(fields);
  }
}
