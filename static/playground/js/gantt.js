/**
 * Gantt chart widget: who ran where, and when.
 *
 * Two views: "by core" (a lane per CPU core, bars labelled with the thread)
 * and "by thread" (a lane per process/thread, bars labelled with the core).
 * Both add a disk lane when the disk served requests.  While a run streams,
 * the bars are the segments closed up to the current step plus the open
 * segment of each running thread (from state.running).  Once the run is
 * finished the bars come from result.cpu.gantt, one bar per segment, and
 * everything after the cursor is veiled so stepping back stays readable.
 *
 * Every CPU bar is a rect.gantt-bar with data-who, data-start, data-end,
 * data-core and a <title>, filled with its process's colour and pattern.
 * Bars are keyboard operable (one tab stop; arrows move between bars,
 * Enter seeks); hovering or focusing one shows who, when, how long and why
 * it was dispatched; clicking one asks the player to seek to the step of
 * that dispatch (chart-seek.js); clicking elsewhere on the chart seeks to
 * the last step at or before the tick under the pointer.  The time axis
 * zooms (zoom.js); in the fit view a long idle stretch is drawn narrow,
 * with a break on the axis (gantt-breaks.js; not on a shared axis, whose
 * charts must line up tick for tick).  A "Table" button shows the same bars
 * as a table.
 *
 * Options: palette, scenario; zoom (a shared Zoom, for charts on one time
 * axis), span (() => ticks, the axis length shared with other charts),
 * zoomControls (false when the page shows shared controls), title, label.
 */

import { fontSizeOf, watchWidth, widthOf } from "./chart.js";
import { requestSeek } from "./chart-seek.js";
import { tableToggle } from "./chart-table.js";
import { el, replaceChildren } from "./dom.js";
import { barsFor, lanesFor } from "./gantt-bars.js";
import { idleBreaks } from "./gantt-breaks.js";
import { drawBar, drawFrame, layoutFor, placeCursor } from "./gantt-draw.js";
import { barDetails, bindBars } from "./gantt-interact.js";
import { ganttTable } from "./gantt-table.js";
import { gettext } from "./i18n.js";
import { BarOrigins } from "./origins.js";
import { scenarioNames } from "./palette.js";
import { FillPatterns } from "./patterns.js";
import { Tooltip } from "./tooltip.js";
import { bindWheel, Zoom, ZoomControls } from "./zoom.js";

export { barsFor } from "./gantt-bars.js";

const sameBar = (a, b) => Boolean(a && b) && a.kind === b.kind && a.start === b.start
  && (a.kind === "disk" ? a.cylinder === b.cylinder : a.who === b.who && a.core === b.core);

export class Gantt {
  /**
   * @param {HTMLElement} root  the widget's own element
   * @param {object} options  see the module comment
   */
  constructor(root, { palette, scenario, zoom = null, span = null, zoomControls = true, title = null, label = null }) {
    this.root = root;
    this.palette = palette;
    this.scenario = scenario || {};
    this.fills = new FillPatterns(this.scenario, palette);
    this.origins = new BarOrigins();
    this.zoom = zoom || new Zoom();
    this.sharedSpan = span;
    this.label = label || gettext("Gantt chart of the run");
    this.mode = "core";
    this.showTable = false;
    this.last = null;
    this.lastT = null;
    this.ownSpan = 1;
    this.cache = null; // a finished run's bars, prepared once (barsOf)
    this.frame = null; // {chart, bars, live, fade, cursor, defs} of the current layout
    this.frameKey = null;
    this.drawn = []; // bars drawn in frame.bars, in order
    this.barOf = new WeakMap(); // rect -> bar
    this.tabStop = null; // the one bar with tabindex 0

    const toggle = (mode, text) => el("button", {
      type: "button", class: "gantt-mode", "data-mode": mode, "aria-pressed": String(mode === this.mode),
      text, on: { click: () => this.setMode(mode) },
    });
    this.modeButtons = [toggle("core", gettext("By core")), toggle("thread", gettext("By thread"))];
    this.tableButton = tableToggle((show) => {
      this.showTable = show;
      this.redraw();
    });
    this.controls = zoomControls ? new ZoomControls(this.zoom, () => this.span()) : null;
    this.plot = el("div", { class: "gantt-plot" });
    this.canvas = el("div", { class: "gantt-canvas" }, this.plot);
    this.tooltip = new Tooltip(this.canvas);
    this.tableBox = el("div", { class: "gantt-table-box", hidden: true });
    root.classList.add("gantt");
    root.append(
      el("div", { class: "widget-head" },
        el("h3", { text: title || gettext("Gantt chart") }),
        el("div", { class: "gantt-tools" },
          el("div", { class: "gantt-modes", role: "group", "aria-label": gettext("Gantt view") }, this.modeButtons),
          this.tableButton,
          this.controls ? this.controls.root : null)),
      this.canvas,
      this.tableBox,
    );
    bindBars(this);
    // Width and font size are read when they change, not at every step: reading
    // them would make the browser lay out the page in the middle of playback.
    this.size = null;
    const em = el("span", { class: "gantt-em", "aria-hidden": "true" });
    this.canvas.append(em);
    const measure = () => {
      this.size = { width: widthOf(this.canvas), font: fontSizeOf(this.root) };
    };
    const unwatchWidth = watchWidth(this.canvas, () => {
      measure();
      this.redraw();
    });
    const unwatchFont = watchWidth(em, () => { // 1em wide: it resizes with the font
      measure();
      this.redraw();
    });
    this.measure = measure;
    this.unwatch = () => {
      unwatchWidth();
      unwatchFont();
    };
    this.unzoom = this.zoom.onChange(() => this.redraw());
    this.unwheel = bindWheel(this.plot, this.zoom, { getSpan: () => this.span(), tickAt: (x) => this.tickAtClientX(x) });
  }

