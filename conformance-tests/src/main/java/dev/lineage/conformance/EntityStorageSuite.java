package dev.lineage.conformance;

import dev.lineage.domain.EntityRegistry;
import dev.lineage.storage.EntityStorage;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conformance suite of the {@link EntityStorage} port. An adapter passes it unchanged:
 *
 * <pre>{@code
 * class MyStorageConformanceTest extends EntityStorageSuite {
 *   @Override
 *   protected EntityStorage createStorage() {
 *     return MyEntityStorage.create(dataSource);
 *   }
 * }
 * }</pre>
 *
 * <p>Every rule is numbered after {@code RULES.md} in this module, which cites the reference
 * scenario or decision it checks. Rules run through an {@link EntityRegistry} over the adapter
 * (as applications use it) or against the port directly; each works on fresh ids, so a store may
 * be shared between tests and need not be emptied. When the run ends, one line reports how many
 * rules passed, failed and were skipped against which target.
 */
@ExtendWith(SuiteReport.class)
public abstract class EntityStorageSuite {

  final Fixture fixture = new Fixture();

  /** The adapter under test; called before every rule. It may return a shared instance. */
  protected abstract EntityStorage createStorage();

  /** Called after every rule with what {@link #createStorage()} returned. Does nothing by default. */
  protected void disposeStorage(EntityStorage storage) {}

  /** The optional capabilities the adapter offers: all of them, unless it says otherwise. */
  protected Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  /**
   * What the report line calls the target, e.g. {@code "jdbi on PostgreSQL 15"}. By default the
   * kind the storage reports in its status.
   */
  protected String targetName() {
    return fixture.storage.status().kind();
  }

  @BeforeEach
  final void createFixture() {
    fixture.storage = createStorage();
    fixture.registry = EntityRegistry.over(fixture.storage);
    fixture.capabilities = Set.copyOf(capabilities());
  }

  @AfterEach
  final void disposeFixture() {
    if (fixture.storage != null) {
      disposeStorage(fixture.storage);
    }
  }

  @Nested
  @DisplayName("R: registration and reads")
  class Registration extends RegistrationRules {
    Registration() {
      super(fixture);
    }
  }

  @Nested
  @DisplayName("F: fields round-trip exactly")
  class Fields extends FieldRules {
    Fields() {
      super(fixture);
    }
  }

  @Nested
  @DisplayName("V: versioning and forks")
  class Versioning extends VersioningRules {
    Versioning() {
      super(fixture);
    }
  }

  @Nested
  @DisplayName("C: cycles and shared structure")
  class Cycles extends CycleRules {
    Cycles() {
      super(fixture);
    }
  }

  @Nested
  @DisplayName("T: traced calls")
  class Tracing extends TracingRules {
    Tracing() {
      super(fixture);
    }
  }

  @Nested
  @DisplayName("L: lineages")
  class Lineages extends LineageRules {
    Lineages() {
      super(fixture);
    }
  }

  @Nested
  @DisplayName("I: stored versions are immutable")
  class Immutability extends ImmutabilityRules {
    Immutability() {
      super(fixture);
    }
  }

  @Nested
  @DisplayName("K: conflicts and branches")
  class Conflicts extends ConflictRules {
    Conflicts() {
      super(fixture);
    }
  }

  @Nested
  @DisplayName("A: commits are atomic")
  class Atomicity extends AtomicityRules {
    Atomicity() {
      super(fixture);
    }
  }

  @Nested
  @DisplayName("P: port reads")
  class PortReads extends PortReadRules {
    PortReads() {
      super(fixture);
    }
  }

  @Nested
  @DisplayName("E: typed errors")
  class Errors extends ErrorRules {
    Errors() {
      super(fixture);
    }
  }

  @Nested
  @DisplayName("H: chat threads and their history")
  class Threads extends ThreadRules {
    Threads() {
      super(fixture);
    }
  }

  @Nested
  @DisplayName("B: bad input")
  class BadInput extends BadInputRules {
    BadInput() {
      super(fixture);
    }
  }

  @Nested
  @DisplayName("Q: hard payloads")
  class Payloads extends PayloadRules {
    Payloads() {
      super(fixture);
    }
  }

  @Nested
  @DisplayName("W: listing and verifying the whole store")
  class Verification extends VerificationRules {
    Verification() {
      super(fixture);
    }
  }

  @Nested
  @DisplayName("X: concurrency")
  class Concurrency extends ConcurrencyRules {
    Concurrency() {
      super(fixture);
    }
  }
}
