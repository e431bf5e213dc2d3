package dev.lineage.storage.jpa;

import jakarta.persistence.Column;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads rows of a typed table as plain selected columns, for queries that return thousands of
 * them (a long history's messages and usages): building the rows from the values directly skips
 * Hibernate's entity loading (an entity key, a persistence-context entry and a snapshot per row),
 * which cost more than the query itself.
 *
 * @param <R> the row class
 */
final class ScalarRows<R extends VersionRow> {

  /** The versioning attributes every version row has, in the order they are selected. */
  private static final List<String> VERSIONING = List.of("ecsId", "lineageId", "parentId",
      "rootLineageId", "createdAt", "oldIdsSegment", "oldIdsSlot", "oldIdsLength",
      "oldIdsDigest");

  static final ScalarRows<ChatMessageRow> MESSAGES = new ScalarRows<>(ChatMessageRow.MAPPING);
  static final ScalarRows<UsageRow> USAGES = new ScalarRows<>(UsageRow.MAPPING);

  private final TypedMapping<R> mapping;
  private final List<String> attributes = new ArrayList<>();

  private ScalarRows(TypedMapping<R> mapping) {
    this.mapping = mapping;
    attributes.addAll(VERSIONING);
    for (FieldColumn<R> column : mapping.columns()) {
      attributes.add(attributeOf(mapping.rowClass(), column.column()));
    }
  }

  /** How many values a row takes in the select list. */
  int width() {
    return attributes.size();
  }

  /** The select list of a row whose entity has the alias {@code alias}. */
  String select(String alias) {
    StringBuilder select = new StringBuilder();
    for (String attribute : attributes) {
      select.append(select.length() == 0 ? "" : ", ").append(alias).append('.')
          .append(attribute);
    }
    return select.toString();
  }

  /** The row whose values start at {@code from}, or null when the join found none. */
  R read(Object[] values, int from) {
    if (values[from] == null) {
      return null;
    }
    R row = mapping.newRow().get();
    row.ecsId = (UUID) values[from];
    row.lineageId = (UUID) values[from + 1];
    row.parentId = (UUID) values[from + 2];
    row.rootLineageId = (UUID) values[from + 3];
    row.createdAt = (Instant) values[from + 4];
    row.oldIdsSegment = (UUID) values[from + 5];
    row.oldIdsSlot = (Integer) values[from + 6];
    row.oldIdsLength = (Integer) values[from + 7];
    row.oldIdsDigest = (byte[]) values[from + 8];
    int at = from + VERSIONING.size();
    for (FieldColumn<R> column : mapping.columns()) {
      column.set().accept(row, values[at++]);
    }
    return row;
  }

  private static String attributeOf(Class<?> rowClass, String column) {
    for (Class<?> type = rowClass; type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        Column annotation = field.getAnnotation(Column.class);
        if (annotation != null && annotation.name().equals(column)) {
          return field.getName();
        }
      }
    }
    throw new IllegalStateException(rowClass.getSimpleName() + " maps no column " + column);
  }
}
