/**
 * Compare the LLM device's KV cache policies, batching modes or request
 * scheduling on one workload: the first iteration where the runs batch
 * differently, each run's device at the cursor, and the serving figures side
 * by side.
 *
 *   "iteration 2: FCFS batches long0, long1, long2, long3; RR batches short0, short1, ..."
 *
 * Iterations come from the steps' `llm_iteration` events (n, start, batch of
 * [request, prefill|decode, tokens]); the reason behind a run's batch is its
 * preemption, admission or wait at that step (docs/llm.md).  Figures are the
 * result's `llm` (CONTRACT.md): throughput, mean and max batch, mean time to
 * first token and end-to-end latency, preemptions, the KV share holding token
 * states.  With "Show the whole run" off, only what the iterations up to the
 * cursor tell is shown (the reveal rule).
 */

import { clear, el } from "./dom.js";
import { formatNumber } from "./format.js";
import { gettext, interpolate } from "./i18n.js";
import { translateReason } from "./translate.js";

/** Names shown per batch in a sentence before "and N more". */
const NAMES_SHOWN = 6;

/** Every iteration of a run's steps, in order: [{t, step, event}]. */
export function iterationsOf(steps) {
  const out = [];
  steps.forEach((step, k) => {
    for (const event of step.events || []) if (event.kind === "llm_iteration") out.push({ t: step.t, step: k, event });
  });
  return out;
}

const batchKey = (it) => (it ? JSON.stringify(it.event.batch || []) : "none");

/**
 * The first iteration at which the runs batch differently.
 * @param {Array<{policy, id, label, steps}>} runs
 * @returns {{t, iteration, decisions: Array<{policy, id, label, iteration, events}>} | null}
 */
export function firstLlmDivergence(runs) {
  const lists = runs.map((run) => iterationsOf(run.steps));
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i += 1) {
    const here = lists.map((list) => list[i] ?? null);
    if (here.some((it) => batchKey(it) !== batchKey(here[0]))) {
      return { t: Math.min(...here.filter(Boolean).map((it) => it.event.start ?? it.t)), iteration: i,
        decisions: runs.map((run, k) => ({ policy: run.policy, id: run.id, label: run.label, iteration: here[k],
          events: here[k] ? (run.steps[here[k].step].events || []) : [] })) };
    }
  }
  return null;
}

/** "long0, long1 (prefill) and 3 more" */
function batchNames(batch) {
  const names = batch.slice(0, NAMES_SHOWN).map(([who, kind]) => (kind === "prefill"
    ? interpolate(gettext("%(who)s (prefill)"), { who }) : String(who)));
  const list = names.join(gettext(", "));
  return batch.length > NAMES_SHOWN
    ? interpolate(gettext("%(names)s and %(n)s more"), { names: list, n: batch.length - NAMES_SHOWN }) : list;
}

function llmPart(d) {
  if (!d.iteration) return interpolate(gettext("%(policy)s has served every request"), { policy: d.label });
  const batch = d.iteration.event.batch || [];
  return interpolate(gettext("%(policy)s batches %(names)s"), { policy: d.label, names: batchNames(batch) });
}

/** "iteration 2: FCFS batches long0, long1; RR batches short0, short1" (iterations counted from 1). */
export function llmDivergenceText(found) {
  return interpolate(gettext("%(op)s: %(decisions)s"), {
    op: interpolate(gettext("iteration %(n)s"), { n: found.iteration + 1 }),
    decisions: found.decisions.map(llmPart).join(gettext("; ")),
  });
}

/**
 * Each run's reason at the divergence: its preemption, else a request left
 * waiting (why the batch is not larger), else an admission.
 */
export function llmReasons(found) {
  return found.decisions.map((d) => {
    const pick = ["llm_preempt", "llm_wait", "llm_admit"].map((kind) => d.events.find((e) => e.kind === kind)).find(Boolean);
    return { policy: d.policy, id: d.id, label: d.label,
      reason: pick ? translateReason(pick) : gettext("the same requests go on: no admission or preemption at this iteration") };
  });
}

