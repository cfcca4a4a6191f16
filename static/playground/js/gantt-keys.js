/**
 * Moving between Gantt bars with the keyboard.  The chart is one tab stop;
 * inside it the arrow keys move as on a grid:
 *
 *   ← / →       the previous / next bar in the same lane
 *   ↑ / ↓       the bar in the lane above / below nearest in time
 *   Home / End  the first / last bar of the lane
 *
 * (Enter and Space seek, Escape hides the details: gantt.js handles them.)
 */

/**
 * The rect to focus after `key` on `current`: an element, null when the key
 * is ours but there is nowhere to go (the first bar and ←), or undefined
 * when the key is not one of ours.
 *
 * @param {string} key  KeyboardEvent.key
 * @param {Element} current  the focused bar's rect
 * @param {Element[]} rects  every bar rect drawn
 * @param {(rect) => object} barOf  the bar a rect draws
 * @param {(bar) => string} laneOf  the lane key of a bar
 * @param {{rowOf: Map}} layout  lane key -> row number
 */
export function barKeyTarget(key, current, rects, barOf, laneOf, layout) {
  if (!["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"].includes(key)) return undefined;
  const rows = new Map(); // row -> [{rect, bar}] by start
  for (const rect of rects) {
    const bar = barOf(rect);
    const row = layout.rowOf.get(laneOf(bar));
    if (row === undefined) continue;
    if (!rows.has(row)) rows.set(row, []);
    rows.get(row).push({ rect, bar });
  }
  for (const list of rows.values()) list.sort((a, b) => a.bar.start - b.bar.start || a.bar.end - b.bar.end);
  const bar = barOf(current);
  const row = layout.rowOf.get(laneOf(bar));
  const lane = rows.get(row) || [];
  const at = lane.findIndex((item) => item.rect === current);
  const pick = (item) => (item ? item.rect : null);
  if (key === "ArrowLeft") return pick(lane[at - 1]);
  if (key === "ArrowRight") return pick(lane[at + 1]);
  if (key === "Home") return pick(lane[0]);
  if (key === "End") return pick(lane[lane.length - 1]);
  // Up/down: the nearest row in that direction that has bars.
  const direction = key === "ArrowUp" ? -1 : 1;
  const candidates = [...rows.keys()].filter((r) => (r - row) * direction > 0).sort((a, b) => (a - b) * direction);
  if (!candidates.length) return null;
  const mid = (bar.start + bar.end) / 2;
  const distance = (b) => (b.start <= mid && mid <= b.end ? 0 : Math.min(Math.abs(b.start - mid), Math.abs(b.end - mid)));
  const target = rows.get(candidates[0]).reduce((best, item) => (distance(item.bar) < distance(best.bar) ? item : best));
  return target.rect;
}
