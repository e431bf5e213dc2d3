package dev.lineage.storage.jpa;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.hibernate.StatelessSession;

/**
 * Plain SQL as a Hibernate native query (so it shares the transaction and is counted in its
 * statistics), returning plain rows: for the checks of {@code verify()}, which run once per call
 * and need no speed. The hot reads use {@link Jdbc}.
 */
final class PlainSql {

  private PlainSql() {}

  /** Runs {@code sql} with positional parameters; ids come back as UUIDs, counts as Integers. */
  static List<Object[]> query(StatelessSession session, CharSequence sql,
      List<Object> parameters) {
    var query = session.createNativeQuery(sql.toString(), Object[].class);
    for (int i = 0; i < parameters.size(); i++) {
      query.setParameter(i + 1, parameters.get(i));
    }
    List<Object[]> rows = query.getResultList();
    for (Object[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        row[i] = normalized(row[i]);
      }
    }
    return rows;
  }

  /** {@code (?, ?, …)} with {@code count} placeholders. */
  static String marks(int count) {
    StringBuilder marks = new StringBuilder("(");
    for (int i = 0; i < count; i++) {
      marks.append(i == 0 ? "?" : ", ?");
    }
    return marks.append(')').toString();
  }

  /** A value as the adapter uses it: MariaDB returns ids as 16 bytes, counts may be longs. */
  private static Object normalized(Object value) {
    if (value instanceof byte[] bytes && bytes.length == 16) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      return new UUID(buffer.getLong(), buffer.getLong());
    }
    if (value instanceof Number number && !(value instanceof Integer)) {
      return number.intValue();
    }
    return value;
  }
}
