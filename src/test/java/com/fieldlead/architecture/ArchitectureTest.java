package com.fieldlead.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.fieldlead.activity.ActivityModule;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.scoring.ScoringService;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph's rules, checked over the compiled main classes: the feature packages form no cycle, neither do
 * the layers inside lead, activity, sync, assignment, auth and notify, the sync core and the features' models are pure
 * (no Vert.x, no driver, no HTTP layer), and the error model and JSON mapper stand below HTTP.
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

  /**
   * Unlike the sync rule above, the feature's own package is a slice too: {@code lead} (services, endpoints, wiring)
   * depends on {@code lead.store} and {@code lead.model}, and a class in a layer package reaching back up into it
   * would be a cycle this rule catches.
   */
  @Test
  void theLayersInsideLeadFormNoCycle() {
    slices().assignedFrom(layersOf("lead")).should().beFreeOfCycles().check(main);
  }

  @Test
  void theLayersInsideActivityFormNoCycle() {
    slices().assignedFrom(layersOf("activity")).should().beFreeOfCycles().check(main);
  }

  /**
   * {@code sync} itself counts as one slice here, so {@code sync.checkpoint} and {@code sync.feed} (like the ports, the
   * merger and the protocol) name no class of it: the services, the endpoint and the wiring stay above them.
   */
  @Test
  void theLayersInsideSyncFormNoCycle() {
    slices().assignedFrom(layersOf("sync")).should().beFreeOfCycles().check(main);
  }

  @Test
  void theLayersInsideAssignmentFormNoCycle() {
    slices().assignedFrom(layersOf("assignment")).should().beFreeOfCycles().check(main);
  }

  @Test
  void theLayersInsideAuthFormNoCycle() {
    slices().assignedFrom(layersOf("auth")).should().beFreeOfCycles().check(main);
  }

  @Test
  void theLayersInsideNotifyFormNoCycle() {
    slices().assignedFrom(layersOf("notify")).should().beFreeOfCycles().check(main);
  }

  @Test
  void theFeatureModelsImportNeitherVertxNorTheDriverNorTheStore() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "com.fieldlead.lead.model..",
            "com.fieldlead.activity.model..",
            "com.fieldlead.assignment.model..",
            "com.fieldlead.notify.model..")
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

  /** One slice for {@code com.fieldlead.<feature>} itself and one per package directly below it. */
  private static SliceAssignment layersOf(String feature) {
    String root = "com.fieldlead." + feature;
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String pkg = javaClass.getPackageName();
        if (pkg.equals(root)) {
          return SliceIdentifier.of(feature);
        }
        if (!pkg.startsWith(root + ".")) {
          return SliceIdentifier.ignore();
        }
        String below = pkg.substring(root.length() + 1);
        int dot = below.indexOf('.');
        return SliceIdentifier.of(feature + "." + (dot < 0 ? below : below.substring(0, dot)));
      }

      @Override
      public String getDescription() {
        return feature + " and the packages directly below it";
      }
    };
  }

  @Test
  void theSyncCoreImportsNeitherVertxNorTheDriverNorTheHttpLayer() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "com.fieldlead.sync.merge..",
            "com.fieldlead.sync.protocol..",
            "com.fieldlead.sync.checkpoint..")
        .or()
        .haveFullyQualifiedName("com.fieldlead.sync.PushPlan")
        .or()
        .haveFullyQualifiedName("com.fieldlead.sync.feed.PageCut")
        .or()
        .haveFullyQualifiedName("com.fieldlead.sync.ChangeChecks")
        .or()
        .haveFullyQualifiedName("com.fieldlead.sync.feed.FeedWindow")
        .or()
        .haveFullyQualifiedName("com.fieldlead.sync.feed.FeedItem")
        .or()
        .haveFullyQualifiedName("com.fieldlead.sync.PageChanges")
        .or()
        .haveFullyQualifiedName("com.fieldlead.sync.RebaselineListing")
        .or()
        .haveFullyQualifiedName("com.fieldlead.sync.PushResults")
        .or()
        .haveFullyQualifiedName("com.fieldlead.sync.ClaimVerdict")
        .or()
        .haveFullyQualifiedName("com.fieldlead.sync.Rejection")
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

  /**
   * Sync reaches the features whose entities it carries only through its ports ({@code sync.port}), which the
   * features implement: no class of sync, the module wiring included, names a lead, activity or attachment class
   * (their records, collections, documents or services). No exception is needed: {@code app/Features} hands the
   * adapters over.
   */
  @Test
  void syncDependsOnNoFeatureItCarriesButThroughItsPorts() {
    noClasses()
        .that()
        .resideInAPackage("com.fieldlead.sync..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.fieldlead.lead..", "com.fieldlead.activity..", "com.fieldlead.attachment..")
        .check(main);
  }

  /** The ports are interfaces and values: no driver, no BSON, no HTTP layer, and nothing of sync's own workings. */
  @Test
  void theSyncPortsNameNoDriverNoHttpAndNothingOfSyncsWorkings() {
    noClasses()
        .that()
        .resideInAPackage("com.fieldlead.sync.port..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.mongodb..",
            "org.bson..",
            "com.fieldlead.http..",
            "com.fieldlead.store..",
            "com.fieldlead.sync",
            "com.fieldlead.sync.merge..",
            "com.fieldlead.sync.protocol..",
            "com.fieldlead.sync.checkpoint..",
            "com.fieldlead.sync.feed..")
        .check(main);
  }

  @Test
  void onlyAppFeaturesRegistersListenersAndHooksWithTheLeadAndActivityModules() {
    DescribedPredicate<JavaMethodCall> registration = DescribedPredicate.describe(
        "a registration with the lead or activity module (a listener, preparer, reader, rendering, hook)",
        call -> (call.getTargetOwner().isEquivalentTo(LeadModule.class)
                || call.getTargetOwner().isEquivalentTo(ActivityModule.class)
                || call.getTargetOwner().isEquivalentTo(ScoringService.class))
            && call.getName().matches("add[A-Z]\\w*|set[A-Z]\\w*Reader|use[A-Z]\\w*|on[A-Z]\\w*"));
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("com.fieldlead.app.Features")
        .should()
        .callMethodWhere(registration)
        .because("listener order is visible in one place: app/Features (README, Code style)")
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
