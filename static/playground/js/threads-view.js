/**
 * Threads widget: a lane per thread grouped under its process, the mutexes
 * and semaphores at the current step, and the wait-for graph.
 *
 * - Lanes: each process is a heading row and its threads (the main thread,
 *   which bears the process's name, then the threads it spawns) are lanes
 *   under it.  A lane shows when its thread ran (the Gantt chart's bars, in
 *   the thread's colour and pattern) and when it was blocked (an outlined
 *   stretch naming what it waited for: a mutex, a semaphore, a thread to
 *   join, a message...).  After the cursor everything is faded.
 * - Locks: each mutex with its holder and its waiters in line, each
 *   semaphore with its value and waiters, at the current step.
 * - Wait-for graph (wait-for-graph.js) at the current step; a cycle is a
 *   deadlock and is drawn in red.  When the run ended in deadlock, the
 *   result's `deadlock` is spelled out, with a button that shows its step.
 *
 * The lanes are also offered as a table (the "Table" button).
 */

import { axis, fontSizeOf, watchWidth, widthOf } from "./chart.js";
import { requestSeek } from "./chart-seek.js";
import { tableToggle } from "./chart-table.js";
import { clear, el, svg } from "./dom.js";
import { barsFor } from "./gantt.js";
import { gettext, interpolate } from "./i18n.js";
import { FillPatterns } from "./patterns.js";
import { describeWait, listOfWaits } from "./queues.js";
import { shownEntries } from "./steps.js";
import { ownerOf, programUses, threadOwners } from "./thread-owners.js";
import { SeekItems, seekAttrs } from "./view-keys.js";
import { drawWaitForGraph, hasCycle, waitForGraph } from "./wait-for-graph.js";

export const THREAD_OPS = ["spawn", "join", "lock", "unlock", "sem_wait", "sem_signal"];

/** Does the scenario use threads or synchronisation (spawn, join, mutexes, semaphores)? */
export function usesThreads(scenario) {
  const procs = scenario && Array.isArray(scenario.processes) ? scenario.processes : [];
  return procs.some((p) => p && programUses(p.program, THREAD_OPS));
}

const LABEL_WIDTH = 120;

/**
 * Blocked stretches of every thread, read once per step as steps arrive:
 * [{who, on, start, startStep, end, endStep}] (end null while still blocked),
 * and the step of the deadlock event, if any.
 */
class WaitIndex {
  constructor() {
    this.store = null;
    this.seen = 0;
    this.waits = [];
    this.open = new Map();
    this.deadlockStep = null;
  }

  update(store) {
    if (store !== this.store || store.length < this.seen) {
      Object.assign(this, { store, seen: 0, waits: [], open: new Map(), deadlockStep: null });
    }
    for (; this.seen < store.length; this.seen += 1) {
      const step = store.step(this.seen);
      for (const e of (step && step.events) || []) {
        if (e.kind === "block" && e.who !== undefined) {
          const wait = { who: e.who, on: String(e.on ?? ""), start: step.t, startStep: this.seen, end: null, endStep: null };
          this.waits.push(wait);
          this.open.set(e.who, wait);
        } else if ((e.kind === "wake" || e.kind === "finish") && this.open.has(e.who)) {
          Object.assign(this.open.get(e.who), { end: step.t, endStep: this.seen });
          this.open.delete(e.who);
        } else if (e.kind === "deadlock" && this.deadlockStep === null) this.deadlockStep = this.seen;
      }
    }
  }
}

/** The short name of what a wait is for, to write inside its stretch: "fork1", "phil0", "empty". */
function waitTarget(on) {
  const [, ...rest] = on.split(":");
  return rest.join(":") || on;
}

export class ThreadsView {
  /**
   * @param {HTMLElement} root  the widget's own element
   * @param {object} options  palette (Palette), scenario (the raw scenario)
   */
  constructor(root, { palette, scenario }) {
    this.root = root;
    this.palette = palette;
    this.owners = threadOwners(scenario);
    this.fills = new FillPatterns(scenario, palette);
    this.index = new WaitIndex();
    this.last = null;
    this.showTable = false;
    this.canvas = el("div", { class: "threads-canvas" });
    this.items = new SeekItems(this.canvas);
    this.tableBox = el("div", { class: "threads-table-box", hidden: true });
    this.locks = el("div", { class: "threads-locks" });
    this.graph = el("div", { class: "threads-graph" });
    this.deadlock = el("div", { class: "threads-deadlock", hidden: true });
    const toggle = tableToggle((show) => {
      this.showTable = show;
      if (this.last) this.render(this.last);
    });
    root.classList.add("threads-view");
    root.append(
      el("div", { class: "widget-head" }, el("h3", { text: gettext("Threads and locks") }), toggle),
      this.deadlock, this.canvas, this.tableBox,
      el("div", { class: "threads-side" }, this.locks, this.graph));
    this.unwatch = watchWidth(this.canvas, () => this.last && this.render(this.last));
  }

