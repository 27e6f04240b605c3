package com.earnbase.sample.quotes;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.earnbase.redis.ratelimit.RateLimited;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/quote}: a random quote, at most 5 a minute per API key
 * ({@code X-Api-Key} header) across every instance; requests without the header are
 * counted per client address. The starter's interceptor answers the sixth call with
 * {@code 429}, {@code Retry-After} and the {@code RateLimit} headers.
 */
@RestController
class QuoteController {

	private static final List<Quote> QUOTES = List.of(
			new Quote("Simplicity is prerequisite for reliability.", "Edsger W. Dijkstra"),
			new Quote("Premature optimization is the root of all evil.", "Donald Knuth"),
			new Quote("The most effective debugging tool is still careful thought.", "Brian Kernighan"),
			new Quote("Make it work, make it right, make it fast.", "Kent Beck"),
			new Quote("There are only two hard things in computer science: cache invalidation and naming things.",
					"Phil Karlton"));

	@GetMapping("/api/quote")
	@RateLimited(limit = 5, window = "1m", key = "#request.getHeader('X-Api-Key')")
	Quote quote() {
		return QUOTES.get(ThreadLocalRandom.current().nextInt(QUOTES.size()));
	}

	/**
	 * A quote.
	 *
	 * @param text what was said
	 * @param author who said it
	 */
	record Quote(String text, String author) {

	}

}
