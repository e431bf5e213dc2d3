package dev.lineage.domain.thread;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A thread's messages in Anthropic's form: the system prompt as text blocks (Anthropic takes it
 * apart from the messages) and the message parameters.
 *
 * @param system the system blocks; empty when the thread has no system message
 * @param messages the messages, tool results as user messages and tool calls as tool_use blocks
 */
public record AnthropicMessages(Optional<ArrayNode> system, List<ObjectNode> messages) {

  public AnthropicMessages {
    messages = List.copyOf(messages);
  }
}
