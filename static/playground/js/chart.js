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

/** About how wide `text` is in px at font size `font` (axis labels: digits and unit letters). */
export function labelWidth(text, font) {
  return String(text).length * font * 0.66;
}

/**
 * A horizontal axis as an SVG group: a baseline from x0 to x1 at y, and a tick
 * with a label at each multiple of a nice step between lo and hi.
 * `format` turns a value into label text; `scale` maps a value to x.
 * The step is widened (doubled when given, else the next nice step) until
 * labels at `font` px cannot touch, and a label that would stick out past
 * x0 or x1 is anchored at its tick's inner side, so no label is clipped.
 */
export function axis({ lo, hi, x0, x1, y, scale, format = String, count = 10, min = 1, step = null,
  className = "axis", font = null }) {
  // .axis-label is 0.8rem (player.css).
  font = font ?? fontSizeOf(document.documentElement) * 0.8;
  const group = svg("g", { class: className });
  group.append(svg("line", { x1: x0, x2: x1, y1: y, y2: y, class: "axis-line" }));
  const given = step != null;
  step = step ?? niceStep(hi - lo, count, min);
  // Each label's text, anchor and extent for a step `s`.
  const labels = (s) => {
    const out = [];
    for (let v = Math.ceil(lo / s) * s; v <= hi; v += s) {
      const x = scale(v);
      const text = format(v);
      const w = labelWidth(text, font);
      const anchor = x - w / 2 < x0 - 4 ? "start" : x + w / 2 > x1 + 4 ? "end" : "middle";
      const left = anchor === "start" ? x : anchor === "end" ? x - w : x - w / 2;
      out.push({ x, text, anchor, left, right: left + w });
    }
    return out;
  };
  const gap = font * 0.6;
  const crowded = (placed) => placed.some((label, k) => k > 0 && label.left < placed[k - 1].right + gap);
  let placed = labels(step);
  for (let guard = 0; guard < 40 && placed.length > 1 && crowded(placed); guard += 1) {
    step = given ? step * 2 : niceStep(step * 1.01, 1, min);
    placed = labels(step);
  }
  for (const { x, text, anchor } of placed) {
    group.append(
      svg("line", { x1: x, x2: x, y1: y, y2: y + 5, class: "axis-tick" }),
      svg("text", { x, y: y + 8, class: "axis-label", "text-anchor": anchor, "dominant-baseline": "hanging", text }),
    );
  }
  return group;
}

/**
 * A time axis with breaks (gantt-breaks.js): a baseline and labels for each
 * stretch drawn to scale, and a break mark (two slanted strokes) over each
 * compressed stretch.  The ticks on both sides of a break are labelled
 * first, each on its own side of it, so the jump reads at a glance
 * ("20 // 500"); other labels give way to them, and none overlaps another
 * or sticks out past x0..x1.
 */
export function brokenAxis({ segments, breaks, x0, x1, y, scale, format = String, count = 10, min = 1,
  className = "axis", font = null }) {
  font = font ?? fontSizeOf(document.documentElement) * 0.8;
  const group = svg("g", { class: className });
  const gap = font * 0.6;
  const label = (v, side = "middle") => {
    const x = scale(v);
    const text = format(v);
    const w = labelWidth(text, font);
    let anchor = side;
    if (anchor === "middle") anchor = x - w / 2 < x0 - 4 ? "start" : x + w / 2 > x1 + 4 ? "end" : "middle";
    if (anchor === "end" && x - w < x0 - 4) anchor = "start";
    if (anchor === "start" && x + w > x1 + 4) anchor = "end";
    const left = anchor === "start" ? x : anchor === "end" ? x - w : x - w / 2;
    return { x, text, anchor, left, right: left + w };
  };
  const forced = breaks.flatMap((b) => [label(b.to, "start"), label(b.from, "end")]);
  const regular = [];
  const width = Math.max(1, x1 - x0);
  for (const { lo, hi } of segments) {
    const share = (scale(hi) - scale(lo)) / width;
    const step = niceStep(hi - lo, Math.max(1, Math.round(count * share)), min);
    for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) regular.push(label(v));
    group.append(svg("line", { x1: scale(lo), x2: scale(hi), y1: y, y2: y, class: "axis-line" }));
  }
  const placed = [];
  for (const candidate of [...forced, ...regular]) {
    const clear = placed.every((p) => candidate.right + gap <= p.left || candidate.left >= p.right + gap);
    if (clear && !placed.some((p) => p.text === candidate.text)) placed.push(candidate);
  }
  placed.sort((a, b) => a.x - b.x); // reading order
  for (const { x, text, anchor } of placed) {
    group.append(
      svg("line", { x1: x, x2: x, y1: y, y2: y + 5, class: "axis-tick" }),
      svg("text", { x, y: y + 8, class: "axis-label", "text-anchor": anchor, "dominant-baseline": "hanging", text }),
    );
  }
  for (const b of breaks) {
    const mid = (b.x0 + b.x1) / 2;
    group.append(svg("g", { class: "axis-break", "data-from": b.from, "data-to": b.to },
      svg("line", { x1: mid - 5, x2: mid - 1, y1: y + 5, y2: y - 5 }),
      svg("line", { x1: mid + 1, x2: mid + 5, y1: y + 5, y2: y - 5 })));
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
