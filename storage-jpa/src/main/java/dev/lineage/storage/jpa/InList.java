package dev.lineage.storage.jpa;

import java.util.List;
import org.hibernate.query.SelectionQuery;

/**
 * The values of an {@code in (…)} list as single parameters, their number rounded up to a power
 * of two (the last value repeated). Hibernate translates a query with a list parameter to SQL on
 * every execution; with single parameters each shape is translated once and its plan reused,
 * which saves more time per commit than the database spends on it.
 */
final class InList {

  private InList() {}

  /** How many parameters a list of {@code size} values takes. */
  static int slots(int size) {
    return size <= 1 ? 1 : Integer.highestOneBit(size - 1) << 1;
  }

  /** {@code (:name0, :name1, …)} for a list of {@code size} values. */
  static String of(String name, int size) {
    StringBuilder list = new StringBuilder("(");
    for (int i = 0, slots = slots(size); i < slots; i++) {
      list.append(i == 0 ? ":" : ", :").append(name).append(i);
    }
    return list.append(')').toString();
  }

  /** Binds {@code values} to the parameters {@link #of} named. */
  static void bind(SelectionQuery<?> query, String name, List<?> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("an in list needs a value");
    }
    for (int i = 0, slots = slots(values.size()); i < slots; i++) {
      query.setParameter(name + i, values.get(Math.min(i, values.size() - 1)));
    }
  }
}
