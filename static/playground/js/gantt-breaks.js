/**
 * Breaks in the Gantt chart's time axis: long idle stretches drawn narrow.
 *
 * A run whose work ends at t=20 and whose last process arrives at t=500
 * would, drawn to scale, squeeze all its bars into the first 4% of the
 * chart.  In the "fit" view such a stretch (no bar in any lane) is drawn
 * as a narrow band with a break mark on the axis, and the rest of the run
 * shares the width, to scale.  Zoomed in, the axis is linear again.
 *
 * Breaks are worked out from the bars drawn and the axis length only, so a
 * chart under the reveal rule (bars up to the cursor) cannot hint at what
 * comes later.
 *
 *   idleBreaks(bars, span)                    -> [{from, to}]
 *   timeScale({start, end, x0, x1, breaks})   -> {scale, tickAt, breaks, segments}
 */

/** A stretch is compressed when it is at least this many ticks... */
export const BREAK_MIN_TICKS = 10;
/** ...and at least this share of the axis. */
export const BREAK_MIN_SHARE = 0.25;
/** The width of a compressed stretch on screen (at most; less on a narrow chart). */
export const BREAK_PX = 28;

/**
 * The idle stretches of `bars` ({cpu, disk}, as barsFor gives them) over
 * ticks 0..span worth compressing, in time order: [{from, to}].
 */
export function idleBreaks(bars, span) {
  const busy = [...bars.cpu, ...bars.disk].map((b) => [b.start, b.end]).sort((a, b) => a[0] - b[0]);
  const gaps = [];
  let reach = 0;
  for (const [start, end] of busy) {
    if (start > reach) gaps.push({ from: reach, to: start });
    reach = Math.max(reach, end);
  }
  if (span > reach) gaps.push({ from: reach, to: span });
  const least = Math.max(BREAK_MIN_TICKS, BREAK_MIN_SHARE * span);
  return gaps.filter((g) => g.to - g.from >= least);
}

/**
 * The mapping between ticks start..end and pixels x0..x1, with each break
 * (clipped to the window) drawn BREAK_PX wide and the other ticks to one
 * scale.  Returns {scale(tick) -> x, tickAt(x) -> tick, breaks: [{from,
 * to, x0, x1}], segments: [{lo, hi}] (the stretches drawn to scale)}.
 */
export function timeScale({ start, end, x0, x1, breaks = [] }) {
  const inView = breaks
    .map((b) => ({ from: Math.max(b.from, start), to: Math.min(b.to, end) }))
    .filter((b) => b.to > b.from);
  const idle = inView.reduce((sum, b) => sum + (b.to - b.from), 0);
  const scaled = end - start - idle;
  if (!inView.length || scaled <= 0) {
    const perTick = (x1 - x0) / Math.max(end - start, 1e-9);
    return {
      scale: (v) => x0 + (v - start) * perTick,
      tickAt: (x) => start + (x - x0) / perTick,
      breaks: [],
      segments: [{ lo: start, hi: end }],
    };
  }
  // Never give breaks more than a third of the width, however many there are.
  const breakPx = Math.min(BREAK_PX, (x1 - x0) / (3 * inView.length));
  const perTick = (x1 - x0 - breakPx * inView.length) / scaled;
  // Knots [tick, x] where the slope changes; linear in between.
  const knots = [[start, x0]];
  let x = x0;
  let t = start;
  const drawnBreaks = [];
  const segments = [];
  for (const b of inView) {
    x += (b.from - t) * perTick;
    knots.push([b.from, x]);
    segments.push({ lo: t, hi: b.from });
    drawnBreaks.push({ from: b.from, to: b.to, x0: x, x1: x + breakPx });
    x += breakPx;
    knots.push([b.to, x]);
    t = b.to;
  }
  knots.push([end, x1]);
  segments.push({ lo: t, hi: end });
  const along = (value, from, to) => {
    // The knot pair around `value` on coordinate `from` (0: ticks, 1: pixels).
    let k = 1;
    while (k < knots.length - 1 && value > knots[k][from]) k += 1;
    const [a, b] = [knots[k - 1], knots[k]];
    const width = b[from] - a[from];
    return width > 0 ? a[to] + ((value - a[from]) / width) * (b[to] - a[to]) : a[to];
  };
  return {
    scale: (v) => (v <= start ? x0 + (v - start) * perTick : v >= end ? x1 + (v - end) * perTick : along(v, 0, 1)),
    tickAt: (px) => (px <= x0 ? start + (px - x0) / perTick : px >= x1 ? end + (px - x1) / perTick : along(px, 1, 0)),
    breaks: drawnBreaks,
    segments: segments.filter((s) => s.hi > s.lo),
  };
}
