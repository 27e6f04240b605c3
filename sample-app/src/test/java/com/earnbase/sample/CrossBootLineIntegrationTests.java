package com.earnbase.sample;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A rolling upgrade across Spring Boot lines: this build's sample app (in this JVM, on
 * the Boot line the build selects) and the sample app built for another Boot line (its
 * executable jar, started as a second process) share one Redis and one prefix. A cache
 * entry, a session and a published event written by either are read by the other, so the
 * two lines' JSON (Jackson 3 on Boot 4, Jackson 2 on Boot 3.5) is one wire format.
 * <p>
 * Runs when {@code -Dearnbase.sample.other-line-jar=<path>} names the other line's jar
 * ({@code .ci/run} builds the Boot 3.5 jar in its {@code boot-3.5} cell and passes it to
 * the Boot 4.1 cell); skipped otherwise, since a single build has only its own line.
 */
class CrossBootLineIntegrationTests {

	static final String OTHER_LINE_JAR = "earnbase.sample.other-line-jar";

	private static final String PREFIX = "sample-cross-line-it";

	private static final RedisTestServer server = RedisTestServer.shared();

	private static ConfigurableApplicationContext thisLine;

	private static Process otherLine;

	private static Path otherLineLog;

	private static SampleHttp here;

	private static SampleHttp there;

	private static int portHere;

	private static int portThere;

	@BeforeAll
	static void startBothLines() throws Exception {
		String jar = System.getProperty(OTHER_LINE_JAR, "");
		assumeTrue(!jar.isBlank(), () -> "-D" + OTHER_LINE_JAR + "=<sample-app jar of another Boot line> not given");
		assertThat(new File(jar)).as("-D%s", OTHER_LINE_JAR).isFile();
		server.deleteKeys(PREFIX);
		portThere = freePort();
		otherLineLog = Files.createTempFile("sample-other-line", ".log");
		String java = ProcessHandle.current().info().command().orElse("java");
		otherLine = new ProcessBuilder(List.of(java, "-jar", jar, "--server.port=" + portThere,
				"--earnbase.redis.url=" + server.url(), "--earnbase.redis.prefix=" + PREFIX))
			.redirectErrorStream(true)
			.redirectOutput(otherLineLog.toFile())
			.start();
		thisLine = new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--earnbase.redis.url=" + server.url(), "--earnbase.redis.prefix=" + PREFIX);
		portHere = thisLine.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		here = new SampleHttp(portHere);
		there = new SampleHttp(portThere);
		awaitHealthy(there, Duration.ofSeconds(90));
	}

	@AfterAll
	static void stopBothLines() throws Exception {
		if (thisLine != null) {
			thisLine.close();
		}
		if (otherLine != null) {
			otherLine.destroy();
			if (!otherLine.waitFor(20, TimeUnit.SECONDS)) {
				otherLine.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		if (otherLineLog != null) {
			Files.deleteIfExists(otherLineLog);
		}
		server.deleteKeys(PREFIX);
	}

	@Test
	void bothProcessesRunOnDifferentBootLines() {
		JsonTree info = SampleHttp.json(there.get("/actuator/health/earnbase-redis"));
		assertThat(info.get("status").asText()).as("other line's earnbase-redis health").isEqualTo("UP");
		assertThat(otherLineBootVersion()).as("the other process's Spring Boot version")
			.isNotEmpty()
			.isNotEqualTo(SpringBootVersion.getVersion());
	}

	@Test
	void cacheEntryWrittenByEitherLineIsAHitOnTheOther() {
		assertCachedAcross(here, there, "1");
		assertCachedAcross(there, here, "2");
	}

	@Test
	void sessionWrittenByEitherLineIsReadAndUpdatedByTheOther() {
		HttpResponse<String> created = here.post("/sessions", "{\"user\":\"ada\",\"roles\":[\"admin\"],\"visits\":3}");
		assertThat(created.statusCode()).isEqualTo(201);
		String id = SampleHttp.json(created).get("id").asText();

		HttpResponse<String> readThere = there.get("/sessions/" + id);
		assertThat(readThere.statusCode()).isEqualTo(200);
		assertThat(SampleHttp.json(readThere)).isEqualTo(SampleHttp.json(here.get("/sessions/" + id)));
		assertThat(SampleHttp.json(readThere).at("/roles/0").asText()).isEqualTo("admin");

		assertThat(there.put("/sessions/" + id, "{\"user\":\"ada\",\"visits\":4,\"cart\":{\"sku-1\":2}}").statusCode())
			.isEqualTo(200);
		JsonTree updated = SampleHttp.json(here.get("/sessions/" + id));
		assertThat(updated.get("visits").asInt()).isEqualTo(4);
		assertThat(updated.at("/cart/sku-1").asInt()).isEqualTo(2);
		assertThat(updated.has("roles")).isFalse();
	}

	@Test
	void eventPublishedByEitherLineArrivesOnTheOther() throws Exception {
		assertEventAcross(here, portHere, there, "from this line");
		assertEventAcross(there, portThere, here, "from the other line");
	}

	private static void assertCachedAcross(SampleHttp writer, SampleHttp reader, String userId) {
		JsonTree written = SampleHttp.json(writer.get("/users/" + userId));
		JsonTree read = SampleHttp.json(reader.get("/users/" + userId));
		assertThat(written.get("cache").asText()).as("first lookup of user %s", userId).isEqualTo("miss");
		assertThat(read.get("cache").asText()).as("lookup of user %s on the other line", userId).isEqualTo("hit");
		assertThat(read.get("user")).isEqualTo(written.get("user"));
	}

	private static void assertEventAcross(SampleHttp publisher, int publisherPort, SampleHttp receiver, String text)
			throws Exception {
		try (SampleHttp.EventStream stream = receiver.openEventStream()) {
			Instant before = Instant.now().minusSeconds(1);
			HttpResponse<String> published = publisher.post("/events",
					"{\"type\":\"deploy\",\"text\":\"" + text + "\"}");
			assertThat(published.statusCode()).isEqualTo(202);
			JsonTree event = stream.nextData(Duration.ofSeconds(5));
			assertThat(event).as("event '%s' received within 5 s", text).isNotNull();
			assertThat(event.at("/payload/text").asText()).isEqualTo(text);
			assertThat(event.get("origin").asText()).isEqualTo("earnbase-sample:" + publisherPort);
			assertThat(Instant.parse(event.get("publishedAt").asText())).isAfter(before);
		}
	}

	private static String otherLineBootVersion() {
		try {
			return Files.readAllLines(otherLineLog)
				.stream()
				.filter((line) -> line.matches(".*:: Spring Boot ::\\s+\\(v[^)]+\\).*"))
				.map((line) -> line.replaceAll(".*\\(v([^)]+)\\).*", "$1"))
				.findFirst()
				.orElse("");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void awaitHealthy(SampleHttp app, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!otherLine.isAlive()) {
				fail("the other line's sample app exited with " + otherLine.exitValue() + ":\n" + logTail());
			}
			try {
				if (app.get("/actuator/health").statusCode() == 200) {
					return;
				}
			}
			catch (RuntimeException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		fail("the other line's sample app was not healthy within " + timeout + ":\n" + logTail());
	}

	private static String logTail() {
		try {
			List<String> lines = Files.readAllLines(otherLineLog);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
