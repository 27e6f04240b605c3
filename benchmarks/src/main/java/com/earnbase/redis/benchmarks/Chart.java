package com.earnbase.redis.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Draws the chart of a run as SVG (no library, no network): one panel per scenario, one
 * horizontal bar per client scaled to the panel's largest value, labelled with ops/s and
 * the ratio to the scenario's baseline; the redis-benchmark ceiling of S1–S3 is a hatched
 * bar.
 */
final class Chart {

	private static final int WIDTH = 1000;

	private static final int LABEL = 230;

	private static final int BAR_AREA = 520;

	private static final int BAR = 16;

	private static final int GAP = 5;

	private static final String HATCH = "url(#hatch)";

	private Chart() {
	}

	/** One bar: its label, value, the ratio text and its colour. */
	private record Bar(String label, double value, String note, String colour) {
	}

	static String svg(Report report) {
		StringBuilder body = new StringBuilder();
		int y = 40;
		int x = 10;
		for (String[] key : new String[][] { { "#555555", "baseline (raw Lettuce)" },
				{ "#868e96", "raw Lettuce variant" }, { "#d9480f", "earnbase-redis" }, { "#1c7ed6", "other libraries" },
				{ HATCH, "redis-benchmark" } }) {
			body.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
					x, y - 10, key[0]));
			body.append(text(x + 16, y, key[1], ""));
			x += 190;
		}
		y += 30;
		for (Report.Scenario scenario : Report.SCENARIOS) {
			List<Bar> bars = bars(report, scenario);
			if (bars.isEmpty()) {
				continue;
			}
			body.append(text(10, y, scenario.title(), "font-weight:bold;font-size:14px"));
			y += 10;
			// The redis-benchmark ceiling may be far above every client: scale to the
			// clients, clip the ceiling.
			double max = bars.stream()
				.filter((bar) -> !bar.colour().equals(HATCH))
				.mapToDouble(Bar::value)
				.max()
				.orElse(1) * 1.05;
			for (Bar bar : bars) {
				int width = (int) Math.max(1, Math.round(BAR_AREA * Math.min(1.0, bar.value() / max)));
				body.append(text(LABEL - 6, y + BAR - 4, bar.label(), "text-anchor:end"));
				body.append(
						String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
								LABEL, y, width, BAR, bar.colour()));
				body.append(text(LABEL + width + 6, y + BAR - 4,
						Report.count(bar.value()) + " ops/s" + bar.note() + ((bar.value() > max) ? " (clipped)" : ""),
						""));
				y += BAR + GAP;
			}
			y += 28;
		}
		return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
				+ "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n"
				+ "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
				+ "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ddd\"/>"
				+ "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#999\" stroke-width=\"3\"/></pattern></defs>%n"
				+ "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n%s%s</svg>%n", WIDTH, y, WIDTH, y,
				text(10, 20, "earnbase-redis benchmarks: ops/s (higher is better), × = ratio to the scenario's "
						+ "baseline in the same run", "font-size:13px"),
				body);
	}

	private static List<Bar> bars(Report report, Report.Scenario scenario) {
		List<Bar> bars = new ArrayList<>();
		for (Report.Row row : report.rows(scenario.id())) {
			String note = report.ratio(scenario.id(), row.name(), scenario.baseline())
				.map((ratio) -> "  ×" + Report.times(ratio))
				.orElse("");
			bars.add(new Bar(row.name(), row.opsPerSecond(), note, colour(row.name(), scenario.baseline())));
		}
		Optional<String> ceiling = Report.ceilingOf(scenario.id());
		if (ceiling.isPresent() && report.ceilingRps(ceiling.get()).isPresent()) {
			double rps = report.ceilingRps(ceiling.get()).get();
			String note = report.row(scenario.id(), scenario.baseline())
				.map((base) -> "  ×" + Report.times(rps / base.opsPerSecond()))
				.orElse("");
			bars.add(new Bar("redis-benchmark " + ceiling.get(), rps, note, HATCH));
		}
		return bars;
	}

	private static String colour(String name, String baseline) {
		if (name.equals(baseline)) {
			return "#555555";
		}
		if (name.startsWith("earnbase")
				|| name.matches("rateLimiter\\w*|cacheGetOrSet|lockAcquireRelease|publishReceive")) {
			return "#d9480f";
		}
		if (name.startsWith("lettuce") || name.startsWith("raw") || name.equals("getThenSet")) {
			return "#868e96";
		}
		return "#1c7ed6";
	}

	private static String text(int x, int y, String content, String style) {
		return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\"%s>%s</text>%n", x, y,
				style.isEmpty() ? "" : " style=\"" + style + "\"", escape(content));
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
