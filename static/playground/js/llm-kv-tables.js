/**
 * The KV block grid's table view: the running requests' blocks (always),
 * and with a step's block tables (llm-kv-pool.js) the chosen request's
 * block table (logical block → physical block, one column per sample) and
 * one row per held block (block, owners, reference count).
 */

import { dataTable } from "./chart-table.js";
import { clear } from "./dom.js";
import { formatSizeShort } from "./format.js";
import { gettext, interpolate } from "./i18n.js";
import { blockRows, sampleTables } from "./llm-kv-pool.js";

/** A physical block as a cell: its number, and its reference count when shared ("12 (×3)"). */
function blockCell(pool, b) {
  const held = pool.blocks[b];
  return held && held.refs > 1 ? interpolate(gettext("%(block)s (×%(n)s)"), { block: b, n: held.refs }) : String(b);
}

/** The chosen request's block table: logical block i → the physical block of each sample. */
function blockTable(view, llm, pool, id) {
  const samples = sampleTables(llm, id);
  const columns = [{ label: gettext("Logical block"), numeric: true },
    ...(samples.length === 1 ? [{ label: gettext("Physical block"), numeric: true }]
      : samples.map((_, k) => ({ label: interpolate(gettext("Sample %(k)s"), { k }), numeric: true })))];
  const rows = samples[0].map((_, i) => [String(i), ...samples.map((table) => blockCell(pool, table[i]))]);
  return dataTable({
    className: "llm-kv-block-table",
    caption: interpolate(gettext("Block table of %(who)s at t = %(t)s: logical block → physical block"), { who: id, t: view.t }),
    columns, rows, rowAttrs: (i) => ({ "data-logical": i }),
  });
}

/** One row per held block, by number. */
function heldBlocks(view, pool) {
  const rows = blockRows(pool).filter(([, owners]) => owners.length);
  return dataTable({
    className: "llm-kv-block-rows",
    caption: interpolate(gettext("Blocks held at t = %(t)s, by number (the %(free)s free blocks are not listed)"),
      { t: view.t, free: pool.nblocks - rows.length }),
    columns: [{ label: gettext("Block"), numeric: true }, { label: gettext("Owners") },
      { label: gettext("Reference count"), numeric: true }],
    rows: rows.map(([b, owners, refs]) => [String(b), owners.join(", "), String(refs)]),
    rowAttrs: (k) => ({ "data-block": rows[k][0] }),
  });
}

/** The tables for step `view`: [requests, (block table of `selected`), (held blocks)]. */
export function kvTables({ view, llm, layout, pool, selected, paged }) {
  const unit = paged ? gettext("Blocks") : gettext("Regions");
  const tables = [dataTable({
    className: "llm-kv-table",
    caption: interpolate(gettext("KV cache of the running requests at t = %(t)s, in priority order"), { t: view.t }),
    columns: [{ label: gettext("Request") }, { label: unit, numeric: true }, { label: gettext("Shared blocks"), numeric: true },
      { label: gettext("Bytes"), numeric: true }],
    rows: layout.rows.map((r) => [r.id, String(r.held), String(r.shared), r.bytes === null ? "—" : formatSizeShort(r.bytes)]),
    rowAttrs: (k) => ({ "data-request": layout.rows[k].id }),
  })];
  if (!pool) return tables;
  if (selected && llm.tables[selected]) tables.push(blockTable(view, llm, pool, selected));
  tables.push(heldBlocks(view, pool));
  return tables;
}

/**
 * Make `wanted` the children of `parent` from `first` on, in order: nodes of
 * `had` not wanted leave, the others stay where they are when already in
 * order, so a step that changes a few nodes moves only those.
 */
export function placeInOrder(parent, wanted, had, first) {
  const kept = new Set(wanted);
  let next = first;
  for (const node of had) {
    if (kept.has(node)) continue;
    if (node === next) next = node.nextSibling;
    node.remove();
  }
  for (const node of wanted) {
    if (node === next) next = node.nextSibling;
    else parent.insertBefore(node, next);
  }
}

/**
 * Make the tables in `box` show `fresh` (tables just made, e.g. by
 * kvTables) touching only what changed: tables of the same kind and columns
 * keep every row whose markup is unchanged, change their caption's text if
 * it changed, and take in the rows that are new.  Otherwise the tables are
 * replaced.  Either way `box` shows the same markup as `fresh`.
 */
export function updateTables(box, fresh) {
  const shown = [...box.children];
  const same = shown.length === fresh.length && shown.every((table, k) => table.tagName === "TABLE"
    && table.className === fresh[k].className && table.tHead && fresh[k].tHead
    && table.tHead.outerHTML === fresh[k].tHead.outerHTML && table.tBodies.length === 1 && fresh[k].tBodies.length === 1);
  if (!same) {
    clear(box).append(...fresh);
    return;
  }
  shown.forEach((table, k) => {
    const next = fresh[k];
    const caption = next.caption ? next.caption.textContent : null;
    if (table.caption && caption !== null && table.caption.textContent !== caption) table.caption.textContent = caption;
    const body = table.tBodies[0];
    const had = [...body.rows];
    const byMarkup = new Map();
    for (const tr of had) {
      const key = tr.outerHTML;
      if (!byMarkup.has(key)) byMarkup.set(key, []);
      byMarkup.get(key).push(tr);
    }
    const wanted = [...next.tBodies[0].rows].map((tr) => {
      const same = byMarkup.get(tr.outerHTML);
      return same && same.length ? same.shift() : tr;
    });
    placeInOrder(body, wanted, had, body.firstChild);
  });
}
