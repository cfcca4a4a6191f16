/**
 * Memory map widget: the address space from base to base + size at the
 * current step.
 *
 * Allocated blocks (state.memory.blocks, [start, size, owner, ref]) are
 * coloured by owner and labelled with their ref; holes (state.memory.free,
 * [start, size] in free-list order) are drawn hatched and numbered by their
 * position in the free list; any range that is neither (scenarios with
 * `holes`) is grey.  The block or hole touched by this step's alloc/free is
 * outlined, a failed allocation is flagged with its reason, and the
 * fragmentation value is shown.
 *
 * Blocks carry their owner's colour and pattern (patterns.js).  A block is
 * focusable: hovering or focusing it shows what it is and why it was
 * allocated there; clicking it (or Enter) asks the player to seek to the
 * step of its allocation (chart-seek.js).  "Table" shows blocks and holes
 * as a table instead.
 */

import { axis, binaryStep, fontSizeOf, watchWidth, widthOf } from "./chart.js";
import { requestSeek } from "./chart-seek.js";
import { tableToggle } from "./chart-table.js";
import { clear, el, svg } from "./dom.js";
import { formatPercent, formatSize, formatSizeShort, parseSize } from "./format.js";
import { gettext, interpolate } from "./i18n.js";
import { blockName, memoryTable } from "./memory-table.js";
import { AllocOrigins } from "./origins.js";
import { scenarioNames } from "./palette.js";
import { FillPatterns } from "./patterns.js";
import { shownEntries } from "./steps.js";
import { Tooltip } from "./tooltip.js";
import { translateReason } from "./translate.js";

const MIB = 2 ** 20;

/** {base, size} of the scenario's memory, with the engine's defaults (0, 1MB). */
export function addressSpace(scenario) {
  const memory = (scenario && scenario.memory) || {};
  const size = parseSize(memory.size ?? MIB);
  const base = Number.isInteger(memory.base) ? memory.base : 0;
  return { base, size: size && size > 0 ? size : MIB };
}

/** This step's alloc/free events: [{event, failed}] */
function memoryEvents(events) {
  return events
    .filter((e) => e.kind === "alloc" || e.kind === "free" || (e.kind === "error" && (e.op === "alloc" || e.op === "free")))
    .map((e) => ({ event: e, failed: e.kind === "error" || Boolean(e.error) || (e.kind === "alloc" && e.addr === null) }));
}

/** Is the block [start, size, owner, ref] the one `event` touched? */
function touches(event, start, size, owner, ref) {
  if (ref !== undefined && event.ref === ref && (event.who === undefined || event.who === owner)) return true;
  const at = Number.isInteger(event.start) ? event.start : event.addr;
  return Number.isInteger(at) && at >= start && at < start + size;
}

/** The block a rect draws: [start, size, owner, ref] from its data attributes. */
function blockOf(rect) {
  return [Number(rect.dataset.start), Number(rect.dataset.size), rect.dataset.owner, rect.dataset.ref || null];
}

const sameBlock = (a, b) => a[0] === b[0] && a[2] === b[2] && (a[3] ?? "") === (b[3] ?? "");

export class MemoryMap {
  constructor(root, { palette, scenario }) {
    this.root = root;
    this.palette = palette;
    this.scenario = scenario;
    this.fills = new FillPatterns(scenario, palette);
    this.allocs = new AllocOrigins();
    this.space = addressSpace(scenario);
    this.last = null;
    this.showTable = false;
    this.plot = el("div", { class: "memory-plot" });
    this.canvas = el("div", { class: "memory-canvas" }, this.plot);
    this.tooltip = new Tooltip(this.canvas);
    this.tableBox = el("div", { class: "memory-table-box", hidden: true });
    this.notes = el("div", { class: "memory-notes" });
    this.tableButton = tableToggle((show) => {
      this.showTable = show;
      if (this.last) this.render(this.last);
    });
    root.classList.add("memory-map");
    root.append(el("div", { class: "widget-head" }, el("h3", { text: gettext("Memory") }),
      el("div", { class: "memory-head-tools" }, this.tableButton)), this.canvas, this.tableBox, this.notes);
    this.listen();
    this.unwatch = watchWidth(this.canvas, () => this.last && this.render(this.last));
  }

