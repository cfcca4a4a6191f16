/**
 * Virtual-memory widget: the address split of this step's access, the page
 * frames (page, owner, use and dirty bits, the clock hand), the page table
 * and TLB of the process that accessed memory, and the textbook table (the
 * reference string across, frames down, faults marked) filling as the run
 * plays.  Everything comes from the step state `vm` and the `access` events
 * up to the cursor (docs/vm.md), so the reveal rule holds by construction.
 * All parts are HTML tables: readable by screen readers and the keyboard.
 */

import { clear, el } from "./dom.js";
import { gettext, interpolate } from "./i18n.js";
import { shownEntries } from "./steps.js";

/** Columns of the textbook table kept on screen (the latest ones). */
const TABLE_COLUMNS = 40;

/** Does the scenario use virtual memory (a vm section, or touch/access ops)? */
export function usesVm(scenario) {
  if (scenario && scenario.vm) return true;
  const walk = (program) => Array.isArray(program) && program.some((op) =>
    op && (op.op === "touch" || op.op === "access" || (op.op === "spawn" && walk(op.program))));
  return Array.isArray(scenario && scenario.processes) && scenario.processes.some((p) => p && walk(p.program));
}

function table(caption, head, rows, className = "") {
  return el("table", { class: `vm-table ${className}`.trim() },
    el("caption", { text: caption }),
    el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...rows));
}

export class VmView {
  constructor(root, { palette, scenario }) {
    this.root = root;
    this.palette = palette;
    this.frameCount = (scenario && scenario.vm && scenario.vm.frames) || 3;
    this.body = el("div", { class: "vm-body" });
    root.classList.add("vm-view");
    root.append(el("div", { class: "widget-head" }, el("h3", { text: gettext("Virtual memory") })), this.body);
  }

  chip(name) {
    return el("span", { class: "chip", "data-who": name,
      style: `--chip: ${this.palette.fill(name)}; --chip-text: ${this.palette.text(name)}` }, String(name));
  }

  render(view) {
    clear(this.body);
    const vm = view.state && view.state.vm;
    if (!vm) {
      this.body.append(el("p", { class: "muted", text: gettext("No memory access yet.") }));
      return;
    }
    const access = (view.events || []).find((e) => e.kind === "access" && !e.segfault);
    if (access) this.body.append(this.split(access));
    this.body.append(this.frames(vm, access));
    const who = access ? access.who : Object.keys(vm.tables || {})[0];
    if (who) this.body.append(this.pageTable(vm, who), this.tlb(vm));
    const past = view.store && view.index >= 0
      ? view.store.eventsUpTo(view.index, Infinity, (e) => e.kind === "access" && !e.segfault) : [];
    if (past.length) this.body.append(this.textbook(past.map((p) => p.event)));
  }

  /** This step's address, split into its parts, and where it lands. */
  split(a) {
    const parts = [[gettext("virtual address"), String(a.addr)], [gettext("page"), String(a.page)]];
    if (a.outer !== undefined) parts.push([gettext("outer index"), String(a.outer)], [gettext("inner index"), String(a.inner)]);
    parts.push([gettext("offset"), String(a.offset)],
      [gettext("TLB"), a.tlb_hit ? gettext("hit") : gettext("miss")],
      [gettext("page table"), a.hit ? gettext("hit") : gettext("page fault")],
      [gettext("frame"), String(a.frame)], [gettext("physical address"), String(a.paddr)]);
    if (a.evicted) parts.push([gettext("evicted"), interpolate(gettext("page %(page)s of %(who)s"), a.evicted)]);
    return el("dl", { class: "vm-split" }, ...parts.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]));
  }

  frames(vm, access) {
    const hands = new Set(vm.hands || []);
    const rows = shownEntries(vm.frames).map((f, i) => el("tr", { class: access && access.frame === i ? "vm-current" : "" },
      el("th", { scope: "row", text: String(i) }),
      el("td", {}, f ? String(f.page) : "—"),
      el("td", {}, f ? this.chip(f.who) : ""),
      el("td", { text: f ? String(f.use) : "" }),
      el("td", { text: f ? (f.dirty ? "1" : "0") : "" }),
      el("td", { text: hands.has(i) ? gettext("← hand") : "" })));
    return table(gettext("Page frames"), [gettext("Frame"), gettext("Page"), gettext("Owner"),
      gettext("Use"), gettext("Dirty"), ""], rows, "vm-frames");
  }

  pageTable(vm, who) {
    const entries = shownEntries((vm.tables || {})[who]);
    const rows = entries.map(([page, frame]) => el("tr", {},
      el("th", { scope: "row", text: page }), el("td", { text: String(frame) }), el("td", { text: "1" })));
    return table(interpolate(gettext("Page table of %(who)s (valid entries)"), { who }),
      [gettext("Page"), gettext("Frame"), gettext("Valid")], rows, "vm-page-table");
  }

  tlb(vm) {
    const rows = shownEntries(vm.tlb).map((e) => el("tr", {},
      el("td", {}, this.chip(e.who)), el("td", { text: String(e.page) }), el("td", { text: String(e.frame) })));
    return table(gettext("TLB"), [gettext("Process"), gettext("Page"), gettext("Frame")], rows, "vm-tlb");
  }

  /** The textbook table: one column per access, a row per frame, faults marked. */
  textbook(accesses) {
    const frames = [];
    const columns = accesses.map((a) => {
      frames[a.frame] = a.page;
      return { page: a.page, fault: !a.hit, frames: frames.slice() };
    });
    const shown = columns.slice(-TABLE_COLUMNS);
    const width = Math.max(this.frameCount, ...shown.map((c) => c.frames.length));
    const head = el("tr", {}, el("th", { scope: "col", text: gettext("Reference") }),
      ...shown.map((c) => el("th", { scope: "col", text: String(c.page) })));
    const rows = [];
    for (let f = 0; f < width; f += 1) {
      rows.push(el("tr", {}, el("th", { scope: "row", text: interpolate(gettext("frame %(n)s"), { n: f }) }),
        ...shown.map((c) => el("td", { text: c.frames[f] === undefined ? "" : String(c.frames[f]) }))));
    }
    rows.push(el("tr", { class: "vm-faults" }, el("th", { scope: "row", text: gettext("Fault") }),
      ...shown.map((c) => el("td", { text: c.fault ? "F" : "" }))));
    const faults = columns.filter((c) => c.fault).length;
    // It scrolls sideways when the accesses outgrow the panel: focusable, so a keyboard can scroll it.
    return el("table", { class: "vm-table vm-textbook", tabindex: "0" },
      el("caption", { text: interpolate(gettext("Frame contents after each access: %(faults)s faults in %(n)s accesses"),
        { faults, n: columns.length }) }),
      el("thead", {}, head), el("tbody", {}, ...rows));
  }
}
