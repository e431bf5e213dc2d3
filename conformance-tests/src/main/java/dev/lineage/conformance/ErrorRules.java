package dev.lineage.conformance;

import static dev.lineage.conformance.RawVersions.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.conformance.entities.ParentEntity;
import dev.lineage.conformance.entities.SimpleEntity;
import dev.lineage.conformance.entities.ValidatedEntity;
import dev.lineage.conformance.entities.ValuesEntity;
import dev.lineage.domain.Entity;
import dev.lineage.domain.FieldChange;
import dev.lineage.storage.Commit;
import dev.lineage.storage.InvalidInputException;
import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Rules E: bad input is refused with {@link InvalidInputException} before anything is written, and
 * stored data that cannot be read gives {@link UnreadableDataException} naming the version, while
 * other versions stay readable (contract 6).
 */
abstract class ErrorRules extends RuleGroup {

  ErrorRules(Fixture fixture) {
    super(fixture);
  }

  /** An entity whose field type cannot be stored. */
  static class UnstorableFieldEntity extends Entity {
    ArrayList<String> concreteList = new ArrayList<>();
  }

  /** Issue 2 ("bad input"). If it fails: a commit with a missing required field wrote something. */
  @Test
  @DisplayName("E-01 a null required field is refused, naming it, and nothing is written")
  void requiredFieldMissing() {
    // given
    ParentEntity owner = new ParentEntity("owner");
    ValidatedEntity invalid = new ValidatedEntity(null, 1, 2);
    long versions = registry().status().versionCount();
    // when / then
    assertThatThrownBy(() -> registry().register(invalid))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'name' is required")
        .hasMessageContaining(invalid.ecsId().toString());
    assertThat(registry().status().versionCount()).isEqualTo(versions);
    assertThat(registry().exists(owner.ecsId())).isFalse();
  }

  /** Issue 2 ("bad input"). If it fails: an entity's own validation was skipped. */
  @Test
  @DisplayName("E-02 an entity's own validation refuses a commit, and nothing is written")
  void entityValidationRefuses() {
    // given
    ValidatedEntity invalid = new ValidatedEntity("range", 5, 1);
    long versions = registry().status().versionCount();
    // when / then
    assertThatThrownBy(() -> registry().register(invalid))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("low 5 is above high 1");
    assertThat(registry().status().versionCount()).isEqualTo(versions);
  }

  /**
   * Contract 6. If it fails: a value Lineage cannot store reached the adapter, or its error left
   * part of the graph behind.
   */
  @Test
  @DisplayName("E-03 a value that cannot be stored is refused before anything is written")
  void unstorableValue() {
    // given
    ValuesEntity entity = new ValuesEntity();
    entity.maybeEntity = Optional.of(new SimpleEntity("would be written first", 1));
    entity.json.put("when", new Date());
    long versions = registry().status().versionCount();
    // when / then
    assertThatThrownBy(() -> registry().register(entity))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("java.util.Date");
    assertThatThrownBy(() -> registry().register(new UnstorableFieldEntity()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("concreteList");
    assertThat(registry().status().versionCount()).isEqualTo(versions);
  }

  /**
   * Contract 6, D-43. If it fails: a version of an unknown type broke reads of other versions,
   * or was read as something else.
   */
  @Test
  @DisplayName("E-04 a stored version of an unknown type is unreadable, naming it")
  void unknownType() {
    // given
    VersionRecord unknown = RawVersions.text("com.example.NoSuchEntity", "mystery");
    storage().commit(Commit.of(unknown.ecsId(), List.of(unknown)));
    SimpleEntity fine = registry().register(new SimpleEntity("fine", 1));
    // then
    assertThatThrownBy(() -> registry().get(unknown.ecsId()))
        .isInstanceOf(UnreadableDataException.class)
        .hasMessageContaining(unknown.ecsId().toString())
        .hasMessageContaining("com.example.NoSuchEntity");
    assertThat(registry().get(fine.ecsId(), SimpleEntity.class)).isPresent();
  }

  /**
   * Contract 6. If it fails: a dangling reference was silently dropped (silent data loss)
   * instead of reported.
   */
  @Test
  @DisplayName("E-05 a version referring to a missing version is unreadable, naming both")
  void danglingReference() {
    // given
    UUID missing = UUID.randomUUID();
    VersionRecord dangling =
        RawVersions.first(
            SimpleEntity.class.getName().replace("SimpleEntity", "RefEntity"),
            fields("name", new Value.Text("dangling"), "reference", new Value.Ref(missing)));
    storage().commit(Commit.of(dangling.ecsId(), List.of(dangling)));
    // then
    assertThatThrownBy(() -> registry().get(dangling.ecsId()))
        .isInstanceOf(UnreadableDataException.class)
        .hasMessageContaining(dangling.ecsId().toString())
        .hasMessageContaining(missing.toString());
  }

  /**
   * Contract 6. If it fails: a stored value of the wrong kind was coerced silently or crashed
   * with an untyped exception.
   */
  @Test
  @DisplayName("E-06 a stored value of the wrong kind is unreadable, naming version and field")
  void wrongKindOfValue() {
    // given
    VersionRecord corrupt =
        RawVersions.first(
            SimpleEntity.class.getName(),
            fields("name", new Value.Text("corrupt"), "value", new Value.Text("not a number")));
    storage().commit(Commit.of(corrupt.ecsId(), List.of(corrupt)));
    // then
    assertThatThrownBy(() -> registry().get(corrupt.ecsId()))
        .isInstanceOf(UnreadableDataException.class)
        .hasMessageContaining(corrupt.ecsId().toString())
        .hasMessageContaining("'value'");
  }

  /** Contract 6. If it fails: an unknown enum constant was read as null or a default. */
  @Test
  @DisplayName("E-07 a stored enum text that names no constant is unreadable")
  void badEnumText() {
    // given
    VersionRecord corrupt =
        RawVersions.first(ValuesEntity.class.getName(), fields("mood", new Value.Text("FURIOUS")));
    storage().commit(Commit.of(corrupt.ecsId(), List.of(corrupt)));
    // then
    assertThatThrownBy(() -> registry().get(corrupt.ecsId(), ValuesEntity.class))
        .isInstanceOf(UnreadableDataException.class)
        .hasMessageContaining("FURIOUS")
        .hasMessageContaining(corrupt.ecsId().toString());
  }

  /**
   * Schema evolution. If it fails: the adapter invents fields a version was not stored with, or
   * drops the version's own.
   */
  @Test
  @DisplayName("E-08 a version stored before a field existed reads with that field's default")
  void missingFieldKeepsDefault() {
    // given
    VersionRecord old =
        RawVersions.first(SimpleEntity.class.getName(), fields("name", new Value.Text("old")));
    storage().commit(Commit.of(old.ecsId(), List.of(old)));
    // when
    SimpleEntity read = registry().get(old.ecsId(), SimpleEntity.class).orElseThrow();
    // then
    assertThat(read.name).isEqualTo("old");
    assertThat(read.value).isZero();
    assertThat(registry().pendingChanges(read).changesOf(read).orElseThrow().change("value"))
        .containsInstanceOf(FieldChange.SchemaChange.class);
  }
}
