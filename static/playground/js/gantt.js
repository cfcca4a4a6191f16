/**
 * Gantt chart widget: who ran where, and when.
 *
 * Two views: "by core" (a lane per CPU core, bars labelled with the thread)
 * and "by thread" (a lane per process/thread, bars labelled with the core).
 * Both add a disk lane when the disk served requests.  While a run streams,
 * the bars are the segments closed up to the current step plus the open
 * segment of each running thread (from state.running).  Once the run is
 * finished the bars come from result.cpu.gantt, one bar per segment; bars
 * that start after the cursor are drawn faded so stepping back stays readable.
 * Every CPU bar is a rect.gantt-bar with data-who, data-start, data-end,
 * data-core and a <title>.
 */

import { axis, fontSizeOf, watchWidth, widthOf } from "./chart.js";
import { clear, el, svg } from "./dom.js";
import { gettext, interpolate } from "./i18n.js";
import { scenarioNames } from "./palette.js";

const LABEL_WIDTH = 110;
const PAD_RIGHT = 16;

/** CPU and disk bars for a view: {cpu: [...], disk: [...]} with tick bounds. */
export function barsFor(view) {
  const result = view.result;
  if (view.finished && result && result.cpu && Array.isArray(result.cpu.gantt)) {
    const cpu = result.cpu.gantt.map((s) => ({ core: s.core ?? 0, who: s.who, start: s.start, end: s.end }));
    const requests = (result.io && Array.isArray(result.io.requests)) ? result.io.requests : [];
    const disk = requests
      .filter((r) => Number.isInteger(r.start) && Number.isInteger(r.finish))
      .map((r) => ({ who: r.who ?? null, cylinder: r.cylinder, start: r.start, end: r.finish }));
    return { cpu, disk };
  }
  const cpu = [];
  const disk = [];
  if (view.index < 0) return { cpu, disk };
  for (const s of view.store.segmentsUpTo(view.index)) {
    if (s.lane.kind === "disk") {
      // A service still in progress at the cursor is drawn up to the cursor.
      disk.push({ who: s.who, cylinder: s.cylinder, start: s.start, end: Math.min(s.end, view.t), open: s.end > view.t });
    } else cpu.push({ core: s.lane.core, who: s.who, start: s.start, end: s.end });
  }
  const running = Array.isArray(view.state.running) ? view.state.running : [];
  running.forEach((entry, core) => {
    if (entry && entry.who !== undefined && Number.isInteger(entry.since) && entry.since <= view.t) {
      cpu.push({ core, who: entry.who, start: entry.since, end: view.t, open: true });
    }
  });
  return { cpu, disk };
}

export class Gantt {
  /**
   * @param {HTMLElement} root  the widget's own element
   * @param {object} options  palette (Palette), scenario (for lane order and core count)
   */
  constructor(root, { palette, scenario }) {
    this.root = root;
    this.palette = palette;
    this.scenario = scenario || {};
    this.mode = "core";
    this.last = null;
    const toggle = (mode, label) => el("button", {
      type: "button", class: "gantt-mode", "data-mode": mode, "aria-pressed": String(mode === this.mode),
      text: label, on: { click: () => this.setMode(mode) },
    });
    this.modeButtons = [toggle("core", gettext("By core")), toggle("thread", gettext("By thread"))];
    this.canvas = el("div", { class: "gantt-canvas" });
    root.classList.add("gantt");
    root.append(
      el("div", { class: "widget-head" },
        el("h3", { text: gettext("Gantt chart") }),
        el("div", { class: "gantt-modes", role: "group", "aria-label": gettext("Gantt view") }, this.modeButtons)),
      this.canvas,
    );
    this.unwatch = watchWidth(this.canvas, () => this.last && this.render(this.last));
  }

  setMode(mode) {
    this.mode = mode;
    for (const b of this.modeButtons) b.setAttribute("aria-pressed", String(b.dataset.mode === mode));
    if (this.last) this.render(this.last);
  }

  /** Lanes in display order: [{key, label}], and a function from bar to lane key. */
  lanes(bars) {
    const lanes = [];
    if (this.mode === "core") {
      const configured = Number.isInteger(this.scenario.cpu && this.scenario.cpu.cores) ? this.scenario.cpu.cores : 1;
      // A disk-only run has no CPU work: show the disk lane alone.
      const cores = bars.cpu.length || !bars.disk.length ? Math.max(configured, ...bars.cpu.map((b) => b.core + 1)) : 0;
      for (let c = 0; c < cores; c += 1) lanes.push({ key: `core:${c}`, label: interpolate(gettext("CPU %(n)s"), { n: c }) });
    } else {
      const seen = new Set();
      const names = [...scenarioNames(this.scenario), ...bars.cpu.map((b) => b.who)];
      for (const name of names) {
        if (!seen.has(name) && bars.cpu.some((b) => b.who === name)) {
          seen.add(name);
          lanes.push({ key: `who:${name}`, label: String(name) });
        }
      }
    }
    if (bars.disk.length) lanes.push({ key: "disk", label: gettext("Disk") });
    const laneOfBar = (bar) => (this.mode === "core" ? `core:${bar.core}` : `who:${bar.who}`);
    return { lanes, laneOfBar };
  }

