/**
 * The LLM batch Gantt chart: one row per request (in arrival order), its
 * prefill, decode and swap-in bars (each kind with its own colour and
 * pattern), the waits before admission or after a preemption (dashed), the
 * preemptions (a mark), and above the rows the batch of each iteration (how
 * many sequences ran).  The iteration at the cursor is a band across every
 * row, its members outlined: the batch the scheduler just formed.  Bars grow
 * with playback's clock (flow) and never pass the cursor's time.
 *
 * Bars are seek items (view-keys.js): Tab reaches the chart, the arrows move
 * between bars, Enter goes to the step that began the bar.  "Table" lists
 * the latest iterations and their batches instead.
 */

import { axis, fontSizeOf, watchWidth, widthOf } from "./chart.js";
import { dataTable, tableToggle } from "./chart-table.js";
import { requestSeek } from "./chart-seek.js";
import { clear, el, svg } from "./dom.js";
import { gettext, interpolate } from "./i18n.js";
import { kindLabel, kindLegend, kindPatterns } from "./llm-legend.js";
import { SeekItems, seekAttrs } from "./view-keys.js";

/** Iterations the table view lists (the latest ones). */
const TABLE_ITERATIONS = 40;
/** Members of a batch the table names before "and N more". */
const TABLE_MEMBERS = 12;

/** "g0 decode 1, g1 prefill 160" for a batch. */
function batchText(batch) {
  const shown = batch.slice(0, TABLE_MEMBERS).map(([id, what, tokens]) => `${id} ${kindLabel(what)} ${tokens}`);
  const more = batch.length - shown.length;
  return more > 0 ? interpolate(gettext("%(list)s and %(n)s more"), { list: shown.join(", "), n: more }) : shown.join(", ");
}

/** What a request's row is drawn from, but for the clock: the same key, the same bars, waits and marks. */
function rowKey(req) {
  const last = req.bars[req.bars.length - 1];
  return `${req.bars.length}|${last ? `${last.start}-${last.end}` : ""}|${req.waits.length}|${req.preempts.length}|${req.waitingSince}`;
}

/** Is `req` waiting since before `t`, every bar of its over by then (so its row, drawn at `t`, grows only its wait)? */
function waitsOn(req, t) {
  const last = req.bars[req.bars.length - 1];
  return req.waitingSince !== null && t > req.waitingSince && (!last || last.end <= t);
}

export class LlmBatchGantt {
  constructor(root, { history }) {
    this.root = root;
    this.history = history;
    this.last = null;
    this.lastX = null;
    this.drawn = null; // what the chart on screen was drawn from (draw, patch)
    this.showTable = false;
    this.now = el("p", { class: "llm-batch-now", "aria-live": "off" });
    this.canvas = el("div", { class: "llm-batch-canvas" });
    this.tableBox = el("div", { class: "llm-batch-table-box", hidden: true });
    this.items = new SeekItems(this.canvas);
    const toggle = tableToggle((show) => {
      this.showTable = show;
      if (this.last) this.render(this.last);
    });
    root.classList.add("llm-batch-gantt");
    root.append(el("div", { class: "widget-head" }, el("h3", { text: gettext("LLM batches") }), toggle),
      this.now, kindLegend(), this.canvas, this.tableBox);
    this.unwatch = watchWidth(this.canvas, () => this.last && this.render(this.last));
  }

  render(view) {
    this.last = view;
    const history = this.history.sync(view);
    const iteration = history.iterationAt(view.index);
    this.now.textContent = iteration
      ? interpolate(gettext("Iteration %(n)s (t = %(start)s → %(end)s): %(seqs)s sequences, %(tokens)s tokens"),
        { n: iteration.n, start: iteration.start, end: iteration.end, seqs: iteration.seqs, tokens: iteration.tokens })
      : gettext("No iteration starts at this step.");
    this.canvas.hidden = this.showTable;
    this.tableBox.hidden = !this.showTable;
    if (this.showTable) {
      this.drawn = null;
      clear(this.tableBox).append(this.table(history));
      return;
    }
    this.draw(view, history, iteration);
  }

