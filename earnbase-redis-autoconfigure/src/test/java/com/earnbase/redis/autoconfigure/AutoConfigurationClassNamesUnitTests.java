package com.earnbase.redis.autoconfigure;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureAfter;
import org.springframework.boot.autoconfigure.AutoConfigureBefore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every class the auto-configurations name for ordering or in class conditions exists on
 * the Boot line the tests run on: Boot ignores names that do not resolve, so a typo would
 * silently change the ordering or the condition. A name of the other Boot line is
 * expected to be absent, but only when it is one of that line's constants, so a typo in a
 * literal still fails.
 */
class AutoConfigurationClassNamesUnitTests {

	/** The annotations and their attributes that name classes. */
	private static final Map<Class<?>, List<String>> NAMING_ATTRIBUTES = Map.of(AutoConfiguration.class,
			List.of("after", "before", "afterName", "beforeName"), AutoConfigureAfter.class, List.of("value", "name"),
			AutoConfigureBefore.class, List.of("value", "name"), ConditionalOnClass.class, List.of("value", "name"),
			ConditionalOnMissingClass.class, List.of("value"));

	private final MetadataReaderFactory readers = new SimpleMetadataReaderFactory();

	@Test
	void everyClassNamedByTheAutoConfigurationsResolves() throws IOException {
		TreeSet<String> names = new TreeSet<>();
		for (String autoConfiguration : ImportCandidates.load(AutoConfiguration.class, null)) {
			if (autoConfiguration.startsWith("com.earnbase.redis.")) {
				collect(autoConfiguration, names);
			}
		}
		boolean boot4 = SpringBootVersion.getVersion().startsWith("4.");
		List<String> thisLine = constants(boot4 ? Boot4ClassNames.class : Boot3ClassNames.class);
		List<String> otherLine = constants(boot4 ? Boot3ClassNames.class : Boot4ClassNames.class);
		// The scan sees the names it guards, of both lines.
		assertThat(names).contains(Boot3ClassNames.REDIS_AUTO_CONFIGURATION, Boot4ClassNames.REDIS_AUTO_CONFIGURATION,
				Boot3ClassNames.CACHE_AUTO_CONFIGURATION, Boot4ClassNames.CACHE_AUTO_CONFIGURATION,
				Boot3ClassNames.OBSERVATION_AUTO_CONFIGURATION, Boot4ClassNames.OBSERVATION_AUTO_CONFIGURATION);
		List<String> missing = names.stream()
			.filter((name) -> !(otherLine.contains(name) && !thisLine.contains(name)))
			.filter((name) -> !isPresent(name))
			.toList();
		assertThat(missing).as("class names that do not resolve on Boot " + SpringBootVersion.getVersion()).isEmpty();
		assertThat(thisLine.stream().filter((name) -> !isPresent(name)).toList())
			.as("names of this Boot line that do not resolve")
			.isEmpty();
	}

	private boolean isPresent(String name) {
		return ClassUtils.isPresent(name, getClass().getClassLoader());
	}

	private static List<String> constants(Class<?> names) {
		return Arrays.stream(names.getFields())
			.filter((field) -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
			.map(AutoConfigurationClassNamesUnitTests::value)
			.toList();
	}

	private static String value(Field field) {
		try {
			return (String) field.get(null);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void collect(String className, TreeSet<String> names) throws IOException {
		AnnotationMetadata metadata = this.readers.getMetadataReader(className).getAnnotationMetadata();
		List<AnnotatedTypeMetadata> annotated = new ArrayList<>(List.of(metadata));
		NAMING_ATTRIBUTES.keySet()
			.forEach((annotation) -> annotated.addAll(metadata.getAnnotatedMethods(annotation.getName())));
		for (AnnotatedTypeMetadata element : annotated) {
			NAMING_ATTRIBUTES.forEach((annotation, attributes) -> {
				Map<String, Object> values = element.getAnnotationAttributes(annotation.getName(), true);
				if (values != null) {
					attributes.forEach((attribute) -> names.addAll(List.of((String[]) values.get(attribute))));
				}
			});
		}
		for (String member : metadata.getMemberClassNames()) {
			collect(member, names);
		}
	}

}
