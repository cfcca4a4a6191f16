/**
 * The KV pool as a grid of cells at the cursor.
 *
 * Paged policies, when the step carries block tables (docs/llm.md,
 * "Steps"; llm-kv-pool.js): one cell per physical block in block-number
 * order.  A block held once is in its owner's colour and pattern; a block
 * with a reference count above one (a shared prefix, prompt blocks the
 * samples share) is in the shared pattern, labelled with its count ("×3")
 * where the label fits, its title listing the owners; free blocks stay
 * where they lie.  Choosing a request ("Block table of", or pointing at a
 * block) highlights its blocks and the table view shows its block table
 * (logical → physical).  A step without tables (a pool above the cap, a run
 * stored before them) falls back to per request [blocks, shared blocks]:
 * each owner's own blocks grouped in priority order and the shared ones once.
 *
 * Contiguous policies: one region per request, its length up to prompt +
 * output in the request's colour, the rest of the region (reserved for
 * tokens never produced: internal fragmentation) dotted; the allocator's
 * rounding and unusable holes are external.
 *
 * Cells that changed since the previous step are marked (and fade in,
 * unless motion is reduced).  "Table" lists the requests' blocks, the
 * chosen request's block table and every held block; "Blocks (CSV)"
 * downloads every block of the pool at the cursor.
 */

import { fontSizeOf, labelWidth, watchWidth, widthOf } from "./chart.js";
import { tableToggle } from "./chart-table.js";
import { clear, el, svg } from "./dom.js";
import { download } from "./export.js";
import { formatSizeShort } from "./format.js";
import { gettext, interpolate } from "./i18n.js";
import { categoryLabel, gridLegend, gridPatterns } from "./llm-legend.js";
import { KV_KINDS, isPaged, kvBytesPerToken, kvConfig } from "./llm-model.js";
import { blocksCsv, poolGroups, rangesText, readPool, runsOf } from "./llm-kv-pool.js";
import { kvTables, placeInOrder, updateTables } from "./llm-kv-tables.js";
import { FillPatterns } from "./patterns.js";

