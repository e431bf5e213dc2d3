/**
 * Test support for the SQL adapters: {@link dev.lineage.testdb.TestDatabase} picks each test
 * target (explicit URL, then Testcontainers, else skipped with the reason) and hands out data
 * sources on fresh namespaces. Used in test scope only; not part of the library.
 */
package dev.lineage.testdb;
