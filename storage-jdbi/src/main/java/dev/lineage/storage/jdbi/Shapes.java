package dev.lineage.storage.jdbi;

import dev.lineage.storage.FieldLayout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * The lists of field names rows share ({@code lineage_shape}): a row holds only its values, as a
 * JSON array in the order of its shape's names, so the names of a message's thirteen fields are
 * stored once, not in each of its versions. A shape is found by the SHA-256 digest of its names
 * (names may be longer than a unique index allows). An id never changes once given, so this
 * process remembers the shapes it has seen; a new one costs one insert and one query, once.
 * Thread-safe.
 */
final class Shapes {

  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  private final Dialect dialect;
  private final Map<List<String>, Integer> ids = new ConcurrentHashMap<>();
  private final Map<Integer, FieldLayout> names = new ConcurrentHashMap<>();

  Shapes(Dialect dialect) {
    this.dialect = dialect;
  }

  /** The id of the shape of these names, or null if this process has not seen it. */
  Integer idOf(List<String> fieldNames) {
    return ids.get(fieldNames);
  }

  /** The names of shape {@code id}, or null if this process has not seen it. */
  FieldLayout namesOf(int id) {
    return names.get(id);
  }

  /** Whether every shape in {@code shapeIds} has known names. */
  boolean knowsIds(Set<Integer> shapeIds) {
    return names.keySet().containsAll(shapeIds);
  }

  /** Learns the names of the shapes {@code shapeIds} from the database. */
  void learn(Handle handle, Set<Integer> shapeIds) {
    List<Integer> unknown = new ArrayList<>();
    for (Integer id : shapeIds) {
      if (!names.containsKey(id)) {
        unknown.add(id);
      }
    }
    if (unknown.isEmpty()) {
      return;
    }
    Query select = handle.createQuery("SELECT shape_id, field_names FROM lineage_shape"
        + " WHERE shape_id IN (" + Sql.placeholders(unknown.size()) + ")");
    for (int i = 0; i < unknown.size(); i++) {
      select.bind(i, unknown.get(i).intValue());
    }
    read(select);
  }

  /**
   * Gives every list of names in {@code shapes} an id: reads the ids of shapes this process has
   * not seen yet, and adds the shapes the database lacks.
   */
  void ensure(Handle handle, Collection<List<String>> shapes) {
    Map<String, String> missing = unknown(shapes);
    if (missing.isEmpty()) {
      return;
    }
    select(handle, missing);
    missing = unknown(shapes);
    if (missing.isEmpty()) {
      return;
    }
    PreparedBatch insert = handle.prepareBatch(dialect.insertShapeIfMissing());
    missing.forEach((digest, text) -> insert.bind(0, digest).bind(1, text).add());
    insert.execute();
    select(handle, missing);
  }

  /** The shapes without a known id, as their digests and texts. */
  private Map<String, String> unknown(Collection<List<String>> shapes) {
    Map<String, String> unknown = new LinkedHashMap<>();
    for (List<String> shape : shapes) {
      if (!ids.containsKey(shape)) {
        String text = JsonCodec.writeNames(shape);
        unknown.put(digest(text), text);
      }
    }
    return unknown;
  }

  private void select(Handle handle, Map<String, String> shapes) {
    Query select = handle.createQuery("SELECT shape_id, field_names FROM lineage_shape"
        + " WHERE names_digest IN (" + Sql.placeholders(shapes.size()) + ")");
    int position = 0;
    for (String digest : shapes.keySet()) {
      select.bind(position++, digest);
    }
    read(select);
  }

  private void read(Query select) {
    select.scanResultSet((rows, context) -> {
      ResultSet row = rows.get();
      while (row.next()) {
        try {
          FieldLayout fieldNames = JsonCodec.readNames(row.getString(2));
          names.put(row.getInt(1), fieldNames);
          ids.put(fieldNames.names(), row.getInt(1));
        } catch (JsonCodec.BadJson altered) {
          // left unknown: the rows of this shape read as unreadable, naming it
        }
      }
      return null;
    });
  }

  private static String digest(String text) {
    try {
      return BASE64.encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
