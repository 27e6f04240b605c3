package com.earnbase.sample;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java snippet of the README compiles against the starter: a snippet that declares
 * types becomes members of a wrapper class, one that is a list of statements becomes a
 * method body where the beans a user would inject are in scope ({@code redis},
 * {@code cache}, {@code sessions}, {@code limiter}, {@code locks}, {@code pubsub}), and
 * so are the application types the examples talk about ({@code User},
 * {@code UserRepository}).
 */
class ReadmeSnippetsUnitTests {

	private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

	private static final Pattern TYPE_DECLARATION = Pattern.compile(
			"^(@\\w+(\\(.*\\))?\\s+)*((public|final|abstract|static)\\s+)*(class|record|interface|enum)\\s",
			Pattern.MULTILINE);

	private static final List<String> IMPORTS = List.of("java.time.*", "java.util.List", "java.util.Map",
			"java.util.Optional", "java.util.Set", "java.util.UUID", "java.util.HashMap", "java.util.ArrayList",
			"java.util.concurrent.*", "java.util.function.*", "com.earnbase.redis.*", "com.earnbase.redis.cache.*",
			"com.earnbase.redis.session.*", "com.earnbase.redis.ratelimit.*", "com.earnbase.redis.lock.*",
			"com.earnbase.redis.pubsub.*", "org.springframework.stereotype.*",
			"org.springframework.web.bind.annotation.*", "org.springframework.http.*",
			"org.springframework.beans.factory.annotation.*", "org.springframework.cache.annotation.*",
			"org.springframework.context.event.*", "org.springframework.jdbc.core.JdbcTemplate",
			"com.earnbase.redis.autoconfigure.*");

	private static final String BEANS = """
			RedisClient redis; Cache cache; SessionStore sessions; RateLimiter limiter; LockService locks;
			PubSubService pubsub;
			""";

	/**
	 * The application the README's examples are written for: its users and their
	 * repository.
	 */
	private static final String APPLICATION = """
			record User(String id, String name) { }
			interface UserRepository { User find(String id); List<User> findAdmins();
			    CompletableFuture<User> findAsync(String id); }
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
		StringBuilder imports = new StringBuilder();
		StringBuilder body = new StringBuilder();
		IMPORTS.forEach((i) -> imports.append("import ").append(i).append(";\n"));
		for (String codeLine : snippet.split("\n")) {
			(codeLine.startsWith("import ") ? imports : body).append(codeLine).append('\n');
		}
		// A snippet is either declarations (types, methods, fields) or statements: it
		// must compile as one of them.
		String asMembers = source(imports, name, body.toString());
		String asStatements = source(imports, name, "void run() throws Exception {\n" + body + "\n}\n");
		boolean declarations = TYPE_DECLARATION.matcher(body).find();
		List<Diagnostic<? extends JavaFileObject>> first = compile(name, declarations ? asMembers : asStatements);
		if (first.isEmpty()) {
			return;
		}
		List<Diagnostic<? extends JavaFileObject>> second = compile(name, declarations ? asStatements : asMembers);
		assertThat(second)
			.as("README.md snippet at line %d compiles:%n%s%n%s", line, first, declarations ? asMembers : asStatements)
			.isEmpty();
	}

	private static String source(CharSequence imports, String name, String members) {
		return imports + "@SuppressWarnings(\"all\") class " + name + " {\n" + BEANS + APPLICATION + members + "}\n";
	}

	private static List<Diagnostic<? extends JavaFileObject>> compile(String name, String source) {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + name + ".java"),
				JavaFileObject.Kind.SOURCE) {
			@Override
			public CharSequence getCharContent(boolean ignoreEncodingErrors) {
				return source;
			}
		};
		try {
			Path out = Files.createTempDirectory("readme-snippets");
			compiler
				.getTask(null, null, diagnostics,
						List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(),
								"-proc:none"),
						null, List.of(file))
				.call();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return diagnostics.getDiagnostics()
			.stream()
			.filter((diagnostic) -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
			.toList();
	}

}
