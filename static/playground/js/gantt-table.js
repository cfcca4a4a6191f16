/**
 * The Gantt chart as a table: one row per bar that has begun by the
 * cursor's tick, with who and where, when, how long, and why the thread
 * was dispatched, and a button that seeks the player to that dispatch.
 */

import { dataTable } from "./chart-table.js";
import { el } from "./dom.js";
import { barsStartedBy, barSubject } from "./gantt-bars.js";
import { gettext, interpolate, ngettext } from "./i18n.js";
import { translateReason } from "./translate.js";

/** "4 ticks" / "1 tick". */
export function ticksText(n) {
  return interpolate(ngettext("%(n)s tick", "%(n)s ticks", n), { n });
}

/**
 * The table for `bars` (from barsFor) at `view`.  `origins` is the run's
 * BarOrigins (synced); `onSeek(bar)` is called by a row's button.
 */
export function ganttTable(bars, view, origins, onSeek) {
  const rows = barsStartedBy(bars, view.t);
  const columns = [
    { label: gettext("Who and where") }, { label: gettext("From"), numeric: true }, { label: gettext("To"), numeric: true },
    { label: gettext("Length"), numeric: true }, { label: gettext("Why it started") }, { label: gettext("Step") },
  ];
  const cells = rows.map((bar) => {
    const origin = origins.originOf(bar);
    const seek = el("button", {
      type: "button", class: "btn small gantt-table-seek", text: interpolate(gettext("Go to t=%(t)s"), { t: origin ? origin.t : bar.start }),
      on: { click: () => onSeek(bar) },
    });
    return [
      barSubject(bar),
      `t=${bar.start}`,
      bar.open ? { text: gettext("running"), className: "open" } : `t=${bar.end}`,
      ticksText(bar.end - bar.start),
      origin && origin.reason ? translateReason(origin) : "—",
      seek,
    ];
  });
  return dataTable({
    className: "gantt-table",
    caption: interpolate(gettext("Gantt chart as a table, up to t = %(t)s"), { t: view.t }),
    columns,
    rows: cells,
    rowAttrs: (k) => ({ "data-who": rows[k].who ?? "", "data-start": rows[k].start, "data-kind": rows[k].kind }),
  });
}
