-- Listing every version in creation order (export, verification) reads this index.
CREATE INDEX lineage_version_by_creation ON lineage_version (created_ms, ecs_id);
