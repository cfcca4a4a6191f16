/**
 * Fill patterns for processes and threads, so that colour is never the only
 * cue on a chart: each name gets its palette colour (palette.js) with one of
 * PATTERNS drawn over it in the colour's text colour.
 *
 * A name's pattern depends only on its position among the scenario's names,
 * as its colour does, so it is the same in every chart and on every reload.
 * Seven patterns against eight colours give 56 different fills before a
 * pair repeats (7 and 8 have no common factor).
 */

import { svg } from "./dom.js";
import { scenarioNames } from "./palette.js";

const TILE = 8;

/** The marks of each pattern on an 8 x 8 tile: stroked lines or filled shapes. */
export const PATTERNS = [
  { name: "plain" },
  { name: "rising", stroke: "M-2 2L2-2M0 8L8 0M6 10L10 6" },
  { name: "falling", stroke: "M-2 6L2 10M0 0L8 8M6-2L10 2" },
  { name: "dots", fill: "M1.5 1.5h2.5v2.5h-2.5zM5.5 5.5h2v2h-2z" },
  { name: "horizontal", stroke: "M0 2H8M0 6H8" },
  { name: "vertical", stroke: "M2 0V8M6 0V8" },
  { name: "crossed", stroke: "M0 0L8 8M0 8L8 0" },
];

function hashIndex(name) {
  let h = 0;
  for (const ch of String(name)) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return h;
}

let instances = 0;

/**
 * The fills of one chart.  Pattern ids carry a per-instance prefix, so
 * several charts (a compare page stacks up to four) can share a page.
 *
 *   const fills = new FillPatterns(scenario, palette);
 *   const defs = fills.defs(names);           // once per <svg>
 *   fills.define(defs, ["P9"]);               // a name seen later
 *   rect.setAttribute("fill", fills.fill("P1"));
 */
export class FillPatterns {
  constructor(scenario, palette) {
    this.palette = palette;
    this.order = new Map();
    for (const name of scenarioNames(scenario)) {
      if (!this.order.has(name)) this.order.set(name, this.order.size);
    }
    instances += 1;
    this.prefix = `fill${instances}`;
  }

  /** Index into PATTERNS of `name`. */
  patternOf(name) {
    const position = this.order.has(name) ? this.order.get(name) : hashIndex(name);
    return position % PATTERNS.length;
  }

  id(name) {
    return `${this.prefix}-${this.palette.slot(name)}-${this.patternOf(name)}`;
  }

  /** The value for a fill attribute: url(#...) of the name's pattern. */
  fill(name) {
    return `url(#${this.id(name)})`;
  }

  /** The <pattern> element of `name`'s fill (its id is this.id(name)). */
  pattern(name) {
    const marks = PATTERNS[this.patternOf(name)];
    const ink = this.palette.text(name);
    return svg("pattern", { id: this.id(name), width: TILE, height: TILE, patternUnits: "userSpaceOnUse", "data-pattern": marks.name },
      svg("rect", { width: TILE, height: TILE, fill: this.palette.fill(name) }),
      marks.stroke ? svg("path", { d: marks.stroke, stroke: ink, "stroke-width": 1.4, "stroke-opacity": 0.5, fill: "none" }) : null,
      marks.fill ? svg("path", { d: marks.fill, fill: ink, "fill-opacity": 0.5 }) : null);
  }

  /**
   * Make sure `defs` (a <defs> element) holds the pattern of every name in
   * `names`; `defs.dataset.ids` remembers which it holds.  Returns defs.
   */
  define(defs, names) {
    const held = new Set((defs.dataset.ids || "").split(" ").filter(Boolean));
    for (const name of names) {
      const id = this.id(name);
      if (held.has(id)) continue;
      held.add(id);
      defs.append(this.pattern(name));
    }
    defs.dataset.ids = [...held].join(" ");
    return defs;
  }

  /** A new <defs> element with the patterns of `names`. */
  defs(names) {
    return this.define(svg("defs"), names);
  }
}
