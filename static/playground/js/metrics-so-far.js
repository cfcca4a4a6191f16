/**
 * Per-process figures as of a step, from the steps alone (the reveal rule:
 * the metrics widget shows values as of the cursor, never the result's
 * before the run's last step is on screen).
 *
 * A figure appears once the steps up to the cursor fix it: arrival at the
 * process's `arrive` event, start and response at its first dispatch (of
 * any of its threads), and finish, turnaround, burst (the CPU time its
 * threads used) and waiting (thread-ticks spent in the ready queue, as the
 * engine counts them) only once it has finished.  Until then each is null,
 * shown as "—".  At the last step these equal the result's figures.
 */

import { ownerOf, threadOwners } from "./thread-owners.js";

const readyNames = (state) => {
  const ready = state.ready;
  const lists = Array.isArray(ready) ? (ready.every(Array.isArray) ? ready : [ready])
    : (ready && Array.isArray(ready.levels) ? ready.levels : (Array.isArray(state.levels) ? state.levels : []));
  return lists.flat();
};

/**
 * {name: {arrival, burst, start, finish, turnaround, waiting, response}} for
 * the scenario's processes at step `index` of `store`, in scenario order.
 */
export function metricsSoFar(scenario, store, index) {
  const owners = threadOwners(scenario);
  const rows = new Map();
  for (const proc of (scenario && Array.isArray(scenario.processes) ? scenario.processes : [])) {
    if (proc && typeof proc.name === "string") rows.set(proc.name, { arrival: null, start: null, finish: null, cpu: 0, ready: 0 });
  }
  const row = (who) => rows.get(ownerOf(owners, who));
  for (let i = 0; i <= index && i < store.length; i += 1) {
    const t = store.tickAt(i);
    for (const event of store.eventsAt(i)) {
      const r = event.who !== undefined && event.who !== null ? row(event.who) : null;
      if (!r) continue;
      if (event.kind === "arrive" && r.arrival === null && event.who === ownerOf(owners, event.who)) r.arrival = t;
      else if (event.kind === "dispatch" && r.start === null) r.start = t;
      else if (event.kind === "finish" && event.who === ownerOf(owners, event.who) && r.finish === null) r.finish = t;
      else if (event.kind === "segment" && Number.isFinite(event.start) && Number.isFinite(event.end)) r.cpu += event.end - event.start;
    }
    if (i < index) {
      // Ticks in the ready queue from this step to the next, per thread (as the engine counts waiting).
      const span = store.tickAt(i + 1) - t;
      if (span > 0) for (const who of readyNames(store.stateAt(i))) { const r = row(who); if (r) r.ready += span; }
    }
  }
  const out = {};
  for (const [name, r] of rows) {
    const done = r.finish !== null;
    out[name] = {
      arrival: r.arrival,
      burst: done ? r.cpu : null,
      start: r.start,
      finish: r.finish,
      turnaround: done && r.arrival !== null ? r.finish - r.arrival : null,
      waiting: done ? r.ready : null,
      response: r.start !== null && r.arrival !== null ? r.start - r.arrival : null,
    };
  }
  return out;
}
