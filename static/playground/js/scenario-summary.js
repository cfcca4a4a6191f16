/**
 * A read-only summary of a scenario (shared and run pages): description,
 * the settings it sets, its processes with their work, and its disk
 * requests.  Every value goes in as text.
 */

import { el } from "./dom.js";
import { formatValue } from "./format.js";
import { gettext, interpolate } from "./i18n.js";

/** "cpu 3 · alloc buf · io 98" for a program (first `max` ops). */
export function programText(program, max = 8) {
  const parts = program.slice(0, max).map((op) => {
    if (!op || typeof op !== "object") return "?";
    const arg = op.ticks ?? op.size ?? op.ref ?? op.cylinder ?? op.to ?? op.thread ?? op.mutex ?? op.sem ?? op.topic ?? op.fn ?? op.from ?? "";
    return `${op.op}${arg === "" ? "" : ` ${formatValue(arg, 20)}`}`;
  });
  if (program.length > max) parts.push(interpolate(gettext("… %(n)s more"), { n: program.length - max }));
  return parts.join(" · ");
}

/** Settings sections the scenario sets, as [label, "key=value, ..."] pairs. */
function settingsText(scenario) {
  const sections = [["cpu", gettext("CPU")], ["memory", gettext("Memory")], ["io", gettext("Disk")],
    ["ipc", gettext("Messages")], ["threads", gettext("Threads")], ["semaphores", gettext("Semaphores")]];
  return sections
    .filter(([key]) => scenario[key] && typeof scenario[key] === "object")
    .map(([key, label]) => [label, Object.entries(scenario[key]).map(([k, v]) => `${k} = ${formatValue(v, 40)}`).join(", ")]);
}

/** The summary element for `scenario`. */
export function scenarioSummary(scenario) {
  const processes = Array.isArray(scenario.processes) ? scenario.processes : [];
  const requests = Array.isArray(scenario.io_requests) ? scenario.io_requests : [];
  const settings = settingsText(scenario);
  return el("div", { class: "scenario-summary" },
    scenario.description ? el("p", { class: "scenario-description", text: String(scenario.description) }) : null,
    settings.length ? el("dl", { class: "facts scenario-settings" },
      settings.flatMap(([label, text]) => [el("dt", { text: label }), el("dd", { text })])) : null,
    processes.length ? el("table", { class: "summary-table scenario-processes" },
      el("caption", { text: gettext("Processes") }),
      el("thead", {}, el("tr", {},
        [gettext("Name"), gettext("Arrival"), gettext("Work"), gettext("Priority")].map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, processes.map((p) => el("tr", { "data-who": p && p.name },
        el("th", { scope: "row", class: "process-name", text: String(p && p.name) }),
        el("td", { class: "num", text: String(p.arrival ?? 0) }),
        el("td", { text: Array.isArray(p.program) ? programText(p.program) : interpolate(gettext("burst %(n)s"), { n: p.burst }) }),
        el("td", { class: "num", text: String(p.priority ?? 0) }))))) : null,
    requests.length ? el("p", { class: "scenario-requests" },
      el("strong", { text: gettext("Disk requests (cylinder @ arrival):") }), " ",
      requests.map((r) => `${r.cylinder} @ ${r.arrival ?? 0}`).join(", ")) : null);
}
