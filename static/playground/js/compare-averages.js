/**
 * The compare page's scoreboard: average waiting, turnaround and response
 * times and the context switches of each run side by side (or another
 * subsystem's figures), the best marked with a "best" badge (text, so
 * colour is not the only cue): the lowest, or the highest for a figure
 * marked `higher` (throughput); a `plain` figure is only shown.
 */

import { el } from "./dom.js";
import { formatNumber } from "./format.js";
import { gettext } from "./i18n.js";

/** The figures compared, each read from an engine result. */
function metrics() {
  return [
    { key: "waiting", label: gettext("Average waiting time"), of: (r) => r.averages && r.averages.waiting },
    { key: "turnaround", label: gettext("Average turnaround time"), of: (r) => r.averages && r.averages.turnaround },
    { key: "response", label: gettext("Average response time"), of: (r) => r.averages && r.averages.response },
    { key: "context_switches", label: gettext("Context switches"), of: (r) => r.cpu && r.cpu.context_switches },
  ];
}

/**
 * Indices of the smallest numbers in `values` (the largest with `higher`; all
 * of them on a tie); non-numbers never win.
 */
export function bestIndices(values, higher = false) {
  const numbers = values.filter((v) => typeof v === "number" && Number.isFinite(v));
  if (!numbers.length) return new Set();
  const best = higher ? Math.max(...numbers) : Math.min(...numbers);
  return new Set(values.flatMap((v, k) => (v === best ? [k] : [])));
}

/** One cell: the value, with a "best" badge when it is the lowest. */
function valueCell(variant, metric, value, best) {
  const show = metric.show ?? formatNumber;
  return el("td", {
    class: best ? "num best" : "num", "data-policy": variant.policy, "data-variant": variant.id ?? variant.policy,
    "data-metric": metric.key, "data-best": String(best), title: typeof value === "number" ? String(value) : null,
  }, typeof value === "number" ? show(value) : formatNumber(value), best ? el("span", { class: "best-mark", text: gettext("best") }) : null);
}

/**
 * The table for finished runs: variants are [{policy, id, label, store}] with
 * store.result set; `chosen` the figures ({key, label, of, show, higher,
 * plain}), the CPU averages by default (compare-subsystems.js has memory's
 * and the disk's).  `options.figures(variant, k)` gives the record each
 * metric reads (the result by default: figures as of a tick, for the reveal
 * rule), `options.caption` the table's caption.
 */
export function averagesTable(variants, chosen = null, options = {}) {
  const figures = options.figures ?? ((v) => v.store.result);
  const rows = (chosen ?? metrics()).map((metric) => {
    const values = variants.map((v, k) => {
      const record = figures(v, k);
      return record ? metric.of(record) : null;
    });
    const best = metric.plain ? new Set() : bestIndices(values, metric.higher);
    return el("tr", { "data-metric": metric.key },
      el("th", { scope: "row", text: metric.label }),
      values.map((value, k) => valueCell(variants[k], metric, value, best.has(k))));
  });
  return el("table", { class: "metrics-table compare-averages" },
    el("caption", { text: options.caption ?? gettext("Averages side by side (lower is better; the best is marked)") }),
    el("thead", {}, el("tr", {},
      el("th", { scope: "col", text: gettext("Measure") }),
      variants.map((v) => el("th", { scope: "col", class: "num", "data-policy": v.policy, "data-variant": v.id ?? v.policy, text: v.label })))),
    el("tbody", {}, rows));
}
