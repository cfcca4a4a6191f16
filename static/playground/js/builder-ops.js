/**
 * The op editor: one process's program as a list of ops, each with a kind
 * select and the fields of that kind (docs/internals.md, "Ops").  Nested
 * programs (spawn) and call arguments are edited as JSON text.  Adding,
 * removing, moving an op or changing its kind rebuilds the form.
 */

import { el } from "./dom.js";
import { field } from "./fields.js";
import { formatSize, parseSize } from "./format.js";
import { gettext, interpolate } from "./i18n.js";
import { scenarioNames } from "./palette.js";

/** Fields of each op kind: [key, field kind, label]. */
function opFields(kind) {
  const to = ["to", "text", gettext("to (process)")];
  const body = ["body", "body", gettext("message body")];
  const as = ["as", "text", gettext("as (name the result)")];
  return {
    cpu: [["ticks", "int", gettext("ticks")]],
    alloc: [["size", "size", gettext("size")], ["as", "text", gettext("as (block name)")]],
    free: [["ref", "text", gettext("ref (block name)")]],
    io: [["cylinder", "int", gettext("cylinder (disk)")], ["ticks", "int", gettext("or ticks (fixed device)")]],
    send: [to, body],
    recv: [["from", "text", gettext("from (empty = anyone)")], as],
    request: [to, body, as],
    reply: [["to", "text", gettext("to (empty = oldest request)")], body],
    publish: [["topic", "text", gettext("topic")], body],
    subscribe: [["topic", "text", gettext("topic")]],
    spawn: [["thread", "text", gettext("thread name")], ["program", "json", gettext("thread program (JSON list of ops)")]],
    join: [["thread", "text", gettext("thread")]],
    lock: [["mutex", "text", gettext("mutex")]],
    unlock: [["mutex", "text", gettext("mutex")]],
    sem_wait: [["sem", "text", gettext("semaphore")]],
    sem_signal: [["sem", "text", gettext("semaphore")]],
    call: [["fn", "select", gettext("function")], ["args", "json", gettext("arguments (JSON)")], as],
  }[kind] || [];
}

export const OP_KINDS = ["cpu", "alloc", "free", "io", "send", "recv", "request", "reply", "publish",
  "subscribe", "spawn", "join", "lock", "unlock", "sem_wait", "sem_signal", "call"];

/** Names bound by `as` in a program, in order (for a sensible default `ref`). */
function allocNames(program) {
  return program.filter((op) => op && op.op === "alloc" && typeof op.as === "string").map((op) => op.as);
}

/**
 * A fresh op of `kind` with example values that pass validation in the
 * context of `program` and `scenario` where that is possible.
 */
export function newOp(kind, { program, scenario, processName, functions }) {
  const others = (scenario.processes || []).map((p) => p && p.name).filter((n) => n && n !== processName);
  const spawned = program.filter((op) => op && op.op === "spawn").map((op) => op.thread);
  switch (kind) {
    case "cpu": return { op: "cpu", ticks: 1 };
    case "alloc": return { op: "alloc", size: "1KB", as: `buf${allocNames(program).length + 1}` };
    case "free": return { op: "free", ref: allocNames(program).slice(-1)[0] ?? "buf1" };
    case "io": return { op: "io", cylinder: 0 };
    case "send": return { op: "send", to: others[0] ?? "", body: "hello" };
    case "recv": return { op: "recv", as: "msg" };
    case "request": return { op: "request", to: others[0] ?? "", body: "ping", as: "answer" };
    case "reply": return { op: "reply", body: "pong" };
    case "publish": return { op: "publish", topic: "news", body: "hello" };
    case "subscribe": return { op: "subscribe", topic: "news" };
    case "spawn": {
      // Thread names are unique across the scenario and differ from process names.
      const taken = new Set(scenarioNames(scenario));
      let n = 1;
      while (taken.has(`T${n}`)) n += 1;
      return { op: "spawn", thread: `T${n}`, program: [{ op: "cpu", ticks: 2 }] };
    }
    case "join": return { op: "join", thread: spawned.slice(-1)[0] ?? "" };
    case "lock": case "unlock": return { op: kind, mutex: "m" };
    case "sem_wait": case "sem_signal": return { op: kind, sem: "s" };
    case "call": {
      const fn = functions[0];
      return { op: "call", fn: fn ? fn.name : "", args: fn && fn.example ? fn.example : {} };
    }
    default: return { op: kind };
  }
}

