package dev.lineage.storage.jdbi;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * The small ids that stand for entity type names in {@code lineage_version} (a name is stored
 * once in {@code lineage_type}, not in every row and every index entry). An id never changes once
 * given, so this process remembers them; an unknown name costs one insert and one query, once.
 * Thread-safe.
 */
final class TypeIds {

  private final Dialect dialect;
  private final Map<String, Integer> known = new ConcurrentHashMap<>();
  private final Map<Integer, String> names = new ConcurrentHashMap<>();

  TypeIds(Dialect dialect) {
    this.dialect = dialect;
  }

  /** Whether every name in {@code names} already has a known id. */
  boolean knowsAll(Collection<String> names) {
    return known.keySet().containsAll(names);
  }

  /** The id of {@code name}, which {@link #ensure} has seen. */
  int idOf(String name) {
    return known.get(name);
  }

  /** The name of type {@code id}, or null if this process has not seen it. */
  String nameOf(int id) {
    return names.get(id);
  }

  /** Whether every id in {@code ids} has a known name. */
  boolean knowsIds(Set<Integer> ids) {
    return names.keySet().containsAll(ids);
  }

  /** Learns every type the database holds: ids read back that this process has not seen. */
  void refresh(Handle handle) {
    handle.createQuery("SELECT type_id, type_name FROM lineage_type")
        .scanResultSet((rows, context) -> {
          ResultSet row = rows.get();
          while (row.next()) {
            learn(row.getString(2), row.getInt(1));
          }
          return null;
        });
  }

  private void learn(String name, int id) {
    known.put(name, id);
    names.put(id, name);
  }

  /**
   * Gives every name in {@code names} an id: reads the ids of names this process has not seen
   * yet, and adds the names the database lacks.
   */
  void ensure(Handle handle, Collection<String> names) {
    List<String> missing = unknown(names);
    if (missing.isEmpty()) {
      return;
    }
    select(handle, missing);
    missing = unknown(missing);
    if (missing.isEmpty()) {
      return;
    }
    PreparedBatch insert = handle.prepareBatch(dialect.insertTypeIfMissing());
    for (String name : missing) {
      insert.bind(0, name).add();
    }
    insert.execute();
    select(handle, missing);
  }

  private List<String> unknown(Collection<String> names) {
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      if (!known.containsKey(name)) {
        unknown.add(name);
      }
    }
    return unknown;
  }

  private void select(Handle handle, List<String> names) {
    Query select = handle.createQuery(
        "SELECT type_id, type_name FROM lineage_type WHERE type_name IN ("
            + Sql.placeholders(names.size()) + ")");
    for (int i = 0; i < names.size(); i++) {
      select.bind(i, names.get(i));
    }
    select.scanResultSet((rows, context) -> {
      ResultSet row = rows.get();
      while (row.next()) {
        learn(row.getString(2), row.getInt(1));
      }
      return null;
    });
  }
}
