package io.github.predictivegateway.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every package of gateway-app has a package-info.java marked {@code @NullMarked}.
 */
class PackageInfoTests {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption((location) -> location.contains("/gateway-app/target/classes/"))
		.importPackages("io.github.predictivegateway.app");

	@Test
	void everyPackageIsNullMarked() {
		for (JavaPackage javaPackage : MAIN.getPackage("io.github.predictivegateway.app").getSubpackagesInTree()) {
			if (javaPackage.getClasses().stream().anyMatch((javaClass) -> MAIN.contain(javaClass.getName()))) {
				assertThat(javaPackage.tryGetPackageInfo()).as("package-info.java of %s", javaPackage.getName())
					.hasValueSatisfying((info) -> assertThat(info.isAnnotatedWith(NullMarked.class)).isTrue());
			}
		}
	}

}
