package dev.lineage.storage.jpa;

import dev.lineage.storage.FieldLayout;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How the records of one thread entity type map to rows of their table: a column per field, plus
 * fields kept outside the row ({@code ChatThread.history} and {@code tools}). A record fits when
 * it has exactly these fields and every value fits its column; any other record of the type goes
 * to the generic table whole.
 *
 * @param typeName the record type this table holds
 * @param table the table's name, for messages
 * @param entityName the row class's entity name, for queries
 * @param newRow makes an empty row
 * @param columns the fields kept in columns of the row
 * @param outside the fields kept outside the row, each with what fits it
 * @param fieldOrder every field name, in the entity's order (the order records list them in)
 * @param <R> the row class
 */
record TypedMapping<R extends VersionRow>(
    String typeName,
    String table,
    String entityName,
    Class<R> rowClass,
    Supplier<R> newRow,
    List<FieldColumn<R>> columns,
    Map<String, Predicate<Value>> outside,
    FieldLayout fieldOrder) {

  TypedMapping {
    columns = List.copyOf(columns);
    outside = Map.copyOf(outside);
    Set<String> outsideNames = outside.keySet();
    List<String> columnOrder =
        fieldOrder.names().stream().filter(name -> !outsideNames.contains(name)).toList();
    if (!columnOrder.equals(columns.stream().map(FieldColumn::field).toList())) {
      throw new IllegalArgumentException(
          typeName + ": the columns must follow the field order " + fieldOrder.names());
    }
  }

  static <R extends VersionRow> TypedMapping<R> of(String typeName, String table,
      Class<R> rowClass, Supplier<R> newRow, List<FieldColumn<R>> columns) {
    return new TypedMapping<>(typeName, table, rowClass.getSimpleName(), rowClass, newRow,
        columns, Map.of(), FieldLayout.of(columns.stream().map(FieldColumn::field).toList()));
  }

  /**
   * The same mapping with fields kept outside the row, each named in {@code order} (the entity's
   * field order) among the column fields.
   */
  TypedMapping<R> withOutside(Map<String, Predicate<Value>> fields, List<String> order) {
    return new TypedMapping<>(typeName, table, entityName, rowClass, newRow, columns, fields,
        FieldLayout.of(order));
  }

  /**
   * Whether {@code record} can be kept in this table without losing or changing anything: it has
   * exactly the table's fields, in the entity's order, and each value fits.
   */
  boolean fits(VersionRecord record) {
    Map<String, Value> fields = record.fields();
    if (!List.copyOf(fields.keySet()).equals(fieldOrder.names())) {
      return false;
    }
    for (FieldColumn<R> column : columns) {
      Value value = fields.get(column.field());
      if (value == null || !column.fits(value)) {
        return false;
      }
    }
    for (Map.Entry<String, Predicate<Value>> field : outside.entrySet()) {
      Value value = fields.get(field.getKey());
      if (value == null || !field.getValue().test(value)) {
        return false;
      }
    }
    return true;
  }

  /** A row holding the column fields of a fitting {@code record} (versioning columns not set). */
  R toRow(VersionRecord record) {
    R row = newRow.get();
    for (FieldColumn<R> column : columns) {
      column.write(row, record.fields().get(column.field()));
    }
    return row;
  }

  /**
   * The fields of {@code row}, in the entity's field order: the column fields read from the row,
   * the others from {@code outsideValues}.
   */
  Map<String, Value> fieldsOf(VersionRow row, UUID ecsId, Map<String, Value> outsideValues) {
    R typed = rowClass.cast(row);
    Value[] values = new Value[fieldOrder.size()];
    int column = 0;
    for (int i = 0; i < values.length; i++) {
      Value outsideValue = outside.isEmpty() ? null : outsideValues.get(fieldOrder.name(i));
      values[i] = outsideValue != null ? outsideValue
          : columns.get(column++).read(typed, table, ecsId);
    }
    return fieldOrder.fields(values);
  }
}
