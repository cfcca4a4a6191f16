/**
 * Event log widget: what the kernel did, step by step, up to the current
 * step, newest at the bottom.  Each decision shows its reason; the events of
 * the current step are highlighted.  Closed Gantt segments (`segment`
 * events) are bookkeeping for the chart and are not listed.  Only the last
 * MAX_ROWS events are drawn so that long runs stay fast.
 *
 * The list is drawn incrementally: moving forward appends the rows of the
 * new steps (and drops the oldest past MAX_ROWS), so a step of playback
 * costs its own few rows, not 300.  A backward seek, a step before any row
 * was drawn, or another run's store rebuilds the list from the store.  The
 * list always shows the same rows a rebuild at that step would show.
 */

import { clear, el } from "./dom.js";
import { formatSize, formatValue } from "./format.js";
import { gettext, interpolate } from "./i18n.js";
import { describeWait } from "./queues.js";
import { translateReason } from "./translate.js";

const MAX_ROWS = 300;

let kindLabels = null;

/** Translated name of an event kind (unknown kinds show as they are). */
function kindLabel(kind) {
  // Built once, on first use (the catalog from /jsi18n/ is loaded before any module runs).
  kindLabels ??= {
    arrive: gettext("arrive"), dispatch: gettext("dispatch"), preempt: gettext("preempt"),
    expire: gettext("quantum expires"), block: gettext("block"), wake: gettext("wake"),
    finish: gettext("finish"), alloc: gettext("alloc"), free: gettext("free"), disk: gettext("disk"),
    send: gettext("send"), deliver: gettext("deliver"), recv: gettext("receive"), call: gettext("call"),
    error: gettext("error"), boost: gettext("priority boost"), deadlock: gettext("deadlock"),
    disk_request: gettext("disk request"), spawn: gettext("spawn"), join: gettext("join"), lock: gettext("lock"),
    unlock: gettext("unlock"), sem_wait: gettext("semaphore wait"), sem_signal: gettext("semaphore signal"),
    publish: gettext("publish"), subscribe: gettext("subscribe"), request: gettext("request"), reply: gettext("reply"),
    access: gettext("memory access"), acquire: gettext("acquire resources"), release: gettext("release resources"),
    llm_arrive: gettext("LLM request arrives"), llm_admit: gettext("LLM admits"), llm_wait: gettext("LLM request waits"),
    llm_iteration: gettext("LLM iteration"), llm_preempt: gettext("LLM preempts"),
    llm_swap_full: gettext("LLM swap space full"), llm_finish: gettext("LLM request finishes"),
  };
  return kindLabels[kind] ?? String(kind);
}

/** The facts of an event other than its kind and reason, as one short line. */
export function eventFacts(event) {
  const parts = [];
  if (event.who !== undefined) parts.push(String(event.who));
  if (Number.isInteger(event.core)) parts.push(interpolate(gettext("on CPU %(n)s"), { n: event.core }));
  if (event.ref !== undefined && event.ref !== null) parts.push(interpolate(gettext("ref %(ref)s"), { ref: event.ref }));
  if (Number.isInteger(event.size)) parts.push(formatSize(event.size));
  if (Number.isInteger(event.addr)) parts.push(interpolate(gettext("at %(addr)s"), { addr: event.addr }));
  const sender = event.sender ?? event.from;
  if (sender !== undefined && sender !== null) parts.push(interpolate(gettext("from %(x)s"), { x: sender }));
  if (event.to !== undefined && event.to !== null) parts.push(interpolate(gettext("to %(x)s"), { x: event.to }));
  if (event.cylinder !== undefined) parts.push(interpolate(gettext("cylinder %(c)s"), { c: event.cylinder }));
  if (event.request !== undefined) parts.push(interpolate(gettext("request #%(n)s"), { n: event.request }));
  if (event.by !== undefined) parts.push(interpolate(gettext("by %(x)s"), { x: event.by }));
  // A block event's "on" is the engine's token ("mutex:m", "io:6 ticks"): read it as the queues do.
  if (event.on !== undefined) parts.push(interpolate(gettext("waits for %(why)s"), { why: describeWait(event.on) }));
  if (event.thread !== undefined) parts.push(interpolate(gettext("thread %(x)s"), { x: event.thread }));
  if (event.mutex !== undefined) parts.push(interpolate(gettext("mutex %(x)s"), { x: event.mutex }));
  if (event.sem !== undefined) parts.push(interpolate(gettext("semaphore %(x)s"), { x: event.sem }));
  if (event.topic !== undefined) parts.push(interpolate(gettext("topic %(x)s"), { x: event.topic }));
  if (event.fn !== undefined) parts.push(String(event.fn));
  if (event.body !== undefined) parts.push(`“${formatValue(event.body, 40)}”`);
  if (event.victim !== undefined) parts.push(interpolate(gettext("victim %(x)s"), { x: event.victim }));
  if (Array.isArray(event.cycle)) parts.push(event.cycle.join(" → "));
  return parts.join(" · ");
}

