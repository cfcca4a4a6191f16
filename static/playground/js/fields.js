/**
 * Form fields bound to a ScenarioModel path.
 *
 * Each field is a wrapper <div class="field" data-path="processes[1].burst">
 * holding a label, the input and an error slot, so that builder-errors.js
 * can put the server's message for that path right next to the input.
 * Inputs hand the model what the student typed, converted only where the
 * conversion is certain (digits -> integer); anything else goes to the
 * server as typed, so its validator explains what is wrong with it.
 */

import { el } from "./dom.js";
import { jsonProblemMessage } from "./json-problems.js";

let nextId = 0;
const uid = (prefix) => `${prefix}-${(nextId += 1)}`;

const INTEGER = /^-?\d+$/;
const DIGITS = /^\d+$/;

/**
 * Text matching `pattern` -> the integer it spells; null when it does not
 * match, or when a browser's number cannot hold it exactly: past 2^53 it is
 * rounded (123456789012345678901234567890 becomes 1.2345678901234568e+29)
 * and the server's message would quote the rounded number, not what was typed.
 */
function exactInteger(text, pattern) {
  if (!pattern.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** Text of an integer input -> integer, undefined (empty: use the default) or the raw text. */
export function parseIntInput(text) {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return exactInteger(trimmed, INTEGER) ?? trimmed;
}

/** Text of a size input -> integer bytes when only digits, else the text ("8MB"). */
export function parseSizeInput(text) {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return exactInteger(trimmed, DIGITS) ?? trimmed;
}

/** "2, 4, 8" -> [2, 4, 8]; text that is not a list of exact integers is kept as typed. */
export function parseIntList(text) {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const items = trimmed.split(/[\s,]+/).filter(Boolean);
  const values = items.map((x) => exactInteger(x, INTEGER));
  return values.every((v) => v !== null) ? values : trimmed;
}

function display(kind, value) {
  if (value === undefined || value === null) return "";
  if (kind === "intlist" && Array.isArray(value)) return value.join(", ");
  if (kind === "json" || (kind === "body" && typeof value !== "string")) return JSON.stringify(value, null, kind === "json" ? 2 : 0);
  return String(value);
}

/**
 * A field editing `path` of `model`.
 * @param {object} spec  label, kind ("int" | "size" | "text" | "select" |
 *   "bool" | "intlist" | "json" | "body" | "longtext"), options ([{value, label}] for
 *   select), placeholder, help, min, defaultValue (shown by select/bool when
 *   the model has no value), structural (rebuild the form on change),
 *   compact (label for screen readers only, for table cells)
 */
export function field(model, path, spec) {
  const kind = spec.kind || "text";
  const id = uid("f");
  const errorId = `${id}-error`;
  const current = model.get(path);
  let input;
  const common = { id, "aria-describedby": errorId };
  if (kind === "select") {
    input = el("select", common, (spec.options || []).map((o) => el("option", { value: o.value, text: o.label ?? o.value, title: o.help || null })));
    const value = current ?? spec.defaultValue;
    if (value !== undefined && !(spec.options || []).some((o) => o.value === value)) {
      // Keep an unknown value visible (e.g. from the JSON tab) so the server can name it.
      input.append(el("option", { value, text: String(value) }));
    }
    if (value !== undefined) input.value = String(value);
  } else if (kind === "bool") {
    input = el("input", { ...common, type: "checkbox" });
    input.checked = Boolean(current ?? spec.defaultValue);
  } else if (kind === "json" || kind === "longtext") {
    input = el("textarea", { ...common, rows: spec.rows || 3, spellcheck: kind === "json" ? "false" : "true",
      class: kind === "json" ? "json-input" : null, placeholder: spec.placeholder || null });
    input.value = display(kind, current);
  } else {
    const numeric = kind === "int";
    input = el("input", { ...common, type: numeric ? "number" : "text", step: numeric ? 1 : null,
      min: spec.min ?? null, placeholder: spec.placeholder ?? null, inputmode: numeric ? "numeric" : null,
      autocomplete: "off", spellcheck: "false" });
    input.value = display(kind, current);
  }
  const error = el("p", { class: "field-error", id: errorId, hidden: true, role: "alert" });
  const local = (message) => {
    // A problem found before asking the server (e.g. text that is not JSON).
    error.textContent = message;
    error.hidden = !message;
    input.setAttribute("aria-invalid", message ? "true" : "false");
  };
  const commit = () => {
    let value;
    if (kind === "select") value = input.value;
    else if (kind === "bool") value = input.checked;
    else if (kind === "int") value = parseIntInput(input.value);
    else if (kind === "size") value = parseSizeInput(input.value);
    else if (kind === "intlist") value = parseIntList(input.value);
    else if (kind === "json" || (kind === "body" && typeof model.get(path) !== "string" && model.get(path) !== undefined)) {
      if (input.value.trim() === "") value = undefined;
      else {
        try {
          value = JSON.parse(input.value);
        } catch {
          local(jsonProblemMessage(input.value)); // JSON.parse refused it, so never null
          return;
        }
      }
      local("");
    } else value = input.value === "" ? undefined : input.value;
    model.set(path, value, { structural: Boolean(spec.structural) });
  };
  input.addEventListener(kind === "select" || kind === "bool" ? "change" : "input", commit);
  const label = el("label", { for: id, class: spec.compact ? "field-label visually-hidden" : "field-label", text: spec.label });
  const wrapper = el("div", { class: `field field-${kind}`, "data-path": path },
    kind === "bool" ? el("div", { class: "field-check" }, input, label) : [label, input],
    spec.help ? el("p", { class: "field-help", text: spec.help }) : null,
    error);
  return wrapper;
}

/** Options for a select from a list of plain values with translated labels. */
export function options(pairs) {
  return pairs.map(([value, label]) => ({ value, label }));
}
