-- Lineage JPA adapter, schema version 1, for H2 2.x.
-- Ids are uuid, JSON is json, times are timestamps with time zone (UTC, milliseconds).
--
-- Every version table: one row per immutable version, keyed by ecs_id, indexed by creation order
-- for listings by type (lineage and parent lookups go through version_catalog). References to
-- other versions are their ecs_id (no foreign keys: a reference may name a version of any table);
-- old ids are a pointer into the id lists; root_lineage_id is the lineage of the root of the
-- commit that stored the row, the key to shard on.

-- Id lists shared between versions: thread histories and old ids. A list is the items of its last
-- segment up to a slot, after its parent segment's items up to parent_slot, and so on.
create table id_list_segment (
  segment_id uuid primary key,
  parent_segment_id uuid references id_list_segment (segment_id),
  parent_slot integer,
  first_position integer not null,
  root_lineage_id uuid not null
);

create table id_list_item (
  segment_id uuid not null references id_list_segment (segment_id),
  slot integer not null,
  item_id uuid not null,
  root_lineage_id uuid not null,
  primary key (segment_id, slot)
);

-- A ChatThread version. history: the end of its message list in the id lists (segment, slot,
-- length, SHA-256 of the ids); tools: chat_thread_tools rows, tools_count of them.
create table chat_thread (
  ecs_id uuid primary key,
  lineage_id uuid not null,
  parent_id uuid,
  root_lineage_id uuid not null,
  created_at timestamp(3) with time zone not null,
  old_ids_segment uuid references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest binary varying(32),
  name character varying,
  system_prompt_id uuid,
  new_message character varying,
  prefill character varying,
  postfill character varying,
  use_schema_instruction boolean not null,
  use_history boolean not null,
  forced_output_id uuid,
  llm_config_id uuid not null,
  workflow_step integer,
  history_segment uuid references id_list_segment (segment_id),
  history_slot integer,
  history_length integer not null,
  history_digest binary varying(32),
  tools_count integer not null
);
create index chat_thread_created on chat_thread (created_at, ecs_id);

-- A ChatMessage version. chat_thread_id is data (the creating thread version), usage_id a reference.
create table chat_message (
  ecs_id uuid primary key,
  lineage_id uuid not null,
  parent_id uuid,
  root_lineage_id uuid not null,
  created_at timestamp(3) with time zone not null,
  old_ids_segment uuid references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest binary varying(32),
  timestamp timestamp(3) with time zone,
  role varchar(32) not null,
  content character varying not null,
  author_uuid uuid,
  chat_thread_id uuid,
  parent_message_uuid uuid,
  tool_name character varying,
  tool_uuid uuid,
  tool_type varchar(32),
  oai_tool_call_id character varying,
  tool_json_schema json,
  tool_call json,
  usage_id uuid
);
create index chat_message_created on chat_message (created_at, ecs_id);

create table system_prompt (
  ecs_id uuid primary key,
  lineage_id uuid not null,
  parent_id uuid,
  root_lineage_id uuid not null,
  created_at timestamp(3) with time zone not null,
  old_ids_segment uuid references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest binary varying(32),
  name character varying not null,
  content character varying not null
);
create index system_prompt_created on system_prompt (created_at, ecs_id);

create table llm_config (
  ecs_id uuid primary key,
  lineage_id uuid not null,
  parent_id uuid,
  root_lineage_id uuid not null,
  created_at timestamp(3) with time zone not null,
  old_ids_segment uuid references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest binary varying(32),
  client varchar(32) not null,
  model character varying,
  max_tokens integer not null,
  temperature double precision not null,
  response_format varchar(32),
  use_cache boolean not null,
  reasoner boolean not null,
  reasoning_effort varchar(32)
);
create index llm_config_created on llm_config (created_at, ecs_id);

create table "usage" (
  ecs_id uuid primary key,
  lineage_id uuid not null,
  parent_id uuid,
  root_lineage_id uuid not null,
  created_at timestamp(3) with time zone not null,
  old_ids_segment uuid references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest binary varying(32),
  model character varying not null,
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
);
create index usage_created on "usage" (created_at, ecs_id);

create table generated_json_object (
  ecs_id uuid primary key,
  lineage_id uuid not null,
  parent_id uuid,
  root_lineage_id uuid not null,
  created_at timestamp(3) with time zone not null,
  old_ids_segment uuid references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest binary varying(32),
  name character varying not null,
  object json not null,
  tool_call_id character varying
);
create index generated_json_object_created on generated_json_object (created_at, ecs_id);