const mean = (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

/**
 * A run's figures after tick `t` (Infinity with a result: the engine's whole-run
 * figures).  Before the end only the iterations' own figures are known; the
 * others are null ("not yet").
 */
export function llmFiguresAt(iterations, result, t = Infinity) {
  const llm = result && result.llm;
  if (t === Infinity && llm) {
    const requests = Object.values(llm.requests || {});
    return {
      throughput: llm.throughput, mean_batch: llm.mean_batch, max_batch: llm.max_batch,
      ttft: mean(requests.map((r) => r.ttft).filter(Number.isFinite)),
      e2e: mean(requests.map((r) => r.e2e).filter(Number.isFinite)),
      preemptions: llm.preemptions, kv_used: llm.kv ? llm.kv.used : null, iterations: llm.iterations,
    };
  }
  const done = iterations.filter((it) => it.t <= t);
  const sizes = done.map((it) => it.event.seqs ?? (it.event.batch || []).length);
  return { throughput: null, mean_batch: mean(sizes), max_batch: sizes.length ? Math.max(...sizes) : null,
    ttft: null, e2e: null, preemptions: null, kv_used: null, iterations: done.length };
}

/** The figures compared (`higher`: more is better; `plain`: no best). */
export function llmMetrics() {
  const ticks = (x) => interpolate(gettext("%(n)s ticks"), { n: formatNumber(x, 1) });
  return [
    { key: "throughput", label: gettext("Throughput (tokens per tick)"), of: (f) => f.throughput, higher: true,
      show: (x) => formatNumber(x, 3) },
    { key: "mean_batch", label: gettext("Mean batch (sequences)"), of: (f) => f.mean_batch, higher: true },
    { key: "max_batch", label: gettext("Largest batch"), of: (f) => f.max_batch, higher: true },
    { key: "ttft", label: gettext("Mean time to first token"), of: (f) => f.ttft, show: ticks },
    { key: "e2e", label: gettext("Mean end-to-end latency"), of: (f) => f.e2e, show: ticks },
    { key: "preemptions", label: gettext("Preemptions"), of: (f) => f.preemptions },
    { key: "kv_used", label: gettext("KV memory holding token states"), of: (f) => f.kv_used, higher: true,
      show: (x) => `${formatNumber(x, 1)}%` },
    { key: "iterations", label: gettext("Iterations"), of: (f) => f.iterations, plain: true },
  ];
}

/** One run's LLM device at the cursor: the last iteration's batch, the queues, the KV pool. */
export class LlmAtCursor {
  constructor(root) {
    this.root = root;
    root.classList.add("llm-compare-view");
  }

  render(view) {
    const llm = view.state && view.state.llm;
    const found = view.store && view.index >= 0
      ? view.store.eventsUpTo(view.index, 1, (e) => e.kind === "llm_iteration") : [];
    const it = found.length ? found[0].event : null;
    const kv = llm && llm.kv;
    const pool = kv ? Object.values(kv).reduce((a, b) => a + (Number(b) || 0), 0) : 0;
    const share = (x) => (pool ? `${formatNumber((100 * x) / pool, 1)}%` : "—");
    const rows = [
      ["iteration", gettext("Iteration"), it ? String(it.n) : "—"],
      ["batch", gettext("Batch"), it ? batchNames(it.batch || []) || "—" : "—"],
      ["tokens", gettext("Tokens in the batch"), it ? String(it.tokens) : "—"],
      ["running", gettext("Requests running"), llm ? String((llm.running || []).length) : "—"],
      ["waiting", gettext("Requests waiting"), llm ? String(llm.waiting_count ?? (llm.waiting || []).length) : "—"],
      ["kv_used", gettext("KV memory holding token states"), kv ? share(kv.used) : "—"],
      ["kv_reserved", gettext("KV memory reserved for future tokens"), kv ? share(kv.reserved) : "—"],
    ];
    clear(this.root).append(el("table", { class: "vm-table llm-at-cursor" },
      el("caption", { text: interpolate(gettext("The LLM device at t=%(t)s"), { t: view.t }) }),
      el("tbody", {}, rows.map(([key, k, v]) => el("tr", { "data-row": key },
        el("th", { scope: "row", text: k }), el("td", { text: v }))))));
  }
}
