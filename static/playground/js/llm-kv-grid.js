/**
 * The KV pool as a grid of cells at the cursor.
 *
 * Paged policies: one cell per block.  Each running request's own blocks
 * carry its colour and pattern; blocks with a reference count above one
 * (shared prefix blocks, samples sharing their prompt) are drawn once, in
 * the shared pattern, and the copies made by copy-on-write are the
 * requests' own blocks again.  Contiguous policies: one region per request,
 * its length up to prompt + output in the request's colour, the rest of the
 * region (reserved for tokens never produced: internal fragmentation)
 * dotted; the allocator's rounding and unusable holes are external.
 *
 * Steps give per running request [blocks, shared blocks] (docs/llm.md), not
 * block numbers or addresses: the grid groups blocks by owner in priority
 * order instead of drawing them where they lie.  Cells that appeared since
 * the previous step are marked (and fade in, unless motion is reduced).
 * "Table" lists the requests' blocks instead.
 */

import { fontSizeOf, watchWidth, widthOf } from "./chart.js";
import { dataTable, tableToggle } from "./chart-table.js";
import { clear, el, svg } from "./dom.js";
import { formatSizeShort } from "./format.js";
import { gettext, interpolate } from "./i18n.js";
import { categoryLabel, gridLegend, gridPatterns } from "./llm-legend.js";
import { KV_KINDS, isPaged, kvBytesPerToken, kvConfig } from "./llm-model.js";
import { FillPatterns } from "./patterns.js";

/** Cells drawn at most: a larger pool shows several blocks per cell. */
const MAX_CELLS = 1600;

const sum = (kv) => KV_KINDS.reduce((total, k) => total + (kv[k] || 0), 0);

/** Token slots a contiguous region reserves per sample (the policies' rules, CONTRACT.md). */
function regionSlots(policy, kv, final) {
  if (policy === "contiguous_max") return kv.max_seq_len;
  if (policy === "contiguous_pow2") return 2 ** Math.ceil(Math.log2(Math.max(1, final)));
  return final;
}

/** Samples of request `id` as the scenario lists it (generated and op requests: their own, default 1). */
function samplesOf(scenario, id) {
  const listed = ((scenario && scenario.llm && scenario.llm.requests) || []).find((r) => r && r.id === id);
  return listed && Number.isInteger(listed.n) ? listed.n : 1;
}

export class LlmKvGrid {
  constructor(root, { palette, scenario, history }) {
    this.root = root;
    this.palette = palette;
    this.scenario = scenario;
    this.history = history;
    this.fills = new FillPatterns(scenario, palette);
    this.config = kvConfig(scenario);
    this.kvpt = kvBytesPerToken(scenario);
    this.last = null;
    this.previous = null; // {index, counts: Map owner -> cells}: to mark what is new
    this.showTable = false;
    this.canvas = el("div", { class: "llm-kv-canvas" });
    this.notes = el("p", { class: "llm-kv-notes" });
    this.tableBox = el("div", { class: "llm-kv-table-box", hidden: true });
    const toggle = tableToggle((show) => {
      this.showTable = show;
      if (this.last) this.render(this.last);
    });
    root.classList.add("llm-kv-grid");
    root.append(el("div", { class: "widget-head" }, el("h3", { text: gettext("KV cache blocks") }), toggle),
      this.notes, gridLegend(isPaged(this.config.policy)), this.canvas, this.tableBox);
    this.unwatch = watchWidth(this.canvas, () => this.last && this.render(this.last));
  }

  render(view) {
    this.history.sync(view);
    const llm = view.state && view.state.llm;
    const owners = this.owners(llm);
    this.canvas.hidden = this.showTable;
    this.tableBox.hidden = !this.showTable;
    clear(this.canvas);
    if (!llm || !llm.kv) {
      this.notes.textContent = gettext("The LLM device has not started yet.");
      clear(this.tableBox);
      this.last = view;
      return;
    }
    const layout = isPaged(this.config.policy) ? this.pagedLayout(llm, owners) : this.contiguousLayout(llm, owners);
    this.notes.textContent = layout.note;
    if (this.showTable) clear(this.tableBox).append(this.table(view, owners, layout));
    else this.canvas.append(this.draw(layout, view));
    this.previous = { index: view.index, counts: layout.counts };
    this.last = view;
  }