  /** Processes in scenario order, each with its threads: [{process, threads: [name]}]. */
  groups(extra) {
    const groups = new Map();
    for (const [thread, process] of this.owners) {
      if (!groups.has(process)) groups.set(process, []);
      groups.get(process).push(thread);
    }
    for (const name of extra) {
      const process = ownerOf(this.owners, name);
      if (!groups.has(process)) groups.set(process, []);
      if (!groups.get(process).includes(name)) groups.get(process).push(name);
    }
    return [...groups].map(([process, threads]) => ({ process, threads }));
  }

  render(view) {
    this.last = view;
    this.index.update(view.store);
    const { cpu } = barsFor(view);
    const now = view.index < 0 ? 0 : view.t;
    const waits = this.index.waits.filter((w) => view.finished || w.startStep <= view.index)
      .map((w) => ({ ...w, end: w.endStep !== null && (view.finished || w.endStep <= view.index) ? w.end : null }));
    const groups = this.groups([...cpu.map((b) => b.who), ...waits.map((w) => w.who)]);
    this.canvas.hidden = this.showTable;
    this.tableBox.hidden = !this.showTable;
    if (this.showTable) this.drawTable(groups, cpu, waits, view);
    else this.drawLanes(view, groups, cpu, waits, now);
    this.drawLocks(view, now);
    this.drawGraph(view, now);
    this.drawDeadlock(view);
  }

  drawLanes(view, groups, cpu, waits, now) {
    this.items.before();
    clear(this.canvas);
    const font = fontSizeOf(this.root);
    const laneH = Math.round(font * 1.9);
    const headH = Math.round(font * 1.5);
    const width = widthOf(this.canvas);
    const maxT = Math.max(1, view.maxTick, ...cpu.map((b) => b.end));
    const x0 = LABEL_WIDTH;
    const x1 = width - 16;
    const x = (t) => x0 + ((x1 - x0) * t) / maxT;
    // A process with only its main thread is one lane; a process with threads is a heading over its lanes.
    const rows = groups.flatMap((g) => (g.threads.length === 1 && g.threads[0] === g.process
      ? [{ thread: g.process, process: g.process, alone: true }]
      : [{ head: g.process }, ...g.threads.map((t) => ({ thread: t, process: g.process }))]));
    let y = 4;
    const rowY = rows.map((row) => {
      const top = y;
      y += row.head !== undefined ? headH : laneH;
      return top;
    });
    const axisY = y + 2;
    const height = axisY + font * 2.4;
    // role=group, not img: the items inside are focusable controls.
    const chart = svg("svg", { class: "threads-svg", width, height, viewBox: `0 0 ${width} ${height}`, role: "group",
      "aria-label": gettext("Threads of each process over time: when each ran and what it waited for") });
    chart.append(this.fills.defs(rows.filter((r) => r.thread).map((r) => r.thread)));
    rows.forEach((row, k) => {
      const top = rowY[k];
      if (row.head !== undefined) {
        chart.append(svg("g", { class: "threads-process", "data-process": row.head },
          svg("line", { class: "threads-process-rule", x1: 0, x2: width, y1: top + headH - 2, y2: top + headH - 2 }),
          svg("text", { class: "threads-process-label", x: 4, y: top + headH / 2, "dominant-baseline": "central",
            text: interpolate(gettext("process %(name)s"), { name: row.head }) })));
        return;
      }
      const lane = svg("g", { class: "threads-lane", "data-thread": row.thread, "data-process": row.process });
      lane.append(
        svg("rect", { class: k % 2 ? "gantt-lane odd" : "gantt-lane", x: 0, y: top, width, height: laneH }),
        svg("text", { class: "gantt-lane-label", x: row.alone ? 4 : 18, y: top + laneH / 2, "dominant-baseline": "central",
          text: row.thread }));
      for (const w of waits.filter((item) => item.who === row.thread)) lane.append(this.waitShape(w, top, laneH, x, now, font, view));
      for (const bar of cpu.filter((b) => b.who === row.thread)) lane.append(this.runShape(bar, top, laneH, x, now, view));
      chart.append(lane);
    });
    chart.append(axis({ lo: 0, hi: maxT, x0, x1, y: axisY, scale: x, className: "axis gantt-axis" }));
    if (view.index >= 0) chart.append(svg("line", { class: "view-cursor", x1: x(now), x2: x(now), y1: 0, y2: axisY, "data-tick": now }));
    this.canvas.append(chart);
    this.items.after();
  }

