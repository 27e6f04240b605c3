package com.earnbase.sample;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java snippet of the README compiles against the starter: a snippet that declares types becomes members of a
 * wrapper class, one that is a list of statements becomes a method body where the beans a user would inject are in
 * scope ({@code redis}, {@code cache}, {@code sessions}, {@code limiter}, {@code locks}, {@code pubsub}).
 */
class ReadmeSnippetsUnitTests {

	private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

	private static final Pattern TYPE_DECLARATION = Pattern
		.compile("^(@\\w+(\\(.*\\))?\\s+)*((public|final|abstract|static)\\s+)*(class|record|interface|enum)\\s", Pattern.MULTILINE);

	private static final List<String> IMPORTS = List.of("java.time.*", "java.util.*", "java.util.concurrent.*",
			"java.util.function.*", "com.fasterxml.jackson.core.type.TypeReference", "com.earnbase.redis.*",
			"com.earnbase.redis.cache.*", "com.earnbase.redis.session.*", "com.earnbase.redis.ratelimit.*",
			"com.earnbase.redis.lock.*", "com.earnbase.redis.pubsub.*", "org.springframework.stereotype.*",
			"org.springframework.web.bind.annotation.*", "org.springframework.http.*",
			"org.springframework.beans.factory.annotation.*", "org.springframework.cache.annotation.*",
			"org.springframework.context.event.*");

	private static final String BEANS = """
			RedisClient redis; Cache cache; SessionStore sessions; RateLimiter limiter; LockService locks;
			PubSubService pubsub;
			""";

	@TestFactory
	List<DynamicTest> everyJavaSnippetCompiles() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		List<DynamicTest> tests = new ArrayList<>();
		Matcher matcher = JAVA_BLOCK.matcher(readme);
		int index = 0;
		while (matcher.find()) {
			String snippet = matcher.group(1);
			int line = readme.substring(0, matcher.start()).split("\n", -1).length;
			String name = "Snippet" + (++index);
			tests.add(DynamicTest.dynamicTest("README.md line " + line, () -> assertCompiles(name, snippet, line)));
		}
		assertThat(tests).as("java snippets in README.md").isNotEmpty();
		return tests;
	}

	private static void assertCompiles(String name, String snippet, int line) {
		StringBuilder source = new StringBuilder();
		IMPORTS.forEach((i) -> source.append("import ").append(i).append(";\n"));
		source.append("@SuppressWarnings(\"all\") class ").append(name).append(" {\n").append(BEANS);
		if (TYPE_DECLARATION.matcher(snippet).find()) {
			source.append(snippet);
		}
		else {
			source.append("void run() throws Exception {\n").append(snippet).append("\n}\n");
		}
		source.append("}\n");
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + name + ".java"),
				JavaFileObject.Kind.SOURCE) {
			@Override
			public CharSequence getCharContent(boolean ignoreEncodingErrors) {
				return source;
			}
		};
		Path out;
		try {
			out = Files.createTempDirectory("readme-snippets");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		boolean ok = compiler
			.getTask(null, null, diagnostics, List.of("-classpath", System.getProperty("java.class.path"), "-d",
					out.toString(), "-proc:none"), null, List.of(file))
			.call();
		assertThat(ok).as("README.md snippet at line %d compiles:%n%s%n%s", line, diagnostics.getDiagnostics(), source)
			.isTrue();
	}

}
