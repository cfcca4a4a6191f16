/**
 * One player for several runs: a stand-in for the step store (steps.js)
 * whose "steps" are the ticks 0, 1, 2, ... of a shared time axis.
 *
 * The player drives it like any store (length, finished, error, tickAt,
 * ...); the compare page then shows every run as it was at that tick with
 * viewOf(k, tick), a view in the player's format built from run k's own
 * store.  So seeking moves every chart together, whatever the number of
 * steps each run made.
 *
 * While runs stream, the timeline reaches only as far as every run is
 * known: a tick is complete in a run once a later step arrived (several
 * steps may share a tick) or the run ended.
 */

import { stepAtTick } from "./origins.js";

export class CompareTimeline {
  /** @param {Array<{label, store}>} variants  one StepStore per run, in display order */
  constructor(variants) {
    this.variants = variants;
  }

  get finished() {
    return this.variants.every((v) => v.store.finished);
  }

  /** The first run's failure as "SRT: message", or null. */
  get error() {
    const failed = this.variants.find((v) => v.store.error !== null);
    return failed ? `${failed.label}: ${failed.store.error}` : null;
  }

  get result() {
    return null;
  }

  /** Ticks known in every run: 0 .. length - 1. */
  get length() {
    let known = Infinity;
    let end = 0;
    for (const { store } of this.variants) {
      const lastT = store.length ? store.tickAt(store.length - 1) : -1;
      if (store.finished) end = Math.max(end, store.lastTick());
      else if (store.error !== null) end = Math.max(end, lastT); // a failed run will not grow
      else {
        known = Math.min(known, lastT - 1);
        end = Math.max(end, lastT);
      }
    }
    const last = Math.min(known, end);
    return last < 0 ? 0 : last + 1;
  }

  step() {
    return null;
  }

  tickAt(i) {
    return Math.max(0, i);
  }

  stateAt() {
    return {};
  }

  eventsAt() {
    return [];
  }

  lastTick() {
    return Math.max(0, this.length - 1);
  }

  /** The longest run's length in ticks: the shared time axis. */
  span() {
    return Math.max(1, ...this.variants.map((v) => v.store.lastTick()));
  }

  /** Run k as it was at tick t, as a player view. */
  viewOf(k, t) {
    const { store } = this.variants[k];
    const index = stepAtTick(store, t);
    return {
      index,
      step: store.step(index),
      t,
      state: store.stateAt(index),
      events: index >= 0 && store.tickAt(index) === t ? store.eventsAt(index) : [],
      store,
      result: store.result,
      finished: store.finished,
      maxTick: this.span(),
    };
  }
}
