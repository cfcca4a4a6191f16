/**
 * A tooltip for chart items (Gantt bars, memory blocks): one element per
 * chart, placed next to the item it describes, whether the item is hovered
 * with the mouse or focused with the keyboard.
 *
 * The container must be positioned (CSS position: relative) and must not
 * clip (the tooltip may stick out above the chart).  While shown, the item
 * points at the tooltip with aria-describedby, so a screen reader reads the
 * details after the item's name.  Every line goes in as text.
 */

import { el, replaceChildren } from "./dom.js";

const GAP = 6;
let tooltips = 0;

export class Tooltip {
  /** @param {HTMLElement} container  the positioned element the tooltip lives in */
  constructor(container) {
    tooltips += 1;
    this.container = container;
    this.anchor = null;
    this.node = el("div", { class: "chart-tooltip", role: "tooltip", id: `chart-tooltip-${tooltips}`, hidden: true });
    container.append(this.node);
  }

  /**
   * Show `lines` next to `anchor`.  A line is a string, or {text, className}
   * (the first line is the title and is drawn bold).
   */
  show(anchor, lines) {
    replaceChildren(this.node, lines.map((line, k) => {
      const { text, className } = typeof line === "string" ? { text: line, className: "" } : line;
      return el("div", { class: `chart-tooltip-line${k === 0 ? " title" : ""}${className ? ` ${className}` : ""}`, text });
    }));
    if (this.anchor && this.anchor !== anchor) this.anchor.removeAttribute("aria-describedby");
    this.anchor = anchor;
    anchor.setAttribute("aria-describedby", this.node.id);
    this.node.hidden = false;
    this.place();
  }

  /** Put the tooltip above its anchor (below when there is no room), inside the container's width. */
  place() {
    if (!this.anchor || this.node.hidden) return;
    const box = this.container.getBoundingClientRect();
    const item = this.anchor.getBoundingClientRect();
    const tip = this.node.getBoundingClientRect();
    const maxLeft = Math.max(0, this.container.clientWidth - tip.width);
    const left = Math.min(maxLeft, Math.max(0, item.left - box.left + item.width / 2 - tip.width / 2));
    let top = item.top - box.top - tip.height - GAP;
    if (item.top - tip.height - GAP < 0) top = item.bottom - box.top + GAP; // off the top of the window
    this.node.style.left = `${Math.round(left)}px`;
    this.node.style.top = `${Math.round(top)}px`;
  }

  /** Is the tooltip showing, for `anchor` if given? */
  showing(anchor = null) {
    return !this.node.hidden && (anchor === null || this.anchor === anchor);
  }

  hide() {
    if (this.anchor) this.anchor.removeAttribute("aria-describedby");
    this.anchor = null;
    this.node.hidden = true;
  }
}
