-- Lineage, JDBI adapter, MariaDB: the first version of its tables.
-- storage-jdbi/README.md explains each table, column and index. Ids are BINARY(16), most
-- significant byte first, so they sort in canonical UUID order (MariaDB's UUID type does not).
-- fields is LONGTEXT, not JSON: MariaDB's JSON type checks JSON_VALID, which refuses documents
-- nested 32 levels or deeper.

CREATE TABLE lineage_type (
  type_id   INT          NOT NULL AUTO_INCREMENT,
  type_name VARCHAR(512) NOT NULL,
  CONSTRAINT lineage_type_pk PRIMARY KEY (type_id),
  CONSTRAINT lineage_type_name UNIQUE (type_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE lineage_version (
  ecs_id       BINARY(16) NOT NULL,
  lineage_id   BINARY(16) NOT NULL,
  parent_id    BINARY(16),
  successor_of BINARY(16),
  created_ms   BIGINT     NOT NULL,
  type_id      INT        NOT NULL,
  shard_key    BINARY(16) NOT NULL,
  old_ids      TEXT,
  fields       LONGTEXT   NOT NULL,
  CONSTRAINT lineage_version_pk PRIMARY KEY (ecs_id),
  CONSTRAINT lineage_version_one_successor UNIQUE (successor_of),
  INDEX lineage_version_by_lineage (lineage_id, created_ms, ecs_id),
  INDEX lineage_version_by_type (type_id, created_ms, ecs_id),
  INDEX lineage_version_by_parent (parent_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE lineage_link (
  owner_id    BINARY(16) NOT NULL,
  pos         INT        NOT NULL,
  target_id   BINARY(16) NOT NULL,
  target_len  INT,
  target_leaf BOOLEAN    NOT NULL,
  shard_key   BINARY(16) NOT NULL,
  CONSTRAINT lineage_link_pk PRIMARY KEY (owner_id, pos)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