  runShape(bar, top, laneH, x, now, view) {
    const future = view.finished && bar.start >= now;
    return svg("rect", { class: `threads-run${future ? " future" : ""}${bar.open ? " open" : ""}`, x: x(bar.start), y: top + 4,
      width: Math.max(1, x(bar.end) - x(bar.start)), height: laneH - 8, fill: this.fills.fill(bar.who),
      "data-who": bar.who, "data-start": bar.start, "data-end": bar.end },
    svg("title", { text: interpolate(gettext("%(who)s on CPU %(core)s from t=%(start)s to t=%(end)s"),
      { who: bar.who, core: bar.core, start: bar.start, end: bar.end }) }));
  }

  /** A blocked stretch: an outlined bar naming what the thread waits for; clicking it (or Enter) shows the step it began. */
  waitShape(w, top, laneH, x, now, font, view) {
    const end = w.end ?? Math.max(now, w.start);
    const future = view.finished && w.start >= now;
    const x0 = x(w.start);
    const width = Math.max(2, x(end) - x0);
    // The long reading ("thread phil0 to finish") when it fits, else the bare name ("phil0").
    const fits = (text) => width > text.length * font * 0.55 + 6;
    const label = [describeWait(w.on), waitTarget(w.on)].find(fits) ?? "";
    const title = interpolate(gettext("%(who)s waits for %(what)s from t=%(start)s"), { who: w.who, what: describeWait(w.on), start: w.start })
      + (w.end !== null ? interpolate(gettext(" to t=%(end)s"), { end: w.end }) : gettext(", still waiting"));
    const group = svg("g", { class: `threads-wait${future ? " future" : ""}${w.end === null ? " open" : ""}`,
      "data-who": w.who, "data-on": w.on, "data-start": w.start, "data-end": w.end ?? "",
      ...seekAttrs(`${w.who}@${w.startStep}`, w.startStep, w.start, title) },
    svg("title", { text: title }),
    svg("rect", { x: x0, y: top + 6, width, height: laneH - 12 }));
    if (label) {
      group.append(svg("text", { class: "threads-wait-label", x: x0 + width / 2, y: top + laneH / 2, "text-anchor": "middle",
        "dominant-baseline": "central", text: label }));
    }
    return group;
  }

  drawTable(groups, cpu, waits, view) {
    const spans = (list) => list.map(([a, b]) => (b === null ? `${a}–` : `${a}–${b}`)).join(", ") || "—";
    clear(this.tableBox).append(el("table", { class: "view-table threads-table" },
      el("caption", { text: interpolate(gettext("Threads up to t=%(t)s"), { t: view.t }) }),
      el("thead", {}, el("tr", {}, [gettext("Process"), gettext("Thread"), gettext("Ran"), gettext("Waited for")]
        .map((label) => el("th", { scope: "col", text: label })))),
      el("tbody", {}, groups.flatMap((g) => g.threads.map((thread) => el("tr", { "data-thread": thread },
        el("td", { text: g.process }), el("th", { scope: "row", text: thread }),
        el("td", { text: spans(cpu.filter((b) => b.who === thread).map((b) => [b.start, b.end])) }),
        el("td", { text: waits.filter((w) => w.who === thread)
          .map((w) => `${describeWait(w.on)} (${w.start}–${w.end ?? ""})`).join("; ") || "—" })))))));
  }

