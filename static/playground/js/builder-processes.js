/**
 * The processes table of the builder (name, arrival, burst or program,
 * priority, lottery tickets) with add/remove, and the table of disk
 * requests that arrive on their own (io_requests).  A process is either a
 * single CPU burst or a program of ops (the op editor opens under its row).
 */

import { buildOpEditor } from "./builder-ops.js";
import { el } from "./dom.js";
import { field } from "./fields.js";
import { gettext, interpolate } from "./i18n.js";

/** Total CPU ticks of a program's cpu ops (what a burst would be). */
function cpuTicks(program) {
  return (program || []).reduce((sum, op) => sum + (op && op.op === "cpu" && Number.isInteger(op.ticks) ? op.ticks : 0), 0);
}

/** The first "P<n>" not used by a process. */
function freshName(processes) {
  const taken = new Set(processes.map((p) => p && p.name));
  let n = processes.length + 1;
  while (taken.has(`P${n}`)) n += 1;
  return `P${n}`;
}

function iconButton(label, text, onclick, extra = "") {
  return el("button", { type: "button", class: `icon-btn ${extra}`.trim(), title: label, "aria-label": label, text, on: { click: onclick } });
}

/** The processes editor for `model`; `functions` feeds the call op's select. */
export function buildProcesses(model, functions) {
  const processes = () => model.get("processes") || [];
  const setProcesses = (next) => model.set("processes", next, { structural: true });
  const lottery = (model.get("cpu.policy") ?? "fcfs") === "lottery";
  const head = el("div", { class: "process-row process-head", "aria-hidden": "true" },
    el("span", { text: gettext("Name") }), el("span", { text: gettext("Arrival") }),
    el("span", { text: gettext("Burst / program") }), el("span", { text: gettext("Priority") }),
    lottery ? el("span", { text: gettext("Tickets") }) : null, el("span"));
  const rows = processes().map((proc, i) => {
    const path = `processes[${i}]`;
    const n = i + 1;
    const hasProgram = proc && Array.isArray(proc.program);
    const toggle = () => {
      const next = processes().slice();
      const current = { ...next[i] };
      if (hasProgram) {
        current.burst = Math.max(1, cpuTicks(current.program));
        delete current.program;
      } else {
        current.program = [{ op: "cpu", ticks: Number.isInteger(current.burst) && current.burst > 0 ? current.burst : 1 }];
        delete current.burst;
      }
      next[i] = current;
      setProcesses(next);
    };
    const work = hasProgram
      ? el("div", { class: "field field-program", "data-path": `${path}.program` },
        el("span", { class: "program-summary", text: interpolate(gettext("program of %(n)s ops"), { n: proc.program.length }) }),
        el("p", { class: "field-error", hidden: true, role: "alert" }))
      : field(model, `${path}.burst`, { label: interpolate(gettext("Burst of process %(n)s"), { n }), kind: "int", min: 1, compact: true });
    const row = el("div", { class: "process", "data-path": path },
      el("div", { class: "process-row" },
        field(model, `${path}.name`, { label: interpolate(gettext("Name of process %(n)s"), { n }), compact: true }),
        field(model, `${path}.arrival`, { label: interpolate(gettext("Arrival of process %(n)s"), { n }), kind: "int", min: 0, placeholder: "0", compact: true }),
        work,
        field(model, `${path}.priority`, { label: interpolate(gettext("Priority of process %(n)s"), { n }), kind: "int", placeholder: "0", compact: true }),
        lottery ? field(model, `${path}.tickets`, { label: interpolate(gettext("Tickets of process %(n)s"), { n }), kind: "int", placeholder: "1", min: 1, compact: true }) : null,
        el("div", { class: "process-actions" },
          el("button", { type: "button", class: "btn small program-toggle", text: hasProgram ? gettext("Use a burst") : gettext("Edit program"),
            title: hasProgram ? gettext("Replace the program by one CPU burst of its CPU ticks") : gettext("Turn the burst into a program of ops"),
            on: { click: toggle } }),
          iconButton(interpolate(gettext("Remove process %(n)s"), { n }), "✕",
            () => setProcesses(processes().filter((_, k) => k !== i)), "danger"))),
      el("p", { class: "field-error", hidden: true, role: "alert" }),
      hasProgram ? buildOpEditor(model, i, functions) : null);
    return row;
  });
  const add = el("button", { type: "button", class: "btn add-process", text: gettext("Add process"),
    on: { click: () => setProcesses([...processes(), { name: freshName(processes()), arrival: 0, burst: 5 }]) } });
  return el("div", { class: lottery ? "processes lottery" : "processes", "data-path": "processes" },
    el("p", { class: "field-error", hidden: true, role: "alert" }), head, ...rows, add);
}

/** The io_requests table: disk requests with a cylinder and an arrival tick. */
export function buildIoRequests(model) {
  const requests = () => model.get("io_requests") || [];
  const setRequests = (next) => model.set("io_requests", next.length ? next : undefined, { structural: true });
  const rows = requests().map((_, k) => {
    const path = `io_requests[${k}]`;
    return el("div", { class: "io-request", "data-path": path },
      el("div", { class: "io-request-row" },
        field(model, `${path}.cylinder`, { label: interpolate(gettext("Cylinder of request %(n)s"), { n: k + 1 }), kind: "int", min: 0, compact: true }),
        field(model, `${path}.arrival`, { label: interpolate(gettext("Arrival of request %(n)s"), { n: k + 1 }), kind: "int", min: 0, placeholder: "0", compact: true }),
        iconButton(interpolate(gettext("Remove request %(n)s"), { n: k + 1 }), "✕",
          () => setRequests(requests().filter((__, j) => j !== k)), "danger")),
      el("p", { class: "field-error", hidden: true, role: "alert" }));
  });
  return el("div", { class: "io-requests", "data-path": "io_requests" },
    el("p", { class: "field-error", hidden: true, role: "alert" }),
    rows.length ? el("div", { class: "io-request-row io-head", "aria-hidden": "true" },
      el("span", { text: gettext("Cylinder") }), el("span", { text: gettext("Arrival") }), el("span")) : null,
    ...rows,
    el("button", { type: "button", class: "btn add-request", text: gettext("Add disk request"),
      on: { click: () => setRequests([...requests(), { cylinder: 0, arrival: 0 }]) } }));
}
