/**
 * The LLM requests as of the cursor: the decisions of this step with their
 * reasons (admitted, waits, preempted, finished...), then one row per
 * request that has arrived, with where it is (waiting, running, swapped,
 * done), its time to first token once the token came, and its time per
 * output token and end-to-end latency once it finished ("—" before), and
 * its preemptions so far (result names: CONTRACT.md, "The LLM device").
 */

import { clear, el } from "./dom.js";
import { formatNumber } from "./format.js";
import { gettext, interpolate } from "./i18n.js";
import { translateReason } from "./translate.js";

let decisionNames = null;

/** The kind of an LLM event, in the page's language. */
export function decisionLabel(kind) {
  decisionNames ??= {
    llm_arrive: gettext("arrives"), llm_admit: gettext("admitted"), llm_wait: gettext("waits"),
    llm_preempt: gettext("preempted"), llm_finish: gettext("finished"), llm_swap_full: gettext("swap space full"),
    llm_iteration: gettext("iteration"),
  };
  return decisionNames[kind] ?? String(kind);
}

const dash = (x) => (x === null || x === undefined ? "—" : formatNumber(x, 1));

export class LlmRequests {
  constructor(root, { history }) {
    this.root = root;
    this.history = history;
    this.drawn = null; // the table on screen: its rows by request, and what it was drawn from
    this.decisions = el("ul", { class: "llm-decisions" });
    this.body = el("div", { class: "llm-requests-body", tabindex: "0", role: "region", "aria-label": gettext("LLM requests") });
    root.classList.add("llm-requests");
    root.append(el("div", { class: "widget-head" }, el("h3", { text: gettext("LLM requests") })),
      el("h4", { text: gettext("This step's LLM decisions") }), this.decisions, this.body);
  }

  render(view) {
    const history = this.history.sync(view);
    clear(this.decisions);
    const events = (view.events || []).filter((e) => typeof e.kind === "string" && e.kind.startsWith("llm_")
      && (e.kind !== "llm_iteration" || e.reason || e.reason_key));
    for (const event of events) {
      this.decisions.append(el("li", { class: "llm-decision", "data-kind": event.kind, "data-who": event.who ?? "" },
        el("span", { class: "llm-decision-kind", text: decisionLabel(event.kind) }), " ",
        el("span", { class: "llm-decision-reason", text: event.reason || event.reason_key ? translateReason(event) : String(event.who ?? "") })));
    }
    if (!events.length) this.decisions.append(el("li", { class: "muted", text: gettext("No LLM decision at this step.") }));
    const llm = (view.state && view.state.llm) || {};
    const running = new Set(llm.running || []);
    const swapped = new Set(llm.swapped || []);
    const place = (req) => {
      if (req.finish !== null) return gettext("done");
      if (running.has(req.id)) return gettext("running");
      return swapped.has(req.id) ? gettext("swapped out") : gettext("waiting");
    };
    const row = (req) => {
      const f = history.figures(req, view.t);
      return el("tr", { "data-request": req.id, class: f.done ? "done" : null },
        el("th", { scope: "row", text: String(req.id) }),
        el("td", { text: place(req) }),
        el("td", { class: "num", text: String(req.arrival) }),
        el("td", { class: "num", "data-field": "ttft", text: dash(f.ttft) }),
        el("td", { class: "num", "data-field": "tpot", text: dash(f.tpot) }),
        el("td", { class: "num", "data-field": "e2e", text: dash(f.e2e) }),
        el("td", { class: "num", "data-field": "preemptions", text: String(f.preemptions) }));
    };
    const caption = () => interpolate(gettext("%(n)s requests at t = %(t)s, %(done)s finished (ticks)"),
      { n: history.arrived, t: view.t, done: history.arrived - history.open.size });
    // Forward with the same requests: a finished request's row is final, so only the open ones (now or at the
    // last drawing) are drawn again.  Otherwise the table is drawn afresh; both give the same table.
    const drawn = this.drawn;
    if (drawn && drawn.store === history.store && view.index >= drawn.index && drawn.arrived === history.arrived
      && drawn.table.isConnected) {
      for (const id of new Set([...drawn.open, ...history.open])) {
        const tr = drawn.rows.get(id);
        const req = history.requests.get(id);
        if (!tr || !req) continue;
        const fresh = row(req);
        if (fresh.outerHTML !== tr.outerHTML) {
          tr.replaceWith(fresh);
          drawn.rows.set(id, fresh);
        }
      }
      const text = caption();
      if (drawn.caption.textContent !== text) drawn.caption.textContent = text;
      Object.assign(drawn, { index: view.index, open: new Set(history.open) });
      return;
    }
    this.drawn = null;
    clear(this.body);
    const requests = [...history.requests.values()].filter((r) => r.arrival !== null);
    if (!requests.length) return;
    const rows = new Map(requests.map((req) => [req.id, row(req)]));
    const captionNode = el("caption", { text: caption() });
    const table = el("table", { class: "chart-table llm-requests-table" }, captionNode,
      el("thead", {}, el("tr", {}, ...[gettext("Request"), gettext("State"), gettext("Arrival"), gettext("Time to first token"),
        gettext("Time per output token"), gettext("End to end"), gettext("Preemptions")]
        .map((label, k) => el("th", { scope: "col", class: k >= 2 ? "num" : null, text: label })))),
      el("tbody", {}, ...rows.values()));
    this.body.append(table);
    this.drawn = { store: history.store, index: view.index, arrived: history.arrived, table, caption: captionNode, rows,
      open: new Set(history.open) };
  }
}
