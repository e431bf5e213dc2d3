package dev.lineage.domain;

import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/**
 * How a registry behaves.
 *
 * @param clock the clock that dates new versions (D-6)
 * @param types entity classes the registry should know before it meets them, so that stored
 *     versions of types with a {@link TypeName} can be read, and {@code listByType} includes their
 *     subclasses, from the first call on
 */
public record RegistryOptions(Clock clock, Set<Class<? extends Entity>> types) {

  public RegistryOptions {
    Objects.requireNonNull(clock, "clock");
    types = Set.copyOf(types);
  }

  /** The system UTC clock and no classes named in advance. */
  public static RegistryOptions defaults() {
    return new RegistryOptions(Clock.systemUTC(), Set.of());
  }

  public RegistryOptions withClock(Clock clock) {
    return new RegistryOptions(clock, types);
  }

  @SafeVarargs
  public final RegistryOptions withTypes(Class<? extends Entity>... types) {
    return new RegistryOptions(clock, Set.of(types));
  }
}
