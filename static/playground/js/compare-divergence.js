/**
 * Where runs of one workload under different CPU policies first part ways,
 * and the decision behind it in each run:
 *
 *   "t=1: SRT preempts P1 for P2; FCFS keeps P1"
 *
 * Computed from the runs' steps alone (docs/internals.md, "Steps"): the
 * state's `running` (who holds each core) is followed step by step, and the
 * first tick at which the runs disagree on any core is the divergence.
 * Each run's part of the sentence comes from its events at that tick on
 * that core (preempt, dispatch, and what ended the previous thread), or,
 * when it made no decision there, from the dispatch that put its thread on
 * the core earlier; each part keeps the engine's reason.
 */

import { gettext, interpolate } from "./i18n.js";
import { lastAtOrBefore } from "./origins.js";
import { applyPatch } from "./steps.js";
import { translateReason } from "./translate.js";

/** An event's reason with its key and values ({reason: ""} without an event). */
function keyed(event) {
  if (!event) return { reason: "" };
  const out = { reason: event.reason ?? "" };
  if (typeof event.reason_key === "string") Object.assign(out, { reason_key: event.reason_key, reason_args: event.reason_args });
  return out;
}

/**
 * Short policy names for sentences ("SRT preempts P1 for P2"): the registry's
 * `label` of each policy (`labels` maps a name to it, already translated by
 * the page), else the name in capitals.
 */
export function policyShortName(name, labels = {}) {
  return labels[name] ?? String(name).toUpperCase();
}

/**
 * Who holds each core after every step: [{t, step, running: [who | null]}],
 * one entry per step (a step without `running` in its state keeps the last).
 */
export function runningTimeline(steps) {
  let cores = []; // the step's `running`, rebuilt from whole values and patches
  let running = [];
  return steps.map((step, i) => {
    const state = step.state || {};
    const patch = step.patch && !step.keyframe ? step.patch.running : undefined;
    if (Object.prototype.hasOwnProperty.call(state, "running") || patch) {
      cores = patch ? applyPatch(cores, patch) : state.running;
      running = (Array.isArray(cores) ? cores : []).map((e) => (e && e.who !== undefined ? e.who : null));
    }
    return { t: step.t, step: i, running };
  });
}

/** Who holds core `core` at tick `t` (after every step at t), or null. */
function holderAt(timeline, t, core) {
  const k = lastAtOrBefore(timeline, t, (e) => e.t);
  return k >= 0 ? timeline[k].running[core] ?? null : null;
}

/** Who held core `core` just before tick `t`, or null. */
function holderBefore(timeline, t, core) {
  const k = lastAtOrBefore(timeline, t - 1, (e) => e.t);
  return k >= 0 ? timeline[k].running[core] ?? null : null;
}

/** The events of every step at tick `t`, each as {event, step}. */
function eventsAtTick(steps, t) {
  const out = [];
  let k = lastAtOrBefore(steps, t, (s) => s.t);
  while (k >= 0 && steps[k].t === t) {
    out.unshift(...(steps[k].events || []).map((event) => ({ event, step: k })));
    k -= 1;
  }
  return out;
}

/** The last dispatch of `who` on `core` at or before tick `t`: {event, step, t} or null. */
function lastDispatch(steps, t, core, who) {
  for (let k = lastAtOrBefore(steps, t, (s) => s.t); k >= 0; k -= 1) {
    const found = (steps[k].events || []).find((e) => e.kind === "dispatch" && (e.core ?? 0) === core && e.who === who);
    if (found) return { event: found, step: k, t: steps[k].t };
  }
  return null;
}

/**
 * What one run decided on `core` at tick `t`:
 * {kind, who, by, previous, reason, since} where kind is "preempt",
 * "dispatch", "expire", "finish", "block", "switch", "keep" or "idle".
 */