create table raw_output (
  ecs_id uuid primary key,
  lineage_id uuid not null,
  parent_id uuid,
  root_lineage_id uuid not null,
  created_at timestamp(3) with time zone not null,
  old_ids_segment uuid references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest binary varying(32),
  raw_result json not null,
  completion_kwargs json not null,
  start_time double precision not null,
  end_time double precision not null,
  chat_thread_id uuid,
  chat_thread_live_id uuid,
  client varchar(32) not null
);
create index raw_output_created on raw_output (created_at, ecs_id);

create table processed_output (
  ecs_id uuid primary key,
  lineage_id uuid not null,
  parent_id uuid,
  root_lineage_id uuid not null,
  created_at timestamp(3) with time zone not null,
  old_ids_segment uuid references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest binary varying(32),
  content character varying,
  json_object_id uuid,
  usage_id uuid,
  error character varying,
  time_taken double precision not null,
  llm_client varchar(32) not null,
  raw_output_id uuid not null,
  chat_thread_id uuid not null,
  chat_thread_live_id uuid not null
);
create index processed_output_created on processed_output (created_at, ecs_id);

create table request_limits (
  ecs_id uuid primary key,
  lineage_id uuid not null,
  parent_id uuid,
  root_lineage_id uuid not null,
  created_at timestamp(3) with time zone not null,
  old_ids_segment uuid references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest binary varying(32),
  max_requests_per_minute integer not null,
  max_tokens_per_minute integer not null,
  provider varchar(32)
);
create index request_limits_created on request_limits (created_at, ecs_id);

-- Both tool kinds (joined inheritance): tool_type says which of callable_tool, structured_tool
-- holds the rest.
create table tool (
  ecs_id uuid primary key,
  lineage_id uuid not null,
  parent_id uuid,
  root_lineage_id uuid not null,
  created_at timestamp(3) with time zone not null,
  old_ids_segment uuid references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest binary varying(32),
  tool_type varchar(32) not null,
  name character varying
);
create index tool_type on tool (tool_type, created_at, ecs_id);

-- Every other type, and records that do not fit their type's table: the type name, the fields as
-- one JSON object, and their names in order (jsonb keeps keys in an order of its own).
create table generic_entity (
  ecs_id uuid primary key,
  lineage_id uuid not null,
  parent_id uuid,
  root_lineage_id uuid not null,
  created_at timestamp(3) with time zone not null,
  old_ids_segment uuid references id_list_segment (segment_id),
  old_ids_slot integer,
  old_ids_length integer not null,
  old_ids_digest binary varying(32),
  type_name varchar(500) not null,
  body json not null,
  field_names json not null
);
create index generic_entity_type on generic_entity (type_name, created_at, ecs_id);

create table callable_tool (
  ecs_id uuid primary key references tool (ecs_id),
  docstring character varying,
  input_schema json,
  output_schema json,
  strict_schema boolean not null,
  callable_text character varying
);

create table structured_tool (
  ecs_id uuid primary key references tool (ecs_id),
  description character varying,
  instruction_string character varying,
  json_schema json,
  strict_schema boolean not null,
  post_validate_schema boolean not null
);

-- The tools of each thread version, by position (order and duplicates kept).
create table chat_thread_tools (
  chat_thread_id uuid not null,
  position integer not null,
  tool_id uuid not null,
  root_lineage_id uuid not null,
  primary key (chat_thread_id, position)
);

-- The references of generic versions (also inside their bodies), for one recursive graph query.
create table generic_ref (
  from_id uuid not null,
  to_id uuid not null,
  root_lineage_id uuid not null,
  primary key (from_id, to_id)
);

-- Every stored version, whatever table holds it: the one place that answers whether a version is
-- stored and where, what follows it, and what a lineage holds; its key keeps ecs_id unique across
-- all tables.
create table version_catalog (
  ecs_id uuid primary key,
  stored_in varchar(32) not null,
  lineage_id uuid not null,
  parent_id uuid,
  created_at timestamp(3) with time zone not null,
  root_lineage_id uuid not null
);
create index version_catalog_lineage on version_catalog (lineage_id, created_at, ecs_id);
create index version_catalog_parent on version_catalog (parent_id);

-- The one plain (non-branch) successor of each base version: its key decides commit races.
create table version_successor (
  base_id uuid primary key,
  successor_id uuid not null,
  root_lineage_id uuid not null
);
