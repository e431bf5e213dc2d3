-- Lineage JPA adapter, schema version 1, for MariaDB 10.6+.
-- Ids are binary(16): byte order is the canonical uuid order, which listings sort by (the native
-- uuid type sorts in an order of its own). Text is longtext, JSON is json (longtext checked by
-- json_valid), times are datetime(3) holding UTC, and utf8mb4_bin keeps text exactly.
--
-- Every version table: one row per immutable version, keyed by ecs_id, indexed by creation order
-- for listings by type (lineage and parent lookups go through version_catalog). References to
-- other versions are their ecs_id (no foreign keys: a reference may name a version of any table);
-- old ids are a pointer into the id lists; root_lineage_id is the lineage of the root of the
-- commit that stored the row, the key to shard on.

-- Id lists shared between versions: thread histories and old ids. A list is the items of its last
-- segment up to a slot, after its parent segment's items up to parent_slot, and so on.
create table id_list_segment (
  segment_id binary(16) primary key,
  parent_segment_id binary(16) references id_list_segment (segment_id),
  parent_slot integer,
  first_position integer not null,
  root_lineage_id binary(16) not null
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;

create table id_list_item (
  segment_id binary(16) not null references id_list_segment (segment_id),
  slot integer not null,
  item_id binary(16) not null,
  root_lineage_id binary(16) not null,
  primary key (segment_id, slot)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;

-- A ChatThread version. history: the end of its message list in the id lists (segment, slot,
-- length, SHA-256 of the ids); tools: chat_thread_tools rows, tools_count of them.
create table chat_thread (
  ecs_id binary(16) primary key,
  lineage_id binary(16) not null,
  parent_id binary(16),
  root_lineage_id binary(16) not null,
  created_at datetime(3) not null,
  old_ids_segment binary(16) references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest varbinary(32),
  name longtext,
  system_prompt_id binary(16),
  new_message longtext,
  prefill longtext,
  postfill longtext,
  use_schema_instruction boolean not null,
  use_history boolean not null,
  forced_output_id binary(16),
  llm_config_id binary(16) not null,
  workflow_step integer,
  history_segment binary(16) references id_list_segment (segment_id),
  history_slot integer,
  history_length integer not null,
  history_digest varbinary(32),
  tools_count integer not null
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
create index chat_thread_created on chat_thread (created_at, ecs_id);

-- A ChatMessage version. chat_thread_id is data (the creating thread version), usage_id a reference.
create table chat_message (
  ecs_id binary(16) primary key,
  lineage_id binary(16) not null,
  parent_id binary(16),
  root_lineage_id binary(16) not null,
  created_at datetime(3) not null,
  old_ids_segment binary(16) references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest varbinary(32),
  timestamp datetime(3),
  role varchar(32) not null,
  content longtext not null,
  author_uuid binary(16),
  chat_thread_id binary(16),
  parent_message_uuid binary(16),
  tool_name longtext,
  tool_uuid binary(16),
  tool_type varchar(32),
  oai_tool_call_id longtext,
  tool_json_schema json,
  tool_call json,
  usage_id binary(16)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
create index chat_message_created on chat_message (created_at, ecs_id);

create table system_prompt (
  ecs_id binary(16) primary key,
  lineage_id binary(16) not null,
  parent_id binary(16),
  root_lineage_id binary(16) not null,
  created_at datetime(3) not null,
  old_ids_segment binary(16) references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest varbinary(32),
  name longtext not null,
  content longtext not null
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
create index system_prompt_created on system_prompt (created_at, ecs_id);

create table llm_config (
  ecs_id binary(16) primary key,
  lineage_id binary(16) not null,
  parent_id binary(16),
  root_lineage_id binary(16) not null,
  created_at datetime(3) not null,
  old_ids_segment binary(16) references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest varbinary(32),
  client varchar(32) not null,
  model longtext,
  max_tokens integer not null,
  temperature double not null,
  response_format varchar(32),
  use_cache boolean not null,
  reasoner boolean not null,
  reasoning_effort varchar(32)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
create index llm_config_created on llm_config (created_at, ecs_id);

create table `usage` (
  ecs_id binary(16) primary key,
  lineage_id binary(16) not null,
  parent_id binary(16),
  root_lineage_id binary(16) not null,
  created_at datetime(3) not null,
  old_ids_segment binary(16) references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest varbinary(32),
  model longtext not null,
  prompt_tokens integer not null,
  completion_tokens integer not null,
  total_tokens integer not null,
  cache_creation_input_tokens integer,
  cache_read_input_tokens integer,
  accepted_prediction_tokens integer,
  audio_tokens integer,
  reasoning_tokens integer,
  rejected_prediction_tokens integer,
  cached_tokens integer
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
create index usage_created on `usage` (created_at, ecs_id);

create table generated_json_object (
  ecs_id binary(16) primary key,
  lineage_id binary(16) not null,
  parent_id binary(16),
  root_lineage_id binary(16) not null,
  created_at datetime(3) not null,
  old_ids_segment binary(16) references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest varbinary(32),
  name longtext not null,
  object json not null,
  tool_call_id longtext
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
create index generated_json_object_created on generated_json_object (created_at, ecs_id);

create table raw_output (
  ecs_id binary(16) primary key,
  lineage_id binary(16) not null,
  parent_id binary(16),
  root_lineage_id binary(16) not null,
  created_at datetime(3) not null,
  old_ids_segment binary(16) references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest varbinary(32),
  raw_result json not null,
  completion_kwargs json not null,
  start_time double not null,
  end_time double not null,
  chat_thread_id binary(16),
  chat_thread_live_id binary(16),
  client varchar(32) not null
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
create index raw_output_created on raw_output (created_at, ecs_id);

create table processed_output (
  ecs_id binary(16) primary key,
  lineage_id binary(16) not null,
  parent_id binary(16),
  root_lineage_id binary(16) not null,
  created_at datetime(3) not null,
  old_ids_segment binary(16) references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest varbinary(32),
  content longtext,
  json_object_id binary(16),
  usage_id binary(16),
  error longtext,
  time_taken double not null,
  llm_client varchar(32) not null,
  raw_output_id binary(16) not null,
  chat_thread_id binary(16) not null,
  chat_thread_live_id binary(16) not null
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
create index processed_output_created on processed_output (created_at, ecs_id);

create table request_limits (
  ecs_id binary(16) primary key,
  lineage_id binary(16) not null,
  parent_id binary(16),
  root_lineage_id binary(16) not null,
  created_at datetime(3) not null,
  old_ids_segment binary(16) references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest varbinary(32),
  max_requests_per_minute integer not null,
  max_tokens_per_minute integer not null,
  provider varchar(32)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
create index request_limits_created on request_limits (created_at, ecs_id);

-- Both tool kinds (joined inheritance): tool_type says which of callable_tool, structured_tool
-- holds the rest.
create table tool (
  ecs_id binary(16) primary key,
  lineage_id binary(16) not null,
  parent_id binary(16),
  root_lineage_id binary(16) not null,
  created_at datetime(3) not null,
  old_ids_segment binary(16) references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest varbinary(32),
  tool_type varchar(32) not null,
  name longtext
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
create index tool_type on tool (tool_type, created_at, ecs_id);

-- Every other type, and records that do not fit their type's table: the type name, the fields as
-- one JSON object, and their names in order (jsonb keeps keys in an order of its own).
create table generic_entity (
  ecs_id binary(16) primary key,
  lineage_id binary(16) not null,
  parent_id binary(16),
  root_lineage_id binary(16) not null,
  created_at datetime(3) not null,
  old_ids_segment binary(16) references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest varbinary(32),
  type_name varchar(500) not null,
  body json not null,
  field_names json not null
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
create index generic_entity_type on generic_entity (type_name, created_at, ecs_id);

create table callable_tool (
  ecs_id binary(16) primary key references tool (ecs_id),
  docstring longtext,
  input_schema json,
  output_schema json,
  strict_schema boolean not null,
  callable_text longtext
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;

create table structured_tool (
  ecs_id binary(16) primary key references tool (ecs_id),
  description longtext,
  instruction_string longtext,
  json_schema json,
  strict_schema boolean not null,
  post_validate_schema boolean not null
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;

-- The tools of each thread version, by position (order and duplicates kept).
create table chat_thread_tools (
  chat_thread_id binary(16) not null,
  position integer not null,
  tool_id binary(16) not null,
  root_lineage_id binary(16) not null,
  primary key (chat_thread_id, position)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;

-- The references of generic versions (also inside their bodies), for one recursive graph query.
create table generic_ref (
  from_id binary(16) not null,
  to_id binary(16) not null,
  root_lineage_id binary(16) not null,
  primary key (from_id, to_id)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;

-- Every stored version, whatever table holds it: the one place that answers whether a version is
-- stored and where, what follows it, and what a lineage holds; its key keeps ecs_id unique across
-- all tables.
create table version_catalog (
  ecs_id binary(16) primary key,
  stored_in varchar(32) not null,
  lineage_id binary(16) not null,
  parent_id binary(16),
  created_at datetime(3) not null,
  root_lineage_id binary(16) not null
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
create index version_catalog_lineage on version_catalog (lineage_id, created_at, ecs_id);
create index version_catalog_parent on version_catalog (parent_id);

-- The one plain (non-branch) successor of each base version: its key decides commit races.
create table version_successor (
  base_id binary(16) primary key,
  successor_id binary(16) not null,
  root_lineage_id binary(16) not null
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
