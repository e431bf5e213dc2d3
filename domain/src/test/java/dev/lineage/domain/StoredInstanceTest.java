package dev.lineage.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.domain.fixtures.Node;
import dev.lineage.storage.EntityStorage;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The objects the registry makes to read stored versions into skip making an id and reading the
 * clock in their constructors. Whatever a constructor does, nothing else may lose its identity.
 */
class StoredInstanceTest {

  private static final UUID ZERO = new UUID(0L, 0L);

  private final EntityStorage storage = new InMemoryEntityStorage();
  private final EntityRegistry registry = EntityRegistry.over(storage);

  /** An entity that is part of another one's default content. */
  static class Part extends Entity {
    String label;

    Part() {}

    Part(String label) {
      this.label = label;
    }
  }

  /** The first form of a stored type: a name only. */
  @TypeName("evolving")
  static class FirstShape extends Entity {
    String name;

    FirstShape() {}

    FirstShape(String name) {
      this.name = name;
    }
  }

  /**
   * A later form of the same type, whose no-argument constructor makes its default part before
   * its own super() call: that part is made while the registry makes the instance.
   */
  @TypeName("evolving")
  static class LaterShape extends Entity {
    String name;
    Part part;

    LaterShape() {
      this(new Part("default"));
    }

    LaterShape(Part part) {
      this.part = part;
    }
  }

  /** A constructor that claims an id of its own. */
  static class Claiming extends Entity {
    String name;

    Claiming() {
      super(UUID.fromString("00000000-0000-7000-8000-000000000001"));
    }
  }

  /** A constructor that fails once told to. */
  static class Fragile extends Entity {
    static boolean failing;
    String name;

    Fragile() {
      if (failing) {
        throw new IllegalStateException("refused (test)");
      }
    }
  }

  @Test
  @DisplayName("a read object has its stored identity and time; a new one made after it, its own")
  void readObjectsAndNewOnes() {
    // given
    Node root = new Node("root");
    root.adopt(new Node("child"));
    registry.commit(root);

    // when
    Node read = registry.require(root.ecsId(), Node.class);
    Node made = new Node("after");

    // then
    assertThat(read.ecsId()).isEqualTo(root.ecsId());
    assertThat(read.lineageId()).isEqualTo(root.lineageId());
    assertThat(read.createdAt()).isEqualTo(root.createdAt());
    assertThat(read.children.get(0).ecsId()).isEqualTo(root.children.get(0).ecsId());
    assertIsNew(made);
  }

  @Test
  @DisplayName("an entity a constructor makes before super() is a new entity, not the read one")
  void entityMadeBeforeSuper() {
    // given: a version stored before the type had its part
    FirstShape first = registry.commit(new FirstShape("kept"));
    EntityRegistry later =
        EntityRegistry.over(storage, RegistryOptions.defaults().withTypes(LaterShape.class));

    // when
    LaterShape read = later.require(first.ecsId(), LaterShape.class);
    LaterShape again = later.require(first.ecsId(), LaterShape.class);

    // then: the stored fields are read, the part keeps the constructor's default
    assertThat(read.ecsId()).isEqualTo(first.ecsId());
    assertThat(read.createdAt()).isEqualTo(first.createdAt());
    assertThat(read.name).isEqualTo("kept");
    assertThat(read.part.label).isEqualTo("default");
    assertThat(read.part.ecsId()).isNotEqualTo(ZERO).isEqualTo(read.part.lineageId());
    assertThat(read.part.createdAt()).isNotNull();
    assertThat(again.part.ecsId()).isNotEqualTo(ZERO).isNotEqualTo(read.part.ecsId());
    assertThat(EntityModel.of(LaterShape.class).constructorMakesEntitiesFirst()).isTrue();

    // and: committing the read object stores its part as a new entity
    LaterShape committed = later.commit(read);
    LaterShape reread = later.require(committed.ecsId(), LaterShape.class);
    assertThat(reread.part.ecsId()).isEqualTo(read.part.ecsId());
    assertThat(reread.part.label).isEqualTo("default");
  }

  @Test
  @DisplayName("a constructor claiming an id of its own leaves the next new entity a fresh id")
  void constructorWithItsOwnId() {
    // given
    Claiming stored = new Claiming();
    stored.name = "claimed";
    registry.commit(stored);

    // when
    Claiming read = registry.require(stored.ecsId(), Claiming.class);
    Node made = new Node("after");

    // then
    assertThat(read.name).isEqualTo("claimed");
    assertThat(read.ecsId()).isEqualTo(stored.ecsId());
    assertIsNew(made);
  }

  @Test
  @DisplayName("a constructor that fails leaves the next new entity a fresh id")
  void failingConstructor() {
    // given
    Fragile stored = new Fragile();
    stored.name = "fragile";
    registry.commit(stored);
    Fragile.failing = true;

    // when
    try {
      assertThatThrownBy(() -> EntityRegistry.over(storage).require(stored.ecsId(), Fragile.class))
          .isInstanceOf(UnreadableDataException.class)
          .hasMessageContaining("cannot instantiate");
    } finally {
      Fragile.failing = false;
    }
    Node made = new Node("after");

    // then
    assertIsNew(made);
  }

  /** An entity as its own constructor makes it: a fresh id naming its lineage, and a time. */
  private static void assertIsNew(Entity made) {
    assertThat(made.ecsId()).isNotEqualTo(ZERO).isEqualTo(made.lineageId());
    assertThat(made.createdAt()).isNotNull();
    assertThat(made.hasFreshId()).isTrue();
  }
}
