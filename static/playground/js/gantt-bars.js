/**
 * What the Gantt chart draws, apart from how: its bars at a view, and its
 * lanes in display order.
 *
 * A bar is {kind: "cpu", core, who, start, end, open} or {kind: "disk",
 * who, cylinder, start, end, open}.  `open` marks a bar still growing at
 * the cursor (a running thread, a disk service in progress) while the run
 * streams; a finished run's bars are exactly its result's segments.
 */

import { gettext, interpolate } from "./i18n.js";
import { scenarioNames } from "./palette.js";

/** CPU and disk bars for a view: {cpu: [...], disk: [...]}. */
export function barsFor(view) {
  const result = view.result;
  if (view.finished && result && result.cpu && Array.isArray(result.cpu.gantt)) {
    const cpu = result.cpu.gantt.map((s) => ({ kind: "cpu", core: s.core ?? 0, who: s.who, start: s.start, end: s.end, open: false }));
    const requests = (result.io && Array.isArray(result.io.requests)) ? result.io.requests : [];
    const disk = requests
      .filter((r) => Number.isInteger(r.start) && Number.isInteger(r.finish))
      .map((r) => ({ kind: "disk", who: r.who ?? null, cylinder: r.cylinder, start: r.start, end: r.finish, open: false }));
    return { cpu, disk };
  }
  const cpu = [];
  const disk = [];
  if (view.index < 0) return { cpu, disk };
  // While playing, time flows between steps (player.js): open bars grow up to `now`.
  const now = view.now ?? view.t;
  for (const s of view.store.segmentsUpTo(view.index)) {
    if (s.lane.kind === "disk") {
      // A service still in progress at the cursor is drawn up to the cursor.
      disk.push({ kind: "disk", who: s.who, cylinder: s.cylinder, start: s.start, end: Math.min(s.end, now), open: s.end > now });
    } else cpu.push({ kind: "cpu", core: s.lane.core, who: s.who, start: s.start, end: s.end, open: false });
  }
  const running = Array.isArray(view.state.running) ? view.state.running : [];
  running.forEach((entry, core) => {
    if (entry && entry.who !== undefined && Number.isInteger(entry.since) && entry.since <= view.t) {
      cpu.push({ kind: "cpu", core, who: entry.who, start: entry.since, end: now, open: true });
    }
  });
  return { cpu, disk };
}

/**
 * Lanes in display order for `mode` ("core" or "thread"): {lanes: [{key,
 * label}], laneOf(bar) -> key}.  By core: one lane per configured core
 * (more if a bar names a higher core); by thread: one lane per name that
 * has a bar, in the scenario's order.  A disk lane comes last when the disk
 * served anything.
 */
export function lanesFor(mode, scenario, bars) {
  const lanes = [];
  if (mode === "core") {
    const cpu = (scenario && scenario.cpu) || {};
    const configured = Number.isInteger(cpu.cores) ? cpu.cores : 1;
    // A disk-only run has no CPU work: show the disk lane alone.
    const cores = bars.cpu.length || !bars.disk.length ? Math.max(configured, ...bars.cpu.map((b) => b.core + 1)) : 0;
    for (let c = 0; c < cores; c += 1) lanes.push({ key: `core:${c}`, label: interpolate(gettext("CPU %(n)s"), { n: c }) });
  } else {
    const withBars = new Set(bars.cpu.map((b) => b.who));
    const seen = new Set();
    for (const name of [...scenarioNames(scenario), ...bars.cpu.map((b) => b.who)]) {
      if (withBars.has(name) && !seen.has(name)) {
        seen.add(name);
        lanes.push({ key: `who:${name}`, label: String(name) });
      }
    }
  }
  if (bars.disk.length) lanes.push({ key: "disk", label: gettext("Disk") });
  const laneOf = (bar) => {
    if (bar.kind === "disk") return "disk";
    return mode === "core" ? `core:${bar.core}` : `who:${bar.who}`;
  };
  return { lanes, laneOf };
}

/** Bars that have begun by tick t (what the table view lists), in time order then lane order. */
export function barsStartedBy(bars, t) {
  return [...bars.cpu, ...bars.disk]
    .filter((b) => b.start <= t)
    .sort((a, b) => a.start - b.start || (a.kind === b.kind ? (a.core ?? 0) - (b.core ?? 0) : (a.kind === "disk" ? 1 : -1)));
}

/** "P2 on CPU 0" / "Disk, cylinder 98": who and where, for tooltips and tables. */
export function barSubject(bar) {
  if (bar.kind === "disk") {
    return bar.cylinder !== null && bar.cylinder !== undefined
      ? interpolate(gettext("Disk, cylinder %(c)s"), { c: bar.cylinder })
      : gettext("Disk");
  }
  return interpolate(gettext("%(who)s on CPU %(core)s"), { who: bar.who, core: bar.core });
}
