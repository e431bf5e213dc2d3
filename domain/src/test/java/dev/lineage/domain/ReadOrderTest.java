package dev.lineage.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.domain.fixtures.Node;
import dev.lineage.storage.EntityStorage;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import dev.lineage.storage.inmemory.InMemoryEntityStorage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A store hands a graph's versions to the registry in whatever order it reads them, and the
 * registry settles each object as soon as what it references has arrived (fills it and marks it
 * clean), leaving the rest to the read that follows. Whatever the order, the working copy is the
 * same.
 */
class ReadOrderTest {

  /** Like a message's token usage: immutable, references nothing. */
  static final class Usage extends Entity {
    final int tokens;

    private Usage() {
      this(0);
    }

    Usage(int tokens) {
      this.tokens = tokens;
    }
  }

  /** Like a chat message: immutable, references its usage. */
  static final class Message extends Entity {
    final String text;
    final Usage usage;

    private Message() {
      this("", null);
    }

    Message(String text, Usage usage) {
      this.text = text;
      this.usage = usage;
    }
  }

  /** Like a thread: mutable, a history of messages and one of them pinned. */
  static class Log extends Entity {
    List<Message> history = Entities.newList();
    Message pinned;
  }

  /** The orders a store may hand versions over in. */
  enum Order {
    /** As the store's map holds them. */
    STORED,
    /** Every version after those it references, as JDBI streams a thread's. */
    REFERENCED_FIRST,
    /** Every version before those it references: each waits for what it misses. */
    OWNERS_FIRST,
    /** Shuffled. */
    SHUFFLED
  }

  private final InMemoryEntityStorage store = new InMemoryEntityStorage();
  private Order order;
  /** Changes each record before it is handed over; the identity unless a test says otherwise. */
  private UnaryOperator<VersionRecord> tamper = UnaryOperator.identity();

  /** A registry over the store, whose versions reach it in {@link #order}. */
  private EntityRegistry registry(Order order) {
    this.order = order;
    EntityStorage handingOver = (EntityStorage) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {EntityStorage.class},
        (proxy, method, arguments) -> {
          if (method.getName().equals("loadGraphs") && arguments.length == 2) {
            @SuppressWarnings("unchecked")
            Collection<UUID> roots = (Collection<UUID>) arguments[0];
            @SuppressWarnings("unchecked")
            Consumer<VersionRecord> eachRead = (Consumer<VersionRecord>) arguments[1];
            return handOver(roots, eachRead);
          }
          try {
            return method.invoke(store, arguments);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    return EntityRegistry.over(handingOver);
  }

  private Map<UUID, VersionRecord> handOver(Collection<UUID> roots,
      Consumer<VersionRecord> eachRead) {
    Map<UUID, VersionRecord> read = new LinkedHashMap<>();
    store.loadGraphs(roots).forEach((id, record) -> read.put(id, tamper.apply(record)));
    List<VersionRecord> records = new ArrayList<>(read.values());
    switch (order) {
      case STORED -> { }
      case REFERENCED_FIRST -> records.sort(Comparator.comparingInt(ReadOrderTest::depth));
      case OWNERS_FIRST ->
          records.sort(Comparator.comparingInt(ReadOrderTest::depth).reversed());
      case SHUFFLED -> Collections.shuffle(records, new Random(7));
    }
    records.forEach(eachRead);
    return read;
  }

  /** How far below the top of this test's graphs a version lies: usages, messages, the rest. */
  private static int depth(VersionRecord record) {
    if (record.type().endsWith("Usage")) {
      return 0;
    }
    return record.type().endsWith("Message") ? 1 : 2;
  }

  private Log stored(EntityRegistry registry, int messages) {
    Log log = new Log();
    for (int i = 0; i < messages; i++) {
      log.history.add(new Message("m" + i, i % 2 == 0 ? null : new Usage(i)));
    }
    log.pinned = log.history.get(3);
    return registry.register(log);
  }

  @ParameterizedTest
  @EnumSource(Order.class)
  @DisplayName("a thread-like graph reads the same in every order, shared objects once")
  void sameGraphInEveryOrder(Order order) {
    // given
    EntityRegistry registry = registry(order);
    Log log = stored(registry, 40);
    // when
    Log read = registry.require(log.ecsId(), Log.class);
    // then
    assertThat(read.history).extracting(m -> m.text)
        .containsExactlyElementsOf(log.history.stream().map(m -> m.text).toList());
    assertThat(read.history.get(5).usage.tokens).isEqualTo(5);
    assertThat(read.history.get(4).usage).isNull();
    assertThat(read.pinned).isSameAs(read.history.get(3));
    assertThat(read.history).allSatisfy(m -> assertThat(((Entity) m).pristine()).isTrue());
    assertThat(read.history.get(5).usage.pristine()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Order.class)
  @DisplayName("whatever the order, a read thread is clean: a turn commits only what it adds")
  void readThreadIsClean(Order order) {
    // given
    EntityRegistry registry = registry(order);
    Log read = registry.require(stored(registry, 40).ecsId(), Log.class);
    // when
    read.history.add(new Message("one more", new Usage(1)));
    // then: the thread, the new message and its usage
    assertThat(EntityGraph.toCommit(read).nodes()).hasSize(3);
    registry.commit(read);
    assertThat(registry.require(read.ecsId(), Log.class).history).hasSize(41);
  }

  @ParameterizedTest
  @EnumSource(Order.class)
  @DisplayName("cycles and back-references, which never settle early, read the same in every order")
  void cyclesAndBackReferences(Order order) {
    // given
    EntityRegistry registry = registry(order);
    Node a = new Node("a");
    Node b = new Node("b");
    a.next = b;
    b.next = a;
    Node child = a.adopt(new Node("child"));
    child.next = b;
    registry.register(a);
    Node parent = new Node("parent");
    parent.adopt(new Node("leaf"));
    registry.register(parent);
    // when
    Node read = registry.require(a.ecsId(), Node.class);
    Node readParent = registry.require(parent.ecsId(), Node.class);
    // then
    assertThat(read.next.next).isSameAs(read);
    assertThat(read.children.get(0).owner).isSameAs(read);
    assertThat(read.children.get(0).next).isSameAs(read.next);
    assertThat(readParent.children.get(0).owner).isSameAs(readParent);
  }

  @ParameterizedTest
  @EnumSource(Order.class)
  @DisplayName("an unreadable reference is reported by the read, naming its field, in every order")
  void unreadableReference(Order order) {
    // given: message m1's usage reference stored as text
    EntityRegistry registry = registry(order);
    Log log = stored(registry, 4);
    UUID broken = log.history.get(1).ecsId();
    tamper = record -> {
      if (!record.ecsId().equals(broken)) {
        return record;
      }
      Map<String, Value> fields = new LinkedHashMap<>(record.fields());
      fields.put("usage", new Value.Text("not a reference"));
      return new VersionRecord(record.ecsId(), record.lineageId(), record.parentId(),
          record.oldIds(), record.createdAt(), record.type(), fields);
    };
    // then
    assertThatThrownBy(() -> registry.require(log.ecsId(), Log.class))
        .isInstanceOf(UnreadableDataException.class)
        .hasMessageContaining(broken.toString())
        .hasMessageContaining("'usage'");
  }
}
