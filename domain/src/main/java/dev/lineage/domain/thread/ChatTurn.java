package dev.lineage.domain.thread;

import java.util.Optional;

/**
 * What one chat turn appended to a thread's history (reference 4.7, which returns the first two).
 *
 * @param parent the message the turn answers (the history's last message before the turn)
 * @param assistant the model's message
 * @param toolMessage the result of the tool it called, when it named one of the thread's tools
 */
public record ChatTurn(ChatMessage parent, ChatMessage assistant, Optional<ChatMessage> toolMessage) {}