/** Cells drawn at most: a larger pool shows several blocks per cell (without tables). */
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
    this.previous = null; // {index, counts: Map run -> cells, blocks: each block's owners and count}: to mark what is new
    this.showTable = false;
    this.selected = ""; // the request whose block table is shown
    this.pool = null; // the physical pool at the cursor (paged steps with tables)
    this.canvas = el("div", { class: "llm-kv-canvas" });
    this.notes = el("p", { class: "llm-kv-notes" });
    this.tableBox = el("div", { class: "llm-kv-table-box", hidden: true });
    const toggle = tableToggle((show) => {
      this.showTable = show;
      if (this.last) this.render(this.last);
    });
    const head = el("div", { class: "widget-head" }, el("h3", { text: gettext("KV cache blocks") }), toggle);
    if (isPaged(this.config.policy)) {
      this.chooser = el("select", { class: "llm-kv-choose", on: { change: () => this.choose(this.chooser.value) } });
      this.csvButton = el("button", { type: "button", class: "btn small llm-kv-csv", text: gettext("Blocks (CSV)"),
        title: gettext("Every block of the pool at the current step: block, owners, reference count"), disabled: true,
        on: { click: () => this.saveCsv() } });
      head.append(this.csvButton);
      this.chooserRow = el("label", { class: "llm-kv-chooser" }, `${gettext("Block table of")} `, this.chooser);
    }
    root.classList.add("llm-kv-grid");
    root.append(head, this.notes, gridLegend(isPaged(this.config.policy)), this.chooserRow || "", this.canvas, this.tableBox);
    this.unwatch = watchWidth(this.canvas, () => this.last && this.render(this.last));
  }

  /** Show request `id`'s block table (and highlight its blocks); "" for none. */
  choose(id) {
    this.selected = id;
    if (this.last) this.render(this.last);
  }

  saveCsv() {
    if (!this.pool || !this.last) return;
    download(`kv-blocks-t${this.last.t}.csv`, new Blob([blocksCsv(this.pool)], { type: "text/csv;charset=utf-8" }));
  }

  /** The chooser's options: no request, then the running ones (and the chosen one if it no longer runs). */
  fillChooser(owners) {
    if (!this.chooser) return;
    const ids = owners.map((o) => o.id);
    const gone = this.selected && !ids.includes(this.selected) ? this.selected : "";
    // Rebuilt only when the requests change: rebuilding it under the pointer would close it.
    const key = JSON.stringify([ids, gone]);
    if (key !== this.chooserKey) {
      this.chooserKey = key;
      this.chooser.replaceChildren(el("option", { value: "", text: gettext("no request (point at a block)") }),
        ...ids.map((id) => el("option", { value: id, text: id })),
        ...(gone ? [el("option", { value: gone, text: interpolate(gettext("%(who)s (holds no blocks now)"), { who: gone }) })] : []));
    }
    this.chooser.value = this.selected;
    this.chooser.disabled = !this.pool;
  }

  render(view) {
    this.history.sync(view);
    const llm = view.state && view.state.llm;
    const owners = this.owners(llm);
    this.canvas.hidden = this.showTable;
    this.tableBox.hidden = !this.showTable;
    if (!llm || !llm.kv) {
      clear(this.canvas);
      this.drawnExact = null;
      this.notes.textContent = gettext("The LLM device has not started yet.");
      this.pool = null;
      this.tablesShown = false;
      if (this.csvButton) this.csvButton.disabled = true;
      clear(this.tableBox);
      this.last = view;
      return;
    }
    const paged = isPaged(this.config.policy);
    this.pool = paged ? readPool(llm, this.poolBlocks(llm.kv)) : null;
    if (this.csvButton) this.csvButton.disabled = !this.pool;
    this.fillChooser(owners);
    let layout;
    if (this.pool) layout = this.exactLayout(llm, owners);
    else layout = paged ? this.pagedLayout(llm, owners) : this.contiguousLayout(llm, owners);
    if (this.notes.textContent !== layout.note) this.notes.textContent = layout.note;
    const forward = Boolean(this.previous && this.previous.index === view.index - 1);
    if (this.showTable) {
      this.drawnExact = null;
      clear(this.canvas);
      // A step forward changes the rows that changed; a jump, a new choice or the toggle draws them afresh.
      const tables = kvTables({ view, llm, layout, pool: this.pool, selected: this.selected, paged });
      if (forward && this.tablesShown) updateTables(this.tableBox, tables);
      else clear(this.tableBox).append(...tables);
      this.tablesShown = true;
    } else if (!(layout.exact && this.updateExact(layout, view))) {
      clear(this.canvas);
      this.drawnExact = null;
      this.canvas.append(layout.exact ? this.drawExact(layout, view) : this.draw(layout, view));
    }
    if (!this.showTable) this.tablesShown = false;
    this.previous = { index: view.index, counts: layout.counts, blocks: layout.signatures || null };
    this.last = view;
  }

  /** Blocks in a paged pool: what the step's split says is not the pool's tail. */
  poolBlocks(kv) {
    return Math.max(0, Math.round((sum(kv) - kv.external) / (this.config.block_size * this.kvpt)));
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
    const nblocks = this.poolBlocks(kv);
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
      + (per > 1 ? ` ${interpolate(gettext("One cell stands for %(n)s blocks."), { n: per })}` : "")
      + ` ${gettext("This step carries no block tables (a pool above 4,096 blocks, tables too long for a step, or a run stored before them): each request's blocks are grouped, not drawn where they lie.")}`;
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

  /** The pool in block-number order (the step's block tables): groups of blocks drawn alike. */
  exactLayout(llm, owners) {
    const pool = this.pool;
    const held = pool.blocks.filter(Boolean);
    const shared = held.filter((b) => b.refs > 1).length;
    const blockBytes = this.config.block_size * this.kvpt;
    const note = interpolate(gettext("%(n)s blocks of %(size)s tokens, by block number: %(held)s held by %(k)s requests (%(shared)s held more than once), %(free)s free."),
      { n: pool.nblocks, size: this.config.block_size, held: held.length, k: owners.length, shared, free: pool.nblocks - held.length });
    return { exact: true, groups: poolGroups(pool), note, counts: null,
      signatures: pool.blocks.map((b) => (b ? `${b.refs}:${b.owners.join("\u0000")}` : "")),
      rows: owners.map((o) => ({ id: o.id, held: o.blocks, shared: o.shared, bytes: o.blocks * blockBytes })) };
  }

  /** Where the grid of `total` blocks puts its cells at the canvas's width (the same for a whole run). */
  exactGeometry(total) {
    const font = fontSizeOf(this.root);
    const width = widthOf(this.canvas, 400);
    const cell = Math.max(4, Math.min(Math.round(font * 1.1), Math.floor(Math.sqrt((width * font * 12) / Math.max(1, total)))));
    const cols = Math.max(1, Math.floor((width - 2) / cell));
    const labelFont = Math.min(Math.round(font * 0.75), cell - 2);
    const at = (b) => [(b % cols) * cell + 1, Math.floor(b / cols) * cell + 1];
    return { key: `${width}:${font}:${total}`, width, total, cell, cols, labelFont, at,
      height: Math.ceil(total / cols) * cell + 2 };
  }

  /** The blocks of each group that changed since the step before `view` (marked new), when it was the last drawn. */
  freshBlocks(layout, view) {
    const before = this.previous && this.previous.index === view.index - 1 ? this.previous.blocks : null;
    if (!before) return () => [];
    return (held) => (held.kind === "free" ? [] : held.blocks.filter((b) => before[b] !== layout.signatures[b]));
  }

  /** What a group's <g> shows: equal signatures, equal markup (at one geometry and highlight). */
  groupSignature(held, fresh) {
    return `${held.key}|${held.blocks.join(" ")}|${fresh.join(" ")}`;
  }

  /** One group of blocks drawn alike: its cells (the new ones in their own path), its title and count labels. */
  drawGroup(held, fresh, geometry, categories) {
    const { cell, at } = geometry;
    const range = rangesText(held.blocks);
    const title = held.kind === "free" ? interpolate(gettext("Free blocks: %(range)s"), { range })
      : interpolate(gettext("%(owners)s: blocks %(range)s, reference count %(n)s"),
        { range, owners: held.owners.join(", "), n: held.refs });
    const owner = held.kind === "own" ? held.owners[0] : null;
    const group = svg("g", { class: `llm-kv-run llm-kv-${held.kind}`, "data-key": held.key, "data-owner": owner || "",
      "data-blocks": held.blocks.join(" "), "data-cells": held.blocks.length, "data-refs": held.refs },
    svg("title", { text: title }));
    group.owners = held.owners;
    const fill = owner ? this.fills.fill(owner) : categories.fill(held.kind);
    const isFresh = new Set(fresh);
    let d = "";
    let freshPath = "";
    for (const b of held.blocks) {
      const [x, y] = at(b);
      const cellPath = `M${x} ${y}h${cell - 1}v${cell - 1}h${1 - cell}z`;
      if (isFresh.has(b)) freshPath += cellPath;
      else d += cellPath;
    }
    if (d) group.append(svg("path", { class: "llm-kv-cell", d, fill, "data-owner": owner }));
    if (freshPath) group.append(svg("path", { class: "llm-kv-cell new", d: freshPath, fill, "data-owner": owner }));
    if (held.kind === "shared") this.countLabels(group, held, geometry);
    return group;
  }

  /** The patterns of the requests drawn in their own colour, in the groups' order. */
  ownerDefs(layout) {
    const owners = layout.groups.filter((g) => g.kind === "own").map((g) => g.owners[0]);
    return { key: owners.join("\u0000"), owners, make: () => this.fills.defs(owners) };
  }

  drawExact(layout, view) {
    const geometry = this.exactGeometry(this.pool.nblocks);
    const { width, height } = geometry;
    const chart = svg("svg", { class: "llm-kv-svg", width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": gettext("KV cache blocks") });
    const categories = gridPatterns("llmkv");
    const defs = this.ownerDefs(layout);
    const ownerDefs = defs.make();
    chart.append(ownerDefs, categories.defs);
    const freshOf = this.freshBlocks(layout, view);
    // One group per owner (or set of owners and count): a pool has ~1000 blocks, a few dozen groups.
    const groups = new Map();
    for (const held of layout.groups) {
      const fresh = freshOf(held);
      const group = this.drawGroup(held, fresh, geometry, categories);
      groups.set(held.key, { node: group, signature: this.groupSignature(held, fresh) });
      chart.append(group);
    }
    // Pointing at a block highlights its owners' blocks; leaving the grid, the chosen request's again.
    chart.addEventListener("pointerover", (event) => {
      const group = event.target.closest && event.target.closest("g.llm-kv-run");
      this.highlight(chart, group && group.owners.length ? group.owners : this.chosenIds());
    });
    chart.addEventListener("pointerleave", () => this.highlight(chart, this.chosenIds()));
    this.highlight(chart, this.chosenIds());
    this.drawnExact = { chart, index: view.index, geometry, categories, groups, ownerDefs, defsKey: defs.key,
      selected: this.selected };
    return chart;
  }

  /**
   * Step the grid on screen forward to `view` in place: only the groups whose
   * blocks (or new-block marks) changed are drawn again, the others are left
   * as they are.  False (draw afresh) unless the grid shows the step just
   * before `view` at the same size and choice: a jump draws the whole grid,
   * and both give the same grid.
   */
  updateExact(layout, view) {
    const drawn = this.drawnExact;
    if (!drawn || view.index !== drawn.index + 1 || !drawn.chart.isConnected || drawn.selected !== this.selected
      || drawn.geometry.key !== this.exactGeometry(this.pool.nblocks).key) return false;
    const { chart, geometry, categories } = drawn;
    const defs = this.ownerDefs(layout);
    if (defs.key !== drawn.defsKey) {
      // The patterns of requests still drawn stay; those of new ones go in, those of gone ones out.
      // Requests of one colour and pattern share one (as FillPatterns.define keeps them).
      const patterns = new Map([...drawn.ownerDefs.children].map((node) => [node.id, node]));
      const ids = new Map();
      for (const owner of defs.owners) if (!ids.has(this.fills.id(owner))) ids.set(this.fills.id(owner), owner);
      const wantedPatterns = [...ids].map(([id, owner]) => patterns.get(id) || this.fills.pattern(owner));
      placeInOrder(drawn.ownerDefs, wantedPatterns, [...patterns.values()], drawn.ownerDefs.firstChild);
      drawn.ownerDefs.dataset.ids = [...ids.keys()].join(" ");
      drawn.defsKey = defs.key;
    }
    const freshOf = this.freshBlocks(layout, view);
    const ids = this.chosenIds();
    const wanted = [];
    const groups = new Map();
    for (const held of layout.groups) {
      const fresh = freshOf(held);
      const signature = this.groupSignature(held, fresh);
      const old = drawn.groups.get(held.key);
      let entry = old && old.signature === signature ? old : null;
      if (!entry) {
        entry = { node: this.drawGroup(held, fresh, geometry, categories), signature };
        this.highlightGroup(entry.node, ids);
      }
      groups.set(held.key, entry);
      wanted.push(entry.node);
    }
    // The groups left keep their blocks, so their order (by lowest block) is as it was: only new ones go in.
    placeInOrder(chart, wanted, [...drawn.groups.values()].map((entry) => entry.node), categories.defs.nextSibling);
    Object.assign(drawn, { index: view.index, groups });
    return true;
  }

  /** "×3" on each row's stretch of consecutive shared blocks, where the label fits inside it. */
  countLabels(group, held, { cols, cell, labelFont, at }) {
    const text = interpolate(gettext("×%(n)s"), { n: held.refs });
    for (const [first, count] of runsOf(held.blocks)) {
      const end = first + count;
      for (let b = first; b < end;) {
        const rowEnd = Math.min(end, (Math.floor(b / cols) + 1) * cols);
        const span = (rowEnd - b) * cell - 1;
        if (labelFont >= 8 && span - 2 >= labelWidth(text, labelFont)) {
          const [x, y] = at(b);
          group.append(svg("text", { class: "llm-kv-count", x: x + span / 2, y: y + (cell - 1) / 2, "text-anchor": "middle",
            "dominant-baseline": "central", "font-size": labelFont, style: "fill:#fff;pointer-events:none", text }));
        }
        b = rowEnd;
      }
    }
  }

  chosenIds() {
    return this.selected ? [this.selected] : [];
  }

  /** Dim every run that `ids` do not hold (none dimmed when `ids` is empty). */
  highlight(chart, ids) {
    for (const group of chart.querySelectorAll("g.llm-kv-run")) this.highlightGroup(group, ids);
  }

  highlightGroup(group, ids) {
    const hit = ids.length > 0 && (group.owners || []).some((o) => ids.includes(o));
    group.style.opacity = ids.length && !hit ? "0.3" : "";
    if (hit) group.setAttribute("data-highlight", "true");
    else group.removeAttribute("data-highlight");
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
    // A previous step drawn by block number has no counts: nothing is marked new then.
    const previous = this.previous && this.previous.index === view.index - 1 && this.previous.counts
      ? this.previous.counts : null;
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

  dispose() {
    this.unwatch();
  }
}
