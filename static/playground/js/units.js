/**
 * The one reader of numbers typed in an answer box (polls, practice
 * checkpoints, assignments): 436224, "426KB", "426 KB", "0x6a800", 7.5,
 * "7,5", "13/4".  It mirrors parse_quantity in playground/grading/answers.py
 * (the server reads the same text the same way); units are binary
 * (1KB = 1024 bytes), as in scenarios.
 */

const SIZE_UNITS = { b: 1, k: 2 ** 10, kb: 2 ** 10, kib: 2 ** 10, m: 2 ** 20, mb: 2 ** 20, mib: 2 ** 20,
  g: 2 ** 30, gb: 2 ** 30, gib: 2 ** 30 };

/** The number in `text`, or null when it is none of the accepted forms. */
export function parseQuantity(text) {
  if (typeof text === "number") return Number.isFinite(text) ? text : null;
  if (typeof text !== "string") return null;
  const compact = text.trim().replace(/[ _]/g, "").toLowerCase();
  if (/^0x[0-9a-f]+$/.test(compact)) return parseInt(compact.slice(2), 16);
  const sized = /^(\d+(?:\.\d+)?)([a-z]+)$/.exec(compact);
  if (sized) {
    const factor = SIZE_UNITS[sized[2]];
    if (factor === undefined) return null;
    const bytes = Number(sized[1]) * factor;
    return Number.isInteger(bytes) ? bytes : null;
  }
  const fraction = /^(-?\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(compact);
  if (fraction) {
    const value = Number(fraction[1]) / Number(fraction[2]);
    return Number.isFinite(value) ? value : null;
  }
  let plain = compact;
  if ((plain.match(/,/g) || []).length === 1 && !plain.includes(".")) plain = plain.replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(plain)) return null;
  const value = Number(plain);
  return Number.isFinite(value) ? value : null;
}

/** The placeholder that tells a student which forms a size box takes. */
export const SIZE_FORMS = "426KB, 436224, 0x6a800";
