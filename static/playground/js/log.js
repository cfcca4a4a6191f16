/**
 * Event log widget: what the kernel did, step by step, up to the current
 * step, newest at the bottom.  Each decision shows its reason; the events of
 * the current step are highlighted.  Closed Gantt segments (`segment`
 * events) are bookkeeping for the chart and are not listed.  Only the last
 * MAX_ROWS events are drawn so that long runs stay fast.
 */

import { clear, el } from "./dom.js";
import { formatSize, formatValue } from "./format.js";
import { gettext, interpolate } from "./i18n.js";
import { translateSentence } from "./translate.js";

const MAX_ROWS = 300;

/** Translated names of the event kinds (unknown kinds show as they are). */
function kindLabel(kind) {
  const labels = {
    arrive: gettext("arrive"), dispatch: gettext("dispatch"), preempt: gettext("preempt"),
    expire: gettext("quantum expires"), block: gettext("block"), wake: gettext("wake"),
    finish: gettext("finish"), alloc: gettext("alloc"), free: gettext("free"), disk: gettext("disk"),
    send: gettext("send"), deliver: gettext("deliver"), recv: gettext("receive"), call: gettext("call"),
    error: gettext("error"), boost: gettext("priority boost"), deadlock: gettext("deadlock"),
    disk_request: gettext("disk request"), spawn: gettext("spawn"), join: gettext("join"), lock: gettext("lock"),
    unlock: gettext("unlock"), sem_wait: gettext("semaphore wait"), sem_signal: gettext("semaphore signal"),
    publish: gettext("publish"), subscribe: gettext("subscribe"), request: gettext("request"), reply: gettext("reply"),
  };
  return labels[kind] ?? String(kind);
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
  if (event.on !== undefined) parts.push(interpolate(gettext("waits on %(x)s"), { x: event.on }));
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

export class EventLog {
  constructor(root) {
    this.root = root;
    // A scrolling region must be reachable from the keyboard (WCAG 2.1.1), with a name.
    this.list = el("ol", { class: "log-list", "aria-live": "off", tabindex: "0", "aria-label": gettext("Event log") });
    this.note = el("p", { class: "log-note muted" });
    root.classList.add("event-log");
    root.append(el("div", { class: "widget-head" }, el("h3", { text: gettext("Event log") })), this.note, this.list);
  }

  render(view) {
    clear(this.list);
    this.note.textContent = "";
    if (view.index < 0) {
      this.note.textContent = gettext("Events appear here as the run streams.");
      return;
    }
    const rows = view.store.eventsUpTo(view.index, MAX_ROWS + 1, (e) => e.kind !== "segment");
    if (rows.length > MAX_ROWS) {
      rows.shift();
      this.note.textContent = interpolate(gettext("Showing the last %(n)s events."), { n: MAX_ROWS });
    }
    for (const { step, t, event } of rows) {
      const current = step === view.index;
      const failed = event.kind === "error" || event.kind === "deadlock" || Boolean(event.error);
      this.list.append(el("li", {
        class: ["log-row", current ? "current" : "", failed ? "failed" : ""].join(" ").trim(),
        "data-step": step, "data-kind": event.kind,
      },
      el("span", { class: "log-t", text: `t=${t}` }),
      el("span", { class: "log-kind", text: kindLabel(event.kind) }),
      el("span", { class: "log-facts", text: eventFacts(event) }),
      event.reason || event.error
        ? el("span", { class: "log-reason", text: translateSentence(String(event.error || event.reason)) }) : null));
    }
    // Newest at the bottom: keep the current step in view.
    const currentRow = this.list.querySelector("li.current") || this.list.lastElementChild;
    if (currentRow) this.list.scrollTop = currentRow.offsetTop - this.list.clientHeight + currentRow.offsetHeight + 8;
  }
}
