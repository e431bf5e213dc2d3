package dev.lineage.storage.jpa;

import dev.lineage.storage.Value;
import java.time.Instant;

/**
 * How a record field's value sits in a typed column, and which values fit: a value that does not
 * fit (another kind, a number out of range, text a database cannot hold) sends its whole record to
 * the generic table instead, so nothing is lost or changed.
 */
enum ColumnKind {
  /** {@link Value.Text} without U+0000 or unpaired surrogates; {@code text}. */
  TEXT,
  /** {@link Value.Int} within 32 bits; {@code integer}. */
  INT,
  /**
   * {@link Value.Real}, finite and not {@code -0.0}; {@code double precision}. MariaDB keeps
   * neither NaN nor infinities, and not every database keeps the sign of zero.
   */
  REAL,
  /** {@link Value.Bool}; {@code boolean}. */
  BOOL,
  /** {@link Value.Uuid}; {@code uuid} ({@code binary(16)} on MariaDB). */
  UUID,
  /** {@link Value.Time} from year 1000 to 9999 (MariaDB's {@code datetime} range). */
  TIME,
  /** {@link Value.Text} naming a constant of the column's enum; {@code varchar(32)}. */
  ENUM,
  /** {@link Value.Obj}, as {@link ValueJson} text; {@code jsonb} on PostgreSQL. */
  JSON,
  /** {@link Value.Ref}: the referenced version's {@code ecs_id}. */
  REF;

  static final Instant EARLIEST = Instant.parse("1000-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  /** Whether a non-null {@code value} fits a column of this kind. */
  boolean fits(Value value) {
    switch (this) {
      case TEXT:
        return value instanceof Value.Text text && ValueJson.isSafeText(text.value());
      case INT:
        return value instanceof Value.Int number
            && number.value() == (int) number.value();
      case REAL:
        return value instanceof Value.Real real && Double.isFinite(real.value())
            && Double.doubleToRawLongBits(real.value()) != Long.MIN_VALUE;
      case BOOL:
        return value instanceof Value.Bool;
      case UUID:
        return value instanceof Value.Uuid;
      case TIME:
        return value instanceof Value.Time time && isStorableTime(time.value());
      case ENUM:
        return value instanceof Value.Text;
      case JSON:
        return value instanceof Value.Obj;
      case REF:
        return value instanceof Value.Ref;
      default:
        throw new AssertionError(this);
    }
  }

  /** The column value of a fitting, non-null {@code value}. */
  Object toColumn(Value value) {
    switch (this) {
      case TEXT:
      case ENUM:
        return ((Value.Text) value).value();
      case INT:
        return (int) ((Value.Int) value).value();
      case REAL:
        return ((Value.Real) value).value();
      case BOOL:
        return ((Value.Bool) value).value();
      case UUID:
        return ((Value.Uuid) value).value();
      case TIME:
        return ((Value.Time) value).value();
      case JSON:
        return ValueJson.write(value);
      case REF:
        return ((Value.Ref) value).ecsId();
      default:
        throw new AssertionError(this);
    }
  }

  /** Whether a typed timestamp column of every supported database holds {@code instant}. */
  static boolean isStorableTime(Instant instant) {
    return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
  }
}
