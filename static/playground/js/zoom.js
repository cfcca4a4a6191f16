/**
 * Zooming a time axis: which ticks a chart shows.
 *
 * A Zoom is a shared state, {level, start}: level 1 is the "fit" view (the
 * whole run in the chart's width); level k shows 1/k of the run, starting
 * at tick `start`.  Charts draw the window `zoom.window(span)` and redraw
 * when it changes, so several charts given one Zoom (the compare page)
 * stay on one time axis.  The chart keeps its width: zooming in spreads
 * fewer ticks over the same pixels instead of making the page scroll.
 *
 * ZoomControls are the buttons (zoom out, zoom in, fit, earlier, later)
 * with a label naming the ticks in view; bindWheel adds ctrl+wheel (and
 * trackpad pinch, which browsers report as ctrl+wheel) zooming around the
 * pointer, and shift+wheel panning.
 */

import { el } from "./dom.js";
import { gettext, interpolate } from "./i18n.js";

/** The narrowest window: a few ticks, so that one tick is still a readable width. */
export const MIN_VISIBLE_TICKS = 4;
/** Zoom factor of the buttons, and of one wheel notch. */
export const BUTTON_FACTOR = 2;
export const WHEEL_FACTOR = 1.25;
/** How far the pan buttons and wheel move, as a fraction of the window. */
const PAN_FRACTION = 0.5;
const WHEEL_PAN_FRACTION = 0.1;

const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));

export class Zoom {
  constructor() {
    this.level = 1;
    this.start = 0;
    this.listeners = new Set();
  }

  /** Largest level for a run of `span` ticks (at least 1: a tiny run cannot zoom). */
  maxLevel(span) {
    return Math.max(1, span / MIN_VISIBLE_TICKS);
  }

  /** The ticks in view for a run of `span` ticks: {start, end, level, fit}. */
  window(span) {
    const level = clamp(this.level, 1, this.maxLevel(span));
    const visible = span / level;
    const start = clamp(this.start, 0, span - visible);
    return { start, end: start + visible, level, fit: level <= 1 };
  }

  /** Zoom by `factor` (> 1: in), keeping tick `anchor` (default: the middle) where it is on screen. */
  zoomBy(factor, span, anchor = null) {
    const before = this.window(span);
    const level = clamp(before.level * factor, 1, this.maxLevel(span));
    if (level === before.level) return;
    const at = anchor ?? (before.start + before.end) / 2;
    const fraction = (at - before.start) / (before.end - before.start);
    const visible = span / level;
    this.level = level;
    this.start = clamp(at - fraction * visible, 0, span - visible);
    this.changed();
  }

  /** Back to the whole run. */
  fit() {
    if (this.level === 1 && this.start === 0) return;
    this.level = 1;
    this.start = 0;
    this.changed();
  }

  /** Move the window by `fraction` of its width (negative: earlier). */
  panBy(fraction, span) {
    const w = this.window(span);
    const visible = w.end - w.start;
    const start = clamp(w.start + fraction * visible, 0, span - visible);
    if (start === w.start) return;
    this.start = start;
    this.changed();
  }

  /**
   * Bring tick `t` into view (the player moved past the window's edge):
   * the window jumps so that t sits near its left edge.  Returns whether it moved.
   */
  reveal(t, span) {
    const w = this.window(span);
    if (w.fit || (t >= w.start && t <= w.end)) return false;
    const visible = w.end - w.start;
    this.start = clamp(t - 0.1 * visible, 0, span - visible);
    this.changed();
    return true;
  }

