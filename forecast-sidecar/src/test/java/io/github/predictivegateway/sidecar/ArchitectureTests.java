package io.github.predictivegateway.sidecar;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What forecast-sidecar may import, as ARCHITECTURE.md states it. Each rule fails when
 * broken.
 */
class ArchitectureTests {

	/** This module's main classes only: not its tests, not other modules or jars. */
	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption((location) -> location.contains("/forecast-sidecar/target/classes/"))
		.importPackages("io.github.predictivegateway.sidecar");

	@Test
	void importsNoModuleThatDependsOnIt() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.predictivegateway.admission..", "io.github.predictivegateway.filter..",
					"io.github.predictivegateway.autoconfigure..")
			.check(MAIN);
	}

	@Test
	void packagesHaveNoCycles() {
		slices().matching("io.github.predictivegateway.sidecar.(*)..").should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void everyPackageIsNullMarked() {
		for (JavaPackage javaPackage : MAIN.getPackage("io.github.predictivegateway.sidecar").getSubpackagesInTree()) {
			if (javaPackage.getClasses().stream().anyMatch((javaClass) -> MAIN.contain(javaClass.getName()))) {
				assertThat(javaPackage.tryGetPackageInfo()).as("package-info.java of %s", javaPackage.getName())
					.hasValueSatisfying((info) -> assertThat(info.isAnnotatedWith(NullMarked.class)).isTrue());
			}
		}
	}

}
