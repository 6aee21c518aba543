package io.github.predictivegateway;

import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What may import what in predictive-filter, as ARCHITECTURE.md states it. Each rule
 * fails when broken.
 */
class ArchitectureTests {

	private static final String ROOT = "io.github.predictivegateway";

	/** The engine: plain Java with an injected clock. */
	private static final String[] ENGINE = { ROOT + ".admission..", ROOT + ".plan..", ROOT + ".standard..",
			ROOT + ".preallocation..", ROOT + ".gate..", ROOT + ".forecast..", ROOT + ".usage..", ROOT + ".observe..",
			ROOT + ".alert..", ROOT + ".metrics..", ROOT + ".time..", ROOT + ".redis.." };

	/**
	 * This module's main classes only: not its tests, not other modules or jars on the
	 * class path.
	 */
	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption((location) -> location.contains("/predictive-filter/target/classes/"))
		.importPackages(ROOT);

	@Test
	void theEngineImportsNothingFromSpring() {
		check(noClasses().that()
			.resideInAnyPackage(ENGINE)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.."));
	}

	@Test
	void theEngineDoesNotKnowTheGatewayOrBootEdges() {
		check(noClasses().that()
			.resideInAnyPackage(ENGINE)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ROOT + ".filter..", ROOT + ".autoconfigure.."));
	}

	@Test
	void theFilterDoesNotKnowTheAutoConfiguration() {
		check(noClasses().that()
			.resideInAPackage(ROOT + ".filter..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".autoconfigure.."));
	}

	@Test
	void onlyTheEdgesKnowTheRedisImplementations() {
		check(noClasses().that()
			.resideInAnyPackage(ENGINE)
			.and()
			.resideOutsideOfPackage(ROOT + ".redis..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".redis.."));
	}

	@Test
	void theStandardBucketsKnowNoOtherStage() {
		check(noClasses().that()
			.resideInAPackage(ROOT + ".standard..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ROOT + ".preallocation..", ROOT + ".gate..", ROOT + ".admission.."));
	}

	@Test
	void preallocationKnowsNoOtherStage() {
		check(noClasses().that()
			.resideInAPackage(ROOT + ".preallocation..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ROOT + ".standard..", ROOT + ".gate..", ROOT + ".admission.."));
	}

	@Test
	void theGateKnowsNeitherTenantStageBucket() {
		check(noClasses().that()
			.resideInAPackage(ROOT + ".gate..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ROOT + ".standard..", ROOT + ".preallocation.."));
	}

	@Test
	void plansDependOnNothingElseOfTheProject() {
		check(noClasses().that()
			.resideInAPackage(ROOT + ".plan..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(everywhereBut(ROOT + ".plan..")));
	}

	@Test
	void timeDependsOnNothingElseOfTheProject() {
		check(noClasses().that()
			.resideInAPackage(ROOT + ".time..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(everywhereBut(ROOT + ".time..")));
	}

	@Test
	void nothingImportsThePackagesOfTheSidecar() {
		check(noClasses().should().dependOnClassesThat().resideInAPackage("..sidecar.."));
	}

	@Test
	void packagesHaveNoCycles() {
		check(slices().matching(ROOT + ".(*)..").should().beFreeOfCycles());
	}

	@Test
	void everyPackageIsNullMarked() {
		for (JavaPackage javaPackage : MAIN.getPackage(ROOT).getSubpackagesInTree()) {
			if (javaPackage.getClasses().stream().anyMatch((javaClass) -> MAIN.contain(javaClass.getName()))) {
				assertThat(javaPackage.tryGetPackageInfo()).as("package-info.java of %s", javaPackage.getName())
					.hasValueSatisfying((info) -> assertThat(info.isAnnotatedWith(NullMarked.class)).isTrue());
			}
		}
	}

	private static String[] everywhereBut(String excluded) {
		return Stream.concat(Stream.of(ENGINE), Stream.of(ROOT + ".filter..", ROOT + ".autoconfigure.."))
			.filter((pattern) -> !pattern.equals(excluded))
			.toArray(String[]::new);
	}

	private static void check(ArchRule rule) {
		rule.check(MAIN);
	}

}
