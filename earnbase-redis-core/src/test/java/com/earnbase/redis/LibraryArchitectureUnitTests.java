package com.earnbase.redis;

import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The primitives reach the client only through the seam
 * ({@code com.earnbase.redis.support.PrimitiveSupport} and {@code ChannelHub}): never
 * through the Lettuce implementation or Lettuce's connection types, so that the client's
 * internals can change without touching them. (That the core has no Spring is the build's
 * rule: its POM bans it.) Jackson is optional: only the codecs of
 * {@code com.earnbase.redis.json} name its types in the API.
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

	@Test
	void noJacksonTypeInThePublicApiOutsideTheCodecs() {
		List<String> leaks = new ArrayList<>();
		for (JavaClass javaClass : this.classes) {
			Class<?> type = javaClass.reflect();
			if (!Modifier.isPublic(type.getModifiers()) || type.getPackageName().equals("com.earnbase.redis.json")) {
				continue;
			}
			Stream.<Member[]>of(type.getDeclaredConstructors(), type.getDeclaredMethods(), type.getDeclaredFields())
				.flatMap(Stream::of)
				.filter((member) -> (member.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED)) != 0)
				.map(LibraryArchitectureUnitTests::signature)
				.filter((signature) -> signature.contains("com.fasterxml.jackson.")
						|| signature.contains("tools.jackson."))
				.forEach(leaks::add);
			String supertypes = type.getGenericSuperclass() + " " + List.of(type.getGenericInterfaces());
			if (supertypes.contains("com.fasterxml.jackson.") || supertypes.contains("tools.jackson.")) {
				leaks.add(type.getName() + " extends " + supertypes);
			}
		}
		assertThat(leaks).as("public API members that name a Jackson type").isEmpty();
	}

	private static String signature(Member member) {
		if (member instanceof java.lang.reflect.Executable executable) {
			return executable.toGenericString();
		}
		return ((java.lang.reflect.Field) member).toGenericString();
	}

}
