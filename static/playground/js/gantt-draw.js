/**
 * Drawing the Gantt chart in SVG: the layout (lanes, the time window in
 * pixels), the frame (lanes, axis, cursor, the fade over what has not
 * happened yet) and one bar.  gantt.js decides what to draw and when; this
 * module only turns it into elements.
 *
 * The frame is drawn once per layout and then only its cursor and fade
 * move, so playing a finished run costs the same at 10 bars or 10,000.
 */

import { axis, brokenAxis } from "./chart.js";
import { timeScale } from "./gantt-breaks.js";
import { svg } from "./dom.js";
import { gettext, interpolate } from "./i18n.js";

export const LABEL_WIDTH = 110;
const PAD_RIGHT = 16;
const TOP = 4;

/**
 * Lane height for `count` lanes: two lines of text while they fit, then
 * shrinking (down to 1.25 lines) so that 20 lanes still fit on one screen.
 */
export function laneHeightFor(count, font) {
  const comfortable = Math.round(font * 2);
  const least = Math.ceil(font * 1.25);
  return Math.max(least, Math.min(comfortable, Math.floor((font * 28) / Math.max(1, count))));
}

/**
 * Pixel layout of a chart: {width, height, x0, x1, top, laneHeight,
 * plotBottom, start, end, scale(tick) -> x, tickAt(x) -> tick, rowOf,
 * breaks, segments}.  `window` is the tick range in view ({start, end},
 * from zoom.js); `breaks` the idle stretches to draw narrow (gantt-breaks.js).
 */
export function layoutFor({ width, font, lanes, window, breaks = [] }) {
  const laneHeight = laneHeightFor(lanes.length, font);
  const x0 = LABEL_WIDTH;
  const x1 = Math.max(x0 + 40, width - PAD_RIGHT);
  const { start, end } = window;
  const time = timeScale({ start, end, x0, x1, breaks });
  const plotBottom = TOP + lanes.length * laneHeight;
  return {
    width, font, laneHeight, x0, x1, top: TOP, plotBottom, start, end,
    height: plotBottom + font * 2.6,
    scale: time.scale,
    tickAt: time.tickAt,
    breaks: time.breaks,
    segments: time.segments,
    rowOf: new Map(lanes.map((lane, k) => [lane.key, k])),
    lanes,
  };
}

let clips = 0;

/**
 * The chart's frame.  Returns {chart, bars, live, fade, cursor}: `bars`
 * holds the bars that do not change (closed ones), `live` those redrawn at
 * every step (open ones), `fade` veils everything after the cursor.
 * `defs` (the fill patterns) is put first.
 */
export function drawFrame(layout, { defs, mode, label }) {
  const { width, height, x0, x1, top, laneHeight, plotBottom, lanes } = layout;
  clips += 1;
  const clipId = `gantt-clip-${clips}`;
  defs.append(svg("clipPath", { id: clipId }, svg("rect", { x: x0, y: 0, width: x1 - x0, height: plotBottom + 2 })));
  // role=group, not img: the bars inside are focusable controls.
  const chart = svg("svg", {
    class: "gantt-svg", width, height, viewBox: `0 0 ${width} ${height}`, role: "group",
    "aria-label": label, "data-mode": mode, "data-lanes": lanes.length,
    "data-start": Number(layout.start.toFixed(3)), "data-end": Number(layout.end.toFixed(3)),
    "data-breaks": layout.breaks.map((b) => `${b.from}-${b.to}`).join(" "),
  }, defs);
  const laneGroup = svg("g", { class: "gantt-lanes" });
  lanes.forEach((lane, k) => {
    laneGroup.append(svg("rect", { x: 0, y: top + k * laneHeight, width, height: laneHeight, class: k % 2 ? "gantt-lane odd" : "gantt-lane" }));
  });
  const bars = svg("g", { class: "gantt-bars", "clip-path": `url(#${clipId})` });
  const live = svg("g", { class: "gantt-live", "clip-path": `url(#${clipId})` });
  const fade = svg("rect", { class: "gantt-fade", x: x1, y: 0, width: 0, height: plotBottom });
  const axisY = plotBottom + 2;
  const ticks = layout.breaks.length
    ? brokenAxis({ segments: layout.segments, breaks: layout.breaks, x0, x1, y: axisY, scale: layout.scale, className: "axis gantt-axis" })
    : axis({ lo: layout.start, hi: layout.end, x0, x1, y: axisY, scale: layout.scale, className: "axis gantt-axis" });
  // A compressed idle stretch: a hatched band across the lanes, named for screen readers.
  const bands = svg("g", { class: "gantt-breaks" });
  for (const b of layout.breaks) {
    const name = interpolate(gettext("t = %(from)s to %(to)s: nothing runs (drawn narrow)"), { from: b.from, to: b.to });
    bands.append(svg("rect", { class: "gantt-break", x: b.x0, y: 0, width: b.x1 - b.x0, height: plotBottom,
      "data-from": b.from, "data-to": b.to, role: "img", "aria-label": name }, svg("title", { text: name })));
  }
  const cursor = svg("line", { class: "gantt-cursor", x1: x0, x2: x0, y1: 0, y2: axisY });
  const labels = svg("g", { class: "gantt-labels" });
  lanes.forEach((lane, k) => {
    labels.append(svg("text", { x: 8, y: top + k * laneHeight + laneHeight / 2, class: "gantt-lane-label",
      "dominant-baseline": "central", text: lane.label }));
  });
  chart.append(laneGroup, bands, bars, live, fade, ticks, cursor, labels);
  return { chart, bars, live, fade, cursor };
}

