-- Lineage, JDBI adapter, PostgreSQL: the links a read's walk follows, indexed apart.
-- storage-jdbi/README.md explains the column. A list position that carries the copies of its
-- version and of the leaf it names (V4) gives a read everything it needs in its own row; the
-- walk of the read looks for the other links. walk is true for every link but such a position,
-- so the walk seeks them in lineage_link_walked instead of scanning every position of a list.
-- Adding the stored column rewrites lineage_link once.
ALTER TABLE lineage_link ADD COLUMN walk boolean NOT NULL GENERATED ALWAYS AS (
  pos = -1 OR target_len IS NOT NULL OR (NOT target_leaf AND target_sub IS NULL)
  OR item_fields IS NULL OR (target_sub IS NOT NULL AND sub_fields IS NULL)) STORED;
CREATE INDEX lineage_link_walked ON lineage_link (owner_id, pos) WHERE walk;
