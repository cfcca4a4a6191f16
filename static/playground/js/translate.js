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
 */

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

/** True when sentences are being translated (the page is not in English). */
export function translating() {
  return translator !== null;
}
