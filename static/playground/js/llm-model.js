/**
 * What the LLM views know about a run up to the cursor: every iteration's
 * batch, each request's bars (prefill, decode, swap in), waits, preemptions
 * and finish, and the KV pool split at every step (docs/llm.md, "Steps").
 *
 * One LlmHistory serves every LLM widget of a panel.  sync(view) reads the
 * steps 0..view.index of view.store (a StepWindow under the reveal rule), so
 * nothing after the cursor is ever known here.  Moving forward reads only
 * the new steps; moving back (or another store) starts over, as the event
 * log does.
 */

import { applyPatch } from "./steps.js";

export const KV_KINDS = ["used", "reserved", "internal", "external", "free"];

/** Does the scenario have an LLM device (an `llm` section)? */
export function usesLlm(scenario) {
  return Boolean(scenario && scenario.llm && typeof scenario.llm === "object");
}

// The engine's defaults for the model (CONTRACT.md, "The LLM device").
const DEFAULT_MODEL = { layers: 40, hidden: 5120, bytes_per_value: 2 };

/** KV bytes of one token state: 2 × layers × hidden × bytes per value. */
export function kvBytesPerToken(scenario) {
  const model = { ...DEFAULT_MODEL, ...((scenario && scenario.llm && scenario.llm.model) || {}) };
  return 2 * model.layers * model.hidden * model.bytes_per_value;
}

/** The scenario's `llm.kv` with the engine's defaults. */
export function kvConfig(scenario) {
  const kv = (scenario && scenario.llm && scenario.llm.kv) || {};
  return { policy: kv.policy || "paged", block_size: kv.block_size || 16, max_seq_len: kv.max_seq_len || 2048,
    allocator: kv.allocator || "first_fit" };
}

/** Does this policy page the KV cache (blocks) rather than cut one region per request? */
export function isPaged(policy) {
  return policy === "paged" || policy === "paged_shared";
}

/** The state's `llm` after `step`, given the one before (the llm key of applyStep). */
function llmAfter(before, step) {
  if (step.keyframe) return step.state ? step.state.llm : undefined;
  if (step.state && "llm" in step.state) return step.state.llm;
  if (step.patch && step.patch.llm) return applyPatch(before, step.patch.llm);
  if (Array.isArray(step.gone) && step.gone.includes("llm")) return undefined;
  return before;
}

function newRequest(id, order) {
  return { id, order, arrival: null, arriveStep: null, prompt: null, output: null, bars: [], waits: [],
    preempts: [], admitted: null, finish: null, finishStep: null, lastPrefill: null, firstToken: null,
    decoded: false, waitingSince: null };
}

export class LlmHistory {
  constructor(scenario) {
    this.chunked = Boolean(scenario && scenario.llm && scenario.llm.batching && scenario.llm.batching.chunked_prefill);
    this.reset(null);
  }

  reset(store) {
    this.store = store;
    this.index = -1;
    this.requests = new Map(); // id -> request record (arrival order)
    this.arrived = 0; // requests with an arrival so far
    this.open = new Set(); // ids that arrived and have not finished: the rows that still change with time
    this.iterations = []; // {step, n, start, end, seqs, tokens, batch}
    this.mostSeqs = 1; // the most sequences in one iteration so far (at least 1)
    this.kv = []; // {step, t, kv}: the pool split after each step that has an llm state
    this.llm = undefined; // the state's llm at this.index
  }

  /** Bring the history to view.index of view.store.  Returns this. */
  sync(view) {
    const store = view.store;
    if (!store || view.index < 0) {
      this.reset(store);
      return this;
    }
    if (store !== this.store || view.index < this.index) this.reset(store);
    for (let j = this.index + 1; j <= view.index; j += 1) this.read(store, j);
    this.index = view.index;
    return this;
  }

  request(id) {
    if (!this.requests.has(id)) this.requests.set(id, newRequest(id, this.requests.size));
    return this.requests.get(id);
  }

