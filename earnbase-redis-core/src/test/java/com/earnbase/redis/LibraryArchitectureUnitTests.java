package com.earnbase.redis;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The library stays usable without Spring: only the autoconfigure package may touch it; and only its {@code boot3}
 * package touches Spring Boot 3's Redis and Actuator types, so that a Boot 4 module can replace that package alone.
 */
class LibraryArchitectureUnitTests {

	private final JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.earnbase.redis");

	@Test
	void libraryPackagesDoNotDependOnSpring() {
		noClasses().that()
			.resideInAPackage("com.earnbase.redis..")
			.and()
			.resideOutsideOfPackage("com.earnbase.redis.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework..")
			.check(this.classes);
	}

	@Test
	void libraryPackagesDoNotDependOnTheAutoConfiguration() {
		noClasses().that()
			.resideInAPackage("com.earnbase.redis..")
			.and()
			.resideOutsideOfPackage("com.earnbase.redis.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.earnbase.redis.autoconfigure..")
			.check(this.classes);
	}

	@Test
	void onlyTheBoot3PackageDependsOnBootsRedisAndActuatorTypes() {
		noClasses().that()
			.resideInAPackage("com.earnbase.redis..")
			.and()
			.resideOutsideOfPackage("com.earnbase.redis.autoconfigure.boot3..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.boot.autoconfigure.data.redis..",
					"org.springframework.boot.actuate..")
			.check(this.classes);
	}

}
