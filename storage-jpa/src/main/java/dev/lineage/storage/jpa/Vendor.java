package dev.lineage.storage.jpa;

/** The databases this adapter has migrations for, and what differs between them. */
enum Vendor {
  POSTGRESQL("postgresql"),
  MARIADB("mariadb"),
  H2("h2");

  private final String folder;

  Vendor(String folder) {
    this.folder = folder;
  }

  /** The name of the database's folder of migrations, and of the adapter's status kind. */
  String folder() {
    return folder;
  }

  /**
   * {@code table}'s name as SQL written by hand must spell it: {@code usage} is reserved on
   * MariaDB, so the migrations quote it everywhere (in H2, quoting also keeps it lower case).
   */
  String table(VersionTable table) {
    if (table != VersionTable.USAGE) {
      return table.sqlName();
    }
    return this == MARIADB ? "`usage`" : "\"usage\"";
  }

  /**
   * Whether a recursive query that reaches a row again stops: a {@code union} drops the rows it
   * has seen on PostgreSQL and MariaDB, not on H2, where a cycle never ends.
   */
  boolean stopsRecursionOnCycles() {
    return this != H2;
  }

  /**
   * How many rows of a history's read the driver takes from the server at a time, 0 for all of
   * them before the first is handed over. MariaDB's driver otherwise reads the whole result
   * first; handed over as they arrive, rows are decoded while the server still sends the next.
   * PostgreSQL's driver fetches in steps only through a cursor, a round trip per step, so
   * nothing would overlap; H2 runs in this process.
   */
  int rowsPerFetch() {
    return this == MARIADB ? 1_000 : 0;
  }
}
