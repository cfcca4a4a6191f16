/**
 * Checkpoints authored in a scenario: reading them, finding their step in
 * a run, and computing and checking their answers.  Pure functions over the
 * step store (steps.js) and the engine's result: no DOM.
 *
 * A scenario's top-level "checkpoints" list (validated by the engine, see
 * docs/scenario-format.md) holds {"t": tick, "kind", "prompt", "params"}.
 * A checkpoint names a moment: the first step at tick >= t ("step": i names
 * step i directly).  Playback stops on the step just before it, so what
 * happens at tick t is not on screen yet, and the question is about it
 * (docs/classroom.md):
 *   next_process  who runs at that step (params.core, default 0; "idle")
 *   queue         the ready queue there, in order (params.level for MLFQ)
 *   metric        a figure of the finished run: params.metric is one of
 *                 PROCESS_METRICS with params.process, or of RUN_METRICS;
 *                 params.tolerance (default 0)
 *   address       the address an allocation returns: memory op number
 *                 params.op of the run (from 0), or else the first
 *                 allocation at or after that step (params.ref: of that
 *                 ref); null when it fails
 *   disk_next     the cylinder of the first disk service at or after it
 */

import { gettext, interpolate } from "../i18n.js";
import { shownEntries } from "../steps.js";
import { parseQuantity } from "../units.js";

export const KINDS = ["next_process", "queue", "metric", "address", "disk_next"];
export const PROCESS_METRICS = ["start", "finish", "turnaround", "waiting", "response"];
export const RUN_METRICS = {
  average_waiting: (r) => r.averages && r.averages.waiting,
  average_turnaround: (r) => r.averages && r.averages.turnaround,
  average_response: (r) => r.averages && r.averages.response,
  context_switches: (r) => r.cpu && r.cpu.context_switches,
  utilization: (r) => r.cpu && r.cpu.utilization,
  throughput: (r) => r.cpu && r.cpu.throughput,
  ticks: (r) => r.ticks,
  total_movement: (r) => r.io && r.io.total_movement,
  fragmentation: (r) => r.memory && r.memory.fragmentation,
};

const isWhole = (v) => Number.isInteger(v) && v >= 0;

/**
 * The scenario's checkpoints, each with its position `n` in the list, and
 * one readable problem per entry that cannot be used (it is skipped).
 */
export function readCheckpoints(scenario) {
  const list = scenario && Array.isArray(scenario.checkpoints) ? scenario.checkpoints : [];
  const checkpoints = [];
  const problems = [];
  list.forEach((cp, n) => {
    const where = `checkpoints[${n}]`;
    const problem = (text, values = {}) => problems.push(interpolate(text, { where, ...values }));
    if (!cp || typeof cp !== "object") return problem(gettext("%(where)s: must be an object"));
    if (isWhole(cp.step) === isWhole(cp.t)) return problem(gettext("%(where)s: give either \"step\" or \"t\", a whole number"));
    if (!KINDS.includes(cp.kind)) return problem(gettext("%(where)s.kind: must be one of %(kinds)s"), { kinds: KINDS.join(", ") });
    if (typeof cp.prompt !== "string" || !cp.prompt.trim()) return problem(gettext("%(where)s.prompt: must be a non-empty string"));
    const params = cp.params && typeof cp.params === "object" ? cp.params : {};
    if (cp.kind === "metric") {
      const name = params.metric;
      if (PROCESS_METRICS.includes(name) ? typeof params.process !== "string" : !Object.hasOwn(RUN_METRICS, name)) {
        return problem(gettext("%(where)s.params: metric must be one of %(metrics)s (the first five with \"process\")"),
          { metrics: [...PROCESS_METRICS, ...Object.keys(RUN_METRICS)].join(", ") });
      }
    }
    checkpoints.push({ n, step: isWhole(cp.step) ? cp.step : null, t: isWhole(cp.t) ? cp.t : null,
      kind: cp.kind, prompt: cp.prompt, params });
  });
  return { checkpoints, problems };
}

