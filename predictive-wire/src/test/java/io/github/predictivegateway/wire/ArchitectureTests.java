package io.github.predictivegateway.wire;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What predictive-wire may import, as ARCHITECTURE.md states it. Each rule fails when
 * broken.
 */
class ArchitectureTests {

	/** This module's main classes only: not its tests, not other modules or jars. */
	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption((location) -> location.contains("/predictive-wire/target/classes/"))
		.importPackages("io.github.predictivegateway.wire");

	@Test
	void importsNothingFromSpring() {
		noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(MAIN);
	}

	@Test
	void importsNoModuleThatDependsOnIt() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.predictivegateway.forecasting..", "io.github.predictivegateway.forecaster..",
					"io.github.predictivegateway.sidecar..", "io.github.predictivegateway.admission..",
					"io.github.predictivegateway.filter..", "io.github.predictivegateway.autoconfigure..")
			.check(MAIN);
	}

	@Test
	void everyPackageIsNullMarked() {
		for (JavaPackage javaPackage : MAIN.getPackage("io.github.predictivegateway.wire").getSubpackagesInTree()) {
			if (javaPackage.getClasses().stream().anyMatch((javaClass) -> MAIN.contain(javaClass.getName()))) {
				assertThat(javaPackage.tryGetPackageInfo()).as("package-info.java of %s", javaPackage.getName())
					.hasValueSatisfying((info) -> assertThat(info.isAnnotatedWith(NullMarked.class)).isTrue());
			}
		}
	}

}
