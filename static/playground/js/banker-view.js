/**
 * The banker's matrices at the current step: allocation, max and need per
 * process, available per resource type, and the last safety check with the
 * safe sequence it found (or the processes that could not finish).  Read
 * from the step state `resources` (docs/vm.md, "Deadlock avoidance").
 */

import { clear, el } from "./dom.js";
import { gettext, interpolate } from "./i18n.js";

/** Does the scenario declare resources for acquire/release? */
export function usesResources(scenario) {
  return Array.isArray(scenario && scenario.resources) && scenario.resources.length > 0;
}

const vector = (v) => (Array.isArray(v) ? v.join(" ") : "");

export class BankerView {
  constructor(root) {
    this.root = root;
    this.body = el("div", { class: "banker-body" });
    root.classList.add("banker-view");
    root.append(el("div", { class: "widget-head" }, el("h3", { text: gettext("Banker's algorithm") })), this.body);
  }

  render(view) {
    clear(this.body);
    const r = view.state && view.state.resources;
    if (!r) return;
    const rows = r.processes.map((name, i) => el("tr", {},
      el("th", { scope: "row", text: name }),
      el("td", { text: vector(r.allocation[i]) }), el("td", { text: vector(r.max[i]) }),
      el("td", { text: vector(r.need[i]) })));
    this.body.append(
      el("p", { class: "banker-available", text: interpolate(gettext("Available: %(v)s"), { v: vector(r.available) }) }),
      el("table", { class: "banker-table" },
        el("caption", { text: gettext("Allocation, max and need (max − allocation)") }),
        el("thead", {}, el("tr", {}, el("th", { scope: "col", text: gettext("Process") }),
          el("th", { scope: "col", text: gettext("Allocation") }), el("th", { scope: "col", text: gettext("Max") }),
          el("th", { scope: "col", text: gettext("Need") }))),
        el("tbody", {}, ...rows)));
    const check = r.last_check;
    if (check) {
      const text = check.safe
        ? interpolate(gettext("Last check (%(who)s asks for %(v)s at t = %(t)s): safe, sequence %(seq)s"),
          { who: check.who, v: vector(check.request), t: check.t, seq: check.sequence.join(", ") })
        : interpolate(gettext("Last check (%(who)s asks for %(v)s at t = %(t)s): not granted"),
          { who: check.who, v: vector(check.request), t: check.t });
      this.body.append(el("p", { class: check.safe ? "banker-safe" : "banker-unsafe", text }));
    }
  }
}
