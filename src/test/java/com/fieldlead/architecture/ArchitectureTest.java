package com.fieldlead.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph's rules, checked over the compiled main classes: the feature packages form no cycle, the sync
 * core is pure (no Vert.x, no driver, no HTTP layer), and the error model and JSON mapper stand below HTTP.
 */
class ArchitectureTest {

  private static JavaClasses main;

  @BeforeAll
  static void load() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("com.fieldlead");
  }

  @Test
  void theTopLevelPackagesFormNoCycle() {
    slices().matching("com.fieldlead.(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  void thePackagesInsideSyncFormNoCycle() {
    slices().matching("com.fieldlead.sync.(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  void theSyncCoreImportsNeitherVertxNorTheDriverNorTheHttpLayer() {
    noClasses()
        .that()
        .resideInAnyPackage("com.fieldlead.sync.merge..", "com.fieldlead.sync.protocol..")
        .or()
        .haveFullyQualifiedName("com.fieldlead.sync.PushPlan")
        .or()
        .haveFullyQualifiedName("com.fieldlead.sync.PageCut")
        .or()
        .haveFullyQualifiedName("com.fieldlead.sync.ChangeChecks")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.vertx..",
            "com.mongodb..",
            "org.bson..",
            "com.fieldlead.http..",
            "com.fieldlead.store..")
        .check(main);
  }

  @Test
  void theErrorModelAndTheJsonMapperDoNotDependOnHttpOrTheFeatures() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "com.fieldlead.problem..", "com.fieldlead.json..", "com.fieldlead.ids..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.fieldlead.http..",
            "com.fieldlead.lead..",
            "com.fieldlead.sync..",
            "com.fieldlead.activity..",
            "com.fieldlead.auth..",
            "io.vertx.ext.web..")
        .check(main);
  }

  @Test
  void domainCodeThrowsProblemsWithoutTheHttpLayerInMergeAndRules() {
    noClasses()
        .that()
        .haveFullyQualifiedName("com.fieldlead.lead.model.LeadMerger")
        .or()
        .haveFullyQualifiedName("com.fieldlead.lead.model.LeadRules")
        .or()
        .haveFullyQualifiedName("com.fieldlead.lead.model.LeadChanges")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.fieldlead.http..")
        .check(main);
  }
}