/** Move the cursor to tick t (hidden outside the window) and fade what comes after it. */
export function placeCursor(frame, layout, t, { fadeAfter }) {
  const inView = t >= layout.start && t <= layout.end;
  const cx = layout.scale(t);
  frame.cursor.setAttribute("x1", cx);
  frame.cursor.setAttribute("x2", cx);
  frame.cursor.setAttribute("data-tick", t);
  frame.cursor.style.display = inView ? "" : "none";
  const from = Math.max(layout.x0, Math.min(layout.x1, cx));
  frame.fade.setAttribute("x", from);
  frame.fade.setAttribute("width", fadeAfter ? layout.x1 - from : 0);
}

/** The <title> text of a bar: who, where and when, also its accessible name. */
export function barTitle(bar) {
  if (bar.kind === "disk") {
    return bar.cylinder !== null && bar.cylinder !== undefined
      ? interpolate(gettext("Disk serves cylinder %(c)s from t=%(start)s to t=%(end)s"), { c: bar.cylinder, start: bar.start, end: bar.end })
      : interpolate(gettext("Disk busy from t=%(start)s to t=%(end)s"), { start: bar.start, end: bar.end });
  }
  return interpolate(gettext("%(who)s on CPU %(core)s from t=%(start)s to t=%(end)s"),
    { who: bar.who, core: bar.core, start: bar.start, end: bar.end });
}

/**
 * One bar as {group, rect}, or null when it lies outside the window.  The
 * rect is focusable (roving tabindex: gantt.js gives one bar tabindex 0).
 */
export function drawBar(bar, row, layout, { fills, palette, mode }) {
  if (bar.end < layout.start || bar.start > layout.end) return null;
  const { scale, top, laneHeight, font } = layout;
  const x = scale(bar.start);
  const w = Math.max(scale(bar.end) - x, bar.end > bar.start ? 1 : 0);
  const y = top + row * laneHeight + 2;
  const h = laneHeight - 4;
  const isDisk = bar.kind === "disk";
  const cls = isDisk ? "gantt-disk-bar" : `gantt-bar${bar.open ? " gantt-open" : ""}`;
  const attrs = {
    class: cls, x, y, width: w, height: h, tabindex: -1, role: "button",
    "data-start": bar.start, "data-end": bar.end,
  };
  if (isDisk) attrs["data-cylinder"] = bar.cylinder ?? "";
  else Object.assign(attrs, { fill: fills.fill(bar.who), "data-who": bar.who, "data-core": bar.core });
  // The name is also an aria-label: the <title> is taken off while the bar is hovered (gantt.js).
  const title = barTitle(bar);
  attrs["aria-label"] = title;
  const rect = svg("rect", attrs, svg("title", { text: title }));
  const group = svg("g", { class: `gantt-item${bar.open ? " open" : ""}` }, rect);
  let label = "";
  if (isDisk) label = bar.cylinder !== null && bar.cylinder !== undefined ? String(bar.cylinder) : "";
  else label = mode === "core" ? String(bar.who) : interpolate(gettext("C%(n)s"), { n: bar.core });
  // Centred in the visible part of the bar, so a bar cut by the window keeps its name.
  const left = Math.max(x, layout.x0);
  const right = Math.min(x + w, layout.x1);
  if (label && right - left > label.length * font * 0.6 + 6 && h >= font) {
    group.append(svg("text", {
      class: isDisk ? "gantt-bar-label disk" : "gantt-bar-label", x: (left + right) / 2, y: y + h / 2,
      "text-anchor": "middle", "dominant-baseline": "central", text: label,
      fill: isDisk ? null : palette.text(bar.who), stroke: isDisk ? null : palette.fill(bar.who),
    }));
  }
  return { group, rect };
}
