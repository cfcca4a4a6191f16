/** Shared pieces of the SVG charts: sizes read from CSS, and a time axis. */

import { svg } from "./dom.js";

/** Font size in px of `node` (so charts grow with the "large type" option). */
export function fontSizeOf(node) {
  const size = parseFloat(getComputedStyle(node).fontSize);
  return Number.isFinite(size) && size > 0 ? size : 16;
}

/** Width in px available to a chart drawn in `node`. */
export function widthOf(node, fallback = 900) {
  const width = node.clientWidth;
  return width > 0 ? width : fallback;
}

/** A "nice" step (1, 2 or 5 x 10^k, at least `min`) giving about `count` ticks over `span`. */
export function niceStep(span, count = 10, min = 1) {
  const raw = Math.max(span / count, min);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) {
    if (m * power >= raw) return Math.max(min, m * power);
  }
  return Math.max(min, 10 * power);
}

/** The smallest power of two giving at most about `count` ticks over `span` (for byte addresses). */
export function binaryStep(span, count = 8) {
  let step = 1;
  while (span / step > count) step *= 2;
  return step;
}

/**
 * A horizontal axis as an SVG group: a baseline from x0 to x1 at y, and a tick
 * with a label at each multiple of a nice step between lo and hi.
 * `format` turns a value into label text; `scale` maps a value to x.
 */
export function axis({ lo, hi, x0, x1, y, scale, format = String, count = 10, min = 1, step = null, className = "axis" }) {
  const group = svg("g", { class: className });
  group.append(svg("line", { x1: x0, x2: x1, y1: y, y2: y, class: "axis-line" }));
  step = step ?? niceStep(hi - lo, count, min);
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) {
    const x = scale(v);
    group.append(
      svg("line", { x1: x, x2: x, y1: y, y2: y + 5, class: "axis-tick" }),
      svg("text", { x, y: y + 8, class: "axis-label", "text-anchor": "middle", "dominant-baseline": "hanging", text: format(v) }),
    );
  }
  return group;
}

/**
 * Re-run `redraw` when `node` changes width (charts are drawn in pixels).
 * Returns a function that stops watching.
 */
export function watchWidth(node, redraw) {
  if (typeof ResizeObserver !== "function") return () => {};
  let width = node.clientWidth;
  const observer = new ResizeObserver(() => {
    if (node.clientWidth !== width) {
      width = node.clientWidth;
      redraw();
    }
  });
  observer.observe(node);
  return () => observer.disconnect();
}
