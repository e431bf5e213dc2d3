/**
 * The MongoDB adapter of the storage port: {@link dev.lineage.storage.mongo.MongoEntityStorage}
 * stores one document per version, keeps long id lists as chunks shared between versions so that
 * appending to a thread writes the same amount at any length, loads a version's graph in a number
 * of queries set by the schema's depth, and makes each commit visible with a single atomic insert
 * instead of a multi-document transaction. {@link dev.lineage.storage.mongo.MongoStorageOptions}
 * names the collections and tunes the chunks.
 */
package dev.lineage.storage.mongo;
