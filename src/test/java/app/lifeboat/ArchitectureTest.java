package app.lifeboat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.Set;

/** Keeps the layers one-way: ui → core, cli → core, and the core free of UI and CLI libraries. */
@AnalyzeClasses(packages = "app.lifeboat", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule coreHasNoUiOrCliDependencies = noClasses().that().resideInAPackage("app.lifeboat.core..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "picocli..",
                    "org.testfx..", "atlantafx..", "app.lifeboat.cli..", "app.lifeboat.ui..", "app.lifeboat.platform..");

    @ArchTest
    static final ArchRule cliDoesNotUseUi = noClasses().that().resideInAPackage("app.lifeboat.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("app.lifeboat.ui..", "javafx..");

    @ArchTest
    static final ArchRule uiDoesNotUseCli = noClasses().that().resideInAPackage("app.lifeboat.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("app.lifeboat.cli..", "picocli..");

    @ArchTest
    static final ArchRule onlyTheCliPrints = noClasses().that().resideInAnyPackage("app.lifeboat.core..", "app.lifeboat.ui..")
            .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS);

    /**
     * AWT runs beside JavaFX only for the tray icon, on its own event thread: one class crosses
     * between the two, so no other code calls AWT from the FX thread.
     */
    @ArchTest
    static final ArchRule onlyTheTrayUsesAwt = noClasses().that().resideInAPackage("app.lifeboat..")
            .and().doNotHaveFullyQualifiedName("app.lifeboat.ui.AwtTray")
            .should().dependOnClassesThat().resideInAnyPackage("java.awt..", "javax.swing..");

    /** Every package is a floor: none reaches back up to a package that uses it. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("app.lifeboat.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule corePackagesFormFloors = slices().matching("app.lifeboat.core.(*)..")
            .should().beFreeOfCycles();

    /**
     * The facade's request and result types: records and enums (and the sealed interfaces over
     * records, such as {@code CreateResult}), plus the base floor. Everything with behaviour
     * (catalogs, destinations, key files, settings stores) is reached only through the facade.
     */
    private static final Set<String> FACADES = Set.of("app.lifeboat.core.BackupService", "app.lifeboat.core.BackupInspector");

    private static final DescribedPredicate<JavaClass> ENGINE_INTERNALS = new DescribedPredicate<>(
            "engine classes other than the facades (BackupService, BackupInspector), core.base and their records") {
        @Override
        public boolean test(JavaClass c) {
            if (!c.getPackageName().startsWith("app.lifeboat.core")) {
                return false;
            }
            if (FACADES.contains(c.getName()) || c.getPackageName().equals("app.lifeboat.core.base")
                    || c.isRecord() || c.isEnum()) {
                return false;
            }
            return !(c.isInterface() && c.reflect().isSealed());
        }
    };

    @ArchTest
    static final ArchRule uiAndCliUseOnlyTheFacade = noClasses().that().resideInAnyPackage("app.lifeboat.ui..", "app.lifeboat.cli..")
            .should().dependOnClassesThat(ENGINE_INTERNALS);
}
