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
 */

import { axis, binaryStep, fontSizeOf, watchWidth, widthOf } from "./chart.js";
import { clear, el, svg } from "./dom.js";
import { formatPercent, formatSize, formatSizeShort, parseSize } from "./format.js";
import { gettext, interpolate } from "./i18n.js";

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

export class MemoryMap {
  constructor(root, { palette, scenario }) {
    this.root = root;
    this.palette = palette;
    this.space = addressSpace(scenario);
    this.last = null;
    this.canvas = el("div", { class: "memory-canvas" });
    this.notes = el("div", { class: "memory-notes" });
    root.classList.add("memory-map");
    root.append(el("div", { class: "widget-head" }, el("h3", { text: gettext("Memory") })), this.canvas, this.notes);
    this.unwatch = watchWidth(this.canvas, () => this.last && this.render(this.last));
  }

  render(view) {
    this.last = view;
    clear(this.canvas);
    clear(this.notes);
    const memory = view.state && view.state.memory;
    if (!memory) {
      this.canvas.append(el("p", { class: "widget-empty", text: gettext("No memory activity at this step.") }));
      return;
    }
    const touched = memoryEvents(view.events);
    this.canvas.append(this.draw(memory, touched));
    this.notes.append(...this.describe(memory, touched));
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
    const chart = svg("svg", { class: "memory-svg", width, height, viewBox: `0 0 ${width} ${height}`,
      role: "img", "aria-label": gettext("Memory map") });
    const defs = svg("defs");
    const hatchId = `hatch-${Math.random().toString(36).slice(2)}`;
    defs.append(svg("pattern", { id: hatchId, width: 8, height: 8, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
      svg("rect", { width: 8, height: 8, class: "memory-hole-bg" }),
      svg("line", { x1: 0, y1: 0, x2: 0, y2: 8, class: "memory-hole-line" })));
    chart.append(defs, svg("rect", { x: x0, y: barY, width: x1 - x0, height: barH, class: "memory-unavailable" },
      svg("title", { text: gettext("Not managed by the allocator") })));
    const blockAt = (start, len) => {
      const x = scale(start);
      return { x, w: Math.max(scale(start + len) - x, 2) };
    };
    (memory.free || []).forEach(([start, len], k) => {
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
    for (const [start, len, owner, ref] of memory.blocks || []) {
      const { x, w } = blockAt(start, len);
      const hit = touched.some(({ event, failed }) => !failed && event.kind === "alloc" && touches(event, start, len, owner, ref));
      const title = interpolate(gettext("%(ref)s of %(owner)s: %(size)s at %(start)s"),
        { ref: ref ?? "?", owner, size: formatSize(len), start });
      chart.append(svg("rect", { x, y: barY, width: w, height: barH, fill: this.palette.fill(owner),
        class: hit ? "memory-block touched" : "memory-block", "data-owner": owner, "data-ref": ref ?? "",
        "data-start": start, "data-size": len }, svg("title", { text: title })));
      const label = ref ? String(ref) : String(owner);
      if (w > label.length * font * 0.6 + 6) {
        chart.append(svg("text", { x: x + w / 2, y: barY + barH / 2, class: "memory-block-label",
          fill: this.palette.text(owner), "text-anchor": "middle", "dominant-baseline": "central", text: label }));
      }
    }
    chart.append(axis({ lo: base, hi: base + size, x0, x1, y: barY + barH + 2, scale, step: binaryStep(size, 8),
      format: (v) => formatSizeShort(v), className: "axis memory-axis" }));
    return chart;
  }

  describe(memory, touched) {
    const used = (memory.blocks || []).reduce((sum, b) => sum + b[1], 0);
    const free = (memory.free || []).reduce((sum, h) => sum + h[1], 0);
    const out = [
      el("dl", { class: "memory-stats" },
        el("dt", { text: gettext("Used") }), el("dd", { text: formatSize(used) }),
        el("dt", { text: gettext("Free") }), el("dd", { text: formatSize(free) }),
        el("dt", { text: gettext("Fragmentation") }),
        el("dd", { class: "memory-fragmentation", text: formatPercent(memory.fragmentation) })),
      el("p", { class: "memory-free-list" }, el("strong", { text: gettext("Free list (in list order):") }), " ",
        (memory.free || []).length
          ? (memory.free || []).map(([start, len], k) => `#${k + 1} ${formatSize(len)} @ ${start}`).join(", ")
          : gettext("empty")),
    ];
    for (const { event, failed } of touched) {
      const what = interpolate(event.kind === "free"
        ? gettext("%(who)s frees %(ref)s")
        : gettext("%(who)s allocates %(size)s as %(ref)s"),
      { who: event.who ?? "?", ref: event.ref ?? "?", size: Number.isInteger(event.size) ? formatSize(event.size) : "?" });
      const reason = event.error || event.reason || "";
      out.push(el("p", { class: failed ? "memory-event failed" : "memory-event" },
        failed ? el("strong", { text: gettext("Failed: ") }) : null, what, reason ? ` — ${reason}` : ""));
    }
    return out;
  }

  dispose() {
    this.unwatch();
  }
}
