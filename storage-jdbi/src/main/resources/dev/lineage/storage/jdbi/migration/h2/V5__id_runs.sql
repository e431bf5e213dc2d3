-- Lineage, JDBI adapter, H2: the table of runs of ids, which stays empty on H2.
-- storage-jdbi/README.md explains the table. On PostgreSQL and MariaDB a list that is only read
-- takes its ids 64 to a row from here. H2 evaluates a common table expression anew wherever a
-- statement names it, and the read that takes runs names the walk of the lists several times, so
-- H2 reads lists position by position (Dialect.keepsIdRuns). The table exists so that the tables,
-- and verify(), are the same on every database.
CREATE TABLE lineage_id_run (
  segment_id UUID                  NOT NULL,
  end_pos    INTEGER               NOT NULL,
  ids        BINARY VARYING(1024)  NOT NULL,
  shard_key  UUID                  NOT NULL,
  CONSTRAINT lineage_id_run_pk PRIMARY KEY (segment_id, end_pos)
);
