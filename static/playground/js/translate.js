/**
 * Engine sentences in the page's language, rendered from their keys.
 *
 * Every sentence the engine (and the playground's own refusals) writes is
 * made as data where it is written: beside the English text comes its key
 * and values (`reason_key`/`reason_args` on events, memory ops and
 * deadlocks; `message_key`/`message_args` on validation problems and the
 * result's errors; `error_key`/`error_args` on a library call's error; see
 * docs/i18n.md).  When the page is not in English (the <html lang> set by
 * Django), this module loads /i18n/reasons/<lang>.json
 * (playground/studio/i18n_views.py: key -> [English template, translation])
 * before any module that imports it runs, and fills the key's template with
 * the values; a nested sentence travels as {key, args} and is rendered in
 * turn.  Values (names, numbers, JSON a student typed) stay as they are.
 *
 * Nothing is matched back from English: a record without a key, or with a
 * key the catalog lacks, shows its English text.
 */

import { sizesInUnits } from "./format.js";

const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;

/** Is `value` a nested sentence, {key, args}? */
function isSentence(value) {
  return Boolean(value) && typeof value === "object" && typeof value.key === "string";
}

/** Renders keys with the templates of one language (the server's catalog). */
export class ReasonRenderer {
  constructor(catalog) {
    this.keys = (catalog && catalog.keys) || {};
  }

  /** The sentence `key` with `args` in this language (null for a key the catalog lacks). */
  render(key, args) {
    const entry = this.keys[key];
    if (!entry) return null;
    const [source, target] = entry;
    const values = args && typeof args === "object" ? args : {};
    let complete = true;
    const text = (target || source).replace(PLACEHOLDER, (whole, name) => {
      // A value the record lacks (a run stored before its sentence gained that value): show the English.
      if (!(name in values)) {
        complete = false;
        return whole;
      }
      const value = values[name];
      if (!isSentence(value)) return String(value);
      const inner = this.render(value.key, value.args);
      if (inner === null) complete = false;
      return inner ?? whole;
    });
    // A nested key the catalog lacks: the caller shows the English text instead.
    return complete ? text : null;
  }
}

async function load(lang) {
  if (!lang || lang === "en" || lang.startsWith("en-")) return null;
  try {
    const response = await fetch(`/i18n/reasons/${encodeURIComponent(lang)}.json`,
      { headers: { Accept: "application/json" } });
    if (!response.ok) return null;
    return new ReasonRenderer(await response.json());
  } catch {
    // Offline or a broken catalog: English sentences are better than none.
    return null;
  }
}

// Top-level await: every module that imports this one runs after the catalog is in.
const renderer = await load(document.documentElement.lang);

/**
 * `text` (English) in the page's language when `key` and `args` say what it
 * is; the English text itself otherwise (no key, or the page is English).
 */
export function translateKeyed(text, key, args) {
  const english = typeof text === "string" ? text : String(text ?? "");
  if (!renderer || typeof key !== "string") return english;
  return renderer.render(key, args) ?? english;
}

/**
 * A message of the server as data ({message, message_key, message_args}: a
 * validation problem, a refusal) in the page's language.
 */
export function translateMessage(problem) {
  if (!problem) return "";
  return translateKeyed(problem.message, problem.message_key, problem.message_args);
}

/**
 * The reason of `record` (an event, a memory op, an origin: anything with
 * `reason` and perhaps `reason_key`/`reason_args`) in the page's language.
 * A record with an `error` shows its error: the nested `error` of its reason
 * (a failed library call), its own `error_key`/`error_args`, or else (in
 * another language) its reason, which says the error.
 */
export function translateReason(record) {
  if (!record) return "";
  if (record.error) {
    const args = record.reason_args;
    const nested = args && typeof args === "object" && isSentence(args.error) ? args.error : null;
    if (nested) return translateKeyed(record.error, nested.key, nested.args);
    if (typeof record.error_key === "string") return translateKeyed(record.error, record.error_key, record.error_args);
    // Any other error is said by its reason ("A cannot free b: b is not allocated now").
    if (renderer && typeof record.reason_key === "string") {
      return translateKeyed(record.error, record.reason_key, record.reason_args);
    }
    return String(record.error);
  }
  const text = translateKeyed(record.reason || "", record.reason_key, record.reason_args);
  // Memory reasons show their sizes in units (format.js), in every language.
  return typeof record.reason_key === "string" && record.reason_key.startsWith("memory.")
    ? sizesInUnits(text, record.reason_args) : text;
}

/** True when sentences are being translated (the page is not in English). */
export function translating() {
  return renderer !== null;
}
