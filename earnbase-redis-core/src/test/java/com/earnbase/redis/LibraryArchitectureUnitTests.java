package com.earnbase.redis;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The primitives reach the client only through the seam ({@code com.earnbase.redis.support.PrimitiveSupport} and
 * {@code ChannelHub}): never through the Lettuce implementation or Lettuce's connection types, so that the client's
 * internals can change without touching them. (That the core has no Spring is the build's rule: its POM bans it.)
 */
class LibraryArchitectureUnitTests {

	private static final String[] PRIMITIVES = { "com.earnbase.redis.cache..", "com.earnbase.redis.session..",
			"com.earnbase.redis.ratelimit..", "com.earnbase.redis.lock..", "com.earnbase.redis.pubsub.." };

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.earnbase.redis");

	@Test
	void primitivesDoNotDependOnTheLettuceImplementation() {
		noClasses().that()
			.resideInAnyPackage(PRIMITIVES)
			.should()
			.dependOnClassesThat(or(simpleName("LettuceRedisClient"), simpleName("LettuceChannelHub"))
				.and(resideInAnyPackage("com.earnbase.redis")))
			.check(this.classes);
	}

	@Test
	void primitivesDoNotDependOnLettuceConnections() {
		noClasses().that()
			.resideInAnyPackage(PRIMITIVES)
			.should()
			.dependOnClassesThat(or(assignableTo(StatefulConnection.class), assignableTo(AbstractRedisClient.class),
					resideInAnyPackage("io.lettuce.core.pubsub..", "io.lettuce.core.protocol..",
							"io.lettuce.core.resource..")))
			.check(this.classes);
	}

}
