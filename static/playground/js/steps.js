/**
 * The step store: every step of one run, in order, and the views the
 * widgets need at any step index.
 *
 * A step is {i, t, events, state, keyframe} and, when needed, patch and gone
 * (docs/internals.md, "Steps").  On keyframes (step 0 and every 32nd) `state`
 * holds every key; on other steps the keys given whole, while `patch` holds
 * the collections changed in place (a queue's rotation is {drop, append}).
 * The state at step i is the last keyframe at or before i with the changes of
 * the later steps applied in order (applyStep).  Gantt segments travel as `segment` events; they
 * and disk services as `disk` events (announced when they start, with their
 * finish tick); both are indexed as they arrive so that "segments known at
 * step i" is a binary search, not a scan.
 */

/** Index of the last item in sorted `list` whose key(item) <= value, or -1. */
export function lastAtOrBefore(list, value, key = (x) => x) {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(list[mid]) <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Which Gantt lane a segment or running entry belongs to: {kind: "core", core}
 * or {kind: "disk"}.  Accepts a numeric `core`, a numeric `lane`, or lane
 * names such as "core 1", "cpu1", "disk".
 */
export function laneOf(item) {
  if (Number.isInteger(item.core)) return { kind: "core", core: item.core };
  const lane = item.lane;
  if (Number.isInteger(lane)) return { kind: "core", core: lane };
  if (typeof lane === "string") {
    if (/disk|io/i.test(lane)) return { kind: "disk" };
    const m = /(\d+)\s*$/.exec(lane);
    if (m) return { kind: "core", core: Number(m[1]) };
  }
  return { kind: "core", core: 0 };
}

/**
 * The value a patch makes of `old` (a new value; `old` is not changed).
 * List patches: edit [[index, patch]], splice [at, remove, items], drop k,
 * append items, applied in that order.  Dict patches: edit {key: patch},
 * del [keys], set {key: value}.
 */
export function applyPatch(old, patch) {
  if (Array.isArray(old)) {
    let out = old.slice();
    for (const [index, sub] of patch.edit || []) out[index] = applyPatch(out[index], sub);
    if (patch.splice) {
      const [at, remove, items] = patch.splice;
      out.splice(at, remove, ...items);
    }
    if (patch.drop) out = out.slice(patch.drop);
    if (patch.append) out.push(...patch.append);
    return out;
  }
  const out = { ...(old || {}) };
  for (const [key, sub] of Object.entries(patch.edit || {})) out[key] = applyPatch(out[key], sub);
  for (const key of patch.del || []) delete out[key];
  return Object.assign(out, patch.set || {});
}

/** The state after `step` given the state before it (a new object). */
export function applyStep(state, step) {
  if (step.keyframe) return { ...(step.state || {}) };
  const out = { ...state, ...(step.state || {}) };
  for (const [key, patch] of Object.entries(step.patch || {})) out[key] = applyPatch(out[key], patch);
  for (const key of step.gone || []) delete out[key];
  return out;
}

/**
 * How many entries a bounded collection did not show: a step lists the
 * first 200 entries of a long list and ends it with {more: N}; a long dict
 * gets "more": N.  0 when nothing was left out.
 */
export function moreOf(collection) {
  if (Array.isArray(collection)) {
    const last = collection[collection.length - 1];
    return last && typeof last === "object" && !Array.isArray(last) && Number.isInteger(last.more)
      && Object.keys(last).length === 1 ? last.more : 0;
  }
  return collection && typeof collection === "object" && Number.isInteger(collection.more) ? collection.more : 0;
}

/** The entries a bounded collection shows, without its {more: N} marker. */
export function shownEntries(collection) {
  if (Array.isArray(collection)) return moreOf(collection) ? collection.slice(0, -1) : collection;
  if (!collection || typeof collection !== "object") return [];
  return Object.entries(collection).filter(([key, value]) => !(key === "more" && Number.isInteger(value)));
}

export class StepStore {
  constructor() {
    this.steps = [];
    this.keyframes = []; // indices of keyframe steps, ascending
    this.segments = []; // {step, lane, who, start, end} in step order
    this.horizon = 0; // the largest segment end seen (disk services end in the future)
    this.diskRequests = new Map(); // request index -> cylinder, from disk_request events
    this.result = null;
    this.error = null;
    this.cache = null; // {i, state}: the last state built, reused when moving forward
  }

  get length() {
    return this.steps.length;
  }

  get finished() {
    return this.result !== null;
  }

  /**
   * Add steps[0] as step `from`, steps[1] as from+1, ...  Steps already held
   * are skipped; a batch that would leave a hole throws (the socket asks for
   * the gap before delivering, so this means a caller bug).
   */
  append(from, steps) {
    if (from > this.steps.length) {
      throw new RangeError(`step batch starts at ${from} but only ${this.steps.length} steps are held`);
    }
    for (let k = this.steps.length - from; k < steps.length; k += 1) {
      const step = steps[k];
      const index = this.steps.length;
      this.steps.push(step);
      if (step.keyframe || index === 0) this.keyframes.push(index);
      for (const event of step.events || []) this.indexEvent(index, event);
    }
  }

  /** Record the Gantt bar an event describes, if it describes one. */
  indexEvent(index, event) {
    let segment = null;
    if (event.kind === "segment") {
      segment = { step: index, lane: laneOf(event), who: event.who, start: event.start, end: event.end };
    } else if (event.kind === "disk" && Number.isInteger(event.start) && Number.isInteger(event.finish)) {
      // A disk service is announced when it starts, with its finish tick.
      segment = { step: index, lane: { kind: "disk" }, who: event.who ?? null, request: event.request ?? null,
        cylinder: event.cylinder ?? null, start: event.start, end: event.finish };
      if (Number.isInteger(event.request)) this.diskRequests.set(event.request, event.cylinder);
    }
    if (event.kind === "disk_request" && Number.isInteger(event.request)) this.diskRequests.set(event.request, event.cylinder);
    if (segment) {
      this.segments.push(segment);
      this.horizon = Math.max(this.horizon, segment.end);
    }
  }

  /** Mark the run finished with the engine's result. */
  finish(result) {
    this.result = result;
  }

  /** Mark the run failed with a message to show. */
  fail(message) {
    this.error = message;
  }

  step(i) {
    return this.steps[i] ?? null;
  }

  /** Tick of step i (0 before any step). */
  tickAt(i) {
    const step = this.steps[i];
    return step ? step.t : 0;
  }

  /** Events of step i ([] if none). */
  eventsAt(i) {
    const step = this.steps[i];
    return step && Array.isArray(step.events) ? step.events : [];
  }

  /**
   * The full state at step i: a new object each call, whose values are
   * shared with the steps (widgets must not mutate them).
   */
  stateAt(i) {
    if (i < 0 || i >= this.steps.length) return {};
    const k = this.keyframes[lastAtOrBefore(this.keyframes, i)];
    let from;
    let state;
    if (this.cache && this.cache.i >= k && this.cache.i <= i) {
      // Moving forward (playback): apply only the steps since the last call.
      from = this.cache.i + 1;
      state = this.cache.state;
    } else {
      from = k + 1;
      state = { ...(this.steps[k].state || {}) };
    }
    for (let j = from; j <= i; j += 1) state = applyStep(state, this.steps[j]);
    this.cache = { i, state };
    return { ...state };
  }

  /** CPU segments closed and disk services started at or before step i, in step order. */
  segmentsUpTo(i) {
    const n = lastAtOrBefore(this.segments, i, (s) => s.step) + 1;
    return this.segments.slice(0, n);
  }

  /**
   * The last `limit` events from step 0 to step i that pass `keep`, oldest
   * first, each as {step, t, event}.  Walks backwards from i, so showing the
   * tail of a long run costs `limit`, not the run's length.
   */
  eventsUpTo(i, limit = Infinity, keep = () => true) {
    const out = [];
    for (let j = Math.min(i, this.steps.length - 1); j >= 0 && out.length < limit; j -= 1) {
      const events = this.eventsAt(j);
      for (let e = events.length - 1; e >= 0 && out.length < limit; e -= 1) {
        if (keep(events[e])) out.push({ step: j, t: this.steps[j].t, event: events[e] });
      }
    }
    return out.reverse();
  }

  /**
   * The largest tick known so far: the last step's tick, or a disk service's
   * announced finish if later, or the result's `ticks` once finished.
   */
  lastTick() {
    const last = this.steps.length ? this.steps[this.steps.length - 1].t : 0;
    const known = Math.max(last, this.horizon);
    return this.result && Number.isInteger(this.result.ticks) ? Math.max(this.result.ticks, known) : known;
  }
}

/**
 * The reveal rule (docs/ui.md, "What a student may see"): a read-only view
 * of a StepStore that holds steps 0..limit only, as if the run had not got
 * any further.  Widgets drawn from it cannot show a future bar, block, head
 * position, log line or figure, because for them none exists: the result
 * appears only once the limit is the run's last step, and the last tick
 * known is the limit's (a disk service's announced finish does not stretch
 * the axis past the cursor).
 *
 * One window per player, moved with setLimit(): widgets that index steps
 * as they come see `length` grow as the cursor moves on and shrink (and so
 * start over) when it moves back.
 */
export class StepWindow {
  constructor(store) {
    this.store = store;
    this.limit = -1;
    this.stepsCache = null;
  }

  /** Show steps 0..limit (clamped to what the store holds). */
  setLimit(limit) {
    const clamped = Math.min(limit, this.store.length - 1);
    if (clamped !== this.limit) this.stepsCache = null;
    this.limit = clamped;
  }

  get length() {
    return this.limit + 1;
  }

  /** True only when the window reaches the last step of a finished run. */
  get finished() {
    return this.store.finished && this.limit === this.store.length - 1;
  }

  get result() {
    return this.finished ? this.store.result : null;
  }

  get error() {
    return this.store.error;
  }

  /** The steps in the window (a copy made once per limit). */
  get steps() {
    if (!this.stepsCache) this.stepsCache = this.store.steps.slice(0, this.length);
    return this.stepsCache;
  }

  step(i) {
    return i <= this.limit ? this.store.step(i) : null;
  }

  tickAt(i) {
    return this.store.tickAt(Math.min(i, this.limit));
  }

  eventsAt(i) {
    return i <= this.limit ? this.store.eventsAt(i) : [];
  }

  stateAt(i) {
    return i <= this.limit ? this.store.stateAt(i) : {};
  }

  segmentsUpTo(i) {
    return this.store.segmentsUpTo(Math.min(i, this.limit));
  }

  eventsUpTo(i, limit = Infinity, keep = () => true) {
    return this.store.eventsUpTo(Math.min(i, this.limit), limit, keep);
  }

  lastTick() {
    if (this.finished) return this.store.lastTick();
    return this.limit >= 0 ? this.store.tickAt(this.limit) : 0;
  }
}