  /** The time axis length in ticks: shared with other charts, or this run's. */
  span() {
    return Math.max(1, this.sharedSpan ? this.sharedSpan() : this.ownSpan);
  }

  setMode(mode) {
    this.mode = mode;
    for (const b of this.modeButtons) b.setAttribute("aria-pressed", String(b.dataset.mode === mode));
    this.redraw();
  }

  redraw() {
    if (this.last) this.render(this.last);
  }

  /**
   * The bars of `view` split into fixed (closed: drawn once) and moving
   * (open: redrawn every step), with the last tick they reach.  A finished
   * run's bars never change, so they are worked out once per result: a
   * step of playback then costs the same at 10 bars or 10,000.
   */
  barsOf(view) {
    if (view.finished && this.cache && this.cache.result === view.result) return this.cache;
    const bars = barsFor(view);
    let end = view.maxTick || 0;
    for (const b of bars.cpu) end = Math.max(end, b.end);
    for (const b of bars.disk) end = Math.max(end, b.end);
    const prepared = view.finished
      ? { bars, end, fixed: [...bars.cpu, ...bars.disk], moving: [], lanes: {} }
      : { bars, end, fixed: bars.cpu.filter((b) => !b.open), moving: [...bars.cpu.filter((b) => b.open), ...bars.disk], lanes: {} };
    this.cache = view.finished ? { ...prepared, result: view.result } : null;
    return prepared;
  }

  /** Lanes for the current mode (kept with a finished run's bars). */
  lanesOf(prepared) {
    if (!prepared.lanes[this.mode]) {
      const lanes = lanesFor(this.mode, this.scenario, prepared.bars);
      prepared.lanes[this.mode] = { ...lanes, key: lanes.lanes.map((l) => l.key).join(",") };
    }
    return prepared.lanes[this.mode];
  }

  /** Playback's clock moved within a step: the cursor and the running bars follow it. */
  flow(view) {
    this.render(view);
  }

  render(view) {
    this.last = view;
    this.origins.sync(view.store);
    const prepared = this.barsOf(view);
    const { bars } = prepared;
    this.ownSpan = prepared.end;
    const span = this.span();
    if (this.controls) this.controls.update();
    if (view.t !== this.lastT) {
      this.lastT = view.t;
      // Zoomed in and the cursor left the window: the zoom moves, which redraws.
      if (view.index >= 0 && this.zoom.reveal(view.t, span)) return;
    }
    this.plot.hidden = this.showTable;
    this.tableBox.hidden = !this.showTable;
    const empty = !bars.cpu.length && !bars.disk.length;
    if (empty || this.showTable) {
      this.frame = null;
      this.frameKey = null;
      this.tooltip.hide();
      const processes = this.scenario.processes;
      const llmOnly = Boolean(this.scenario.llm) && !(Array.isArray(processes) && processes.length);
      const message = el("p", { class: "widget-empty", text: llmOnly
        ? gettext("This scenario has no processes: its requests go to the LLM device, in the charts of the LLM panels.")
        : view.index < 0
          ? gettext("The chart fills in as the run streams.")
          : gettext("Nothing has run yet at this step.") });
      if (this.showTable) {
        replaceChildren(this.plot); // a stale chart must not linger behind the table
        replaceChildren(this.tableBox, empty ? message : ganttTable(bars, view, this.origins, (bar) => this.seekTo(bar)));
      } else replaceChildren(this.plot, message);
      return;
    }
    this.draw(prepared, view, span);
  }

