-- Lineage, JDBI adapter, MariaDB: smaller rows and lists read without a walk.
-- storage-jdbi/README.md explains each table and column.

-- The field names of a version, kept once per distinct list of names: a row written from now on
-- names its shape and holds its values as a JSON array in that order (trailing nulls left out);
-- rows written before keep a JSON object and no shape.
CREATE TABLE lineage_shape (
  shape_id     INT         NOT NULL AUTO_INCREMENT,
  names_digest VARCHAR(64) NOT NULL,
  field_names  LONGTEXT    NOT NULL,
  CONSTRAINT lineage_shape_pk PRIMARY KEY (shape_id),
  CONSTRAINT lineage_shape_digest UNIQUE (names_digest)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
ALTER TABLE lineage_version ADD COLUMN shape_id INT;

-- A list position whose version links to exactly one version, which has no links (a message
-- and its usage), names that version too: a read takes both with the position, not by a walk.
ALTER TABLE lineage_link ADD COLUMN target_sub BINARY(16);
