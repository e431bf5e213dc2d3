/**
 * The in-memory adapter of the storage port: {@link
 * dev.lineage.storage.inmemory.InMemoryEntityStorage}, the reference adapter and the test double.
 */
package dev.lineage.storage.inmemory;
