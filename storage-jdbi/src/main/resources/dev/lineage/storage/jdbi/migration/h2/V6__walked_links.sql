-- Lineage, JDBI adapter, H2: nothing to change (PostgreSQL and MariaDB add lineage_link.walk).
-- storage-jdbi/README.md explains the column: it marks the links a read's walk follows when the
-- walk takes a whole graph in one statement, so that the walk need not scan a list's positions.
-- H2 reads a graph one level per statement and its walk never reaches a list's positions, so it
-- has no use for the column; this migration keeps the version numbers the same on every database.
SELECT 1;
