package dev.lineage.storage.jpa;

import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.Value;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One record field kept in one column of a typed table: its name, its column, what fits, and how
 * the row class holds it.
 *
 * @param field the record field's name (the entity's Java field name)
 * @param column the column's name, for messages
 * @param kind what the column holds
 * @param nullable whether {@link Value#NULL} fits (a column without NOT NULL)
 * @param constants for an {@link ColumnKind#ENUM} column, the enum's constant names; else empty
 * @param enumName for an {@link ColumnKind#ENUM} column, the enum's name, for messages
 * @param target for a {@link ColumnKind#REF} column, the type the reference usually names: where
 *     a read looks for it first
 * @param get reads the column value from a row
 * @param set writes the column value into a row
 * @param <R> the row class
 */
record FieldColumn<R>(
    String field,
    String column,
    ColumnKind kind,
    boolean nullable,
    Set<String> constants,
    String enumName,
    String target,
    Function<R, Object> get,
    BiConsumer<R, Object> set) {

  FieldColumn {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(kind, "kind");
    constants = Set.copyOf(constants);
  }

  static <R> FieldColumn<R> of(String field, String column, ColumnKind kind, boolean nullable,
      Function<R, ?> get, BiConsumer<R, Object> set) {
    return new FieldColumn<>(field, column, kind, nullable, Set.of(), null, null, get::apply, set);
  }

  static <R> FieldColumn<R> enumeration(String field, String column, boolean nullable,
      String enumName, List<String> constants, Function<R, ?> get, BiConsumer<R, Object> set) {
    return new FieldColumn<>(field, column, ColumnKind.ENUM, nullable, Set.copyOf(constants),
        enumName, null, get::apply, set);
  }

  static <R> FieldColumn<R> reference(String field, String column, boolean nullable,
      String target, Function<R, ?> get, BiConsumer<R, Object> set) {
    return new FieldColumn<>(field, column, ColumnKind.REF, nullable, Set.of(), null, target,
        get::apply, set);
  }

  /** Whether {@code value} can be kept in this column exactly. */
  boolean fits(Value value) {
    if (value instanceof Value.Null) {
      return nullable;
    }
    if (!kind.fits(value)) {
      return false;
    }
    return kind != ColumnKind.ENUM || constants.contains(((Value.Text) value).value());
  }

  /** Writes a fitting {@code value} into {@code row}. */
  void write(R row, Value value) {
    set.accept(row, value instanceof Value.Null ? null : kind.toColumn(value));
  }

  /**
   * The value this column of {@code row} holds.
   *
   * @throws UnreadableDataException if the column holds what this adapter never writes there
   */
  Value read(R row, String table, UUID ecsId) {
    Object stored = get.apply(row);
    if (stored == null) {
      if (!nullable) {
        throw unreadable(table, ecsId, "is null");
      }
      return Value.NULL;
    }
    switch (kind) {
      case TEXT:
        return new Value.Text((String) stored);
      case ENUM: {
        String text = (String) stored;
        if (!constants.contains(text)) {
          throw unreadable(table, ecsId, "holds '" + text + "', which is no " + enumName);
        }
        return new Value.Text(text);
      }
      case INT:
        return new Value.Int((Integer) stored);
      case REAL:
        return new Value.Real((Double) stored);
      case BOOL:
        return Value.Bool.of((Boolean) stored);
      case UUID:
        return new Value.Uuid((UUID) stored);
      case TIME: {
        Instant instant = (Instant) stored;
        if (instant.getNano() % 1_000_000 != 0) {
          throw unreadable(table, ecsId, "holds " + instant + ", finer than milliseconds");
        }
        return new Value.Time(instant);
      }
      case REF:
        return new Value.Ref((UUID) stored);
      case JSON: {
        Value value;
        try {
          value = ValueJson.read((String) stored);
        } catch (ValueJson.MalformedJsonException e) {
          throw new UnreadableDataException(
              table + " row " + ecsId + ": column " + column + " holds broken JSON: "
                  + e.getMessage(), e);
        }
        if (!(value instanceof Value.Obj)) {
          throw unreadable(table, ecsId, "holds JSON that is not an object");
        }
        return value;
      }
      default:
        throw new AssertionError(kind);
    }
  }

  private UnreadableDataException unreadable(String table, UUID ecsId, String problem) {
    return new UnreadableDataException(
        table + " row " + ecsId + ": column " + column + " (field '" + field + "') " + problem);
  }
}
