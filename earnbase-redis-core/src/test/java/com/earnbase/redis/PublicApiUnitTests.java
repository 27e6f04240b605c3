package com.earnbase.redis;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The core's public API, as compiled, equals the reviewed listing in
 * {@code src/test/resources/api/earnbase-redis-core.api}: every public type of the API
 * packages (all of {@code com.earnbase.redis} but the internal
 * {@code com.earnbase.redis.support}) with its public and protected constructors, methods
 * and fields, full generic signatures, sorted. An API change therefore fails this test
 * until the listing is written again ({@code -Dearnbase.api.update=true}, see
 * CONTRIBUTING.md), and shows up in review as a diff of that file. After the first
 * release, japicmp (profile {@code api-compat}) also compares with the released jar.
 */
class PublicApiUnitTests {

	private static final String LISTING = "api/earnbase-redis-core.api";

	private static final String INTERNAL = "com.earnbase.redis.support";

	@Test
	void publicApiEqualsTheReviewedListing() throws Exception {
		List<String> actual = listing();
		assertThat(actual).as("public types found")
			.anyMatch((line) -> line.contains(" com.earnbase.redis.RedisClient"));
		if (Boolean.getBoolean("earnbase.api.update")) {
			Path file = Path.of("src/test/resources", LISTING);
			Files.createDirectories(file.getParent());
			Files.writeString(file, String.join("\n", actual) + "\n", StandardCharsets.UTF_8);
			return;
		}
		List<String> expected = expected();
		if (!actual.equals(expected)) {
			Set<String> removed = new LinkedHashSet<>(expected);
			removed.removeAll(actual);
			Set<String> added = new LinkedHashSet<>(actual);
			added.removeAll(expected);
			String changes = Stream
				.concat(removed.stream().map((line) -> "- " + line.strip()),
						added.stream().map((line) -> "+ " + line.strip()))
				.limit(80)
				.collect(Collectors.joining("\n"));
			fail("The public API of earnbase-redis-core changed (%d removed, %d added):%n%s%n%n"
					+ "If this is intended, write the listing again and commit it with the change and a CHANGELOG line "
					+ "(a removal or a changed signature is a breaking change):%n  ./mvnw -B verify -pl earnbase-redis-core "
					+ "-am -Dtest=PublicApiUnitTests -Dsurefire.failIfNoSpecifiedTests=false -Dearnbase.api.update=true",
					removed.size(), added.size(), changes);
		}
	}

	private static List<String> expected() throws IOException {
		try (InputStream in = PublicApiUnitTests.class.getClassLoader().getResourceAsStream(LISTING)) {
			if (in == null) {
				fail("No %s on the test classpath: write it with -Dearnbase.api.update=true", LISTING);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
		}
	}

	/**
	 * The listing of the compiled main classes: a line per public type, followed by a
	 * line per public or protected member (indented), types and members sorted.
	 */
	private static List<String> listing() throws IOException, URISyntaxException, ClassNotFoundException {
		Path classes = Path.of(RedisClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		List<String> names;
		try (Stream<Path> files = Files.walk(classes)) {
			names = files.filter((file) -> file.toString().endsWith(".class"))
				.map((file) -> classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "."))
				.map((name) -> name.substring(0, name.length() - ".class".length()))
				.filter((name) -> !name.endsWith("package-info") && !name.endsWith("module-info"))
				.toList();
		}
		TreeMap<String, List<String>> types = new TreeMap<>();
		for (String name : names) {
			Class<?> type = Class.forName(name, false, PublicApiUnitTests.class.getClassLoader());
			if (isApi(type)) {
				types.put(type.getName(), members(type));
			}
		}
		List<String> lines = new ArrayList<>();
		types.forEach((name, members) -> lines.addAll(members));
		return lines;
	}

	private static boolean isApi(Class<?> type) {
		if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()
				|| type.getPackageName().equals(INTERNAL) || type.getPackageName().startsWith(INTERNAL + ".")) {
			return false;
		}
		for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
			int modifiers = t.getModifiers();
			boolean visible = Modifier.isPublic(modifiers)
					|| (Modifier.isProtected(modifiers) && t.getDeclaringClass() != null);
			if (!visible) {
				return false;
			}
		}
		return true;
	}

	private static List<String> members(Class<?> type) {
		List<String> members = new ArrayList<>();
		for (Constructor<?> constructor : type.getDeclaredConstructors()) {
			if (visible(constructor.getModifiers()) && !constructor.isSynthetic()) {
				members.add("  " + deprecated(constructor) + constructor.toGenericString());
			}
		}
		for (Method method : type.getDeclaredMethods()) {
			if (visible(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()) {
				members.add("  " + deprecated(method) + method.toGenericString());
			}
		}
		for (Field field : type.getDeclaredFields()) {
			if (visible(field.getModifiers()) && !field.isSynthetic()) {
				members.add("  " + deprecated(field) + field.toGenericString());
			}
		}
		members.sort(null);
		members.add(0, deprecated(type) + declaration(type));
		return members;
	}

	private static boolean visible(int modifiers) {
		return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
	}

	private static String deprecated(AnnotatedElement element) {
		return element.isAnnotationPresent(Deprecated.class) ? "@Deprecated " : "";
	}

	private static String declaration(Class<?> type) {
		StringBuilder line = new StringBuilder();
		int modifiers = type.getModifiers()
				& (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL | Modifier.ABSTRACT);
		String kind;
		if (type.isAnnotation()) {
			kind = "@interface";
			modifiers &= ~(Modifier.ABSTRACT | Modifier.STATIC);
		}
		else if (type.isInterface()) {
			kind = "interface";
			modifiers &= ~(Modifier.ABSTRACT | Modifier.STATIC);
		}
		else if (type.isEnum()) {
			kind = "enum";
			modifiers &= ~(Modifier.FINAL | Modifier.ABSTRACT | Modifier.STATIC);
		}
		else if (type.isRecord()) {
			kind = "record";
			modifiers &= ~(Modifier.FINAL | Modifier.STATIC);
		}
		else {
			kind = "class";
		}
		line.append(Modifier.toString(modifiers)).append(' ');
		if (type.isSealed()) {
			line.append("sealed ");
		}
		line.append(kind).append(' ').append(type.getName());
		TypeVariable<?>[] parameters = type.getTypeParameters();
		if (parameters.length > 0) {
			line.append(Arrays.stream(parameters)
				.map(PublicApiUnitTests::typeParameter)
				.collect(Collectors.joining(",", "<", ">")));
		}
		Type superclass = type.getGenericSuperclass();
		if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
			line.append(" extends ").append(superclass.getTypeName());
		}
		Type[] interfaces = type.getGenericInterfaces();
		if (interfaces.length > 0) {
			line.append(type.isInterface() ? " extends " : " implements ")
				.append(Arrays.stream(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
		}
		if (type.isSealed()) {
			line.append(" permits ")
				.append(Arrays.stream(type.getPermittedSubclasses())
					.map(Class::getName)
					.sorted()
					.collect(Collectors.joining(", ")));
		}
		return line.toString();
	}

	private static String typeParameter(TypeVariable<?> parameter) {
		Type[] bounds = parameter.getBounds();
		if (bounds.length == 1 && bounds[0] == Object.class) {
			return parameter.getName();
		}
		return parameter.getName() + " extends "
				+ Arrays.stream(bounds).map(Type::getTypeName).collect(Collectors.joining(" & "));
	}

}
