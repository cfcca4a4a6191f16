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
 *
 * MetricsTally counts as the cursor moves on, so playback costs one step's
 * events per step, not the run's length; moving back starts over.
 */

import { ownerOf, threadOwners } from "./thread-owners.js";

const readyNames = (state) => {
  const ready = state.ready;
  const lists = Array.isArray(ready) ? (ready.every(Array.isArray) ? ready : [ready])
    : (ready && Array.isArray(ready.levels) ? ready.levels : (Array.isArray(state.levels) ? state.levels : []));
  return lists.flat();
};

export class MetricsTally {
  constructor(scenario) {
    this.scenario = scenario;
    this.owners = threadOwners(scenario);
    this.reset(null);
  }

  reset(store) {
    this.store = store;
    this.index = -1; // steps 0 .. index are counted
    this.rows = new Map();
    for (const proc of (this.scenario && Array.isArray(this.scenario.processes) ? this.scenario.processes : [])) {
      if (proc && typeof proc.name === "string") this.rows.set(proc.name, { arrival: null, start: null, finish: null, cpu: 0, ready: 0 });
    }
  }

  row(who) {
    return who !== undefined && who !== null ? this.rows.get(ownerOf(this.owners, who)) : undefined;
  }

  /** Count the steps of `store` up to `index` (a new store, or a move back, starts over). */
  advance(store, index) {
    if (store !== this.store || index < this.index || store.length <= this.index) this.reset(store);
    for (let i = this.index + 1; i <= index && i < store.length; i += 1) {
      if (i > 0) {
        // Ticks in the ready queue from the previous step to this one, per thread.
        const span = store.tickAt(i) - store.tickAt(i - 1);
        if (span > 0) for (const who of readyNames(store.stateAt(i - 1))) { const r = this.row(who); if (r) r.ready += span; }
      }
      const t = store.tickAt(i);
      for (const event of store.eventsAt(i)) {
        const r = this.row(event.who);
        if (!r) continue;
        const main = event.who === ownerOf(this.owners, event.who);
        if (event.kind === "arrive" && main && r.arrival === null) r.arrival = t;
        else if (event.kind === "dispatch" && r.start === null) r.start = t;
        else if (event.kind === "finish" && main && r.finish === null) r.finish = t;
        else if (event.kind === "segment" && Number.isFinite(event.start) && Number.isFinite(event.end)) r.cpu += event.end - event.start;
      }
      this.index = i;
    }
    return this.figures();
  }

  /** {name: {arrival, burst, start, finish, turnaround, waiting, response}} in scenario order. */
  figures() {
    const out = {};
    for (const [name, r] of this.rows) {
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
}

/** The figures at step `index` of `store`, counted afresh. */
export function metricsSoFar(scenario, store, index) {
  return new MetricsTally(scenario).advance(store, index);
}