  draw({ fixed, moving, ...prepared }, view, span) {
    const lanes = this.lanesOf(prepared);
    if (!this.size || !this.size.width) this.measure();
    const { width, font } = this.size;
    const range = this.zoom.window(span);
    const breaks = range.fit && !this.sharedSpan ? idleBreaks(prepared.bars, span) : [];
    const key = [this.mode, width, font, span, range.start, range.end, view.finished, lanes.key,
      breaks.map((b) => `${b.from}-${b.to}`).join(" ")].join("|");
    if (key !== this.frameKey || !this.frame || this.frameStore !== view.store) {
      this.newFrame(lanes, { width, font, range, breaks }, view.store);
      this.frameKey = key;
    }
    // Closed bars never change, so they are drawn once; a finished run's are all closed.
    const n = this.drawn.length;
    if (fixed.length < n || (n > 0 && !sameBar(fixed[n - 1], this.drawn[n - 1]))) this.clearFixed();
    const focused = this.focusedBar();
    for (let k = this.drawn.length; k < fixed.length; k += 1) this.addBar(fixed[k], this.frame.bars);
    this.drawn = fixed;
    if (moving.length || this.frame.live.firstChild) {
      this.frame.live.replaceChildren();
      for (const bar of moving) this.addBar(bar, this.frame.live);
    }
    placeCursor(this.frame, this.layout, view.now ?? view.t, { fadeAfter: view.finished });
    this.frame.cursor.style.visibility = view.index >= 0 ? "" : "hidden";
    this.restoreFocus(focused);
  }

  /** Start a new SVG for a new layout (mode, width, zoom, lanes or run changed). */
  newFrame(lanes, { width, font, range, breaks }, store) {
    const focused = this.focusedBar();
    this.layout = layoutFor({ width, font, lanes: lanes.lanes, window: range, breaks });
    this.laneOf = lanes.laneOf;
    const defs = this.fills.defs(scenarioNames(this.scenario));
    this.frame = drawFrame(this.layout, { defs, mode: this.mode, label: this.label });
    this.frame.defs = defs;
    this.frameStore = store;
    this.drawn = [];
    this.tabStop = null;
    replaceChildren(this.plot, this.frame.chart);
    this.tooltip.hide();
    this.pendingFocus = focused;
  }

  clearFixed() {
    this.frame.bars.replaceChildren();
    this.drawn = [];
  }

  addBar(bar, group) {
    const row = this.layout.rowOf.get(this.laneOf(bar));
    if (row === undefined) return;
    if (bar.kind === "cpu") this.fills.define(this.frame.defs, [bar.who]);
    const drawn = drawBar(bar, row, this.layout, { fills: this.fills, palette: this.palette, mode: this.mode });
    if (!drawn) return;
    this.barOf.set(drawn.rect, bar);
    group.append(drawn.group);
  }

  /** The bar that has the keyboard focus now, or null. */
  focusedBar() {
    const active = document.activeElement;
    return active && this.plot.contains(active) ? this.barOf.get(active) ?? null : null;
  }

  /** Keep one tab stop, and give the focus back to the same bar after a redraw. */
  restoreFocus(focused) {
    const wanted = focused || this.pendingFocus;
    this.pendingFocus = null;
    if (wanted && !this.focusedBar()) {
      const rect = this.rects().find((r) => sameBar(this.barOf.get(r), wanted));
      if (rect) {
        this.setTabStop(rect);
        rect.focus({ preventScroll: true });
        return;
      }
    }
    if (!this.tabStop || !this.tabStop.isConnected) {
      const first = this.plot.querySelector("rect[role=button]");
      if (first) this.setTabStop(first);
    }
    if (this.tooltip.showing() && !this.tooltip.anchor.isConnected) this.tooltip.hide();
    else if (this.tooltip.showing()) this.tooltip.place();
  }

  rects() {
    return [...this.plot.querySelectorAll("rect[role=button]")];
  }

  setTabStop(rect) {
    if (this.tabStop && this.tabStop !== rect && this.tabStop.isConnected) this.tabStop.setAttribute("tabindex", "-1");
    rect.setAttribute("tabindex", "0");
    this.tabStop = rect;
  }

  tickAtClientX(clientX) {
    if (!this.frame || !this.layout) return null;
    const x = clientX - this.frame.chart.getBoundingClientRect().left;
    return x < this.layout.x0 || x > this.layout.x1 ? null : this.layout.tickAt(x);
  }

  /** Who, when, how long and why, next to the bar. */
  showDetails(rect) {
    const bar = this.barOf.get(rect);
    this.tooltip.show(rect, barDetails(bar, this.origins.originOf(bar)));
  }

  /**
   * Ask the player to show the last step at or before the tick under
   * `clientX` (a click on the chart off the bars, the axis included).
   * Only steps the chart's view holds are candidates: under the reveal
   * rule, none after the cursor.
   */
  seekToClientX(clientX) {
    const tick = this.tickAtClientX(clientX);
    const store = this.last && this.last.store;
    if (tick === null || !store || !store.length) return;
    let lo = 0;
    let hi = store.length - 1;
    if (store.tickAt(0) > tick) return;
    while (lo < hi) { // the last step with tickAt <= tick
      const mid = Math.ceil((lo + hi) / 2);
      if (store.tickAt(mid) <= tick) lo = mid;
      else hi = mid - 1;
    }
    requestSeek(this.root, { step: lo, tick: store.tickAt(lo) });
  }

  /** Ask the player to show the step that started `bar`. */
  seekTo(bar) {
    const origin = this.origins.originOf(bar);
    if (origin) requestSeek(this.root, { step: origin.step, tick: origin.t });
  }

  dispose() {
    this.unwatch();
    this.unzoom();
    this.unwheel();
    if (this.controls) this.controls.dispose();
  }
}
