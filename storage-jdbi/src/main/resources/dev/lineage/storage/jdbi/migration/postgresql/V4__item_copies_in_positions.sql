-- Lineage, JDBI adapter, PostgreSQL: a list position carries a copy of the version it names.
-- storage-jdbi/README.md explains each column. A position written from now on copies the stored
-- columns of its version (item_*) and of the leaf it names (sub_*) when that version was written
-- by the same commit as a first version (its lineage is its own id, no parent, no old ids): a
-- read then takes them from the position, without a lookup in lineage_version per item. Versions
-- are never changed, so the copies never go stale. Rows written before keep these columns null
-- and are read through lineage_version, as before.
ALTER TABLE lineage_link
  ADD COLUMN item_created_ms bigint,
  ADD COLUMN item_type_id    integer,
  ADD COLUMN item_shape_id   integer,
  ADD COLUMN item_fields     json,
  ADD COLUMN sub_created_ms  bigint,
  ADD COLUMN sub_type_id     integer,
  ADD COLUMN sub_shape_id    integer,
  ADD COLUMN sub_fields      json;