/** The step index a checkpoint names in `store`, or null when not (yet) streamed. */
export function stepOf(checkpoint, store) {
  if (checkpoint.step !== null) return checkpoint.step < store.length ? checkpoint.step : null;
  for (let i = 0; i < store.length; i += 1) if (store.tickAt(i) >= checkpoint.t) return i;
  return null;
}

/**
 * The expected answer: {ready: true, value} with value a string, a list of
 * names, a number or null; {ready: false} until the run has what it needs;
 * {error} when the run cannot answer (a readable sentence).
 */
export function expectedAnswer(checkpoint, store) {
  const step = stepOf(checkpoint, store);
  if (step === null) return { ready: false };
  const p = checkpoint.params;
  if (checkpoint.kind === "next_process") {
    const running = store.stateAt(step).running || [];
    const slot = running[Number.isInteger(p.core) ? p.core : 0];
    return { ready: true, value: slot && slot.who ? String(slot.who) : "idle" };
  }
  if (checkpoint.kind === "queue") {
    const state = store.stateAt(step);
    const queue = Number.isInteger(p.level) && Array.isArray(state.levels) ? state.levels[p.level] : state.ready;
    return { ready: true, value: Array.isArray(queue) ? shownEntries(queue).map(String) : [] };
  }
  if (checkpoint.kind === "address" && Number.isInteger(p.op)) {
    if (!store.result) return { ready: false };
    const op = ((store.result.memory || {}).ops || [])[p.op];
    if (!op || op.op !== "alloc") return { error: interpolate(gettext("memory op %(op)s of the run is not an allocation"), { op: p.op }) };
    return { ready: true, value: Number.isInteger(op.addr) ? op.addr : null };
  }
  if (checkpoint.kind === "address" || checkpoint.kind === "disk_next") {
    const wanted = checkpoint.kind === "address" ? "alloc" : "disk";
    for (let i = step; i < store.length; i += 1) {
      for (const event of store.eventsAt(i)) {
        if (event.kind !== wanted || (wanted === "alloc" && p.ref !== undefined && event.ref !== p.ref)) continue;
        if (wanted === "disk") return { ready: true, value: event.cylinder };
        return { ready: true, value: Number.isInteger(event.addr) ? event.addr : null };
      }
    }
    if (!store.finished) return { ready: false };
    return { error: wanted === "alloc" ? gettext("no allocation happens at or after this checkpoint")
      : gettext("the disk serves nothing at or after this checkpoint") };
  }
  if (!store.result) return { ready: false };
  const value = PROCESS_METRICS.includes(p.metric)
    ? ((store.result.processes || {})[p.process] || {})[p.metric]
    : RUN_METRICS[p.metric](store.result);
  if (typeof value === "number") return { ready: true, value };
  return { error: p.process ? interpolate(gettext("the run has no %(metric)s for %(process)s"), { metric: p.metric, process: p.process })
    : interpolate(gettext("the run has no %(metric)s"), { metric: p.metric }) };
}

/** Names typed as "P2, P3" or "P2 P3", or "" / "empty" (or its translation) for an empty queue. */
export function parseQueue(text) {
  const trimmed = String(text).trim();
  if (trimmed === "" || /^(empty|none|-)$/i.test(trimmed) || trimmed === gettext("empty")) return [];
  return trimmed.split(/[\s,]+/).filter(Boolean);
}

/** Whether `given` (what the student entered, as text) matches `expected`. */
export function isRight(checkpoint, expected, given) {
  const text = String(given).trim();
  if (checkpoint.kind === "next_process") return text.toLowerCase() === String(expected).toLowerCase();
  if (checkpoint.kind === "queue") {
    const names = parseQueue(text).map((s) => s.toLowerCase());
    return names.length === expected.length && names.every((name, k) => name === expected[k].toLowerCase());
  }
  if (expected === null) return /^(null|fails?)$/i.test(text);
  const number = parseQuantity(text);
  if (number === null) return false;
  const tolerance = Number.isFinite(checkpoint.params.tolerance) ? Math.abs(checkpoint.params.tolerance) : 0;
  return Math.abs(number - expected) <= tolerance + 1e-9 * Math.max(1, Math.abs(expected));
}

/** How an expected answer reads. */
export function answerText(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length ? value.join(", ") : gettext("empty");
  return String(value);
}
