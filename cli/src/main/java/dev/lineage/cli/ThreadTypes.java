package dev.lineage.cli;

import dev.lineage.domain.Entity;
import dev.lineage.domain.RegistryOptions;
import dev.lineage.domain.TypeName;
import dev.lineage.domain.thread.CallableTool;
import dev.lineage.domain.thread.ChatMessage;
import dev.lineage.domain.thread.ChatThread;
import dev.lineage.domain.thread.GeneratedJsonObject;
import dev.lineage.domain.thread.LLMConfig;
import dev.lineage.domain.thread.ProcessedOutput;
import dev.lineage.domain.thread.RawOutput;
import dev.lineage.domain.thread.RequestLimits;
import dev.lineage.domain.thread.StructuredTool;
import dev.lineage.domain.thread.SystemPrompt;
import dev.lineage.domain.thread.Usage;
import java.util.List;
import java.util.Set;

/**
 * The entity types the tool has classes for: the thread domain. Versions of these types are read
 * and compared by the registry; versions of any other type (an application's own entities) are
 * shown and compared from their stored records.
 */
final class ThreadTypes {

  /** The stored type name of a chat thread. */
  static final String CHAT_THREAD = ChatThread.class.getAnnotation(TypeName.class).value();

  /** The stored type name of a chat message. */
  static final String CHAT_MESSAGE = ChatMessage.class.getAnnotation(TypeName.class).value();

  private static final List<Class<? extends Entity>> CLASSES = List.of(
      ChatThread.class, ChatMessage.class, SystemPrompt.class, LLMConfig.class,
      CallableTool.class, StructuredTool.class, Usage.class, GeneratedJsonObject.class,
      RawOutput.class, ProcessedOutput.class, RequestLimits.class);

  private ThreadTypes() {}

  /** Registry options that know every thread type before the first read. */
  static RegistryOptions registryOptions() {
    return new RegistryOptions(RegistryOptions.defaults().clock(), Set.copyOf(CLASSES));
  }

  /** The last part of a stored type name: {@code Note} for {@code com.example.Notes$Note}. */
  static String simpleName(String typeName) {
    return typeName.substring(Math.max(typeName.lastIndexOf('.'), typeName.lastIndexOf('$')) + 1);
  }
}
