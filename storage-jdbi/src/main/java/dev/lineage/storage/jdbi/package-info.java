/**
 * The JDBI adapter of the storage port: {@link dev.lineage.storage.jdbi.JdbiEntityStorage}, built
 * from a {@code Jdbi} or a {@code DataSource} with {@link
 * dev.lineage.storage.jdbi.JdbiStorageOptions}. Hand-written SQL for PostgreSQL, MariaDB and H2
 * over three tables: versions, the links that make graphs and shared lists, and type names. A
 * conversation turn writes a bounded number of rows whatever the thread's length, and a version
 * loads with its whole graph in a fixed number of statements (one on PostgreSQL). Everything else
 * in the package is the adapter's own.
 */
package dev.lineage.storage.jdbi;
