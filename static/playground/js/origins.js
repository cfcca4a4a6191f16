/**
 * Where a chart item came from: the step that made it and the reason the
 * engine gave.  A Gantt bar was started by a `dispatch` event (its reason
 * says why that thread was picked); a disk bar by a `disk` event; a memory
 * block by an `alloc` event.  Clicking an item seeks the player to that
 * step; hovering or focusing it shows the reason.
 */

import { lastAtOrBefore } from "./steps.js";

/** An event's reason with its key and values, as translateReason() reads them. */
function reasonOf(event) {
  const out = { reason: event.reason ?? "" };
  if (typeof event.reason_key === "string") {
    out.reason_key = event.reason_key;
    out.reason_args = event.reason_args;
  }
  return out;
}

export { lastAtOrBefore };

/** Index of the last step of `store` at or before tick `tick` (-1 before the first). */
export function stepAtTick(store, tick) {
  return lastAtOrBefore(store.steps, tick, (step) => step.t);
}

/** One Map key for a pair: (core, who) of a dispatch, (owner, ref) of an allocation. */
const pairKey = (a, b) => `${a}\u0000${b}`;

/**
 * The dispatch and disk events of one run, indexed as steps arrive (sync()
 * reads only the steps added since the last call), so that finding the
 * origin of a bar is a binary search.
 */
export class BarOrigins {
  constructor() {
    this.reset(null);
  }

  reset(store) {
    this.store = store;
    this.scanned = 0;
    this.dispatches = new Map(); // "core\0who" -> [{step, t, reason}] in time order
    this.services = new Map(); // start tick -> [{step, t, cylinder, request, reason}]
  }

  /** Read the steps of `store` not read yet (a new store starts over). */
  sync(store) {
    if (store !== this.store) this.reset(store);
    if (!store) return this;
    for (let i = this.scanned; i < store.length; i += 1) {
      const step = store.step(i);
      for (const event of step.events || []) {
        if (event.kind === "dispatch") {
          const key = pairKey(event.core ?? 0, event.who);
          if (!this.dispatches.has(key)) this.dispatches.set(key, []);
          this.dispatches.get(key).push({ step: i, t: step.t, ...reasonOf(event) });
        } else if (event.kind === "disk" && Number.isInteger(event.start)) {
          if (!this.services.has(event.start)) this.services.set(event.start, []);
          this.services.get(event.start).push({ step: i, t: step.t, cylinder: event.cylinder,
            request: event.request, ...reasonOf(event) });
        }
      }
    }
    this.scanned = store.length;
    return this;
  }

  /**
   * The dispatch that started a CPU bar: the last dispatch of bar.who on
   * bar.core at or before bar.start (with a context-switch cost the thread
   * is dispatched before its bar starts), or null if the trace has none.
   */
  dispatchOf(bar) {
    const list = this.dispatches.get(pairKey(bar.core ?? 0, bar.who));
    if (!list) return null;
    const k = lastAtOrBefore(list, bar.start, (d) => d.t);
    return k >= 0 ? list[k] : null;
  }

  /** The disk event that started a disk bar, or null. */
  serviceOf(bar) {
    const list = this.services.get(bar.start) || [];
    return list.find((s) => bar.cylinder === null || bar.cylinder === undefined || s.cylinder === bar.cylinder) ?? null;
  }

  /**
   * The step a bar should seek to: its dispatch (or disk service) step, else
   * the last step at its start tick.  {step, t, reason} or null with no steps.
   */
  originOf(bar) {
    const found = bar.kind === "disk" ? this.serviceOf(bar) : this.dispatchOf(bar);
    if (found) return found;
    if (!this.store) return null;
    const step = stepAtTick(this.store, bar.start);
    return step >= 0 ? { step, t: this.store.tickAt(step), reason: "" } : null;
  }
}

/**
 * The alloc events of one run, indexed by owner and ref as steps arrive,
 * to find the allocation that made a memory block without scanning the run.
 */
export class AllocOrigins {
  constructor() {
    this.reset(null);
  }

  reset(store) {
    this.store = store;
    this.scanned = 0;
    this.allocs = new Map(); // "owner\0ref" -> [{step, t, addr, reason}] in step order
  }

  sync(store) {
    if (store !== this.store) this.reset(store);
    if (!store) return this;
    for (let i = this.scanned; i < store.length; i += 1) {
      for (const event of store.eventsAt(i)) {
        if (event.kind !== "alloc" || !Number.isInteger(event.addr)) continue; // a failed one made nothing
        const key = pairKey(event.who, event.ref ?? "");
        if (!this.allocs.has(key)) this.allocs.set(key, []);
        this.allocs.get(key).push({ step: i, t: store.tickAt(i), addr: event.addr, ...reasonOf(event) });
      }
    }
    this.scanned = store.length;
    return this;
  }

  /**
   * The allocation that made block [start, size, owner, ref] as it stands at
   * step `index`: the last alloc of that owner and ref at or before it whose
   * address lies in the block.  {step, t, reason} or null.
   */
  originOf(index, [start, size, owner, ref]) {
    const list = this.allocs.get(pairKey(owner, ref ?? "")) || [];
    for (let k = lastAtOrBefore(list, index, (a) => a.step); k >= 0; k -= 1) {
      if (list[k].addr >= start && list[k].addr < start + size) return list[k];
    }
    return null;
  }
}
