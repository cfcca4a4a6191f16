/**
 * Click-to-seek items in a chart that is redrawn at every step (messages of
 * the sequence diagram, stops of the disk head), operable from the keyboard.
 *
 * The chart is one tab stop: one item has tabindex 0, the others -1, and
 * inside the chart the arrow keys move between items in drawing order
 * (Home / End: first / last).  Enter or Space, or a click, asks the player
 * to seek to the item's step (chart-seek.js).  Items are elements with
 * `data-seek-step` (and `data-seek-tick`) and a `data-key` that names the
 * same item in the next drawing, so focus survives the redraw.
 *
 *   const items = new SeekItems(container);   // once, around the charts
 *   items.before();                            // before clearing the chart
 *   ... draw items with seekAttrs(key, step, tick, label) ...
 *   items.after();                             // after the chart is in place
 */

import { requestSeek } from "./chart-seek.js";

const NEXT = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

/** Attributes that make a drawn element a seek item (step null: not seekable, no attributes). */
export function seekAttrs(key, step, tick, label) {
  if (!Number.isInteger(step)) return {};
  return { "data-key": key, "data-seek-step": step, "data-seek-tick": tick, tabindex: -1, role: "button", "aria-label": label };
}

export class SeekItems {
  constructor(container) {
    this.container = container;
    this.focusedKey = null;
    this.currentKey = null; // the tab stop, kept between drawings
    container.addEventListener("click", (event) => {
      const item = this.itemOf(event.target);
      if (item) this.seek(item);
    });
    container.addEventListener("keydown", (event) => this.key(event));
    container.addEventListener("focusin", (event) => {
      const item = this.itemOf(event.target);
      if (item) this.currentKey = item.dataset.key;
    });
  }

  items() {
    return [...this.container.querySelectorAll("[data-seek-step]")];
  }

  itemOf(node) {
    const item = node && node.closest ? node.closest("[data-seek-step]") : null;
    return item && this.container.contains(item) ? item : null;
  }

  seek(item) {
    requestSeek(item, { step: Number(item.dataset.seekStep), tick: Number(item.dataset.seekTick) });
  }

  key(event) {
    const item = this.itemOf(event.target);
    if (!item) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      this.seek(item);
      return;
    }
    const items = this.items();
    const at = items.indexOf(item);
    let target;
    if (event.key in NEXT) target = items[at + NEXT[event.key]];
    else if (event.key === "Home") target = items[0];
    else if (event.key === "End") target = items[items.length - 1];
    else return;
    event.preventDefault();
    if (target) this.focus(target);
  }

  focus(item) {
    for (const other of this.items()) other.setAttribute("tabindex", "-1");
    item.setAttribute("tabindex", "0");
    this.currentKey = item.dataset.key;
    item.focus();
  }

  /** Call before the chart is cleared: remembers the focused item. */
  before() {
    const active = document.activeElement;
    const item = this.itemOf(active);
    this.focusedKey = item ? item.dataset.key : null;
  }

  /** Call after the chart is drawn: one tab stop, and focus back where it was. */
  after() {
    const items = this.items();
    if (!items.length) return;
    const find = (key) => items.find((x) => x.dataset.key === key);
    const stop = find(this.focusedKey) || find(this.currentKey) || items[0];
    stop.setAttribute("tabindex", "0");
    if (this.focusedKey !== null && stop.dataset.key === this.focusedKey) stop.focus({ preventScroll: true });
  }
}
