package dev.lineage.conformance;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.Arrays;
import java.util.Objects;

/**
 * The architecture rules of Lineage's hexagon, as a library: the core's rules, and the rules every
 * adapter (ours or yours) keeps. An adapter's architecture test is one line:
 *
 * <pre>{@code
 * @Test
 * void adapterKeepsTheHexagon() {
 *   LineageArchitecture.checkAdapter("com.example.lineage.storage");
 * }
 * }</pre>
 */
public final class LineageArchitecture {

  /** The packages of persistence technologies, which the domain never touches. */
  static final String[] PERSISTENCE_PACKAGES = {
    "jakarta.persistence..", "javax.persistence..", "org.hibernate..", "org.jdbi..",
    "com.mongodb..", "org.bson..", "java.sql..", "javax.sql.."
  };

  /** The adapters that ship with Lineage; no adapter depends on another. */
  static final String[] LINEAGE_ADAPTERS = {
    "dev.lineage.storage.inmemory..", "dev.lineage.storage.jpa..", "dev.lineage.storage.jdbi..",
    "dev.lineage.storage.mongo.."
  };

  private LineageArchitecture() {}

  /** The domain ({@code dev.lineage.domain..}) depends on no persistence technology. */
  public static ArchRule domainIsFreeOfPersistence() {
    return noClasses()
        .that()
        .resideInAPackage("dev.lineage.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(PERSISTENCE_PACKAGES)
        .because("the domain holds versioning rules, nothing of persistence");
  }

  /** The port ({@code dev.lineage.storage}) is made of JDK types and its own types only. */
  public static ArchRule portIsVendorFree() {
    return classes()
        .that()
        .resideInAPackage("dev.lineage.storage")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.lineage.storage")
        .because("no vendor type crosses the port");
  }

  /** No package cycles among the packages below {@code rootPackage}. */
  public static ArchRule noPackageCycles(String rootPackage) {
    return slices()
        .matching(Objects.requireNonNull(rootPackage, "rootPackage") + ".(**)")
        .should()
        .beFreeOfCycles();
  }

  /**
   * The rules an adapter in {@code adapterPackage} keeps: it talks to Lineage through the port
   * only (not the domain, not another adapter), its only public types are its {@code
   * *EntityStorage} entry points and {@code *Options} records (helpers a sibling package needs go
   * in an {@code internal} package), and its packages have no cycles.
   */
  public static ArchRule adapterRules(String adapterPackage) {
    Objects.requireNonNull(adapterPackage, "adapterPackage");
    String adapter = adapterPackage + "..";
    String[] others =
        Arrays.stream(LINEAGE_ADAPTERS).filter(p -> !p.equals(adapter)).toArray(String[]::new);
    ArchRule usesOnlyThePort =
        noClasses()
            .that()
            .resideInAPackage(adapter)
            .should()
            .dependOnClassesThat(
                resideInAnyPackage(concat(others, "dev.lineage.domain..", "dev.lineage.conformance.."))
                    .and(not(resideInAPackage(adapter))))
            .because("an adapter stores version records through the port; it needs no entity"
                + " class, and no other adapter");
    ArchRule smallPublicSurface =
        classes()
            .that()
            .resideInAPackage(adapter)
            .and()
            .resideOutsideOfPackage(adapterPackage + ".internal..")
            .and()
            .arePublic()
            .and()
            .areTopLevelClasses()
            .should()
            .haveSimpleNameEndingWith("EntityStorage")
            .orShould()
            .haveSimpleNameEndingWith("Options")
            .because("an adapter's public surface is its entry point and its options record");
    ArchRule noCycles =
        slices().matching(adapterPackage + ".(**)").should().beFreeOfCycles().allowEmptyShould(true);
    return CompositeArchRule.of(usesOnlyThePort).and(smallPublicSurface).and(noCycles);
  }

  /** Checks {@link #adapterRules} against the production classes of {@code adapterPackage}. */
  public static void checkAdapter(String adapterPackage) {
    adapterRules(adapterPackage).check(productionClasses(adapterPackage));
  }

  /** The production classes (not tests) of {@code packages}, from the class path. */
  public static JavaClasses productionClasses(String... packages) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("/test-classes/"))
        .importPackages(packages);
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

}
