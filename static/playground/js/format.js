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
