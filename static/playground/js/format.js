/** Formatting of numbers, sizes and addresses for display. */

const UNITS = [["TB", 2 ** 40], ["GB", 2 ** 30], ["MB", 2 ** 20], ["KB", 2 ** 10]];
const UNIT_FACTOR = {"": 1, B: 1, K: 2 ** 10, KB: 2 ** 10, KIB: 2 ** 10,
  M: 2 ** 20, MB: 2 ** 20, MIB: 2 ** 20, G: 2 ** 30, GB: 2 ** 30, GIB: 2 ** 30,
  T: 2 ** 40, TB: 2 ** 40, TIB: 2 ** 40};

/**
 * Bytes in a scenario size ("8MB", "512KB", 4096), with the engine's binary
 * units; null when `value` is not a size (the server's validator says why).
 */
export function parseSize(value) {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value !== "string") return null;
  const m = /^\s*(\d+)\s*([A-Za-z]*)\s*$/.exec(value);
  if (!m) return null;
  const factor = UNIT_FACTOR[m[2].toUpperCase()];
  return factor === undefined ? null : Number(m[1]) * factor;
}

/** The shortest exact unit form of `n` bytes: 8388608 -> "8MB", 1000 -> "1000B". */
export function formatSize(n) {
  if (typeof n !== "number" || !Number.isFinite(n)) return String(n);
  for (const [unit, k] of UNITS) {
    if (n >= k && n % k === 0) return `${n / k}${unit}`;
  }
  return `${n}B`;
}

/** A short approximate size for axis labels: 1.5MB, 300KB, 12B. */
export function formatSizeShort(n) {
  for (const [unit, k] of UNITS) {
    if (n >= k) return `${Number((n / k).toFixed(n % k === 0 ? 0 : 1))}${unit}`;
  }
  return `${n}B`;
}

/** A full-precision float shown with at most `digits` decimals (3.0 -> "3"). */
export function formatNumber(x, digits = 2) {
  if (x === null || x === undefined) return "—";
  if (typeof x !== "number") return String(x);
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toFixed(digits)));
}

/** A ratio 0..1 as a percentage: 0.875 -> "87.5%". */
export function formatPercent(x) {
  if (typeof x !== "number") return "—";
  return `${Number((x * 100).toFixed(1))}%`;
}

/** A compact one-line rendering of a JSON value for logs and tables. */
export function formatValue(value, max = 60) {
  let text = typeof value === "string" ? value : JSON.stringify(value);
  if (text === undefined) text = String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A size for a sentence: 436224 -> "426 KB" (exact units only; null when no unit divides it). */
export function formatSizeWords(n) {
  if (!Number.isInteger(n) || n <= 0) return null;
  for (const [unit, k] of UNITS) {
    if (n >= k && n % k === 0) return `${n / k} ${unit}`;
  }
  return null;
}

// The engine's memory reasons name sizes with these arguments (addresses are
// addr, start, end, first); kernel_engine/memory/*.py templates.
const SIZE_ARGS = new Set(["need", "n", "size", "block", "header"]);

function sizeValues(args, out = new Set()) {
  if (!args || typeof args !== "object") return out;
  for (const [name, value] of Object.entries(args)) {
    if (SIZE_ARGS.has(name) && Number.isInteger(value)) out.add(value);
    else if (value && typeof value === "object" && value.args) sizeValues(value.args, out);
  }
  return out;
}

/**
 * A memory reason with its sizes in units: "no hole holds 436224 bytes
 * (largest is 307200)" -> "no hole holds 426 KB (largest is 300 KB)", in
 * English or Chinese.  Only a size argument's value in a size's place is
 * rewritten (before "bytes"/"字节", after "holds"/"容纳"/"largest is"/"最大的是"),
 * so an address that happens to equal a size stays a number.
 */
export function sizesInUnits(text, args) {
  let out = String(text);
  for (const value of sizeValues(args)) {
    const words = formatSizeWords(value);
    if (!words) continue;
    const v = String(value);
    out = out
      .replace(new RegExp(`(?<![\\d.])${v} (?:bytes|字节)`, "g"), words)
      .replace(new RegExp(`(holds |容纳 |largest is |最大的是 )${v}(?!\\d)`, "g"), `$1${words}`);
  }
  return out;
}