  render(view) {
    this.last = view;
    const bars = barsFor(view);
    clear(this.canvas);
    if (!bars.cpu.length && !bars.disk.length) {
      this.canvas.append(el("p", { class: "widget-empty", text: view.index < 0
        ? gettext("The chart fills in as the run streams.")
        : gettext("Nothing has run yet at this step.") }));
      return;
    }
    const font = fontSizeOf(this.root);
    const laneHeight = Math.round(font * 2);
    const { lanes, laneOfBar } = this.lanes(bars);
    const width = widthOf(this.canvas);
    const maxT = Math.max(1, view.maxTick, ...bars.cpu.map((b) => b.end), ...bars.disk.map((b) => b.end));
    const x0 = LABEL_WIDTH;
    const x1 = width - PAD_RIGHT;
    const scale = (v) => x0 + ((x1 - x0) * v) / maxT;
    const top = 4;
    const height = top + lanes.length * laneHeight + font * 2.6;
    const chart = svg("svg", {
      class: "gantt-svg", width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": gettext("Gantt chart of the run"), "data-mode": this.mode,
    });
    const rowOf = new Map(lanes.map((lane, k) => [lane.key, k]));
    lanes.forEach((lane, k) => {
      const y = top + k * laneHeight;
      chart.append(
        svg("rect", { x: 0, y, width, height: laneHeight, class: k % 2 ? "gantt-lane odd" : "gantt-lane" }),
        svg("text", { x: 8, y: y + laneHeight / 2, class: "gantt-lane-label", "dominant-baseline": "central", text: lane.label }),
      );
    });
    for (const bar of bars.cpu) {
      const row = rowOf.get(laneOfBar(bar));
      if (row === undefined) continue;
      chart.append(this.bar(bar, row, { top, laneHeight, scale, font, t: view.t, finished: view.finished }));
    }
    const diskRow = rowOf.get("disk");
    for (const bar of bars.disk) {
      chart.append(this.diskBar(bar, diskRow, { top, laneHeight, scale, font, t: view.t }));
    }
    const axisY = top + lanes.length * laneHeight + 2;
    chart.append(axis({ lo: 0, hi: maxT, x0, x1, y: axisY, scale, className: "axis gantt-axis" }));
    if (view.index >= 0) {
      const cx = scale(view.t);
      chart.append(svg("line", { class: "gantt-cursor", x1: cx, x2: cx, y1: 0, y2: axisY, "data-tick": view.t }));
    }
    this.canvas.append(chart);
  }

  bar(bar, row, { top, laneHeight, scale, font, t, finished }) {
    const x = scale(bar.start);
    const w = Math.max(scale(bar.end) - x, bar.end > bar.start ? 1 : 0);
    const y = top + row * laneHeight + 3;
    const h = laneHeight - 6;
    const state = bar.open ? "open" : (finished && bar.start >= t ? "future" : "past");
    const title = interpolate(gettext("%(who)s on CPU %(core)s from t=%(start)s to t=%(end)s"),
      { who: bar.who, core: bar.core, start: bar.start, end: bar.end });
    const group = svg("g", { class: `gantt-item ${state}` });
    group.append(svg("rect", {
      class: bar.open ? "gantt-bar gantt-open" : "gantt-bar", x, y, width: w, height: h,
      fill: this.palette.fill(bar.who), "data-who": bar.who, "data-core": bar.core,
      "data-start": bar.start, "data-end": bar.end,
    }, svg("title", { text: title })));
    if (finished && bar.start < t && t < bar.end) {
      // The bar the cursor is inside: fade the part that has not happened yet.
      group.append(svg("rect", { class: "gantt-rest", x: scale(t), y, width: scale(bar.end) - scale(t), height: h }));
    }
    const label = this.mode === "core" ? String(bar.who) : interpolate(gettext("C%(n)s"), { n: bar.core });
    if (w > label.length * font * 0.6 + 6) {
      group.append(svg("text", {
        class: "gantt-bar-label", x: x + w / 2, y: y + h / 2, "text-anchor": "middle",
        "dominant-baseline": "central", fill: this.palette.text(bar.who), text: label,
      }));
    }
    return group;
  }

  diskBar(bar, row, { top, laneHeight, scale, font, t }) {
    const x = scale(bar.start);
    const w = Math.max(scale(bar.end) - x, 1);
    const y = top + row * laneHeight + 3;
    const h = laneHeight - 6;
    const label = bar.cylinder !== null && bar.cylinder !== undefined ? String(bar.cylinder) : "";
    const title = label
      ? interpolate(gettext("Disk serves cylinder %(c)s from t=%(start)s to t=%(end)s"), { c: label, start: bar.start, end: bar.end })
      : interpolate(gettext("Disk busy from t=%(start)s to t=%(end)s"), { start: bar.start, end: bar.end });
    const group = svg("g", { class: `gantt-item ${bar.start >= t ? "future" : "past"}` });
    group.append(svg("rect", {
      class: "gantt-disk-bar", x, y, width: w, height: h, "data-start": bar.start, "data-end": bar.end,
      "data-cylinder": label,
    }, svg("title", { text: title })));
    if (label && w > label.length * font * 0.6 + 6) {
      group.append(svg("text", {
        class: "gantt-bar-label disk", x: x + w / 2, y: y + h / 2, "text-anchor": "middle",
        "dominant-baseline": "central", text: label,
      }));
    }
    return group;
  }

  dispose() {
    this.unwatch();
  }
}
