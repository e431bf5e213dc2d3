-- Lineage, JDBI adapter, PostgreSQL: the ids of a list segment also kept 64 to a row.
-- storage-jdbi/README.md explains the table. When a commit writes the position 64k + 63 of a list
-- segment, it also writes the 64 ids of positions 64k to 64k + 63 of that list into one row here:
-- a list that is only read (old ids above all) then reads as one row per 64 ids and its last few
-- positions, not one row per id. The positions stay in lineage_link; segments written before
-- have no runs below the position they had reached, and are read position by position there.
CREATE TABLE lineage_id_run (
  segment_id uuid    NOT NULL,
  end_pos    integer NOT NULL,
  ids        bytea   NOT NULL,
  shard_key  uuid    NOT NULL,
  CONSTRAINT lineage_id_run_pk PRIMARY KEY (segment_id, end_pos)
);
