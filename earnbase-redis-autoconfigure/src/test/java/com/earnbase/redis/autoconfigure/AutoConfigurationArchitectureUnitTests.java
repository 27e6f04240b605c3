package com.earnbase.redis.autoconfigure;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Only the {@code boot3} package (module {@code earnbase-redis-boot3}) touches Spring
 * Boot 3's Redis and Actuator types and only the {@code boot4} package (module
 * {@code earnbase-redis-boot4}) Boot 4's Redis and health types, so the Boot-neutral
 * auto-configuration links on every line; and the auto-configuration reaches the client
 * only through its API and the seam, never through the Lettuce implementation's
 * internals. Each module runs this rule on its own classes through its subclass or this
 * class.
 */
class AutoConfigurationArchitectureUnitTests {

	// Main classes only: a bridge module sees this module's tests as a test jar, which
	// DO_NOT_INCLUDE_TESTS (test-classes directories) does not exclude.
	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption((location) -> !location.contains("-tests.jar"))
		.importPackages("com.earnbase.redis.autoconfigure");

	@Test
	void onlyTheBoot3PackageDependsOnBoot3sRedisAndActuatorTypes() {
		noClasses().that()
			.resideInAPackage("com.earnbase.redis.autoconfigure..")
			.and()
			.resideOutsideOfPackage("com.earnbase.redis.autoconfigure.boot3..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.boot.autoconfigure.data.redis..",
					"org.springframework.boot.actuate..")
			.check(this.classes);
	}

	@Test
	void onlyTheBoot4PackageDependsOnBoot4sRedisAndHealthTypes() {
		noClasses().that()
			.resideInAPackage("com.earnbase.redis.autoconfigure..")
			.and()
			.resideOutsideOfPackage("com.earnbase.redis.autoconfigure.boot4..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.boot.data.redis..", "org.springframework.boot.health..")
			.check(this.classes);
	}

	@Test
	void autoConfigurationUsesNoLettuceConnectionOfTheClient() {
		noClasses().that()
			.resideInAPackage("com.earnbase.redis.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.lettuce.core.api..", "io.lettuce.core.pubsub..", "io.lettuce.core.protocol..")
			.check(this.classes);
	}

}