  /** Mutex holders and waiters, semaphore values and waiters, at the current step. */
  drawLocks(view, now) {
    clear(this.locks);
    const locks = view.state && view.state.locks && typeof view.state.locks === "object" ? Object.entries(view.state.locks) : [];
    this.locks.append(el("h4", { text: interpolate(gettext("Locks at t=%(t)s"), { t: now }) }));
    if (!locks.length) {
      this.locks.append(el("p", { class: "muted", text: gettext("No mutex or semaphore has been used yet.") }));
      return;
    }
    const chip = (name, waiting = false) => el("span", { class: `chip${waiting ? " waiting" : ""}`, "data-who": name,
      style: `--chip: ${this.palette.fill(name)}; --chip-text: ${this.palette.text(name)}`, text: name });
    this.locks.append(el("table", { class: "view-table locks-table" },
      el("thead", {}, el("tr", {}, [gettext("Lock"), gettext("Held by / value"), gettext("Waiting, in order")]
        .map((label) => el("th", { scope: "col", text: label })))),
      el("tbody", {}, locks.map(([key, lock]) => {
        const [kind, ...rest] = key.split(":");
        const isSem = kind === "sem";
        const waiters = lock && Array.isArray(lock.waiters) ? shownEntries(lock.waiters) : [];
        return el("tr", { "data-lock": key },
          el("th", { scope: "row", text: interpolate(isSem ? gettext("semaphore %(x)s") : gettext("mutex %(x)s"), { x: rest.join(":") }) }),
          el("td", { class: "lock-holder" }, isSem
            ? el("span", { "data-value": lock.value, text: interpolate(gettext("value %(v)s"), { v: lock.value }) })
            : (lock && lock.holder ? chip(lock.holder) : el("span", { class: "muted", text: gettext("free") }))),
          el("td", { class: "lock-waiters" }, waiters.length ? waiters.map((w) => chip(w, true)) : el("span", { class: "muted", text: "—" })));
      }))));
  }

  drawGraph(view, now) {
    clear(this.graph);
    const deadlock = view.finished && view.result ? view.result.deadlock : null;
    const atDeadlock = Boolean(deadlock) && this.index.deadlockStep !== null && view.index >= this.index.deadlockStep;
    const graph = waitForGraph(view.state || {}, atDeadlock ? deadlock : null);
    this.graph.append(el("h4", { text: interpolate(gettext("Who waits for whom at t=%(t)s"), { t: now }) }));
    if (!graph.edges.length) {
      this.graph.append(el("p", { class: "muted", text: gettext("Nobody holds or waits for a lock.") }));
      return;
    }
    const first = deadlock && Array.isArray(deadlock.cycle) ? deadlock.cycle : [];
    this.graph.append(drawWaitForGraph(graph, { fills: this.fills, font: fontSizeOf(this.root), first }),
      el("p", { class: `waitfor-legend${hasCycle(graph) ? " cycle" : ""}`, text: hasCycle(graph)
        ? gettext("The red arrows close a cycle: every thread on it waits for the next, so none can go on. This is a deadlock.")
        : gettext("Dashed arrow: waits for. Solid arrow: is held by.") }));
  }

  /** The result's deadlock in words, with a button to show its step. */
  drawDeadlock(view) {
    const deadlock = view.finished && view.result ? view.result.deadlock : null;
    this.deadlock.hidden = !deadlock;
    clear(this.deadlock);
    if (!deadlock) return;
    const cycle = Array.isArray(deadlock.cycle) ? deadlock.cycle : [];
    const waits = deadlock.waits || {};
    const links = cycle.map((who) => interpolate(gettext("%(who)s waits for %(what)s"), { who, what: describeWait(waits[who] ?? "?") }));
    if (this.deadlockCyclic === undefined || this.deadlockOf !== view.result) {
      // Computed once per result: is the engine's list a true cycle of waits, or just every stuck thread?
      this.deadlockOf = view.result;
      this.deadlockCyclic = hasCycle(waitForGraph(view.store.stateAt(view.store.length - 1), deadlock));
    }
    const sentence = this.deadlockCyclic
      ? gettext("The run ends at t=%(t)s, stuck in a cycle of waits: %(list)s.")
      : gettext("The run ends at t=%(t)s with no thread able to run again: %(list)s.");
    this.deadlock.append(el("p", { class: "deadlock-text", role: "note" },
      el("strong", { text: gettext("Deadlock.") }), " ",
      interpolate(sentence, { t: view.result.ticks, list: listOfWaits(links) })));
    if (this.index.deadlockStep !== null && view.index !== this.index.deadlockStep) {
      const step = this.index.deadlockStep;
      this.deadlock.append(el("button", { type: "button", class: "btn small", "data-part": "show-deadlock",
        text: gettext("Show the deadlock"),
        on: { click: (event) => requestSeek(event.currentTarget, { step, tick: view.store.tickAt(step) }) } }));
    }
  }

  dispose() {
    this.unwatch();
  }
}
