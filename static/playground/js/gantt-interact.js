/**
 * The Gantt chart's bars as controls: hover, focus, click and keys,
 * delegated to the chart's plot element (bars come and go as it redraws).
 *
 * - hovering or focusing a bar shows its details (barDetails) in the
 *   chart's tooltip; while the mouse is on a bar its <title> is parked, so
 *   the browser's own tooltip does not pop up over ours (the bar keeps its
 *   name in aria-label);
 * - clicking a bar, or Enter / Space on it, seeks to the step that started it;
 *   clicking the chart off the bars seeks to the tick under the pointer;
 * - arrows, Home and End move between bars (gantt-keys.js); Escape hides
 *   the details.
 */

import { barSubject } from "./gantt-bars.js";
import { barKeyTarget } from "./gantt-keys.js";
import { ticksText } from "./gantt-table.js";
import { gettext, interpolate } from "./i18n.js";
import { translateReason } from "./translate.js";

/** The tooltip lines of `bar`: who and where, when, how long, and why (from its origin). */
export function barDetails(bar, origin) {
  const lines = [barSubject(bar)];
  lines.push(bar.open
    ? interpolate(gettext("From t=%(start)s, still running at t=%(t)s"), { start: bar.start, t: bar.end })
    : interpolate(gettext("From t=%(start)s to t=%(end)s"), { start: bar.start, end: bar.end }));
  lines.push(interpolate(gettext("Length: %(length)s"), { length: ticksText(bar.end - bar.start) }));
  if (origin && origin.reason) {
    const why = bar.kind === "disk" ? gettext("Why this request: %(reason)s") : gettext("Why it was dispatched: %(reason)s");
    lines.push({ text: interpolate(why, { reason: translateReason(origin) }), className: "reason" });
    if (origin.t !== bar.start) {
      lines.push(interpolate(gettext("(dispatched at t=%(t)s; the context switch took the ticks before the bar)"), { t: origin.t }));
    }
  }
  lines.push({ text: gettext("Click, or press Enter, to go to this step."), className: "tip-hint" });
  return lines;
}

/**
 * Listen on `gantt.plot`.  Uses the chart's barOf (rect -> bar), tooltip,
 * rects(), laneOf, layout, setTabStop(rect), showDetails(rect), seekTo(bar)
 * and seekToClientX(x).
 */
export function bindBars(gantt) {
  const { plot } = gantt;
  let parked = null; // {rect, title}
  const rectOf = (event) => {
    const rect = event.target && event.target.closest ? event.target.closest("rect[role=button]") : null;
    return rect && gantt.barOf.has(rect) ? rect : null;
  };
  const unpark = () => {
    if (parked && parked.rect.isConnected && !parked.rect.querySelector("title")) parked.rect.prepend(parked.title);
    parked = null;
  };
  plot.addEventListener("pointerover", (event) => {
    const rect = rectOf(event);
    if (!rect) return;
    unpark();
    const title = rect.querySelector("title");
    if (title) {
      title.remove();
      parked = { rect, title };
    }
    gantt.showDetails(rect);
  });
  plot.addEventListener("pointerout", (event) => {
    const rect = rectOf(event);
    if (!rect || (event.relatedTarget && rect.contains(event.relatedTarget))) return;
    unpark();
    // Back to the focused bar's details, if the keyboard is on one.
    const focused = document.activeElement;
    if (focused && gantt.barOf.has(focused) && plot.contains(focused)) gantt.showDetails(focused);
    else gantt.tooltip.hide();
  });
  plot.addEventListener("focusin", (event) => {
    const rect = rectOf(event);
    if (!rect) return;
    gantt.setTabStop(rect);
    gantt.showDetails(rect);
  });
  plot.addEventListener("focusout", (event) => {
    if (rectOf(event) && !(event.relatedTarget && gantt.barOf.has(event.relatedTarget))) gantt.tooltip.hide();
  });
  plot.addEventListener("click", (event) => {
    const rect = rectOf(event);
    if (rect) gantt.seekTo(gantt.barOf.get(rect));
    else if (event.target && event.target.closest && event.target.closest("svg.gantt-svg")) gantt.seekToClientX(event.clientX);
  });
  plot.addEventListener("keydown", (event) => {
    const rect = rectOf(event);
    if (!rect || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "Enter" || event.key === " ") {
      gantt.seekTo(gantt.barOf.get(rect));
    } else if (event.key === "Escape") {
      gantt.tooltip.hide();
    } else {
      const target = barKeyTarget(event.key, rect, gantt.rects(), (r) => gantt.barOf.get(r), gantt.laneOf, gantt.layout);
      if (target === undefined) return; // not a key of ours: let the page have it
      if (target) target.focus();
    }
    event.preventDefault();
    event.stopPropagation();
  });
}
