/**
 * The KV memory timeline: the pool split over time, stacked from the bottom
 * by category (used, reserved for tokens to come, internal and external
 * fragmentation, free), so the stack always reaches the pool's size.  Drawn
 * from the split at every step up to the cursor (LlmHistory); the readout
 * under it gives each category at the cursor, in bytes and as a share of
 * the pool.  "Table" lists the latest splits instead.
 */

import { axis, fontSizeOf, labelWidth, watchWidth, widthOf } from "./chart.js";
import { dataTable, tableToggle } from "./chart-table.js";
import { requestSeek } from "./chart-seek.js";
import { clear, el, svg } from "./dom.js";
import { formatSizeShort } from "./format.js";
import { gettext, interpolate } from "./i18n.js";
import { categoryLabel, categoryLegend, categoryPatterns } from "./llm-legend.js";
import { updateTables } from "./llm-kv-tables.js";
import { KV_KINDS } from "./llm-model.js";

const TABLE_ROWS = 40;

const poolOf = (kv) => KV_KINDS.reduce((total, k) => total + (kv[k] || 0), 0);
const percent = (part, whole) => (whole > 0 ? `${Number(((100 * part) / whole).toFixed(1))}%` : "—");

/** The points to draw: the last of each pixel column (a finer split cannot show). */
function thin(points, scale) {
  const out = [];
  for (const p of points) {
    const x = Math.floor(scale(p.t));
    if (out.length && Math.floor(scale(out[out.length - 1].t)) === x) out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}

export class LlmKvTimeline {
  constructor(root, { history }) {
    this.root = root;
    this.history = history;
    this.last = null;
    this.drawn = null; // the chart on screen: its band paths and cursor, and the step and frame it shows
    this.showTable = false;
    this.canvas = el("div", { class: "llm-timeline-canvas" });
    this.readout = el("dl", { class: "llm-kv-readout" });
    this.tableBox = el("div", { class: "llm-timeline-table-box", hidden: true });
    const toggle = tableToggle((show) => {
      this.showTable = show;
      if (this.last) this.render(this.last);
    });
    root.classList.add("llm-kv-timeline");
    root.append(el("div", { class: "widget-head" }, el("h3", { text: gettext("KV memory over time") }), toggle),
      categoryLegend(), this.canvas, this.tableBox, this.readout);
    this.unwatch = watchWidth(this.canvas, () => this.last && this.render(this.last));
  }

  render(view) {
    this.last = view;
    const history = this.history.sync(view);
    const points = history.kv;
    this.canvas.hidden = this.showTable;
    this.tableBox.hidden = !this.showTable;
    if (!this.showTable) this.tableIndex = null;
    if (!points.length) {
      this.tableIndex = null;
      this.drawn = null;
      clear(this.canvas);
      clear(this.readout);
      clear(this.tableBox);
      this.canvas.append(el("p", { class: "widget-empty", text: gettext("The LLM device has not started yet.") }));
      return;
    }
    const current = points[points.length - 1].kv;
    const pool = poolOf(current);
    this.showReadout(current, pool);
    if (this.showTable) {
      this.drawn = null;
      clear(this.canvas);
      // A step forward adds the step's row (and drops the oldest); a jump draws the table afresh.
      const table = this.table(points, view);
      if (this.tableIndex === view.index - 1) updateTables(this.tableBox, [table]);
      else clear(this.tableBox).append(table);
      this.tableIndex = view.index;
    } else if (!this.update(points, view, pool)) {
      clear(this.canvas);
      this.canvas.append(this.draw(points, view, pool));
    }
  }

  /** Each category at the cursor, in bytes and as a share of the pool (its entries changed in place). */
  showReadout(current, pool) {
    if (this.readout.children.length !== 2 * KV_KINDS.length) {
      clear(this.readout);
      for (const kind of KV_KINDS) this.readout.append(el("dt", { text: categoryLabel(kind) }), el("dd", { "data-kind": kind }));
    }
    for (const dd of this.readout.querySelectorAll("dd")) {
      const bytes = current[dd.dataset.kind];
      const text = `${formatSizeShort(bytes)} (${percent(bytes, pool)})`;
      if (dd.dataset.bytes !== String(bytes)) dd.dataset.bytes = bytes;
      if (dd.textContent !== text) dd.textContent = text;
    }
  }

  /** The chart's frame for `view`: its size, time scale and the pool (the same for every step of a run). */
  frame(view, pool) {
    const font = fontSizeOf(this.root);
    const width = widthOf(this.canvas, 400);
    const now = Math.max(view.now, view.t);
    const end = Math.max(view.maxTick, now, 1);
    const x0 = Math.ceil(labelWidth("100%", font * 0.8)) + 10;
    const x1 = width - 10;
    const top = Math.ceil(font * 0.6);
    const plotH = Math.round(font * 8);
    const height = top + plotH + font * 2.6;
    const scale = (t) => x0 + ((x1 - x0) * t) / end;
    const y = (bytes) => top + plotH - (plotH * bytes) / Math.max(1, pool);
    return { key: `${width}:${font}:${end}:${pool}`, font, width, now, end, x0, x1, top, plotH, height, scale, y };
  }

  /** Each category's band: from the sum of the ones below to that plus itself, held until the next point. */
  bands(points, frame) {
    const { scale, y, now } = frame;
    const shown = thin(points, scale);
    const out = {};
    let below = shown.map(() => 0);
    for (const kind of KV_KINDS) {
      const above = shown.map((p, k) => below[k] + (p.kv[kind] || 0));
      const xs = shown.map((p, k) => [scale(p.t), scale(k + 1 < shown.length ? shown[k + 1].t : now)]);
      let d = "";
      shown.forEach((_, k) => { d += `${k ? "L" : "M"}${xs[k][0]} ${y(above[k])}L${xs[k][1]} ${y(above[k])}`; });
      for (let k = shown.length - 1; k >= 0; k -= 1) d += `L${xs[k][1]} ${y(below[k])}L${xs[k][0]} ${y(below[k])}`;
      out[kind] = `${d}Z`;
      below = above;
    }
    return out;
  }

  /**
   * Step the chart on screen forward to `view` in place: the bands' outlines
   * and the cursor change, nothing else is drawn again.  False (draw afresh)
   * unless it shows the step just before `view` in the same frame.
   */
  update(points, view, pool) {
    const drawn = this.drawn;
    const frame = this.frame(view, pool);
    if (!drawn || view.index !== drawn.index + 1 || drawn.key !== frame.key || !drawn.chart.isConnected) return false;
    const bands = this.bands(points, frame);
    for (const kind of KV_KINDS) {
      const path = drawn.paths[kind];
      if (path.getAttribute("d") !== bands[kind]) path.setAttribute("d", bands[kind]);
    }
    const x = String(frame.scale(frame.now));
    if (drawn.cursor.getAttribute("x1") !== x) {
      drawn.cursor.setAttribute("x1", x);
      drawn.cursor.setAttribute("x2", x);
    }
    drawn.index = view.index;
    return true;
  }

  draw(points, view, pool) {
    const frame = this.frame(view, pool);
    const { width, height, x0, x1, top, plotH, end, scale, y, now } = frame;
    const chart = svg("svg", { class: "llm-timeline-svg", width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": gettext("KV memory over time") });
    const fills = categoryPatterns("llmtl");
    chart.append(fills.defs);
    const bands = this.bands(points, frame);
    const paths = {};
    for (const kind of KV_KINDS) {
      paths[kind] = svg("path", { class: `llm-band llm-band-${kind}`, d: bands[kind], fill: fills.fill(kind), "data-kind": kind },
        svg("title", { text: categoryLabel(kind) }));
      chart.append(paths[kind]);
    }
    const cursor = svg("line", { class: "llm-timeline-cursor", x1: scale(now), x2: scale(now), y1: top, y2: top + plotH });
    chart.append(cursor);
    for (const [share, label] of [[1, "100%"], [0.5, "50%"], [0, "0%"]]) {
      chart.append(svg("text", { class: "axis-label llm-share-label", x: x0 - 4, y: y(share * pool), "text-anchor": "end",
        "dominant-baseline": share === 1 ? "hanging" : share === 0 ? "auto" : "central", text: label }));
    }
    chart.append(axis({ lo: 0, hi: end, x0, x1, y: top + plotH + 2, scale, className: "axis llm-timeline-axis" }));
    this.drawn = { chart, index: view.index, key: frame.key, paths, cursor };
    return chart;
  }

  table(points, view) {
    const rows = points.slice(-TABLE_ROWS);
    const caption = points.length > rows.length
      ? interpolate(gettext("The KV pool split at the last %(n)s of %(count)s steps up to t = %(t)s"), { n: rows.length, count: points.length, t: view.t })
      : interpolate(gettext("The KV pool split at each step up to t = %(t)s"), { t: view.t });
    return dataTable({
      className: "llm-timeline-table", caption,
      columns: [{ label: gettext("Tick"), numeric: true }, ...KV_KINDS.map((k) => ({ label: categoryLabel(k), numeric: true })),
        { label: gettext("Step") }],
      rows: rows.map((p) => [`t=${p.t}`, ...KV_KINDS.map((k) => `${formatSizeShort(p.kv[k])} (${percent(p.kv[k], poolOf(p.kv))})`),
        el("button", { type: "button", class: "btn small llm-table-seek", text: interpolate(gettext("Go to t=%(t)s"), { t: p.t }),
          on: { click: () => requestSeek(this.root, { step: p.step, tick: p.t }) } })]),
    });
  }

  dispose() {
    this.unwatch();
  }
}
