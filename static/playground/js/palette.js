/**
 * Colours for processes and threads.
 *
 * The Okabe-Ito palette stays distinguishable under the common forms of
 * colour blindness.  A name's colour depends only on the scenario (its
 * position among the scenario's processes and spawned threads), so the same
 * process has the same colour in every widget and on every reload.  Names
 * the scenario does not list (unexpected, but possible in a hand-written
 * trace) fall back to a hash of the name, which is still deterministic.
 */

export const OKABE_ITO = [
  "#E69F00", // orange
  "#56B4E9", // sky blue
  "#009E73", // bluish green
  "#F0E442", // yellow
  "#0072B2", // blue
  "#D55E00", // vermillion
  "#CC79A7", // reddish purple
  "#999999", // grey (the palette's black is kept for text and axes)
];

/**
 * Text colour with enough contrast on each palette entry (WCAG AA: 4.5:1).
 * Black everywhere but on blue, where only white passes (5.19; black 4.05).
 * Bluish green needs black (6.14; white gives only 3.42).
 */
const TEXT_ON = ["#000", "#000", "#000", "#000", "#fff", "#000", "#000", "#000"];

function hashIndex(name) {
  let h = 0;
  for (const ch of String(name)) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return h % OKABE_ITO.length;
}

/** Names in scenario order: each process, then the threads it spawns (depth first). */
export function scenarioNames(scenario) {
  const names = [];
  const walk = (program) => {
    for (const op of Array.isArray(program) ? program : []) {
      if (op && op.op === "spawn") {
        if (typeof op.thread === "string") names.push(op.thread);
        walk(op.program);
      }
    }
  };
  for (const proc of (scenario && Array.isArray(scenario.processes)) ? scenario.processes : []) {
    if (proc && typeof proc.name === "string") names.push(proc.name);
    walk(proc && proc.program);
  }
  return names;
}

/** A colour assignment for one scenario: colourOf(name) -> {fill, text}. */
export class Palette {
  constructor(scenario) {
    this.index = new Map();
    for (const name of scenarioNames(scenario)) {
      if (!this.index.has(name)) this.index.set(name, this.index.size % OKABE_ITO.length);
    }
  }

  /** Palette slot of `name` (0..7). */
  slot(name) {
    return this.index.has(name) ? this.index.get(name) : hashIndex(name);
  }

  fill(name) {
    return OKABE_ITO[this.slot(name)];
  }

  text(name) {
    return TEXT_ON[this.slot(name)];
  }
}
