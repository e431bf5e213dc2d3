-- Lineage, JDBI adapter, MariaDB: the links a read's walk follows, indexed apart.
-- storage-jdbi/README.md explains the column. A list position that carries the copies of its
-- version and of the leaf it names (V4) gives a read everything it needs in its own row; the
-- walk of the read looks for the other links. walk is true for every link but such a position,
-- so the walk seeks them in lineage_link_walked instead of scanning every position of a list
-- (MariaDB has no partial index: this one holds every link, walk second). Adding the stored
-- column rewrites lineage_link once.
ALTER TABLE lineage_link
  ADD COLUMN walk BOOLEAN AS (
    pos = -1 OR target_len IS NOT NULL OR (NOT target_leaf AND target_sub IS NULL)
    OR item_fields IS NULL OR (target_sub IS NOT NULL AND sub_fields IS NULL)) STORED,
  ADD INDEX lineage_link_walked (owner_id, walk, pos);
