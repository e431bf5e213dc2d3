package dev.lineage.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.domain.fixtures.Node;
import dev.lineage.storage.EntityStorage;
import dev.lineage.storage.StorageUnavailableException;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A commit asks the store about an entity without a baseline only when the store could hold its
 * id: not when the entity's own constructor made it and nothing has happened to it since.
 */
class StoreLookupTest {

  /** The ids the registry asked the store about, call by call. */
  private final List<List<UUID>> asked = new ArrayList<>();
  /** When set, the next commit fails as a lost connection would. */
  private final AtomicBoolean failNextCommit = new AtomicBoolean();
  private final EntityRegistry registry =
      EntityRegistry.over(counting(new InMemoryEntityStorage()));

  private EntityStorage counting(EntityStorage real) {
    return (EntityStorage) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {EntityStorage.class}, (proxy, method, arguments) -> {
          if (method.getName().equals("loadVersions")) {
            @SuppressWarnings("unchecked")
            Collection<UUID> ids = (Collection<UUID>) arguments[0];
            asked.add(List.copyOf(ids));
          }
          if (method.getName().equals("commit") && failNextCommit.getAndSet(false)) {
            throw new StorageUnavailableException("connection lost (test)");
          }
          try {
            return method.invoke(real, arguments);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** An entity that claims a given id, as one rebuilt from an export would. */
  static class Claimed extends Entity {
    String name;

    Claimed() {}

    Claimed(UUID id, String name) {
      super(id);
      this.name = name;
    }
  }

  @Test
  @DisplayName("registering and growing a graph of new entities asks the store nothing")
  void freshIdsAreNotLookedUp() {
    // given
    Node root = new Node("root");
    root.adopt(new Node("a"));
    root.adopt(new Node("b"));
    // when
    registry.register(root);
    root.adopt(new Node("c"));
    registry.commit(root);
    // then
    assertThat(asked).isEmpty();
    assertThat(registry.require(root.ecsId(), Node.class).children).hasSize(3);
  }

  @Test
  @DisplayName("an entity claiming a stored id is looked up, and forks the stored version")
  void claimedIdsAreLookedUp() {
    // given
    Claimed stored = registry.register(new Claimed(UUID.randomUUID(), "first"));
    asked.clear();
    // when
    Claimed claim = new Claimed(stored.ecsId(), "second");
    registry.commit(claim);
    // then
    assertThat(asked).containsExactly(List.of(stored.ecsId()));
    assertThat(claim.ecsId()).isNotEqualTo(stored.ecsId());
    assertThat(claim.parentId()).contains(stored.ecsId());
    assertThat(claim.lineageId()).isEqualTo(stored.lineageId());
  }

  @Test
  @DisplayName("after a failed commit, whose outcome may be unknown, the retry looks the ids up")
  void failedCommitsLookUpOnRetry() {
    // given
    Node root = new Node("root");
    Node child = root.adopt(new Node("child"));
    failNextCommit.set(true);
    assertThatThrownBy(() -> registry.register(root))
        .isInstanceOf(StorageUnavailableException.class);
    assertThat(asked).isEmpty();
    // when
    registry.register(root);
    // then
    assertThat(asked).hasSize(1);
    assertThat(asked.get(0)).contains(root.ecsId(), child.ecsId());
    assertThat(registry.require(root.ecsId(), Node.class).children).hasSize(1);
  }
}
