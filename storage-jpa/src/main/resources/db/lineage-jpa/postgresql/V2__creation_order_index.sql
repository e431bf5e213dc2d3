-- Listing every version in creation order (export, verification) reads this index.
create index version_catalog_created on version_catalog (created_at, ecs_id);