  /** Call fn(zoom) after every change; returns a function that stops it. */
  onChange(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  changed() {
    for (const fn of [...this.listeners]) fn(this);
  }
}

/** A tick count for labels: whole numbers as they are, others to one decimal. */
function tickText(v) {
  return String(Number(v.toFixed(1)));
}

/** The zoom buttons and the label of the ticks in view, for one Zoom. */
export class ZoomControls {
  /**
   * @param {Zoom} zoom
   * @param {() => number} getSpan  the run's length in ticks, as the charts draw it
   */
  constructor(zoom, getSpan) {
    this.zoom = zoom;
    this.getSpan = getSpan;
    const button = (cls, text, label, onclick) => el("button", {
      type: "button", class: `btn small zoom-btn ${cls}`, text, "aria-label": label, title: label,
      on: { click: onclick },
    });
    this.outBtn = button("zoom-out", "−", gettext("Zoom out"), () => zoom.zoomBy(1 / BUTTON_FACTOR, getSpan()));
    this.inBtn = button("zoom-in", "+", gettext("Zoom in"), () => zoom.zoomBy(BUTTON_FACTOR, getSpan()));
    this.fitBtn = button("zoom-fit", gettext("Fit"), gettext("Fit the whole run"), () => zoom.fit());
    this.earlierBtn = button("zoom-earlier", "‹", gettext("Show earlier ticks"), () => zoom.panBy(-PAN_FRACTION, getSpan()));
    this.laterBtn = button("zoom-later", "›", gettext("Show later ticks"), () => zoom.panBy(PAN_FRACTION, getSpan()));
    this.label = el("output", { class: "zoom-range", "aria-live": "polite" });
    this.root = el("div", { class: "zoom-controls", role: "group", "aria-label": gettext("Zoom the time axis") },
      this.outBtn, this.inBtn, this.fitBtn, this.earlierBtn, this.laterBtn, this.label);
    this.unwatch = zoom.onChange(() => this.update());
    this.update();
  }

  /** Refresh the label and which buttons can act (after a zoom, or when the run grew). */
  update() {
    const span = Math.max(1, this.getSpan());
    const w = this.zoom.window(span);
    const text = w.fit
      ? interpolate(gettext("t = %(from)s to %(to)s (whole run)"), { from: 0, to: tickText(span) })
      : interpolate(gettext("t = %(from)s to %(to)s of %(total)s"),
        { from: tickText(w.start), to: tickText(w.end), total: tickText(span) });
    if (this.label.textContent !== text) this.label.textContent = text;
    this.root.dataset.level = String(Number(w.level.toFixed(3)));
    this.root.dataset.start = tickText(w.start);
    this.root.dataset.end = tickText(w.end);
    this.inBtn.disabled = w.level >= this.zoom.maxLevel(span);
    this.outBtn.disabled = w.fit;
    this.fitBtn.disabled = w.fit;
    this.earlierBtn.disabled = w.start <= 0;
    this.laterBtn.disabled = w.end >= span;
  }

  dispose() {
    this.unwatch();
  }
}

/**
 * Zoom `zoom` with ctrl+wheel over `node`, around the tick under the
 * pointer (`tickAt(clientX)`, null when outside the time axis); pan with
 * shift+wheel or a sideways trackpad swipe while zoomed in.  A plain
 * wheel is left to the page, so the chart never traps scrolling.
 * Returns a function that removes the listener.
 */
export function bindWheel(node, zoom, { getSpan, tickAt }) {
  const onWheel = (event) => {
    const span = Math.max(1, getSpan());
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault(); // the browser's own page zoom
      if (event.deltaY === 0) return;
      zoom.zoomBy(event.deltaY < 0 ? WHEEL_FACTOR : 1 / WHEEL_FACTOR, span, tickAt(event.clientX));
      return;
    }
    const sideways = Math.abs(event.deltaX) > Math.abs(event.deltaY);
    if (zoom.window(span).fit || !(event.shiftKey || sideways)) return;
    event.preventDefault();
    const delta = sideways ? event.deltaX : event.deltaY;
    if (delta !== 0) zoom.panBy(Math.sign(delta) * WHEEL_PAN_FRACTION, span);
  };
  node.addEventListener("wheel", onWheel, { passive: false });
  return () => node.removeEventListener("wheel", onWheel);
}
