package com.earnbase.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A plain {@link HttpClient} for one running instance of the sample app, as curl would
 * talk to it.
 */
final class SampleHttp {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final String base;

	SampleHttp(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	HttpResponse<String> get(String path, String... headers) {
		return send(request(path, headers).GET());
	}

	HttpResponse<String> post(String path, String jsonBody) {
		return send(request(path).POST(BodyPublishers.ofString(jsonBody)).header("Content-Type", "application/json"));
	}

	CompletableFuture<HttpResponse<String>> postAsync(String path) {
		return this.client.sendAsync(request(path).POST(BodyPublishers.noBody()).build(), BodyHandlers.ofString());
	}

	HttpResponse<String> put(String path, String jsonBody) {
		return send(request(path).PUT(BodyPublishers.ofString(jsonBody)).header("Content-Type", "application/json"));
	}

	HttpResponse<String> delete(String path) {
		return send(request(path).DELETE());
	}

	static JsonTree json(HttpResponse<String> response) {
		try {
			return JsonTree.parse(response.body());
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Not JSON: " + response.body(), ex);
		}
	}

	/**
	 * Opens {@code GET /events/stream} and returns once the server has registered the
	 * client (its {@code :connected} comment arrived), so that every event published
	 * afterwards reaches it.
	 */
	EventStream openEventStream() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.base + "/events/stream"))
			.header("Accept", "text/event-stream")
			.build();
		HttpResponse<Stream<String>> response = this.client.send(request, BodyHandlers.ofLines());
		EventStream stream = new EventStream(response.body());
		String first = stream.nextLine(TIMEOUT);
		if (!":connected".equals(first)) {
			stream.close();
			throw new IllegalStateException("Expected the :connected comment first, got " + first);
		}
		return stream;
	}

	private HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(TIMEOUT);
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		return builder;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.build(), BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The lines of an open SSE stream, read by a thread of its own so that waiting for
	 * one can time out.
	 */
	static final class EventStream implements AutoCloseable {

		private final Stream<String> lines;

		private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		private final Thread reader;

		private final CountDownLatch ended = new CountDownLatch(1);

		EventStream(Stream<String> lines) {
			this.lines = lines;
			Iterator<String> iterator = lines.iterator();
			this.reader = new Thread(() -> {
				try {
					iterator.forEachRemaining(this.received::add);
				}
				catch (RuntimeException ex) {
					// closed by the test
				}
				finally {
					this.ended.countDown();
				}
			}, "sse-reader");
			this.reader.setDaemon(true);
			this.reader.start();
		}

		/** The next line, or null when none arrived in time. */
		String nextLine(Duration timeout) throws InterruptedException {
			return this.received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}

		/**
		 * The next {@code data:} line's JSON, skipping {@code id:}, {@code event:} and
		 * blank lines.
		 */
		JsonTree nextData(Duration timeout) throws Exception {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (true) {
				long left = deadline - System.nanoTime();
				String line = (left > 0) ? this.received.poll(left, TimeUnit.NANOSECONDS) : null;
				if (line == null) {
					return null;
				}
				if (line.startsWith("data:")) {
					return JsonTree.parse(line.substring("data:".length()));
				}
			}
		}

		/** Whether the server ended the stream within the timeout. */
		boolean awaitEnd(Duration timeout) throws InterruptedException {
			return this.ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}

		@Override
		public void close() {
			this.lines.close();
			this.reader.interrupt();
		}

	}

}