export function decisionAt(steps, timeline, t, core) {
  const onCore = ({ event }) => (event.core ?? 0) === core;
  const events = eventsAtTick(steps, t);
  const now = holderAt(timeline, t, core);
  const previous = holderBefore(timeline, t, core);
  const preempt = events.find((x) => x.event.kind === "preempt" && onCore(x));
  if (preempt) {
    return { kind: "preempt", who: preempt.event.who, by: preempt.event.by ?? now, previous, ...keyed(preempt.event) };
  }
  const dispatches = events.filter((x) => x.event.kind === "dispatch" && onCore(x));
  const dispatch = dispatches.find((x) => x.event.who === now) ?? dispatches[dispatches.length - 1];
  if (dispatch) {
    const who = dispatch.event.who;
    const reason = keyed(dispatch.event);
    if (previous === null) return { kind: "dispatch", who, previous, ...reason };
    if (previous === who) return { kind: "keep", who, previous, ...reason, since: t };
    // Why the previous thread left the core: its own event at this tick.
    const ended = events.find((x) => x.event.who === previous && ["expire", "finish", "block"].includes(x.event.kind));
    return { kind: ended ? ended.event.kind : "switch", who, previous, ...reason };
  }
  if (now !== null && now === previous) {
    const started = lastDispatch(steps, t, core, now);
    return { kind: "keep", who: now, previous, ...keyed(started ? started.event : null), since: started ? started.t : null };
  }
  if (now === null) {
    const ended = events.find((x) => x.event.who === previous && ["finish", "block"].includes(x.event.kind));
    return { kind: "idle", who: null, previous, ...keyed(ended ? ended.event : null) };
  }
  return { kind: "switch", who: now, previous, reason: "" };
}

/**
 * The first tick where the runs disagree on who holds a core.
 * @param {Array<{policy, label, steps}>} runs
 * @returns {{t, core, cores, decisions: Array<{policy, label, ...decision}>} | null}  null when they never differ
 */
export function firstDivergence(runs) {
  const timelines = runs.map((run) => runningTimeline(run.steps));
  const ticks = [...new Set(runs.flatMap((run) => run.steps.map((s) => s.t)))].sort((a, b) => a - b);
  for (const t of ticks) {
    const held = timelines.map((timeline) => {
      const k = lastAtOrBefore(timeline, t, (e) => e.t);
      return k >= 0 ? timeline[k].running : [];
    });
    const cores = Math.max(1, ...held.map((r) => r.length));
    for (let core = 0; core < cores; core += 1) {
      const whos = held.map((r) => r[core] ?? null);
      if (whos.some((w) => w !== whos[0])) {
        const decisions = runs.map((run, k) => ({ policy: run.policy, label: run.label, ...decisionAt(run.steps, timelines[k], t, core) }));
        return { t, core, cores, decisions };
      }
    }
  }
  return null;
}

/** One run's part of the sentence: "SRT preempts P1 for P2". */
export function decisionText(d, { core, cores }) {
  const values = { policy: d.label, who: d.who, by: d.by, previous: d.previous, core };
  const texts = {
    preempt: gettext("%(policy)s preempts %(who)s for %(by)s"),
    dispatch: gettext("%(policy)s dispatches %(who)s"),
    keep: gettext("%(policy)s keeps %(who)s"),
    expire: gettext("%(policy)s switches from %(previous)s to %(who)s when the quantum ends"),
    finish: gettext("%(policy)s dispatches %(who)s after %(previous)s finishes"),
    block: gettext("%(policy)s dispatches %(who)s after %(previous)s blocks"),
    switch: gettext("%(policy)s switches from %(previous)s to %(who)s"),
    idle: cores > 1 ? gettext("%(policy)s leaves CPU %(core)s idle") : gettext("%(policy)s leaves the CPU idle"),
  };
  return interpolate(texts[d.kind] ?? texts.switch, values);
}

/** The whole sentence: "t=1: SRT preempts P1 for P2; FCFS keeps P1". */
export function divergenceText(divergence) {
  const parts = divergence.decisions.map((d) => decisionText(d, divergence)).join(gettext("; "));
  return divergence.cores > 1
    ? interpolate(gettext("t=%(t)s on CPU %(core)s: %(decisions)s"), { t: divergence.t, core: divergence.core, decisions: parts })
    : interpolate(gettext("t=%(t)s: %(decisions)s"), { t: divergence.t, decisions: parts });
}

/** The reason behind one run's part, for the list under the sentence. */
export function decisionReason(d) {
  if (!d.reason) return gettext("no decision recorded at this tick");
  if (d.kind === "keep" && d.since !== null && d.since !== undefined) {
    return interpolate(gettext("running since t=%(t)s: %(reason)s"), { t: d.since, reason: translateReason(d) });
  }
  return translateReason(d);
}
