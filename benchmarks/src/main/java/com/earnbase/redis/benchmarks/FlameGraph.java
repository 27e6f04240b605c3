package com.earnbase.redis.benchmarks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Draws collapsed stacks as an SVG flame graph, root at the bottom: each frame is as wide
 * as the samples that passed through it, and hovering it shows its name, samples and
 * share.
 */
final class FlameGraph {

	private static final int WIDTH = 1200;

	private static final int FRAME_HEIGHT = 16;

	private static final int TITLE_HEIGHT = 24;

	private FlameGraph() {
	}

	/** One frame with the samples that passed through it and its callees. */
	private static final class Node {

		final String name;

		long samples;

		final Map<String, Node> children = new LinkedHashMap<>();

		Node(String name) {
			this.name = name;
		}

		int depth() {
			return 1 + this.children.values().stream().mapToInt(Node::depth).max().orElse(0);
		}

	}

	/**
	 * The SVG of the given stacks.
	 * @param stacks samples by stack, frames root first and separated by {@code ;}
	 * @param title the graph's title
	 * @return the SVG document
	 */
	static String svg(Map<String, Long> stacks, String title) {
		Node root = new Node("all");
		stacks.forEach((stack, count) -> {
			root.samples += count;
			Node node = root;
			for (String frame : stack.split(";")) {
				node = node.children.computeIfAbsent(frame, Node::new);
				node.samples += count;
			}
		});
		int depth = root.depth();
		int height = TITLE_HEIGHT + depth * FRAME_HEIGHT + 4;
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"monospace\" "
						+ "font-size=\"11\">\n",
				WIDTH, height));
		svg.append(String.format(Locale.ROOT,
				"<text x=\"%d\" y=\"16\" text-anchor=\"middle\" font-size=\"14\">%s " + "(%d samples)</text>\n",
				WIDTH / 2, escape(title), root.samples));
		draw(svg, root, root.samples, 0.0, height - FRAME_HEIGHT - 2);
		svg.append("</svg>\n");
		return svg.toString();
	}

	private static void draw(StringBuilder svg, Node node, long total, double x, int y) {
		double width = (double) WIDTH * node.samples / Math.max(1, total);
		if (width < 0.3) {
			return;
		}
		String label = String.format(Locale.ROOT, "%s: %d samples, %.1f%%", node.name, node.samples,
				100.0 * node.samples / Math.max(1, total));
		svg.append(String.format(Locale.ROOT,
				"<g><title>%s</title><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" "
						+ "stroke=\"white\" stroke-width=\"0.5\"/>",
				escape(label), x, y, width, FRAME_HEIGHT - 1, color(node.name)));
		int chars = (int) (width / 7) - 1;
		if (chars >= 3) {
			String name = shortName(node.name);
			String text = (name.length() <= chars) ? name : name.substring(0, chars - 2) + "..";
			svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", x + 3, y + 11, escape(text)));
		}
		svg.append("</g>\n");
		double childX = x;
		for (Node child : node.children.values()) {
			draw(svg, child, total, childX, y - FRAME_HEIGHT);
			childX += (double) WIDTH * child.samples / Math.max(1, total);
		}
	}

	/** The frame without its package: {@code Class.method}. */
	static String shortName(String frame) {
		int method = frame.lastIndexOf('.');
		int type = (method > 0) ? frame.lastIndexOf('.', method - 1) : -1;
		return frame.substring(type + 1);
	}

	/**
	 * Colour by library: ours green, Lettuce blue, Netty orange, Jedis purple, the JDK
	 * and the rest grey-yellow; shades stable per frame.
	 */
	private static String color(String frame) {
		int shade = (frame.hashCode() & 0x7fffffff) % 40;
		if (frame.startsWith("com.earnbase.")) {
			return rgb(70 + shade, 170 + shade, 70 + shade);
		}
		if (frame.startsWith("io.lettuce.")) {
			return rgb(80 + shade, 140 + shade, 210);
		}
		if (frame.startsWith("io.netty.")) {
			return rgb(230, 140 + shade, 50 + shade);
		}
		if (frame.startsWith("redis.clients.")) {
			return rgb(170 + shade, 110 + shade, 210);
		}
		return rgb(210 + shade, 200 + shade, 120 + shade);
	}

	private static String rgb(int red, int green, int blue) {
		return String.format(Locale.ROOT, "rgb(%d,%d,%d)", red, green, blue);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