  /** Record step j. */
  read(store, j) {
    const step = store.step(j);
    if (!step) return;
    const t = step.t;
    for (const event of step.events || []) this.readEvent(event, j, t);
    this.llm = llmAfter(this.llm, step);
    if (this.llm && this.llm.kv) {
      const last = this.kv[this.kv.length - 1];
      if (last && last.t === t) this.kv.pop(); // several steps at one instant: the last split holds
      this.kv.push({ step: j, t, kv: this.llm.kv });
    }
  }

  readEvent(event, j, t) {
    const kind = event.kind;
    if (kind === "llm_arrive") {
      const req = this.request(event.who);
      const args = event.reason_args || {};
      if (req.arrival === null) this.arrived += 1;
      this.open.add(req.id);
      Object.assign(req, { arrival: t, arriveStep: j, prompt: args.prompt ?? null, output: args.output ?? null,
        waitingSince: t });
    } else if (kind === "llm_iteration") {
      this.iterations.push({ step: j, n: event.n, start: event.start, end: event.end, seqs: event.seqs,
        tokens: event.tokens, ticks: event.ticks, batch: event.batch || [] });
      if (event.seqs > this.mostSeqs) this.mostSeqs = event.seqs;
      for (const [id, what, tokens] of event.batch || []) this.member(this.request(id), what, tokens, event, j);
    } else if (kind === "llm_admit") {
      const req = this.request(event.who);
      if (req.admitted === null) req.admitted = t;
      this.closeWait(req, t);
    } else if (kind === "llm_preempt") {
      const req = this.request(event.who);
      req.preempts.push({ t, step: j, how: event.how, event });
      req.waitingSince = t;
    } else if (kind === "llm_finish") {
      const req = this.request(event.who);
      req.finish = t;
      req.finishStep = j;
      this.open.delete(req.id);
      if (req.firstToken === null && req.lastPrefill) req.firstToken = req.lastPrefill.end;
    }
  }

  closeWait(req, t) {
    if (req.waitingSince !== null && t > req.waitingSince) req.waits.push({ start: req.waitingSince, end: t });
    req.waitingSince = null;
  }

  /** `req` is in iteration `event`'s batch as `what` ("prefill", "decode", "swap_in"). */
  member(req, what, tokens, event, j) {
    this.closeWait(req, event.start);
    const kind = what === "swap_in" ? "swap" : what;
    const last = req.bars[req.bars.length - 1];
    if (last && last.kind === kind && last.end === event.start) {
      last.end = event.end;
      last.iterations += 1;
      last.tokens += tokens;
    } else {
      req.bars.push({ kind, start: event.start, end: event.end, step: j, iterations: 1, tokens });
    }
    // The first token comes at the end of the iteration that ends the prefill: without chunks,
    // every prefill; with chunks, the last one before the request decodes (or finishes).
    if (kind === "prefill") {
      req.lastPrefill = { end: event.end, step: j };
      if (!this.chunked && req.firstToken === null) req.firstToken = event.end;
    } else if (req.firstToken === null && req.lastPrefill) {
      req.firstToken = req.lastPrefill.end;
    }
  }

  /** The iteration running at step `index` (the one the step started), or null. */
  iterationAt(index) {
    const last = this.iterations[this.iterations.length - 1];
    return last && last.step === index ? last : null;
  }

  /**
   * A request's figures at tick `t` (the cursor's): ttft once its first token
   * came, e2e and tpot once it finished (null before), preemptions so far.
   */
  figures(req, t) {
    const first = req.firstToken !== null && req.firstToken <= t ? req.firstToken : null;
    const done = req.finish !== null;
    const ttft = first !== null && req.arrival !== null ? first - req.arrival : null;
    const e2e = done && req.arrival !== null ? req.finish - req.arrival : null;
    let tpot = null;
    if (done && first !== null && Number.isInteger(req.output)) tpot = req.output > 1 ? (req.finish - first) / (req.output - 1) : 0;
    return { ttft, tpot, e2e, preemptions: req.preempts.length, done };
  }
}
