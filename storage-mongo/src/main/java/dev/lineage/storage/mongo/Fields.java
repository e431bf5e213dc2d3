package dev.lineage.storage.mongo;

/** The names of the stored fields, in one place; the README's layout section describes each. */
final class Fields {

  // version documents
  static final String LINEAGE_ID = "lineage_id";
  static final String PARENT_ID = "parent_id";
  static final String OLD_IDS = "old_ids";
  static final String CREATED_AT = "created_at";
  static final String TYPE = "type";
  static final String FIELDS = "fields";
  /** The commit attempt that wrote a version; kept for good. */
  static final String COMMIT = "commit";

  // version and chunk documents
  /** Version: the heads of its chunked lists. Chunk: its predecessor. Walked by $graphLookup. */
  static final String CHUNKS = "chunks";
  /** The lineage of the root of the commit that wrote the document: the shard key. */
  static final String ROOT_LINEAGE_ID = "root_lineage_id";
  /**
   * Present until the commit that wrote the document is visible. Version: that attempt's id.
   * Chunk: the ids of every attempt that is waiting for it.
   */
  static final String PENDING = "pending";

  // chunk documents
  static final String IDS = "ids";
  static final String COUNT = "n";

  // commit documents
  static final String STATE = "state";
  /** The parents a commit's versions are the first successors of; unique across commits. */
  static final String CLAIMS = "claims";
  /** The successor of each claimed parent, in the order of {@link #CLAIMS}. */
  static final String CLAIMANTS = "claimants";
  static final String ROOT = "root";
  static final String BRANCH = "branch";
  static final String VERSIONS = "versions";
  static final String AT = "at";

  /** Where a read by ids puts the versions $lookup found; never stored. */
  static final String FOUND_VERSIONS = "found_versions";
  /** Where a chunk query puts the chunks $graphLookup found; never stored. */
  static final String FOUND_CHUNKS = "found_chunks";

  private Fields() {}
}
