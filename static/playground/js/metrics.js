/**
 * Metrics widget: the result's numbers once the run has finished (and the
 * view holds the result: under the reveal rule, only at the last step).
 * Before that, the per-process figures as of the cursor (metrics-so-far.js):
 * a process not finished yet shows "—", never its final number.
 *
 * A per-process table (arrival, burst, start, finish, turnaround, waiting,
 * response) with the averages; the same for threads when there are any;
 * CPU utilization, throughput and context switches; memory fragmentation
 * and failed allocations; disk movement and service order; messages,
 * library calls and a deadlock, when the run had them.  Averages are shown
 * rounded to two decimals but the title attribute holds the full value.
 */

import { clear, el } from "./dom.js";
import { formatNumber, formatPercent, formatValue } from "./format.js";
import { gettext, interpolate } from "./i18n.js";
import { MetricsTally } from "./metrics-so-far.js";
import { describeWait, listOfWaits } from "./queues.js";

const COLUMNS = ["arrival", "burst", "start", "finish", "turnaround", "waiting", "response"];

function columnLabel(key) {
  return {
    arrival: gettext("Arrival"), burst: gettext("Burst"), start: gettext("Start"), finish: gettext("Finish"),
    turnaround: gettext("Turnaround"), waiting: gettext("Waiting"), response: gettext("Response"),
  }[key];
}

function numberCell(value, tag = "td") {
  return el(tag, { class: "num", title: typeof value === "number" ? String(value) : null, text: formatNumber(value) });
}

function facts(pairs) {
  return el("dl", { class: "facts" }, pairs.filter(Boolean).flatMap(([label, value, cls]) => [
    el("dt", { text: label }), el("dd", { class: cls || null, text: value }),
  ]));
}

export class Metrics {
  constructor(root, { palette, scenario = null }) {
    this.root = root;
    this.palette = palette;
    this.tally = scenario ? new MetricsTally(scenario) : null;
    // The table scrolls sideways on a phone: focusable, so a keyboard can scroll it too.
    this.body = el("div", { class: "metrics-body", role: "region", tabindex: "0", "aria-label": gettext("Metrics") });
    this.shown = null;
    root.classList.add("metrics");
    root.append(el("div", { class: "widget-head" }, el("h3", { text: gettext("Metrics") })), this.body);
  }

  render(view) {
    // The result does not change with the cursor: rebuild only when it arrives.
    const key = view.result || view.store.error || `${view.store.length}:${view.index}`;
    if (key === this.shown) return;
    this.shown = key;
    clear(this.body);
    if (view.store.error !== null && view.store.error !== undefined) {
      this.body.append(el("p", { class: "run-error", role: "alert", text: view.store.error }));
      return;
    }
    if (!view.result) {
      this.body.append(...this.soFar(view));
      return;
    }
    this.body.append(...this.sections(view.result));
  }

  /** The per-process figures as of the cursor, before the result is on screen. */
  soFar(view) {
    const rows = this.tally && view.index >= 0 ? Object.entries(this.tally.advance(view.store, view.index)) : [];
    if (!rows.length) return [el("p", { class: "widget-empty", text: gettext("Metrics appear when the run finishes.") })];
    return [
      this.table(interpolate(gettext("Processes at t = %(t)s"), { t: view.t }), rows, null),
      el("p", { class: "hint", "data-part": "so-far", text: gettext("Figures as of the cursor: “—” until a process has finished. The run’s totals appear at its last step.") }),
    ];
  }

