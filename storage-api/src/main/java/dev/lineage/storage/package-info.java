/**
 * The storage port and its value types.
 *
 * <p>{@link dev.lineage.storage.EntityStorage} persists and loads immutable {@link
 * dev.lineage.storage.VersionRecord}s: one record per entity version, its fields as {@link
 * dev.lineage.storage.Value}s, references to other versions by id. Adapters implement it; the
 * domain's registry is built over it. Failures are the sealed {@link
 * dev.lineage.storage.LineageException} family. This package depends on the JDK only.
 */
package dev.lineage.storage;