  render(view) {
    this.last = view;
    if (view.store) this.allocs.sync(view.store);
    const active = document.activeElement;
    const focused = active && this.plot.contains(active) && active.classList.contains("memory-block") ? blockOf(active) : null;
    clear(this.plot);
    clear(this.notes);
    this.canvas.hidden = this.showTable;
    this.tableBox.hidden = !this.showTable;
    const memory = view.state && view.state.memory;
    if (!memory) {
      this.tooltip.hide();
      const empty = el("p", { class: "widget-empty", text: gettext("No memory activity at this step.") });
      if (this.showTable) clear(this.tableBox).append(empty);
      else this.plot.append(empty);
      return;
    }
    const touched = memoryEvents(view.events);
    if (this.showTable) {
      clear(this.tableBox).append(memoryTable(memory, view.t, (block) => this.originOf(block),
        (origin) => requestSeek(this.root, { step: origin.step, tick: origin.t })));
    } else {
      this.plot.append(this.draw(memory, touched));
      this.restoreFocus(focused);
    }
    this.notes.append(...this.describe(memory, touched));
  }

  /** After a redraw, focus the block that had the focus, if it is still there. */
  restoreFocus(focused) {
    const rects = [...this.plot.querySelectorAll("rect.memory-block")];
    const again = focused ? rects.find((r) => sameBlock(blockOf(r), focused)) : null;
    if (again) {
      again.focus({ preventScroll: true });
      this.showDetails(again);
    } else if (this.tooltip.showing() && !this.tooltip.anchor.isConnected) this.tooltip.hide();
  }

  /** {step, t, reason} of the allocation that made `block`, looking back from the current step. */
  originOf(block) {
    const view = this.last;
    return view && view.store ? this.allocs.originOf(view.index, block) : null;
  }

  listen() {
    const rectOf = (event) => (event.target && event.target.closest ? event.target.closest("rect.memory-block") : null);
    const seek = (rect) => {
      const origin = this.originOf(blockOf(rect));
      if (origin) requestSeek(this.root, { step: origin.step, tick: origin.t });
    };
    this.plot.addEventListener("click", (event) => {
      const rect = rectOf(event);
      if (rect) seek(rect);
    });
    this.plot.addEventListener("keydown", (event) => {
      const rect = rectOf(event);
      if (!rect || !(event.key === "Enter" || event.key === " ")) return;
      event.preventDefault();
      event.stopPropagation();
      seek(rect);
    });
    const show = (event) => {
      const rect = rectOf(event);
      if (rect) this.showDetails(rect);
    };
    this.plot.addEventListener("pointerover", show);
    this.plot.addEventListener("focusin", show);
    this.plot.addEventListener("pointerout", (event) => {
      if (rectOf(event) && document.activeElement !== rectOf(event)) this.tooltip.hide();
    });
    this.plot.addEventListener("focusout", (event) => {
      if (rectOf(event)) this.tooltip.hide();
    });
  }

  /** What the block is, where, and why it was allocated there. */
  showDetails(rect) {
    const block = blockOf(rect);
    const [start, size, owner, ref] = block;
    const origin = this.originOf(block);
    const lines = [blockName(owner, ref),
      interpolate(gettext("%(size)s from address %(start)s to %(end)s"), { size: formatSize(size), start, end: start + size })];
    if (origin) {
      lines.push({ text: interpolate(gettext("Allocated at t=%(t)s: %(reason)s"), { t: origin.t, reason: translateReason(origin) }), className: "reason" });
      lines.push({ text: gettext("Click, or press Enter, to go to this step."), className: "tip-hint" });
    }
    this.tooltip.show(rect, lines);
  }

