package dev.lineage.storage.jdbi;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.TemplateEngine;

/** Small helpers for the adapter's hand-written SQL. */
final class Sql {

  private Sql() {}

  /** {@code n} comma-separated parameter markers, for an {@code IN} list. */
  static String placeholders(int n) {
    StringBuilder out = new StringBuilder(n * 3);
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? "?" : ", ?");
    }
    return out.toString();
  }

  /**
   * Prepares a handle of the caller's {@code Jdbi} for this adapter's statements: they are plain
   * SQL with positional parameters, so no template is rendered (its {@code <name>} syntax would
   * also clash with comparisons). Only this handle's configuration changes.
   */
  static Handle prepare(Handle handle) {
    handle.getConfig(SqlStatements.class).setTemplateEngine(TemplateEngine.NOP);
    return handle;
  }
}