  /** The running requests in priority order with [blocks, shared]. */
  owners(llm) {
    if (!llm) return [];
    const blocks = llm.blocks || {};
    return (llm.running || []).filter((id) => id in blocks).map((id) => ({ id, blocks: blocks[id][0], shared: blocks[id][1] }));
  }

  /** Runs of cells for a paged pool: each owner's own blocks, the shared ones once, the free ones. */
  pagedLayout(llm, owners) {
    const kv = llm.kv;
    const blockBytes = this.config.block_size * this.kvpt;
    const nblocks = Math.max(0, Math.round((sum(kv) - kv.external) / blockBytes));
    const allocated = Math.round((kv.used + kv.reserved + kv.internal) / blockBytes);
    const own = owners.map((o) => ({ ...o, own: Math.max(0, o.blocks - o.shared) }));
    const sharedBlocks = Math.max(0, allocated - own.reduce((total, o) => total + o.own, 0));
    const per = Math.max(1, Math.ceil(nblocks / MAX_CELLS));
    const runs = own.map((o) => ({ key: o.id, owner: o.id, cells: Math.ceil(o.own / per),
      title: interpolate(gettext("%(who)s: %(n)s blocks of its own, %(shared)s shared"), { who: o.id, n: o.own, shared: o.shared }) }));
    const sharers = own.filter((o) => o.shared > 0).length;
    if (sharedBlocks) {
      runs.push({ key: "shared", kind: "shared", cells: Math.ceil(sharedBlocks / per),
        title: interpolate(gettext("%(n)s shared blocks (reference count above 1), held by %(k)s requests"), { n: sharedBlocks, k: sharers }) });
    }
    const free = nblocks - allocated;
    runs.push({ key: "free", kind: "free", cells: Math.ceil(free / per),
      title: interpolate(gettext("%(n)s free blocks"), { n: free }) });
    const note = interpolate(gettext("%(n)s blocks of %(size)s tokens: %(held)s held by %(k)s requests (%(shared)s shared), %(free)s free."),
      { n: nblocks, size: this.config.block_size, held: allocated, k: owners.length, shared: sharedBlocks, free })
      + (per > 1 ? ` ${interpolate(gettext("One cell stands for %(n)s blocks."), { n: per })}` : "");
    return { runs, note, counts: new Map(runs.map((r) => [r.key, r.cells])),
      rows: own.map((o) => ({ id: o.id, held: o.blocks, shared: o.shared, bytes: o.blocks * blockBytes })) };
  }

  /** Runs of cells for a contiguous pool: each region (its final length, then what it reserves beyond), external, free. */
  contiguousLayout(llm, owners) {
    const kv = llm.kv;
    const pool = sum(kv);
    const unit = Math.max(1, pool / MAX_CELLS);
    const cells = (bytes) => Math.round(bytes / unit);
    const history = this.history;
    const regions = owners.map((o) => {
      const req = history.requests.get(o.id);
      const n = samplesOf(this.scenario, o.id);
      const final = req && Number.isInteger(req.prompt) && Number.isInteger(req.output) ? req.prompt + req.output : null;
      const asked = final === null ? null : regionSlots(this.config.policy, this.config, final) * n * this.kvpt;
      return { id: o.id, final: final === null ? null : final * n * this.kvpt, asked };
    });
    // The regions' sizes follow from the policy; if they do not add up to what the step says is held, draw totals only.
    const held = kv.used + kv.reserved + kv.internal;
    const known = regions.every((r) => r.asked !== null) && regions.reduce((total, r) => total + r.asked, 0) === held;
    const runs = [];
    if (known) {
      for (const r of regions) {
        runs.push({ key: r.id, owner: r.id, cells: Math.max(1, cells(r.final)),
          title: interpolate(gettext("%(who)s: region of %(size)s, %(final)s up to its final length"),
            { who: r.id, size: formatSizeShort(r.asked), final: formatSizeShort(r.final) }) });
        if (r.asked > r.final) {
          runs.push({ key: `${r.id}:internal`, owner: r.id, kind: "internal", cells: cells(r.asked - r.final),
            title: interpolate(gettext("%(who)s: %(size)s reserved beyond its final length (internal fragmentation)"),
              { who: r.id, size: formatSizeShort(r.asked - r.final) }) });
        }
      }
    } else {
      for (const kind of ["used", "reserved", "internal"]) {
        runs.push({ key: kind, kind, cells: cells(kv[kind]), title: `${categoryLabel(kind)}: ${formatSizeShort(kv[kind])}` });
      }
    }
    runs.push({ key: "external", kind: "external", cells: cells(kv.external), title: `${categoryLabel("external")}: ${formatSizeShort(kv.external)}` });
    runs.push({ key: "free", kind: "free", cells: cells(kv.free), title: `${categoryLabel("free")}: ${formatSizeShort(kv.free)}` });
    const note = interpolate(gettext("%(k)s regions (%(policy)s) hold %(held)s of %(pool)s; one cell is %(unit)s."),
      { k: owners.length, policy: this.config.policy, held: formatSizeShort(held), pool: formatSizeShort(pool), unit: formatSizeShort(unit) })
      + (known ? "" : ` ${gettext("Regions are drawn by category: their sizes are not known here.")}`);
    return { runs, note, counts: new Map(runs.map((r) => [r.key, r.cells])),
      rows: regions.map((r) => ({ id: r.id, held: 1, shared: 0, bytes: r.asked })) };
  }

