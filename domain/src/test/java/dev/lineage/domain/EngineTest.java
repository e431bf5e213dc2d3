package dev.lineage.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.domain.fixtures.Node;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The engine's parts that need no store: class models, the value codec, copies and ids. */
class EngineTest {

  static class CharField extends Entity {
    char letter;
  }

  static class ConcreteList extends Entity {
    ArrayList<String> items = new ArrayList<>();
  }

  static class NoDefaultConstructor extends Entity {
    final String name;

    NoDefaultConstructor(String name) {
      this.name = name;
    }
  }

  static class BadBackReference extends Entity {
    @BackReference List<Node> owners = new ArrayList<>();
  }

  @TypeName("custom.Name")
  static class Named extends Entity {}

  static class Inherited extends Node {
    String extra;
  }

  /** Final fields, as an immutable entity has them, set only through its model. */
  static class Sealed extends Entity {
    private final String label;
    private final int count;

    Sealed() {
      this.label = null;
      this.count = 0;
    }
  }

  @Nested
  class Models {

    @Test
    @DisplayName("fields come in declaration order, superclass first; versioning fields excluded")
    void fieldOrder() {
      assertThat(EntityModel.of(Inherited.class).properties())
          .extracting(EntityModel.Property::name)
          .containsExactly(
              "name", "value", "next", "children", "members", "byKey", "maybe", "groups", "owner",
              "extra");
    }

    @Test
    @DisplayName("an unsupported field type is refused with the field and the reason")
    void unsupportedTypes() {
      assertThatThrownBy(() -> EntityModel.of(CharField.class))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("CharField.letter");
      assertThatThrownBy(() -> EntityModel.of(ConcreteList.class))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("List, not ArrayList");
      assertThatThrownBy(() -> EntityModel.of(BadBackReference.class))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("@BackReference");
    }

    @Test
    @DisplayName("an entity without a no-argument constructor is refused, saying so")
    void needsNoArgumentConstructor() {
      assertThatThrownBy(() -> EntityModel.of(NoDefaultConstructor.class))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("no-argument constructor");
    }

    @Test
    @DisplayName("a field is read and set through its model, final or not; a wrong value is refused")
    void fieldAccess() {
      EntityModel.Property label = EntityModel.of(Sealed.class).properties().get(0);
      EntityModel.Property count = EntityModel.of(Sealed.class).properties().get(1);
      Sealed entity = new Sealed();

      label.set(entity, "set");
      count.set(entity, 7);

      assertThat(entity.label).isEqualTo("set");
      assertThat(entity.count).isEqualTo(7);
      assertThat(label.get(entity)).isEqualTo("set");
      assertThat(count.get(entity)).isEqualTo(7);
      assertThatThrownBy(() -> count.set(entity, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Sealed.count");
      assertThatThrownBy(() -> label.set(entity, 5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("java.lang.Integer");
      assertThat(entity.label).isEqualTo("set");
      assertThat(entity.count).isEqualTo(7);
    }

    @Test
    @DisplayName("the stored type name is the class name, or its @TypeName")
    void typeNames() {
      assertThat(EntityModel.of(Node.class).typeName()).isEqualTo(Node.class.getName());
      assertThat(EntityModel.of(Named.class).typeName()).isEqualTo("custom.Name");
    }
  }

  @Nested
  class Codec {

    @Test
    @DisplayName("values take their stored form; numbers of one kind compare equal")
    void storedForms() {
      UUID id = UUID.randomUUID();
      assertThat(ValueCodec.encode(5, "x")).isEqualTo(ValueCodec.encode(5L, "x"));
      assertThat(ValueCodec.encode(1.5f, "x")).isEqualTo(new Value.Real(1.5));
      assertThat(ValueCodec.encode(id, "x")).isEqualTo(new Value.Uuid(id));
      assertThat(ValueCodec.encode(Instant.parse("2020-01-01T00:00:00.123999Z"), "x"))
          .isEqualTo(new Value.Time(Instant.parse("2020-01-01T00:00:00.123Z")));
      assertThat(ValueCodec.encode(Map.of(7, "seven"), "x"))
          .isEqualTo(new Value.Obj(Map.of("7", new Value.Text("seven"))));
      Node node = new Node("n");
      assertThat(ValueCodec.encode(List.of(node), "x"))
          .isEqualTo(new Value.Seq(List.of(new Value.Ref(node.ecsId()))));
    }

    @Test
    @DisplayName("a value of an unsupported class is refused, naming where it sits")
    void unsupportedValue() {
      assertThatThrownBy(() -> ValueCodec.encode(Map.of("when", new Date()), "E.f"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("E.f.when")
          .hasMessageContaining("java.util.Date");
      assertThatThrownBy(() -> ValueCodec.encode(Map.of(1.5, "x"), "E.f"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("map key");
    }
  }

  @Nested
  class Copies {

    @Test
    @DisplayName("a deep copy keeps shared and cyclic structure, versions and live ids")
    void deepCopy() {
      // given
      Node a = new Node("a");
      Node shared = new Node("shared");
      a.next = new Node("b");
      a.next.next = a;
      a.children.add(shared);
      a.byKey.put("again", shared);
      // when
      Node copy = Entities.deepCopy(a);
      // then
      assertThat(copy).isNotSameAs(a).isEqualTo(a);
      assertThat(copy.next.next).isSameAs(copy);
      assertThat(copy.children.get(0)).isSameAs(copy.byKey.get("again")).isNotSameAs(shared);
      assertThat(copy.liveId()).isEqualTo(a.liveId());
      copy.children.add(new Node("only in the copy"));
      assertThat(a.children).hasSize(1);
    }
  }

  @Nested
  class Identifiers {

    @Test
    @DisplayName("D-10 ids are UUIDv7 and strictly increase, from many threads at once")
    void idsIncrease() {
      // given
      Set<UUID> seen = ConcurrentHashMap.newKeySet();
      // when
      List<List<UUID>> perThread =
          IntStream.range(0, 8).parallel()
              .mapToObj(t -> IntStream.range(0, 20_000).mapToObj(i -> Ids.next()).toList())
              .toList();
      // then
      for (List<UUID> ids : perThread) {
        for (int i = 1; i < ids.size(); i++) {
          assertThat(VersionRecord.compareUnsigned(ids.get(i - 1), ids.get(i))).isNegative();
        }
        ids.forEach(id -> assertThat(id.version()).isEqualTo(7));
        seen.addAll(ids);
      }
      assertThat(seen).hasSize(8 * 20_000);
    }

    @Test
    @DisplayName("the successor of an id carries from the random bits into rand_a, keeping v7")
    void successorCarries() {
      UUID full = new UUID(0x0192_0000_0000_7FFFL, 0xBFFF_FFFF_FFFF_FFFFL);
      UUID next = Ids.successor(full);
      assertThat(VersionRecord.compareUnsigned(full, next)).isNegative();
      assertThat(next.version()).isEqualTo(7);
      assertThat(next.variant()).isEqualTo(2);
      UUID plain = Ids.successor(new UUID(0x0192_0000_0000_7000L, 0x8000_0000_0000_0000L));
      assertThat(plain.getLeastSignificantBits()).isEqualTo(0x8000_0000_0000_0001L);
      assertThat(new HashSet<>(List.of(full, next))).hasSize(2);
    }
  }
}
