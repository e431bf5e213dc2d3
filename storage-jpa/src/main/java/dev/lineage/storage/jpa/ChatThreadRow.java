package dev.lineage.storage.jpa;

import static dev.lineage.storage.jpa.ColumnKind.BOOL;
import static dev.lineage.storage.jpa.ColumnKind.INT;
import static dev.lineage.storage.jpa.ColumnKind.TEXT;

import dev.lineage.storage.Value;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/**
 * A {@code ChatThread} version. Its {@code history} is not a column: the row points at the end of
 * its message list in the shared id lists (segment, slot, length, digest), so a thread version
 * that appends a message stores one list item, not the whole history again (D-40). Its {@code
 * tools} are {@code chat_thread_tools} rows, one per position; {@code tools_count} says how many,
 * so a missing link row is noticed.
 */
@Immutable
@Entity(name = "ChatThreadRow")
@Table(name = "chat_thread")
class ChatThreadRow extends VersionRow {

  static final String HISTORY = "history";
  static final String TOOLS = "tools";

  @Column(name = "name")
  String name;

  @Column(name = "system_prompt_id")
  UUID systemPromptId;

  @Column(name = "new_message")
  String newMessage;

  @Column(name = "prefill")
  String prefill;

  @Column(name = "postfill")
  String postfill;

  @Column(name = "use_schema_instruction", nullable = false)
  Boolean useSchemaInstruction;

  @Column(name = "use_history", nullable = false)
  Boolean useHistory;

  @Column(name = "forced_output_id")
  UUID forcedOutputId;

  @Column(name = "llm_config_id", nullable = false)
  UUID llmConfigId;

  @Column(name = "workflow_step")
  Integer workflowStep;

  @Column(name = "history_segment")
  UUID historySegment;

  @Column(name = "history_slot")
  Integer historySlot;

  @Column(name = "history_length", nullable = false)
  Integer historyLength;

  @Column(name = "history_digest")
  byte[] historyDigest;

  @Column(name = "tools_count", nullable = false)
  Integer toolsCount;

  static final TypedMapping<ChatThreadRow> MAPPING = TypedMapping.of(
      "ChatThread", "chat_thread", ChatThreadRow.class, ChatThreadRow::new, List.of(
          FieldColumn.of("name", "name", TEXT, true, r -> r.name, (r, v) -> r.name = (String) v),
          FieldColumn.reference("systemPrompt", "system_prompt_id", true, "SystemPrompt",
              r -> r.systemPromptId, (r, v) -> r.systemPromptId = (UUID) v),
          FieldColumn.of("newMessage", "new_message", TEXT, true, r -> r.newMessage,
              (r, v) -> r.newMessage = (String) v),
          FieldColumn.of("prefill", "prefill", TEXT, true, r -> r.prefill,
              (r, v) -> r.prefill = (String) v),
          FieldColumn.of("postfill", "postfill", TEXT, true, r -> r.postfill,
              (r, v) -> r.postfill = (String) v),
          FieldColumn.of("useSchemaInstruction", "use_schema_instruction", BOOL, false,
              r -> r.useSchemaInstruction, (r, v) -> r.useSchemaInstruction = (Boolean) v),
          FieldColumn.of("useHistory", "use_history", BOOL, false, r -> r.useHistory,
              (r, v) -> r.useHistory = (Boolean) v),
          FieldColumn.reference("forcedOutput", "forced_output_id", true, "CallableTool",
              r -> r.forcedOutputId, (r, v) -> r.forcedOutputId = (UUID) v),
          FieldColumn.reference("llmConfig", "llm_config_id", false, "LLMConfig",
              r -> r.llmConfigId, (r, v) -> r.llmConfigId = (UUID) v),
          FieldColumn.of("workflowStep", "workflow_step", INT, true, r -> r.workflowStep,
              (r, v) -> r.workflowStep = (Integer) v)))
      .withOutside(Map.of(HISTORY, ChatThreadRow::isRefList, TOOLS, ChatThreadRow::isRefList),
          List.of("name", "systemPrompt", HISTORY, "newMessage", "prefill", "postfill",
              "useSchemaInstruction", "useHistory", "forcedOutput", "llmConfig", TOOLS,
              "workflowStep"));

  /**
   * A list of references, which the history and the tools of a typed thread row are. Asked on
   * every commit of a thread: constant time for a history grown by appends.
   */
  static boolean isRefList(Value value) {
    return value instanceof Value.Seq seq && seq.onlyReferences();
  }

  ListPointer history() {
    return new ListPointer(historySegment, historySlot,
        historyLength == null ? -1 : historyLength, historyDigest);
  }

  void history(ListPointer pointer) {
    historySegment = pointer.segment();
    historySlot = pointer.slot();
    historyLength = pointer.length();
    historyDigest = pointer.digest();
  }

  @Override
  TypedMapping<?> mapping() {
    return MAPPING;
  }
}
