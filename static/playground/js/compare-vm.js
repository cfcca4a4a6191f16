/**
 * Compare page replacement policies: where runs of one workload first evict
 * different pages, and their faults side by side.
 *
 *   "access 4 (page 2): FIFO evicts page 7; OPT evicts page 7; LRU evicts page 7"
 *   "access 7 (page 3): FIFO evicts page 0; LRU evicts page 1"
 *
 * Runs are compared access by access on the steps' `access` events (docs/vm.md:
 * page, hit, evicted, frame, write_back, and the engine's sentence), so a
 * scenario recorded with `record: "none"` compares just as well.  The figures
 * follow the reveal rule: with "Show the whole run" off they count only the
 * accesses up to the cursor (compare-figures.js).
 */

import { gettext, interpolate } from "./i18n.js";
import { translateReason } from "./translate.js";

/** Every access of a run's steps, in order: [{t, event}] (segfaults left out). */
export function accessesOf(steps) {
  const out = [];
  for (const step of steps) {
    for (const event of step.events || []) if (event.kind === "access" && !event.segfault) out.push({ t: step.t, event });
  }
  return out;
}

/** What one access did, as a comparable key: who, page, then hit or the victim. */
function outcome(a) {
  if (!a) return "none";
  const e = a.event;
  const victim = e.evicted ? `${e.evicted.who}:${e.evicted.page}` : "free";
  return `${e.who}:${e.page}:${e.hit ? "hit" : victim}`;
}

/**
 * The first access at which the runs do something different.
 * @param {Array<{policy, id, label, steps}>} runs
 * @returns {{t, access, page, who, decisions: Array<{policy, id, label, access}>} | null}
 */
export function firstVmDivergence(runs) {
  const lists = runs.map((run) => accessesOf(run.steps));
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i += 1) {
    const here = lists.map((list) => list[i] ?? null);
    if (here.some((a) => outcome(a) !== outcome(here[0]))) {
      const first = here.find(Boolean);
      return { t: Math.min(...here.filter(Boolean).map((a) => a.t)), access: i, page: first.event.page, who: first.event.who,
        decisions: runs.map((run, k) => ({ policy: run.policy, id: run.id, label: run.label, access: here[k] })) };
    }
  }
  return null;
}

/** One run's part: "LRU evicts page 1", "OPT finds page 3 in frame 2", ... */
function vmPart(d, found, owners) {
  if (!d.access) return interpolate(gettext("%(policy)s makes no such access"), { policy: d.label });
  const e = d.access.event;
  const values = { policy: d.label, page: e.page, frame: e.frame, who: e.who,
    victim: e.evicted ? e.evicted.page : null, owner: e.evicted ? e.evicted.who : null };
  const other = e.page !== found.page || e.who !== found.who;
  const prefix = other ? interpolate(gettext("%(policy)s: %(who)s accesses page %(page)s and"), values) : d.label;
  const rest = { ...values, policy: prefix };
  if (e.hit) return interpolate(gettext("%(policy)s finds page %(page)s in frame %(frame)s"), rest);
  if (!e.evicted) return interpolate(gettext("%(policy)s loads page %(page)s into free frame %(frame)s"), rest);
  return owners > 1 || e.evicted.who !== e.who
    ? interpolate(gettext("%(policy)s evicts page %(victim)s of %(owner)s"), rest)
    : interpolate(gettext("%(policy)s evicts page %(victim)s"), rest);
}

/** "access 7 (page 3): FIFO evicts page 0; LRU evicts page 1" (accesses counted from 1). */
export function vmDivergenceText(found, owners = 1) {
  const head = owners > 1
    ? interpolate(gettext("access %(n)s (%(who)s, page %(page)s)"), { n: found.access + 1, who: found.who, page: found.page })
    : interpolate(gettext("access %(n)s (page %(page)s)"), { n: found.access + 1, page: found.page });
  return interpolate(gettext("%(op)s: %(decisions)s"),
    { op: head, decisions: found.decisions.map((d) => vmPart(d, found, owners)).join(gettext("; ")) });
}

/** Each run's reason at the divergence: the engine's sentence for that access. */
export function vmReasons(found) {
  return found.decisions.map((d) => ({ policy: d.policy, id: d.id, label: d.label,
    reason: d.access ? translateReason(d.access.event) : gettext("no decision recorded here") }));
}

/**
 * A run's figures as they stand after tick `t` (Infinity: the whole run), from
 * its accesses: faults, hits, write-backs and the fault rate.
 */
export function vmFiguresAt(accesses, t = Infinity) {
  let faults = 0;
  let hits = 0;
  let writeBacks = 0;
  for (const a of accesses) {
    if (a.t > t) break;
    if (a.event.hit) hits += 1;
    else faults += 1;
    if (a.event.write_back) writeBacks += 1;
  }
  const n = faults + hits;
  return { faults, hits, write_backs: writeBacks, accesses: n, fault_rate: n ? faults / n : null };
}

/** The figures compared, each read from vmFiguresAt's record (lower is better but for hits). */
export function vmMetrics() {
  const percent = (x) => `${(x * 100).toFixed(1)}%`;
  return [
    { key: "faults", label: gettext("Page faults"), of: (f) => f.faults },
    { key: "fault_rate", label: gettext("Fault rate"), of: (f) => f.fault_rate, show: percent },
    { key: "hits", label: gettext("Hits"), of: (f) => f.hits, higher: true },
    { key: "write_backs", label: gettext("Write-backs (dirty victims)"), of: (f) => f.write_backs },
    { key: "accesses", label: gettext("Accesses so far"), of: (f) => f.accesses, plain: true },
  ];
}

/** How many processes touch memory in a scenario (sentences name owners when several do). */
export function vmOwners(scenario) {
  return Array.isArray(scenario && scenario.processes) ? scenario.processes.length : 1;
}
