/**
 * The JPA/Hibernate adapter of the storage port: {@link
 * dev.lineage.storage.jpa.JpaEntityStorage}, configured by {@link
 * dev.lineage.storage.jpa.JpaStorageOptions}. It keeps the thread entities in tables of their own
 * (a column per field), every other type in a generic table, and shares thread histories and old
 * ids between versions so that appending costs the same at any length. Everything else in the
 * package (row mappings, the JSON codec, the list store, the readers and writers) is
 * package-private.
 */
package dev.lineage.storage.jpa;
