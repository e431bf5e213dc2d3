/**
 * The chat-thread domain (reference section 4): threads, messages, system prompts, model
 * configurations, callable and structured tools, raw and processed model outputs and token usage,
 * all versioned entities; the {@link dev.lineage.domain.thread.CallableRegistry} of Java functions
 * that callable tools run; pure request builders for the supported providers ({@link
 * dev.lineage.domain.thread.ProviderRequests}); provider output parsing ({@link
 * dev.lineage.domain.thread.RawOutput#parse()}); and {@link
 * dev.lineage.domain.thread.ThreadOperations}, which runs a thread's mutators as traced calls so
 * that every turn of a conversation becomes a version of the thread.
 *
 * <p>Messages, usage records, generated JSON objects and model outputs are facts of a
 * conversation and are immutable: their {@code with...} methods return a modified copy that
 * stands for the same version, so committing the copy forks it. Threads, prompts, configurations
 * and tools are mutable working copies. Nothing here executes stored text (D-27) or stores a
 * credential (D-28); the HTTP pipeline is out of scope (D-29).
 */
package dev.lineage.domain.thread;