  draw(layout, view) {
    const font = fontSizeOf(this.root);
    const width = widthOf(this.canvas, 400);
    const total = layout.runs.reduce((n, r) => n + r.cells, 0);
    const cell = Math.max(4, Math.min(Math.round(font * 1.1), Math.floor(Math.sqrt((width * font * 12) / Math.max(1, total)))));
    const cols = Math.max(1, Math.floor((width - 2) / cell));
    const height = Math.ceil(total / cols) * cell + 2;
    const chart = svg("svg", { class: "llm-kv-svg", width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": gettext("KV cache blocks") });
    const categories = gridPatterns("llmkv");
    const owners = layout.runs.filter((r) => r.owner).map((r) => r.owner);
    chart.append(this.fills.defs(owners), categories.defs);
    const previous = this.previous && this.previous.index === view.index - 1 ? this.previous.counts : null;
    let at = 0;
    for (const run of layout.runs) {
      const group = svg("g", { class: `llm-kv-run${run.kind ? ` llm-kv-${run.kind}` : ""}`, "data-key": run.key,
        "data-owner": run.owner || "", "data-cells": run.cells }, svg("title", { text: run.title }));
      // A region's tail beyond its final length is internal fragmentation, whoever owns it.
      const fill = run.kind ? categories.fill(run.kind) : this.fills.fill(run.owner);
      const before = previous ? (previous.get(run.key) ?? 0) : run.cells;
      // One path per run (and one for its cells new since the previous step): a pool has ~1000 cells.
      let d = "";
      let fresh = "";
      for (let k = 0; k < run.cells; k += 1, at += 1) {
        const cellPath = `M${(at % cols) * cell + 1} ${Math.floor(at / cols) * cell + 1}h${cell - 1}v${cell - 1}h${1 - cell}z`;
        if (k >= before) fresh += cellPath;
        else d += cellPath;
      }
      if (d) group.append(svg("path", { class: "llm-kv-cell", d, fill }));
      if (fresh) group.append(svg("path", { class: "llm-kv-cell new", d: fresh, fill }));
      chart.append(group);
    }
    return chart;
  }

  table(view, owners, layout) {
    const unit = isPaged(this.config.policy) ? gettext("Blocks") : gettext("Regions");
    return dataTable({
      className: "llm-kv-table",
      caption: interpolate(gettext("KV cache of the running requests at t = %(t)s, in priority order"), { t: view.t }),
      columns: [{ label: gettext("Request") }, { label: unit, numeric: true }, { label: gettext("Shared blocks"), numeric: true },
        { label: gettext("Bytes"), numeric: true }],
      rows: layout.rows.map((r) => [r.id, String(r.held), String(r.shared), r.bytes === null ? "—" : formatSizeShort(r.bytes)]),
      rowAttrs: (k) => ({ "data-request": layout.rows[k].id }),
    });
  }

  dispose() {
    this.unwatch();
  }
}
