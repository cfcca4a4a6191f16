/**
 * Where JSON text goes wrong, and why, in the page's language.
 *
 * The browser's JSON.parse says it in English, and in its own words (each
 * browser differs), so its message is never shown or read: when JSON.parse
 * refuses a text, this module scans the text itself to the first place that
 * breaks the grammar (RFC 8259) and names it by line and column.
 */

import { gettext, interpolate } from "./i18n.js";

const SPACE = new Set([" ", "\t", "\n", "\r"]);
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const HEX4 = /[0-9A-Fa-f]{4}/y;

/** What is wrong at a place, as a translated sentence (built when shown, in the page's language). */
const PROBLEMS = {
  end: () => gettext("the text ends before the JSON does"),
  trailing: () => gettext("there is more text after the end of the JSON"),
  character: (ch) => interpolate(gettext("unexpected character “%(char)s”"), { char: ch }),
  word: (word) => interpolate(gettext("“%(word)s” is not a JSON value (use true, false, null, a number or a string in double quotes)"), { word }),
  singleQuote: () => gettext("strings take double quotes, not single quotes"),
  unclosedString: () => gettext("this string is not closed with a double quote"),
  lineInString: () => gettext("a string cannot run over a line break"),
  controlInString: () => gettext("a string cannot hold a control character such as a tab"),
  escape: () => gettext("unknown escape after a backslash in a string"),
  number: () => gettext("this is not a JSON number"),
  name: () => gettext("expected a property name in double quotes"),
  colon: () => gettext("expected “:” after the property name"),
  objectNext: () => gettext("expected “,” or “}”"),
  arrayNext: () => gettext("expected “,” or “]”"),
  trailingComma: (close) => interpolate(gettext("a comma cannot come right before “%(close)s”"), { close }),
};

/**
 * The first problem in `text` as {offset, kind, detail}, or null when the
 * text is JSON.  `offset` counts UTF-16 code units from the start.
 */
export function findJsonProblem(text) {
  const n = text.length;
  let i = 0;
  const stack = []; // the open containers: "{" or "["
  let state = "value"; // what comes next: "value", "name" (after "{" or ","), "after" (a value ended)
  let afterComma = false;
  const fail = (kind, at = i, detail) => ({ offset: at, kind, detail });
  const skip = () => {
    while (i < n && SPACE.has(text[i])) i += 1;
  };
  const readString = () => {
    const start = i;
    i += 1;
    while (i < n) {
      const ch = text[i];
      if (ch === '"') {
        i += 1;
        return null;
      }
      if (ch === "\\") {
        const next = text[i + 1];
        if (next === "u") {
          HEX4.lastIndex = i + 2;
          if (!HEX4.test(text)) return fail("escape");
          i += 6;
        } else if (ESCAPES.has(next)) i += 2;
        else return fail(next === undefined ? "unclosedString" : "escape", next === undefined ? start : i);
        continue;
      }
      if (ch === "\n" || ch === "\r") return fail("lineInString");
      if (ch < " ") return fail("controlInString");
      i += 1;
    }
    return fail("unclosedString", start);
  };
  const readValue = () => {
    const ch = text[i];
    if (ch === "{" || ch === "[") {
      const close = ch === "{" ? "}" : "]";
      i += 1;
      skip();
      if (text[i] === close) {
        i += 1;
        state = "after";
      } else {
        stack.push(ch);
        state = ch === "{" ? "name" : "value";
      }
      return null;
    }
    state = "after";
    if (ch === '"') return readString();
    if (ch === "'") return fail("singleQuote");
    if (ch === "-" || (ch >= "0" && ch <= "9")) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      const end = match ? i + match[0].length : i;
      // "01", "1.", "1e", "-": a number the grammar cuts short is named as a number.
      if (!match || /[0-9.eE+-]/.test(text[end] || "")) return fail("number");
      i = end;
      return null;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text);
    if (word) {
      if (word[0] === "true" || word[0] === "false" || word[0] === "null") {
        i += word[0].length;
        return null;
      }
      return fail("word", i, word[0]);
    }
    if (afterComma && (ch === "]" || ch === "}")) return fail("trailingComma", i, ch);
    return fail("character", i, String.fromCodePoint(text.codePointAt(i)));
  };
  for (;;) {
    skip();
    if (state === "after" && stack.length === 0) return i < n ? fail("trailing") : null;
    if (i >= n) return fail("end");
    if (state === "value") {
      const problem = readValue();
      if (problem) return problem;
      afterComma = false;
    } else if (state === "name") {
      if (text[i] !== '"') {
        if (afterComma && text[i] === "}") return fail("trailingComma", i, "}");
        return fail(text[i] === "'" ? "singleQuote" : "name");
      }
      const problem = readString();
      if (problem) return problem;
      skip();
      if (i >= n) return fail("end");
      if (text[i] !== ":") return fail("colon");
      i += 1;
      state = "value";
      afterComma = false;
    } else {
      const open = stack[stack.length - 1];
      if (text[i] === ",") {
        i += 1;
        state = open === "{" ? "name" : "value";
        afterComma = true;
      } else if (text[i] === (open === "{" ? "}" : "]")) {
        i += 1;
        stack.pop();
      } else return fail(open === "{" ? "objectNext" : "arrayNext");
    }
  }
}

/** Line and column (from 1; a column counts characters, not UTF-16 units) of `offset` in `text`. */
export function lineAndColumn(text, offset) {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: Array.from(before.slice(lineStart)).length + 1 };
}

/** Why `text` is not JSON yet, in the page's language, with where; null when it is JSON. */
export function jsonProblemMessage(text) {
  let problem;
  try {
    problem = findJsonProblem(text);
  } catch {
    problem = null; // a scan that breaks must not hide that the text is wrong
  }
  if (!problem) {
    // JSON.parse refused what the scan accepts (e.g. nesting too deep for the browser).
    try {
      JSON.parse(text);
      return null;
    } catch {
      return gettext("This is not valid JSON yet.");
    }
  }
  const { line, column } = lineAndColumn(text, problem.offset);
  return interpolate(gettext("Not valid JSON yet: line %(line)s, column %(column)s: %(problem)s"),
    { line, column, problem: PROBLEMS[problem.kind](problem.detail) });
}
