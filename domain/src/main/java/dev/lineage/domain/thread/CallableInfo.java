package dev.lineage.domain.thread;

import java.time.Instant;
import java.util.Map;

/**
 * What a {@link CallableRegistry} knows about one function (reference {@code get_info}).
 *
 * @param name the name it is registered under
 * @param signature a readable signature, e.g. {@code add(x: int, y: int) -> int}
 * @param description what it does; null if it was not described
 * @param inputSchema the JSON schema of its arguments (read-only)
 * @param outputSchema the JSON schema of what executing it returns (read-only)
 * @param async whether it completes later
 * @param registeredAt when it was registered or last updated
 */
public record CallableInfo(
    String name,
    String signature,
    String description,
    Map<String, Object> inputSchema,
    Map<String, Object> outputSchema,
    boolean async,
    Instant registeredAt) {}