  /** Playback's clock moved within the step: the current batch's bars grow. */
  flow(view) {
    if (this.showTable || !this.last || view.index !== this.last.index) return;
    const x = Math.round(view.now * 4);
    if (x === this.lastX) return;
    this.last = view;
    this.draw(view, this.history, this.history.iterationAt(view.index));
  }

  /**
   * Draw the chart.  Moving forward with the same requests, width and time
   * scale (a step or playback's clock), only what can change is redrawn:
   * the rows of requests still open or in the batch (now or just before),
   * the strip's iterations not yet over, the band.  Anything else (a seek
   * back, an arrival, a resize) draws afresh: both give the same chart.
   */
  draw(view, history, iteration) {
    this.lastX = Math.round(view.now * 4);
    const font = fontSizeOf(this.root);
    const width = widthOf(this.canvas, 600);
    const now = Math.max(view.now, view.t);
    const end = Math.max(view.maxTick, now, 1);
    const drawn = this.drawn;
    if (drawn && drawn.store === history.store && view.index >= drawn.index && now >= drawn.now && drawn.font === font
      && drawn.width === width && drawn.end === end && drawn.arrived === history.arrived && drawn.chart.isConnected) {
      this.patch(drawn, view, history, iteration, now);
      return;
    }
    this.drawn = null;
    this.items.before();
    clear(this.canvas);
    const requests = [...history.requests.values()].filter((r) => r.arrival !== null);
    if (!requests.length) {
      this.canvas.append(el("p", { class: "widget-empty", text: gettext("No LLM request has arrived yet.") }));
      return;
    }
    const longest = Math.max(...requests.map((r) => String(r.id).length));
    const labelW = Math.min(Math.ceil(longest * font * 0.62) + 10, width * 0.3);
    const x0 = labelW;
    const x1 = width - 10;
    const scale = (t) => x0 + ((x1 - x0) * t) / end;
    const stripH = Math.round(font * 2.4);
    const top = stripH + Math.round(font * 0.6);
    const rowH = requests.length <= 24 ? Math.round(font * 1.5) : Math.max(5, Math.min(Math.round(font * 1.5), Math.floor((22 * font) / requests.length)));
    const every = Math.ceil((font * 1.2) / rowH); // a label on every `every`th row, so labels never touch
    const height = top + requests.length * rowH + font * 2.6;
    const chart = svg("svg", { class: "llm-batch-svg", width, height, viewBox: `0 0 ${width} ${height}`, role: "group",
      "aria-label": gettext("LLM batches") });
    const fills = kindPatterns("llmg");
    const strip = this.strip(history, scale, stripH, x0, now);
    chart.append(fills.defs, strip.group);
    const band = this.band(iteration, scale, now, top + requests.length * rowH);
    if (band) chart.append(band);
    const members = new Set(iteration ? iteration.batch.map((m) => m[0]) : []);
    const rows = new Map();
    requests.forEach((req, k) => {
      const y = top + k * rowH;
      if (k % every === 0) {
        chart.append(svg("text", { class: "llm-row-label", x: x0 - 6, y: y + rowH / 2, "text-anchor": "end",
          "dominant-baseline": "central", text: String(req.id) }));
      }
      const group = this.row(req, y, rowH, scale, now, fills, members.has(req.id) ? iteration : null);
      rows.set(req.id, { group, y, key: rowKey(req) });
      chart.append(group);
    });
    chart.append(axis({ lo: 0, hi: end, x0, x1, y: top + requests.length * rowH + 2, scale, className: "axis llm-batch-axis" }));
    this.canvas.append(chart);
    this.items.after();
    this.drawn = { store: history.store, index: view.index, now, font, width, end, arrived: history.arrived, chart, scale,
      x0, stripH, rowH, bandH: top + requests.length * rowH, fills, strip, band, rows, members, open: new Set(history.open) };
  }