  table(caption, rows, averages) {
    return el("table", { class: "metrics-table" },
      el("caption", { text: caption }),
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: gettext("Name") }),
        COLUMNS.map((c) => el("th", { scope: "col", class: "num", text: columnLabel(c) })))),
      el("tbody", {}, rows.map(([name, row]) => el("tr", { "data-who": name },
        el("th", { scope: "row" }, el("span", { class: "swatch", style: `background: ${this.palette.fill(name)}` }), String(name)),
        COLUMNS.map((c) => numberCell(row[c]))))),
      averages ? el("tfoot", {}, el("tr", {}, el("th", { scope: "row", text: gettext("Average") }),
        COLUMNS.map((c) => (c in averages ? numberCell(averages[c], "td") : el("td"))))) : null);
  }

  sections(result) {
    const out = [];
    const status = {
      completed: gettext("completed"), deadlock: gettext("deadlock"), limit: gettext("stopped at the tick limit"),
    }[result.status] ?? String(result.status);
    if (result.deadlock) {
      // The waits are the engine's tokens ("join:phil0"): say them in words, as the queues do.
      const waits = listOfWaits(Object.entries(result.deadlock.waits || {})
        .map(([who, what]) => `${who} → ${describeWait(what)}`));
      out.push(el("p", { class: "run-error", role: "alert", text: interpolate(
        gettext("Deadlock: %(cycle)s wait for each other (%(waits)s)."),
        { cycle: (result.deadlock.cycle || []).join(", "), waits }) }));
    }
    const processes = Object.entries(result.processes || {});
    if (processes.length) out.push(this.table(gettext("Processes"), processes, result.averages));
    // result.threads lists every thread; a process's main thread bears its
    // name and is already in the processes table.
    const threads = Object.entries(result.threads || {}).filter(([name]) => !(name in (result.processes || {})));
    if (threads.length) out.push(this.table(gettext("Threads"), threads, null));
    const cpu = result.cpu || {};
    out.push(el("h4", { text: gettext("CPU") }), facts([
      [gettext("Status"), status, "metric-status"],
      [gettext("Ticks"), String(result.ticks)],
      [gettext("Utilization"), formatPercent(cpu.utilization), "metric-utilization"],
      [gettext("Throughput"), interpolate(gettext("%(x)s per tick"), { x: formatNumber(cpu.throughput, 3) })],
      [gettext("Context switches"), String(cpu.context_switches), "metric-context-switches"],
    ]));
    const memory = result.memory || {};
    if (Array.isArray(memory.ops) && memory.ops.length) {
      out.push(el("h4", { text: gettext("Memory") }), facts([
        [gettext("Operations"), String(memory.ops.length)],
        [gettext("Fragmentation"), formatPercent(memory.fragmentation), "metric-fragmentation"],
        [gettext("Failed operations"), String(memory.failed), "metric-failed"],
      ]));
    }
    const io = result.io || {};
    if (Array.isArray(io.requests) && io.requests.length) {
      const order = (io.order || []).map((k) => (io.requests[k] ? io.requests[k].cylinder : `#${k}`));
      out.push(el("h4", { text: gettext("Disk") }), facts([
        [gettext("Total head movement"), String(io.total_movement), "metric-total-movement"],
        [gettext("Return movement"), String(io.return_movement)],
        [gettext("Service order (cylinders)"), order.join(" → ")],
      ]));
    }
    const messages = result.ipc && Array.isArray(result.ipc.messages) ? result.ipc.messages : [];
    if (messages.length) {
      out.push(el("h4", { text: gettext("Messages") }), el("ul", { class: "metrics-list" }, messages.map((m) => el("li", {
        text: interpolate(gettext("%(from)s → %(to)s: “%(body)s” (sent t=%(sent)s, received t=%(received)s)"),
          { from: m.from, to: m.to, body: formatValue(m.body, 50), sent: m.sent, received: m.received ?? "—" }),
      }))));
    }
    const calls = Array.isArray(result.calls) ? result.calls : [];
    if (calls.length) {
      out.push(el("h4", { text: gettext("Library calls") }), el("ul", { class: "metrics-list" }, calls.map((c) => el("li", {
        text: interpolate(gettext("%(who)s: %(fn)s at t=%(t)s for %(ticks)s ticks → %(value)s"),
          { who: c.who, fn: c.fn, t: c.t, ticks: c.ticks, value: c.error ? c.error : formatValue(c.value, 80) }),
      }))));
    }
    return out;
  }
}
