package dev.lineage.benchmarks;

/**
 * One way of keeping a chat thread with its full history: a Lineage adapter, or a baseline. The
 * harness gives every subject the same work: a thread that already holds {@code n} messages, then
 * turns appended to it and the latest version loaded.
 */
interface Subject extends AutoCloseable {

  /** A short name for the results table, e.g. {@code "jdbi"} or {@code "floor"}. */
  String name();

  /** The database it runs on, e.g. {@code "PostgreSQL"}, for grouping and ratios. */
  String database();

  /** Starts a new thread that already holds {@code messages} messages (setup, not measured). */
  void startThread(int messages);

  /** Appends one turn to the current thread: the measured write. */
  void appendTurn(Turn turn);

  /** Loads the latest version of the current thread with all its messages; returns the count. */
  int loadLatest();

  /** Lists the versions of the current thread, oldest first; returns how many there are. */
  int listVersions();

  /**
   * Another subject on the same store with a thread of its own: for concurrent writers (the store
   * must be safe for that) and for threads of every length side by side (Runner).
   */
  Subject another();

  /**
   * After setup, before measuring: brings the database's planner statistics up to date, as a
   * server's autovacuum does after bulk inserts. Without it PostgreSQL keeps using plans made
   * while the tables were nearly empty (sequential scans) once they hold thousands of rows; this
   * machine's PostgreSQL runs with autovacuum off. Nothing to do where there is no planner.
   */
  default void refreshStatistics() {}

  /** What the subject's storage holds now, for the rows and bytes written per turn. */
  StorageFootprint footprint();

  @Override
  void close();
}