  /** Bring the chart `drawn` forward to `view` (same requests and scale): see draw. */
  patch(drawn, view, history, iteration, now) {
    const { scale, fills, rowH } = drawn;
    if (history.mostSeqs !== drawn.strip.most) {
      const strip = this.strip(history, scale, drawn.stripH, drawn.x0, now);
      drawn.strip.group.replaceWith(strip.group);
      drawn.strip = strip;
    } else {
      this.stripOn(drawn.strip, history, scale, now);
    }
    const band = this.band(iteration, scale, now, drawn.bandH);
    if (drawn.band) drawn.band.remove();
    if (band) drawn.strip.group.after(band);
    drawn.band = band;
    const members = new Set(iteration ? iteration.batch.map((m) => m[0]) : []);
    const changing = new Set([...drawn.open, ...drawn.members, ...members, ...history.open]);
    let tabStopGone = false;
    for (const id of changing) {
      const row = drawn.rows.get(id);
      const req = history.requests.get(id);
      if (!row || !req) continue;
      const key = rowKey(req);
      if (key === row.key && !members.has(id) && !drawn.members.has(id) && waitsOn(req, drawn.now)) {
        // Only waiting since the last drawing: its open wait (the line after the closed ones) reaches `now`.
        row.group.children[req.waits.length].setAttribute("x2", scale(now));
        continue;
      }
      const group = this.row(req, row.y, rowH, scale, now, fills, members.has(id) ? iteration : null);
      if (!tabStopGone && (row.group.contains(document.activeElement) || row.group.querySelector("[tabindex='0']"))) tabStopGone = true;
      row.group.replaceWith(group);
      Object.assign(row, { group, key });
    }
    if (tabStopGone) {
      this.items.before();
      this.items.after();
    }
    Object.assign(drawn, { index: view.index, now, members, open: new Set(history.open) });
  }

  /** The band of the iteration at the cursor across every row (null: none starts at this step). */
  band(iteration, scale, now, height) {
    if (!iteration) return null;
    const bandEnd = Math.max(scale(Math.min(iteration.end, now)), scale(iteration.start) + 3);
    return svg("rect", { class: "llm-current-band", x: scale(iteration.start), y: 0, width: bandEnd - scale(iteration.start), height });
  }

  /**
   * Sequences per iteration, as a step chart above the rows:
   * {group, most, ...} where the rects of iterations not over at `now` (the
   * tail) are redrawn by stripOn as the clock moves.
   */
  strip(history, scale, h, x0, now) {
    const group = svg("g", { class: "llm-batch-strip" });
    const most = history.mostSeqs;
    const label = svg("text", { class: "llm-strip-label", x: x0 - 6, y: h / 2, "text-anchor": "end", "dominant-baseline": "central",
      text: String(most) }, svg("title", { text: interpolate(gettext("At most %(n)s sequences in one iteration so far"), { n: most }) }));
    group.append(label, svg("title", { text: gettext("Sequences in each iteration's batch") }));
    const strip = { group, label, most, h, settled: 0, settledX: -Infinity, tail: [] };
    this.stripOn(strip, history, scale, now);
    return strip;
  }

  /** Draw the strip's iterations from the first not over at the last drawing to `now`. */
  stripOn(strip, history, scale, now) {
    for (const rect of strip.tail) rect.remove();
    strip.tail = [];
    const iterations = history.iterations;
    let lastX = strip.settledX;
    let over = true;
    for (let k = strip.settled; k < iterations.length; k += 1) {
      const it = iterations[k];
      const xa = scale(it.start);
      const xb = Math.max(scale(Math.min(it.end, now)), xa + 1);
      over = over && it.end <= now;
      if (xb >= lastX + 1) { // thinner than a pixel: the neighbour stands for it
        lastX = xb;
        const bh = Math.max(1, ((strip.h - 2) * it.seqs) / strip.most);
        const rect = svg("rect", { class: "llm-batch-size", x: xa, y: strip.h - bh, width: xb - xa, height: bh });
        strip.label.before(rect);
        if (!over) strip.tail.push(rect);
      }
      if (over) {
        strip.settled = k + 1;
        strip.settledX = lastX;
      }
    }
  }

