/**
 * Engine sentences in the page's language.
 *
 * The engine explains every decision in English ("SRT: P2 preempts P1: 4
 * ticks left < 7") and names every validation problem in English.  When the
 * page is not in English (the <html lang> set by Django), this module loads
 * the translations of the engine's sentence templates from
 * /i18n/reasons/<lang>.json (playground/studio/i18n_views.py, built from
 * kernel_engine/reasons.py) before any module that imports it runs, and
 * translateSentence() rewrites a sentence with them.  Values (names,
 * numbers, JSON a student typed) stay as they are; nested sentences are
 * translated in turn.  A sentence no template matches, or one whose
 * template has no translation, stays in English.
 *
 * The matching rules are kernel_engine/reasons.py's, on the same data: the
 * templates come most specific first, and each placeholder kind matches
 * the regular expression the server sends for it.
 *
 * A reason the engine made as data (an event, a memory op, a deadlock with
 * `reason_key` and `reason_args`) needs no matching: translateReason()
 * fills the key's template from the same catalog (`keys`: key -> [English
 * template, translation]) with the values, nested reasons ({key, args})
 * rendered in turn.  Sentences without a key (validation problems, library
 * errors, the playground's own messages) still go through translateSentence().
 */

import { sizesInUnits } from "./format.js";

const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;
const NESTED = new Set(["sentence", "phrase"]);
// Translations already made: the event log redraws the same rows at every step.
const CACHE_LIMIT = 20000;

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * A template as a whole-sentence regular expression with named groups; a
 * placeholder used twice must hold the same text (a back-reference).
 */
function compile(text, patterns, kinds) {
  const seen = new Set();
  const pieces = [];
  let source = "";
  let pos = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const literal = text.slice(pos, m.index);
    pieces.push(literal);
    source += escapeRegExp(literal);
    const name = m[1];
    if (seen.has(name)) {
      source += `\\k<${name}>`;
    } else {
      seen.add(name);
      source += `(?<${name}>${patterns[kinds[name] || "value"]})`;
    }
    pos = m.index + m[0].length;
  }
  pieces.push(text.slice(pos));
  source += escapeRegExp(text.slice(pos));
  const anchor = pieces.reduce((a, b) => (b.length > a.length ? b : a), "");
  return { regex: new RegExp(`^(?:${source})$`), anchor };
}

/** A translator built from the server's catalog (see the module docstring). */
export class SentenceTranslator {
  constructor(catalog) {
    const kinds = catalog.placeholders || {};
    this.kinds = kinds;
    this.templates = (catalog.templates || []).map(([source, target]) => ({
      source, target, ...compile(source, catalog.patterns, kinds),
    }));
    this.cache = new Map();
    this.keys = catalog.keys || {};
  }

  /** The sentence `key` with `args` in this language (null for a key the catalog lacks). */
  render(key, args) {
    const entry = this.keys[key];
    if (!entry) return null;
    const [source, target] = entry;
    const values = args && typeof args === "object" ? args : {};
    return (target || source).replace(PLACEHOLDER, (whole, name) => {
      if (!(name in values)) return whole;
      const value = values[name];
      if (value && typeof value === "object" && typeof value.key === "string") {
        return this.render(value.key, value.args) ?? whole;
      }
      // A plain nested sentence (a library error inside "{who}: {fn} failed: {error}").
      return NESTED.has(this.kinds[name]) ? this.translate(String(value)) : String(value);
    });
  }

  /** `sentence` translated, or unchanged when no template with a translation matches. */
  translate(sentence) {
    if (typeof sentence !== "string" || !sentence) return sentence;
    const known = this.cache.get(sentence);
    if (known !== undefined) return known;
    const out = this.translateUncached(sentence);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(sentence, out);
    return out;
  }

  translateUncached(sentence) {
    for (const template of this.templates) {
      if (!sentence.includes(template.anchor)) continue;
      const found = template.regex.exec(sentence);
      if (!found) continue;
      // The first matching template decides, as in reasons.match().
      if (!template.target) return sentence;
      const values = found.groups || {};
      return template.target.replace(PLACEHOLDER, (whole, name) => {
        if (!(name in values)) return whole;
        const value = values[name];
        return NESTED.has(this.kinds[name]) ? this.translate(value) : value;
      });
    }
    return sentence;
  }
}

async function load(lang) {
  if (!lang || lang === "en" || lang.startsWith("en-")) return null;
  try {
    const response = await fetch(`/i18n/reasons/${encodeURIComponent(lang)}.json`,
      { headers: { Accept: "application/json" } });
    if (!response.ok) return null;
    return new SentenceTranslator(await response.json());
  } catch {
    // Offline or a broken catalog: English sentences are better than none.
    return null;
  }
}

// Top-level await: every module that imports this one runs after the catalog is in.
const translator = await load(document.documentElement.lang);

/** An engine sentence (a reason, an error, a problem's message) in the page's language. */
export function translateSentence(sentence) {
  return translator ? translator.translate(sentence) : sentence;
}

/**
 * The reason of `record` (an event, a memory op, an origin: anything with
 * `reason` and perhaps `reason_key`/`reason_args`) in the page's language.
 * Records without a key fall back to translateSentence on their text.
 */
export function translateReason(record) {
  if (!record) return "";
  const text = String(record.error || record.reason || "");
  // Memory reasons show their sizes in units (format.js), in every language.
  const sized = !record.error && typeof record.reason_key === "string" && record.reason_key.startsWith("memory.")
    ? (sentence) => sizesInUnits(sentence, record.reason_args) : (sentence) => sentence;
  if (!translator) return sized(text);
  if (!record.error && typeof record.reason_key === "string") {
    const rendered = translator.render(record.reason_key, record.reason_args);
    if (rendered !== null) return sized(rendered);
  }
  return sized(translator.translate(text));
}

/** True when sentences are being translated (the page is not in English). */
export function translating() {
  return translator !== null;
}
