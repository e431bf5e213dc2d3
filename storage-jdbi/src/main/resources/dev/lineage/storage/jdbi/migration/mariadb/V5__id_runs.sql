-- Lineage, JDBI adapter, MariaDB: the ids of a list segment also kept 64 to a row.
-- storage-jdbi/README.md explains the table. When a commit writes the position 64k + 63 of a list
-- segment, it also writes the 64 ids of positions 64k to 64k + 63 of that list into one row here:
-- a list that is only read (old ids above all) then reads as one row per 64 ids and its last few
-- positions, not one row per id. The positions stay in lineage_link; segments written before
-- have no runs below the position they had reached, and are read position by position there.
CREATE TABLE lineage_id_run (
  segment_id BINARY(16)      NOT NULL,
  end_pos    INT             NOT NULL,
  ids        VARBINARY(1024) NOT NULL,
  shard_key  BINARY(16)      NOT NULL,
  CONSTRAINT lineage_id_run_pk PRIMARY KEY (segment_id, end_pos)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
