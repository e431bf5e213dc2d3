package dev.lineage.storage.jpa;

import dev.lineage.storage.InvalidInputException;

/**
 * How a {@link JpaEntityStorage} behaves. Start from {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * JpaStorageOptions options = JpaStorageOptions.defaults().withCommitAttempts(5);
 * }</pre>
 *
 * @param commitAttempts how often a commit runs before it gives up: a commit that loses a race
 *     (another commit inserted the same key first, or the database broke a deadlock) is run again,
 *     and then usually finds the conflict and reports it; at least 1
 * @param jdbcBatchSize how many rows of one table a commit sends in one JDBC batch; at least 1
 * @param maxIdsPerStatement how many ids one query asks about at most; larger reads take more
 *     statements. Between 16 and 2,500: a lookup over every version table binds its ids once per
 *     table (11 times), and PostgreSQL takes at most 32,767 bind parameters
 * @param validateSchema whether {@link JpaEntityStorage#migrate()} checks, after migrating, that
 *     the tables match the adapter's mapping
 * @param listCacheIds how many ids of the lists (histories, old ids) it wrote or loaded recently
 *     the adapter keeps in memory, with their running digests, so that the next version of a
 *     thread is stored without hashing its whole history again (16 bytes per id; lists of one
 *     thread share their ids); 0 turns the cache off, and each commit then hashes the lists it
 *     extends
 */
public record JpaStorageOptions(int commitAttempts, int jdbcBatchSize, int maxIdsPerStatement,
    boolean validateSchema, long listCacheIds) {

  public JpaStorageOptions {
    if (commitAttempts < 1) {
      throw new InvalidInputException("commitAttempts must be at least 1, was " + commitAttempts);
    }
    if (jdbcBatchSize < 1) {
      throw new InvalidInputException("jdbcBatchSize must be at least 1, was " + jdbcBatchSize);
    }
    if (maxIdsPerStatement < 16 || maxIdsPerStatement > 2_500) {
      throw new InvalidInputException(
          "maxIdsPerStatement must be between 16 and 2500, was " + maxIdsPerStatement);
    }
    if (listCacheIds < 0) {
      throw new InvalidInputException("listCacheIds must not be negative, was " + listCacheIds);
    }
  }

  /**
   * Three commit attempts, batches of 100 rows, 1,000 ids per statement, schema validated, a
   * list cache of 1,048,576 ids (16 MiB).
   */
  public static JpaStorageOptions defaults() {
    return new JpaStorageOptions(3, 100, 1_000, true, 1L << 20);
  }

  public JpaStorageOptions withCommitAttempts(int attempts) {
    return new JpaStorageOptions(attempts, jdbcBatchSize, maxIdsPerStatement, validateSchema,
        listCacheIds);
  }

  public JpaStorageOptions withJdbcBatchSize(int size) {
    return new JpaStorageOptions(commitAttempts, size, maxIdsPerStatement, validateSchema,
        listCacheIds);
  }

  public JpaStorageOptions withMaxIdsPerStatement(int ids) {
    return new JpaStorageOptions(commitAttempts, jdbcBatchSize, ids, validateSchema,
        listCacheIds);
  }

  public JpaStorageOptions withValidateSchema(boolean validate) {
    return new JpaStorageOptions(commitAttempts, jdbcBatchSize, maxIdsPerStatement, validate,
        listCacheIds);
  }

  public JpaStorageOptions withListCacheIds(long ids) {
    return new JpaStorageOptions(commitAttempts, jdbcBatchSize, maxIdsPerStatement,
        validateSchema, ids);
  }
}
