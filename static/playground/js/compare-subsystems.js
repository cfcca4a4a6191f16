/**
 * Compare beyond the CPU: where runs of one workload under different memory
 * allocators or disk schedulers first part ways, and what each compares on.
 *
 *   "op 1 (P asks for 212 KB): Best fit takes the 300 KB hole at 1100 KB;
 *    First fit takes the 500 KB hole at 200 KB"
 *   "service 1 (head at 53): SSTF serves cylinder 65; FCFS serves cylinder 98"
 *
 * Memory runs are compared op by op on the finished results' `memory.ops`
 * (the address each allocation got, or its failure); disk runs service by
 * service on the steps' `disk` events (the cylinder served).  Each part keeps
 * the engine's reason (translateReason, sizes in units).
 */

import { formatNumber, formatPercent, formatSizeWords } from "./format.js";
import { gettext, interpolate } from "./i18n.js";

/** A size for a sentence: "300 KB", or "1000 bytes" when no unit divides it. */
export function sizeText(n) {
  if (!Number.isInteger(n)) return "?";
  return formatSizeWords(n) ?? interpolate(gettext("%(n)s bytes"), { n });
}

/** The hole (or buddy block) an allocation was placed in, from its reason's values. */
function holeOf(op) {
  const args = op.reason_args || {};
  if (Number.isInteger(args.size) && op.reason_key && !op.reason_key.startsWith("memory.buddy")) return args.size;
  if (Number.isInteger(args.n)) return args.n;
  return Number.isInteger(op.block) ? op.block : null;
}

/**
 * The first memory op whose outcome differs between the runs.
 * @param {Array<{policy, label, result}>} runs  finished runs
 * @returns {{t, op, decisions: Array<{policy, label, op}>} | null}
 */
export function firstMemoryDivergence(runs) {
  const lists = runs.map((run) => ((run.result && run.result.memory && run.result.memory.ops) || []));
  const longest = Math.max(0, ...lists.map((ops) => ops.length));
  for (let i = 0; i < longest; i += 1) {
    const ops = lists.map((list) => list[i] ?? null);
    const outcome = (op) => (op ? `${op.op}:${op.addr ?? "fail"}` : "none");
    if (ops.some((op) => outcome(op) !== outcome(ops[0]))) {
      const t = Math.min(...ops.filter(Boolean).map((op) => op.t));
      return { t, op: i, first: ops.find(Boolean), decisions: runs.map((run, k) => ({ policy: run.policy, label: run.label, id: run.id, op: ops[k] })) };
    }
  }
  return null;
}

function memoryPart(d) {
  const op = d.op;
  if (!op) return interpolate(gettext("%(policy)s has no such op"), { policy: d.label });
  if (op.op === "free") return interpolate(gettext("%(policy)s frees the block at %(addr)s"), { policy: d.label, addr: sizeText(op.addr) });
  if (op.addr === null || op.addr === undefined) return interpolate(gettext("%(policy)s cannot place it"), { policy: d.label });
  return interpolate(gettext("%(policy)s takes the %(hole)s hole at %(addr)s"),
    { policy: d.label, hole: sizeText(holeOf(op)), addr: sizeText(op.addr) });
}

/** "op 1 (P asks for 212 KB): Best fit takes the 300 KB hole at 1100 KB; First fit takes ..." */
export function memoryDivergenceText(found) {
  const first = found.first;
  const head = first.op === "alloc"
    ? interpolate(gettext("op %(n)s (%(who)s asks for %(size)s)"), { n: found.op + 1, who: first.who, size: sizeText(first.size) })
    : interpolate(gettext("op %(n)s"), { n: found.op + 1 });
  return interpolate(gettext("%(op)s: %(decisions)s"),
    { op: head, decisions: found.decisions.map(memoryPart).join(gettext("; ")) });
}

/** Every disk service of a run's steps, in order: [{t, event}]. */
export function diskServices(steps) {
  const out = [];
  for (const step of steps) {
    for (const event of step.events || []) if (event.kind === "disk") out.push({ t: step.t, event });
  }
  return out;
}

/**
 * The first service at which the runs serve different cylinders.
 * @param {Array<{policy, label, steps}>} runs
 */
export function firstDiskDivergence(runs) {
  const lists = runs.map((run) => diskServices(run.steps));
  const longest = Math.max(0, ...lists.map((s) => s.length));
  for (let i = 0; i < longest; i += 1) {
    const services = lists.map((list) => list[i] ?? null);
    const cylinder = (s) => (s ? s.event.cylinder : null);
    if (services.some((s) => cylinder(s) !== cylinder(services[0]))) {
      const head = (s) => (s && s.event.reason_args && Number.isInteger(s.event.reason_args.head) ? s.event.reason_args.head : null);
      const starts = services.filter(Boolean).map((s) => (Number.isInteger(s.event.start) ? s.event.start : s.t));
      return { t: Math.min(...starts), service: i, head: services.map(head).find((h) => h !== null) ?? null,
        decisions: runs.map((run, k) => ({ policy: run.policy, label: run.label, id: run.id, service: services[k] })) };
    }
  }
  return null;
}

/** "service 1 (head at 53): SSTF serves cylinder 65; FCFS serves cylinder 98" */
export function diskDivergenceText(found) {
  const parts = found.decisions.map((d) => (d.service
    ? interpolate(gettext("%(policy)s serves cylinder %(c)s"), { policy: d.label, c: d.service.event.cylinder })
    : interpolate(gettext("%(policy)s has no more requests"), { policy: d.label })));
  const head = found.head === null
    ? interpolate(gettext("service %(n)s"), { n: found.service + 1 })
    : interpolate(gettext("service %(n)s (head at %(head)s)"), { n: found.service + 1, head: found.head });
  return interpolate(gettext("%(op)s: %(decisions)s"), { op: head, decisions: parts.join(gettext("; ")) });
}

/** The figures each subsystem is compared on (lower is better for every one). */
export function subsystemMetrics(subsystem) {
  if (subsystem === "memory") {
    return [
      { key: "failed", label: gettext("Failed allocations"), of: (r) => r.memory && r.memory.failed, show: formatNumber },
      { key: "fragmentation", label: gettext("External fragmentation at the end"), of: (r) => r.memory && r.memory.fragmentation, show: formatPercent },
      { key: "peak", label: gettext("Peak memory in use"), of: (r) => r.memory && r.memory.peak, show: sizeText },
    ];
  }
  if (subsystem === "io") {
    return [
      { key: "total_movement", label: gettext("Total head movement (cylinders)"), of: (r) => r.io && r.io.total_movement, show: formatNumber },
      { key: "return_movement", label: gettext("Of it, return sweeps"), of: (r) => r.io && r.io.return_movement, show: formatNumber },
    ];
  }
  return null;
}

/** A variant's settings as words for its heading: "quantum 4", "order size_asc", "4 frames". */
export function settingsText(shown) {
  const names = { quantum: gettext("quantum %(v)s"), order: gettext("free list in %(v)s order"), direction: gettext("first sweep %(v)s"),
    frames: gettext("%(v)s frames"), quantum_tokens: gettext("a quantum of %(v)s tokens") };
  return Object.entries(shown || {}).map(([k, v]) => interpolate(names[k] ?? `${k} %(v)s`, { v })).join(", ");
}
