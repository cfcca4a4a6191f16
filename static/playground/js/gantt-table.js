/**
 * The Gantt chart as a table: one row per bar that has begun by the
 * cursor's tick, with who and where, when, how long, and why the thread
 * was dispatched, and a button that seeks the player to that dispatch.
 * Only the last MAX_ROWS bars are listed (the caption says so), so that the
 * table of a long run redraws as fast as the event log.
 */

import { dataTable } from "./chart-table.js";
import { el } from "./dom.js";
import { barsStartedBy, barSubject } from "./gantt-bars.js";
import { gettext, interpolate, ngettext } from "./i18n.js";
import { translateReason } from "./translate.js";

/** The most bars the table lists: the last ones begun by the cursor (10,000 rows took 4 s a step). */
export const MAX_ROWS = 300;

/** "4 ticks" / "1 tick". */
export function ticksText(n) {
  return interpolate(ngettext("%(n)s tick", "%(n)s ticks", n), { n });
}

/**
 * The table for `bars` (from barsFor) at `view`.  `origins` is the run's
 * BarOrigins (synced); `onSeek(bar)` is called by a row's button.
 */
export function ganttTable(bars, view, origins, onSeek) {
  const started = barsStartedBy(bars, view.t);
  const rows = started.slice(-MAX_ROWS);
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
    caption: started.length > rows.length
      ? interpolate(gettext("Gantt chart as a table, up to t = %(t)s: the last %(n)s of %(total)s bars"),
        { t: view.t, n: rows.length, total: started.length })
      : interpolate(gettext("Gantt chart as a table, up to t = %(t)s"), { t: view.t }),
    columns,
    rows: cells,
    rowAttrs: (k) => ({ "data-who": rows[k].who ?? "", "data-start": rows[k].start, "data-kind": rows[k].kind }),
  });
}