/** Segments are the chart's bookkeeping, not decisions: the log leaves them out. */
function listed(event) {
  return event.kind !== "segment";
}

/**
 * The listed events of the steps after `after` up to `index`, oldest first,
 * each as {step, t, event}; at most `limit` of them (the newest).  Walks
 * back from `index`, so it costs the steps moved over, not the run.
 */
function eventsAfter(store, after, index, limit) {
  const out = [];
  for (let j = index; j > after && out.length < limit; j -= 1) {
    const events = store.eventsAt(j);
    for (let e = events.length - 1; e >= 0 && out.length < limit; e -= 1) {
      if (listed(events[e])) out.push({ step: j, t: store.tickAt(j), event: events[e] });
    }
  }
  return out.reverse();
}

/** One row of the log: tick, kind, facts, and the reason (or error) in the page's language. */
function logRow({ step, t, event }) {
  const failed = event.kind === "error" || event.kind === "deadlock" || Boolean(event.error);
  return el("li", {
    class: failed ? "log-row failed" : "log-row", "data-step": step, "data-kind": event.kind,
  },
  el("span", { class: "log-t", text: `t=${t}` }),
  el("span", { class: "log-kind", text: kindLabel(event.kind) }),
  el("span", { class: "log-facts", text: eventFacts(event) }),
  event.reason || event.error
    ? el("span", { class: "log-reason", text: translateReason(event) }) : null);
}

export class EventLog {
  constructor(root) {
    this.root = root;
    // A scrolling region must be reachable from the keyboard (WCAG 2.1.1), with a name.
    this.list = el("ol", { class: "log-list", "aria-live": "off", tabindex: "0", "aria-label": gettext("Event log") });
    this.note = el("p", { class: "log-note muted" });
    root.classList.add("event-log");
    root.append(el("div", { class: "widget-head" }, el("h3", { text: gettext("Event log") })), this.note, this.list);
    // What the list shows: the listed events of steps 0..shownIndex of shownStore (the last MAX_ROWS).
    this.shownStore = null;
    this.shownIndex = -1;
    /** The rows highlighted as the current step's, so that moving on unmarks just them. */
    this.currentRows = [];
  }

  render(view) {
    if (view.index < 0) {
      this.reset();
      this.note.textContent = gettext("Events appear here as the run streams.");
      return;
    }
    // Steps never change once received: the same step of the same run draws the same rows
    // (the player renders again when more steps stream in or the run finishes).
    if (view.store === this.shownStore && view.index === this.shownIndex) return;
    if (view.store === this.shownStore && view.index > this.shownIndex) this.advance(view.store, view.index);
    else this.rebuild(view.store, view.index);
    this.shownStore = view.store;
    this.shownIndex = view.index;
    this.markCurrent(view.index);
    this.scrollToCurrent();
  }

  /** Forget every row (before the first step, and ahead of a rebuild). */
  reset() {
    clear(this.list);
    this.note.textContent = "";
    this.shownStore = null;
    this.shownIndex = -1;
    this.currentRows = [];
  }

  /** Draw the rows up to step `index` from nothing. */
  rebuild(store, index) {
    this.reset();
    const rows = store.eventsUpTo(index, MAX_ROWS + 1, listed);
    if (rows.length > MAX_ROWS) {
      rows.shift();
      this.showTruncated();
    }
    this.list.append(...rows.map(logRow));
  }

  /** Append the rows of the steps after the ones shown, up to `index`, dropping the oldest past MAX_ROWS. */
  advance(store, index) {
    const rows = eventsAfter(store, this.shownIndex, index, MAX_ROWS);
    if (rows.length === MAX_ROWS) {
      // Far enough forward that no row drawn stays: a rebuild, which also tells whether older events exist.
      this.rebuild(store, index);
      return;
    }
    this.list.append(...rows.map(logRow));
    let dropped = this.list.childElementCount - MAX_ROWS;
    if (dropped > 0) this.showTruncated();
    for (; dropped > 0; dropped -= 1) this.list.firstElementChild.remove();
  }

  showTruncated() {
    this.note.textContent = interpolate(gettext("Showing the last %(n)s events."), { n: MAX_ROWS });
  }

  /** Highlight the rows of step `index` (they are the last rows: newest at the bottom). */
  markCurrent(index) {
    for (const row of this.currentRows) row.classList.remove("current");
    this.currentRows = [];
    for (let row = this.list.lastElementChild; row && Number(row.dataset.step) === index; row = row.previousElementSibling) {
      row.classList.add("current");
      this.currentRows.push(row);
    }
    this.currentRows.reverse();
  }

  /** Newest at the bottom: keep the current step's first row (or the last row) in view. */
  scrollToCurrent() {
    const row = this.currentRows[0] || this.list.lastElementChild;
    if (row) this.list.scrollTop = row.offsetTop - this.list.clientHeight + row.offsetHeight + 8;
  }
}