  draw(memory, touched) {
    const { base, size } = this.space;
    const font = fontSizeOf(this.root);
    const width = widthOf(this.canvas);
    const x0 = 8;
    const x1 = width - 8;
    const barY = 4;
    const barH = Math.round(font * 3);
    const scale = (addr) => x0 + ((x1 - x0) * (addr - base)) / size;
    const height = barY + barH + font * 2.6;
    // role=group, not img: the blocks inside are focusable controls.
    const chart = svg("svg", { class: "memory-svg", width, height, viewBox: `0 0 ${width} ${height}`,
      role: "group", "aria-label": gettext("Memory map") });
    const defs = this.fills.defs([...scenarioNames(this.scenario), ...shownEntries(memory.blocks).map((b) => b[2])]);
    const hatchId = `${this.fills.prefix}-hole`;
    defs.append(svg("pattern", { id: hatchId, width: 8, height: 8, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
      svg("rect", { width: 8, height: 8, class: "memory-hole-bg" }),
      svg("line", { x1: 0, y1: 0, x2: 0, y2: 8, class: "memory-hole-line" })));
    chart.append(defs, svg("rect", { x: x0, y: barY, width: x1 - x0, height: barH, class: "memory-unavailable" },
      svg("title", { text: gettext("Not managed by the allocator") })));
    const blockAt = (start, len) => {
      const x = scale(start);
      return { x, w: Math.max(scale(start + len) - x, 2) };
    };
    shownEntries(memory.free).forEach(([start, len], k) => {
      const { x, w } = blockAt(start, len);
      const hit = touched.some(({ event }) => event.kind === "free" && touches(event, start, len));
      const title = interpolate(gettext("Hole #%(k)s: %(size)s at %(start)s"), { k: k + 1, size: formatSize(len), start });
      chart.append(svg("rect", { x, y: barY, width: w, height: barH, fill: `url(#${hatchId})`,
        class: hit ? "memory-hole touched" : "memory-hole", "data-start": start, "data-size": len, "data-order": k },
      svg("title", { text: title })));
      if (w > font * 1.6) {
        chart.append(svg("text", { x: x + w / 2, y: barY + barH / 2, class: "memory-hole-label",
          "text-anchor": "middle", "dominant-baseline": "central", text: `#${k + 1}` }));
      }
    });
    for (const [start, len, owner, ref] of shownEntries(memory.blocks)) {
      const { x, w } = blockAt(start, len);
      const hit = touched.some(({ event, failed }) => !failed && event.kind === "alloc" && touches(event, start, len, owner, ref));
      const title = interpolate(gettext("%(ref)s of %(owner)s: %(size)s at %(start)s"),
        { ref: ref ?? "?", owner, size: formatSize(len), start });
      chart.append(svg("rect", { x, y: barY, width: w, height: barH, fill: this.fills.fill(owner),
        class: hit ? "memory-block touched" : "memory-block", "data-owner": owner, "data-ref": ref ?? "",
        "data-start": start, "data-size": len, tabindex: 0, role: "button" }, svg("title", { text: title })));
      const label = ref ? String(ref) : String(owner);
      if (w > label.length * font * 0.6 + 6) {
        chart.append(svg("text", { x: x + w / 2, y: barY + barH / 2, class: "memory-block-label",
          fill: this.palette.text(owner), stroke: this.palette.fill(owner),
          "text-anchor": "middle", "dominant-baseline": "central", text: label }));
      }
    }
    chart.append(axis({ lo: base, hi: base + size, x0, x1, y: barY + barH + 2, scale, step: binaryStep(size, 8),
      format: (v) => formatSizeShort(v), className: "axis memory-axis" }));
    return chart;
  }

  describe(memory, touched) {
    const used = shownEntries(memory.blocks).reduce((sum, b) => sum + b[1], 0);
    const free = shownEntries(memory.free).reduce((sum, h) => sum + h[1], 0);
    const out = [
      el("dl", { class: "memory-stats" },
        el("dt", { text: gettext("Used") }), el("dd", { text: formatSize(used) }),
        el("dt", { text: gettext("Free") }), el("dd", { text: formatSize(free) }),
        el("dt", { text: gettext("Fragmentation") }),
        el("dd", { class: "memory-fragmentation", text: formatPercent(memory.fragmentation) })),
      el("p", { class: "memory-free-list" }, el("strong", { text: gettext("Free list (in list order):") }), " ",
        shownEntries(memory.free).length
          ? shownEntries(memory.free).map(([start, len], k) => `#${k + 1} ${formatSize(len)} @ ${start}`).join(", ")
          : gettext("empty")),
    ];
    for (const { event, failed } of touched) {
      const what = interpolate(event.kind === "free"
        ? gettext("%(who)s frees %(ref)s")
        : gettext("%(who)s allocates %(size)s as %(ref)s"),
      { who: event.who ?? "?", ref: event.ref ?? "?", size: Number.isInteger(event.size) ? formatSize(event.size) : "?" });
      const reason = translateReason(event);
      out.push(el("p", { class: failed ? "memory-event failed" : "memory-event" },
        failed ? el("strong", { text: gettext("Failed: ") }) : null, what, reason ? ` — ${reason}` : ""));
    }
    return out;
  }

  dispose() {
    this.unwatch();
  }
}
