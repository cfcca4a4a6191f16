/**
 * The physical KV pool of a paged policy at one step, read from the step's
 * block tables (docs/llm.md, "Steps"): `tables` (each running request's
 * physical blocks in logical order, its samples interleaved), `samples`
 * (n of the requests with more than one) and `refs` (the reference count
 * of every block held more than once).  Pure functions: the grid draws
 * what they return, the tests and the CSV read the same rows.
 *
 *   const pool = readPool(llm, nblocks);  // null: the step has no tables
 *   pool.blocks[b]  // {owners: ["r1", "r2"], refs: 2} or null (free)
 */

/** Does `llm` (a step's state.llm) carry whole block tables? */
export function hasBlockTables(llm) {
  return Boolean(llm && llm.tables && typeof llm.tables === "object" && !Array.isArray(llm.tables)
    && !("more" in llm.tables) && Array.isArray(llm.refs));
}

/** The tables of each sample of request `id`: [[physical block of logical 0, 1, ...], ...]. */
export function sampleTables(llm, id) {
  const table = (llm.tables && llm.tables[id]) || [];
  const n = Math.max(1, (llm.samples && llm.samples[id]) || 1);
  return Array.from({ length: n }, (_, k) => table.filter((_, i) => i % n === k));
}

/**
 * The pool at a step: `blocks[b]` is {owners, refs} for an allocated block
 * (owners in the order of `llm.blocks`, each once) or null for a free one;
 * `nblocks` is the pool's size in blocks.  Null when the step has no tables.
 */
export function readPool(llm, nblocks) {
  if (!hasBlockTables(llm)) return null;
  const refs = new Map(llm.refs.filter((r) => Array.isArray(r)).map(([b, count]) => [b, count]));
  const blocks = new Array(nblocks).fill(null);
  for (const [id, table] of Object.entries(llm.tables)) {
    if (!Array.isArray(table)) continue;
    for (const b of table) {
      if (!Number.isInteger(b) || b < 0 || b >= nblocks) continue;
      const held = blocks[b] || (blocks[b] = { owners: [], refs: refs.get(b) || 1 });
      if (!held.owners.includes(id)) held.owners.push(id);
    }
  }
  return { nblocks, blocks };
}

/**
 * The blocks drawn alike, each group once: a request's own blocks, shared
 * blocks with the same owners and count, the free blocks.  [{key, kind:
 * "own" | "shared" | "free", owners, refs, blocks: [block numbers, ascending]}],
 * in the order of each group's lowest block.
 */
export function poolGroups(pool) {
  const groups = new Map();
  pool.blocks.forEach((held, b) => {
    const kind = held === null ? "free" : held.refs > 1 ? "shared" : "own";
    const key = held === null ? "free" : `${kind}:${held.refs}:${held.owners.join("\u0000")}`;
    if (!groups.has(key)) groups.set(key, { key, kind, owners: held ? held.owners : [], refs: held ? held.refs : 0, blocks: [] });
    groups.get(key).blocks.push(b);
  });
  return [...groups.values()];
}

/** Ascending block numbers as runs of consecutive ones: [[first, count], ...]. */
export function runsOf(blocks) {
  const runs = [];
  for (const b of blocks) {
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === b) last[1] += 1;
    else runs.push([b, 1]);
  }
  return runs;
}

/** "0–20, 35, 55–57": ascending block numbers, consecutive ones as ranges. */
export function rangesText(blocks) {
  return runsOf(blocks).map(([first, count]) => (count > 1 ? `${first}–${first + count - 1}` : String(first))).join(", ");
}

/** One row per block of the pool: [block, owners, reference count] (a free block: no owner, 0). */
export function blockRows(pool) {
  return pool.blocks.map((held, b) => [b, held ? held.owners : [], held ? held.refs : 0]);
}

/** A CSV cell: quoted when needed; text a spreadsheet would run as a formula is defused (as export.js does). */
function csvCell(value) {
  if (typeof value === "number") return String(value);
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Every block of the pool as CSV (RFC 4180, CRLF, a BOM for spreadsheets):
 * block, owners (separated by ";", empty when free), reference_count.
 */
export function blocksCsv(pool) {
  const rows = [["block", "owners", "reference_count"],
    ...blockRows(pool).map(([b, owners, refs]) => [b, owners.join(";"), refs])];
  return `\ufeff${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
