package dev.lineage.conformance;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The architecture rules catch what they are for, on deliberately bad fixture classes. */
class LineageArchitectureTest {

  private static final String FIXTURES = "dev.lineage.conformance.archfixture";

  @Test
  @DisplayName("an adapter that uses the domain and publishes a helper breaks the adapter rules")
  void badAdapterIsCaught() {
    JavaClasses classes = new ClassFileImporter().importPackages(FIXTURES + ".badadapter");
    assertThatThrownBy(() -> LineageArchitecture.adapterRules(FIXTURES + ".badadapter")
            .check(classes))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("dev.lineage.domain.Entity")
        .hasMessageContaining("LeakyHelper");
  }

  @Test
  @DisplayName("an adapter with only its entry point and options in public passes")
  void goodAdapterPasses() {
    JavaClasses classes = new ClassFileImporter().importPackages(FIXTURES + ".goodadapter");
    assertThatCode(() -> LineageArchitecture.adapterRules(FIXTURES + ".goodadapter")
            .check(classes))
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("a package cycle is caught")
  void cycleIsCaught() {
    JavaClasses classes = new ClassFileImporter().importPackages(FIXTURES + ".cyclic");
    assertThatThrownBy(() -> LineageArchitecture.noPackageCycles(FIXTURES + ".cyclic")
            .check(classes))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected");
  }

  @Test
  @DisplayName("a typo in an adapter package fails instead of checking nothing")
  void emptyPackageFails() {
    assertThatThrownBy(() -> LineageArchitecture.checkAdapter("dev.lineage.storage.inmemroy"))
        .isInstanceOf(AssertionError.class);
  }
}
