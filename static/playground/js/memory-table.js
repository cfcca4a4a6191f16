/**
 * The memory map as a table: every allocated block and every hole at the
 * current step, in address order, with its start, end and size; a block's
 * row has a button that seeks the player to the step that allocated it.
 */

import { dataTable } from "./chart-table.js";
import { el } from "./dom.js";
import { formatSize } from "./format.js";
import { gettext, interpolate } from "./i18n.js";
import { shownEntries } from "./steps.js";
import { translateReason } from "./translate.js";

/** "buf of P2" (or the owner alone when the block has no ref). */
export function blockName(owner, ref) {
  return ref ? interpolate(gettext("%(ref)s of %(owner)s"), { ref, owner }) : String(owner);
}

/**
 * The table for `memory` (state.memory) at tick `t`.  `originOf(block)`
 * gives {step, t, reason} of a block's allocation (or null);
 * `onSeek(origin)` is called by a row's button.
 */
export function memoryTable(memory, t, originOf, onSeek) {
  const items = [
    ...shownEntries(memory.blocks).map((block) => ({ kind: "block", start: block[0], size: block[1], block })),
    ...shownEntries(memory.free).map(([start, size], k) => ({ kind: "hole", start, size, order: k })),
  ].sort((a, b) => a.start - b.start);
  const rows = items.map((item) => {
    if (item.kind === "hole") {
      return [interpolate(gettext("Hole #%(k)s in the free list"), { k: item.order + 1 }),
        String(item.start), String(item.start + item.size), formatSize(item.size), "—"];
    }
    const [, , owner, ref] = item.block;
    const origin = originOf(item.block);
    return [blockName(owner, ref), String(item.start), String(item.start + item.size), formatSize(item.size),
      origin
        ? el("button", { type: "button", class: "btn small memory-table-seek", text: interpolate(gettext("Go to t=%(t)s"), { t: origin.t }),
          title: translateReason(origin), on: { click: () => onSeek(origin) } })
        : "—"];
  });
  return dataTable({
    className: "memory-table",
    caption: interpolate(gettext("Memory at t = %(t)s, in address order"), { t }),
    columns: [{ label: gettext("Block or hole") }, { label: gettext("Start"), numeric: true }, { label: gettext("End"), numeric: true },
      { label: gettext("Size"), numeric: true }, { label: gettext("Allocated") }],
    rows,
    rowAttrs: (k) => ({ "data-kind": items[k].kind, "data-start": items[k].start }),
  });
}