/**
 * Warnings (not errors: the scenario is valid) for allocations larger than
 * the whole memory, which fail at run time like malloc returning NULL:
 * [{path, message}] with the path of the op.
 */
export function allocWarnings(scenario) {
  const memory = parseSize((scenario.memory || {}).size ?? "1MB");
  const out = [];
  (Array.isArray(scenario.processes) ? scenario.processes : []).forEach((proc, i) => {
    const program = proc && Array.isArray(proc.program) ? proc.program : [];
    program.forEach((op, j) => {
      const size = op && op.op === "alloc" ? parseSize(op.size) : null;
      if (memory !== null && size !== null && size > memory) {
        out.push({ path: `processes[${i}].program[${j}]`, message: interpolate(
          gettext("%(size)s is larger than the whole memory (%(memory)s): this allocation will fail (it returns NULL)."),
          { size: formatSize(size), memory: formatSize(memory) }) });
      }
    });
  });
  return out;
}

/** Normalise the "library-functions" json_script to [{name, summary, example}]. */
export function normaliseFunctions(list) {
  return (Array.isArray(list) ? list : []).map((f) => (typeof f === "string"
    ? { name: f, summary: "", example: {} }
    : { name: f.name, summary: f.summary || f.help || "", example: f.example || {} }));
}

/**
 * The op list of processes[index] as an element.
 * @param {ScenarioModel} model
 * @param {number} index  process position
 * @param {Array} functions  normalised library functions
 */
export function buildOpEditor(model, index, functions) {
  const base = `processes[${index}].program`;
  const program = () => model.get(base) || [];
  const context = () => ({ program: program(), scenario: model.scenario,
    processName: model.get(`processes[${index}].name`) || `P${index + 1}`, functions });
  const update = (next) => model.set(base, next, { structural: true });
  const list = el("ol", { class: "op-list", "data-path": base });
  program().forEach((op, j) => {
    const path = `${base}[${j}]`;
    const kind = op && typeof op.op === "string" ? op.op : "cpu";
    const kindSelect = el("select", { class: "op-kind", "aria-label": interpolate(gettext("Kind of op %(n)s"), { n: j + 1 }),
      on: { change: (event) => {
        const next = program().slice();
        next[j] = newOp(event.target.value, context());
        update(next);
      } } }, OP_KINDS.map((k) => el("option", { value: k, text: k })));
    if (!OP_KINDS.includes(kind)) kindSelect.append(el("option", { value: kind, text: kind }));
    kindSelect.value = kind;
    const move = (delta) => {
      const next = program().slice();
      const [item] = next.splice(j, 1);
      next.splice(j + delta, 0, item);
      update(next);
    };
    const fields = opFields(kind).map(([key, fieldKind, label]) => {
      if (fieldKind === "select") {
        const opts = functions.map((f) => ({ value: f.name, label: f.name, help: f.summary }));
        return field(model, `${path}.${key}`, { label, kind: "select", options: opts, defaultValue: op[key] });
      }
      return field(model, `${path}.${key}`, { label, kind: fieldKind, rows: 3 });
    });
    list.append(el("li", { class: "op-row", "data-path": path },
      el("div", { class: "op-head" },
        el("span", { class: "op-index", text: `${j + 1}.` }), kindSelect,
        el("button", { type: "button", class: "icon-btn", title: gettext("Move up"), "aria-label": gettext("Move up"),
          disabled: j === 0, text: "↑", on: { click: () => move(-1) } }),
        el("button", { type: "button", class: "icon-btn", title: gettext("Move down"), "aria-label": gettext("Move down"),
          disabled: j === program().length - 1, text: "↓", on: { click: () => move(1) } }),
        el("button", { type: "button", class: "icon-btn danger", title: gettext("Remove op"), "aria-label": gettext("Remove op"),
          text: "✕", on: { click: () => update(program().filter((_, k) => k !== j)) } })),
      el("div", { class: "op-fields" }, fields),
      el("p", { class: "field-error", hidden: true, role: "alert" }),
      el("p", { class: "field-warning", hidden: true })));
  });
  const add = el("button", { type: "button", class: "btn small add-op", text: gettext("Add op"),
    on: { click: () => update([...program(), newOp("cpu", context())]) } });
  return el("div", { class: "op-editor" }, list, add);
}
