/**
 * Names, colours and patterns shared by the LLM views: the kinds of work in
 * a batch (prefill, decode, swap in) and the five categories of the KV pool
 * (used, reserved, internal and external fragmentation, free).  Each has a
 * colour and a pattern, so colour is never the only cue, and a legend.
 */

import { el, svg } from "./dom.js";
import { gettext } from "./i18n.js";

const TILE = 8;

/** Fills: colour and marks on an 8 x 8 tile (stroked lines or filled shapes). */
const KIND_FILLS = {
  prefill: { colour: "#0072B2", ink: "#fff" },
  decode: { colour: "#56B4E9", ink: "#000", stroke: "M-2 2L2-2M0 8L8 0M6 10L10 6" },
  swap: { colour: "#CC79A7", ink: "#000", stroke: "M0 0L8 8M0 8L8 0" },
};

const CATEGORY_FILLS = {
  used: { colour: "#0072B2", ink: "#fff" },
  reserved: { colour: "#56B4E9", ink: "#000", stroke: "M-2 2L2-2M0 8L8 0M6 10L10 6" },
  internal: { colour: "#E69F00", ink: "#000", fill: "M1.5 1.5h2.5v2.5h-2.5zM5.5 5.5h2v2h-2z" },
  external: { colour: "#D55E00", ink: "#000", stroke: "M0 0L8 8M0 8L8 0" },
  free: { colour: "#f7f7f7", ink: "#777", stroke: "M0 4H8" },
};

/** The grid's own fills: shared blocks, and the pool's leftovers (as the categories draw them). */
const GRID_FILLS = {
  shared: { colour: "#444444", ink: "#fff", fill: "M1.5 1.5h2.5v2.5h-2.5zM5.5 5.5h2v2h-2z" },
  used: CATEGORY_FILLS.used,
  reserved: CATEGORY_FILLS.reserved,
  internal: CATEGORY_FILLS.internal,
  external: CATEGORY_FILLS.external,
  free: CATEGORY_FILLS.free,
};

let kindNames = null;
let categoryNames = null;

/** The kind of a batch member or a preemption, in the page's language. */
export function kindLabel(kind) {
  kindNames ??= {
    prefill: gettext("prefill"), decode: gettext("decode"), swap: gettext("swap in"), swap_in: gettext("swap in"),
    recompute: gettext("recompute"),
  };
  return kindNames[kind] ?? String(kind);
}

/** A KV pool category, in the page's language. */
export function categoryLabel(kind) {
  categoryNames ??= {
    used: gettext("used (token states)"), reserved: gettext("reserved for tokens to come"),
    internal: gettext("internal fragmentation"), external: gettext("external fragmentation"), free: gettext("free"),
  };
  return categoryNames[kind] ?? String(kind);
}

let instances = 0;

function patternOf(id, spec) {
  return svg("pattern", { id, width: TILE, height: TILE, patternUnits: "userSpaceOnUse" },
    svg("rect", { width: TILE, height: TILE, fill: spec.colour }),
    spec.stroke ? svg("path", { d: spec.stroke, stroke: spec.ink, "stroke-width": 1.4, "stroke-opacity": 0.55, fill: "none" }) : null,
    spec.fill ? svg("path", { d: spec.fill, fill: spec.ink, "fill-opacity": 0.55 }) : null);
}

function patternSet(prefix, specs) {
  instances += 1;
  // "fill<n>-": the numbered prefix the harness's markup comparison recognises (tests/browser/harness/panel.js).
  const base = `fill${instances}-${prefix}`;
  const defs = svg("defs");
  for (const [name, spec] of Object.entries(specs)) defs.append(patternOf(`${base}-${name}`, spec));
  return { defs, fill: (name) => `url(#${base}-${name})` };
}

/** {defs, fill(kind)}: the batch kinds' patterns for one <svg>. */
export function kindPatterns(prefix = "llmk") {
  return patternSet(prefix, KIND_FILLS);
}

/** {defs, fill(category)}: the pool categories' patterns for one <svg>. */
export function categoryPatterns(prefix = "llmc") {
  return patternSet(prefix, CATEGORY_FILLS);
}

/** A legend (a list of swatches and names) for `names`, labelled by `label(name)`. */
function legend(className, specs, names, label, extra = []) {
  instances += 1;
  return el("ul", { class: `llm-legend ${className}` },
    ...names.map((name) => {
      const id = `fill${instances}-${className}-${name}`;
      return el("li", { "data-kind": name },
        svg("svg", { class: "llm-swatch", width: 14, height: 14, viewBox: "0 0 14 14", "aria-hidden": "true", focusable: "false" },
          svg("defs", {}, patternOf(id, specs[name])),
          svg("rect", { width: 14, height: 14, fill: `url(#${id})`, class: "llm-swatch-box" })),
        ` ${label(name)}`);
    }),
    ...extra);
}

/** The legend of the batch chart: the three kinds, waits and preemptions. */
export function kindLegend() {
  return legend("llm-kind-legend", KIND_FILLS, Object.keys(KIND_FILLS), kindLabel, [
    el("li", { "data-kind": "wait" }, el("span", { class: "llm-wait-swatch", "aria-hidden": "true" }), ` ${gettext("waiting")}`),
    el("li", { "data-kind": "preempt" }, el("span", { class: "llm-preempt-swatch", "aria-hidden": "true", text: "▼" }), ` ${gettext("preempted")}`),
  ]);
}

/** {defs, fill(name)}: the grid's fills (shared, internal, external, free) for one <svg>. */
export function gridPatterns(prefix = "llmgrid") {
  return patternSet(prefix, GRID_FILLS);
}

/** The legend of the block grid: shared and free blocks (paged), or what regions leave (contiguous). */
export function gridLegend(paged) {
  const names = paged ? ["shared", "free"] : ["internal", "external", "free"];
  return legend("llm-grid-legend", GRID_FILLS, names,
    (name) => (name === "shared" ? gettext("shared block (reference count above 1)") : categoryLabel(name)),
    [el("li", { "data-kind": "owner" }, gettext("other cells: the request's own, in its colour")),
      ...(paged ? [el("li", { "data-kind": "count" }, gettext("×n on a shared block: its reference count"))] : [])]);
}

/** The legend of the pool's categories. */
export function categoryLegend() {
  return legend("llm-category-legend", CATEGORY_FILLS, Object.keys(CATEGORY_FILLS), categoryLabel);
}