  /** One request's row: waits, bars (the current iteration's outlined), preemptions. */
  row(req, y, h, scale, now, fills, current) {
    const group = svg("g", { class: "llm-row", "data-request": req.id });
    const mid = y + h / 2;
    const waits = [...req.waits];
    if (req.waitingSince !== null && now > req.waitingSince) waits.push({ start: req.waitingSince, end: now });
    for (const w of waits) {
      group.append(svg("line", { class: "llm-wait", x1: scale(w.start), x2: scale(Math.min(w.end, now)), y1: mid, y2: mid }));
    }
    for (const bar of req.bars) {
      if (bar.start > now) continue;
      const xa = scale(bar.start);
      const live = current && bar.end >= current.end;
      const xb = Math.max(scale(Math.min(bar.end, now)), xa + (live ? 3 : 1));
      const label = interpolate(gettext("%(who)s: %(kind)s from t = %(start)s, %(n)s iterations"),
        { who: req.id, kind: kindLabel(bar.kind), start: bar.start, n: bar.iterations });
      group.append(svg("rect", { class: `llm-bar llm-${bar.kind}${live ? " current" : ""}`, x: xa, y: y + 1,
        width: xb - xa, height: Math.max(2, h - 2), fill: fills.fill(bar.kind), "data-kind": bar.kind,
        ...seekAttrs(`${req.id}:${bar.start}`, bar.step, bar.start, label) }, svg("title", { text: label })));
    }
    for (const p of req.preempts) {
      const x = scale(p.t);
      const s = Math.max(3, Math.min(h / 2, 6));
      group.append(svg("path", { class: `llm-preempt-mark llm-${p.how}`, d: `M${x - s} ${y}L${x + s} ${y}L${x} ${y + 2 * s}Z`,
        ...seekAttrs(`${req.id}:p${p.t}`, p.step, p.t, interpolate(gettext("%(who)s preempted (%(how)s) at t = %(t)s"),
          { who: req.id, how: kindLabel(p.how), t: p.t })) },
      svg("title", { text: interpolate(gettext("%(who)s preempted (%(how)s) at t = %(t)s"), { who: req.id, how: kindLabel(p.how), t: p.t }) })));
    }
    return group;
  }

  /** The latest iterations as a table, each with a button to its step. */
  table(history) {
    const iterations = history.iterations.slice(-TABLE_ITERATIONS);
    const rows = iterations.map((it) => [
      String(it.n), `t=${it.start}`, `t=${it.end}`, String(it.seqs), String(it.tokens), batchText(it.batch),
      el("button", { type: "button", class: "btn small llm-table-seek", text: interpolate(gettext("Go to t=%(t)s"), { t: it.start }),
        on: { click: () => requestSeek(this.root, { step: it.step, tick: it.start }) } }),
    ]);
    const caption = history.iterations.length > iterations.length
      ? interpolate(gettext("The last %(n)s of %(count)s iterations and their batches"), { n: iterations.length, count: history.iterations.length })
      : interpolate(gettext("%(count)s iterations and their batches"), { count: history.iterations.length });
    return dataTable({
      className: "llm-batch-table", caption,
      columns: [{ label: gettext("Iteration"), numeric: true }, { label: gettext("From"), numeric: true }, { label: gettext("To"), numeric: true },
        { label: gettext("Sequences"), numeric: true }, { label: gettext("Tokens"), numeric: true }, { label: gettext("Batch") }, { label: gettext("Step") }],
      rows,
      rowAttrs: (k) => ({ "data-iteration": iterations[k].n }),
    });
  }

  dispose() {
    this.unwatch();
  }
}
