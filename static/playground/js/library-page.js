/**
 * The function library page (/library/?fn=NAME): a form for one library
 * function, pre-filled with the library's example, that POSTs
 * {fn, args, seed} to /api/library/call/ and shows the value
 * (library-values.js), its cost in ticks, or the problems, each under the
 * argument it names.
 *
 * Page data: json_script "library-functions" (kernel_engine.library.functions():
 * [{name, summary, args: {name: description}, example}]) and "library-selected".
 *
 * An argument is typed as JSON ([[1, 2], [3, 4]], 0.5, "bpe"); a word that
 * cannot start JSON is taken as text, so `bpe` works without quotes.  An
 * argument whose example is text (the `text` to tokenize) is always text.
 * An empty field is left out, so the function's default applies.
 */

import { ApiError, postJSON } from "./api.js";
import { clear, el, readJsonScript } from "./dom.js";
import { gettext, interpolate, ngettext } from "./i18n.js";
import { showValue } from "./library-values.js";
import { translateKeyed, translateReason } from "./translate.js";

const CALL_URL = "/api/library/call/";
/** Text that can only be meant as JSON: a bracket, brace, quote, digit or sign, or a JSON literal. */
const LOOKS_LIKE_JSON = /^\s*([[{"\d.+-]|(true|false|null)\s*$)/;
const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** The example value as the text of its field: matrices one row per line. */
export function exampleText(value) {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.length > 1 && value.every(Array.isArray)) {
    return `[${value.map((row) => JSON.stringify(row).replace(/,/g, ", ")).join(",\n ")}]`;
  }
  return JSON.stringify(value, null, isPlainData(value) ? undefined : 1).replace(/,(?=\S)/g, ", ");
}

function isPlainData(value) {
  return value === null || typeof value !== "object" || (Array.isArray(value) && value.every((x) => typeof x !== "object"));
}

/**
 * The value typed in an argument field: {omitted: true}, {value} or {error}.
 * `text` fields are taken as typed.
 */
export function readArgument(text, kind) {
  if (!text.trim()) return { omitted: true };
  if (kind === "text") return { value: text };
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    if (LOOKS_LIKE_JSON.test(text)) {
      return { error: interpolate(gettext("is not valid JSON (%(why)s); write numbers, [lists] or [[rows], [of a matrix]]"),
        { why: err.message }) };
    }
    return { value: text.trim() };
  }
}

class LibraryPage {
  constructor(root) {
    this.root = root;
    this.functions = readJsonScript("library-functions", []) || [];
    const selected = readJsonScript("library-selected", null);
    this.fn = this.functions.find((f) => f.name === selected) || this.functions[0];
    this.pending = 0; // only the latest answer is shown
    this.build(root.querySelector('[data-part="call"]'));
  }

  build(container) {
    const fn = this.fn;
    this.fields = Object.entries(fn.args || {}).map(([name, description]) => this.field(name, description));
    this.seed = el("input", { type: "text", id: "library-seed", inputmode: "numeric", value: "0", autocomplete: "off",
      "aria-describedby": "library-seed-help" });
    this.seedError = el("p", { class: "field-error", id: "library-seed-error", hidden: true });
    this.status = el("span", { class: "library-status", role: "status" });
    this.callButton = el("button", { type: "submit", class: "btn primary", "data-part": "call-button", text: gettext("Call") });
    this.errors = el("div", { class: "error-list", role: "alert", "data-part": "errors", hidden: true });
    this.cost = el("p", { class: "library-cost", "data-part": "cost" });
    this.failure = el("p", { class: "run-error", role: "alert", "data-part": "failure", hidden: true });
    this.value = el("div", { class: "library-value", "data-part": "value" });
    this.json = el("pre", { class: "value-json", "data-part": "json" });
    this.result = el("section", { class: "library-result", "aria-labelledby": "library-result-heading", hidden: true },
      el("h3", { id: "library-result-heading", text: gettext("Value") }), this.cost, this.failure, this.value,
      el("details", { class: "library-json" }, el("summary", { text: gettext("The value as JSON") }), this.json));
    const form = el("form", { class: "library-form", novalidate: true, on: { submit: (event) => { event.preventDefault(); this.call(); } } },
      el("div", { class: "library-args" }, this.fields.map((f) => f.root)),
      el("div", { class: "field library-seed" },
        el("label", { class: "field-label", for: "library-seed", text: gettext("Seed") }), this.seed,
        el("p", { class: "field-help", id: "library-seed-help",
          text: gettext("Random numbers (math.random, the first weights of nn.train) come from a generator seeded with this whole number: the same seed gives the same numbers.") }),
        this.seedError),
      el("div", { class: "library-actions" }, this.callButton,
        el("button", { type: "button", class: "btn", "data-part": "reset", text: gettext("Reset to the example"),
          on: { click: () => this.reset() } }),
        this.status));
    // Ctrl+Enter (or Cmd+Enter) calls from inside a field, where Enter is a new line.
    form.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.call();
      }
    });
    clear(container).append(
      el("h2", { id: "library-fn-heading" }, el("code", { text: fn.name })),
      el("p", { class: "library-fn-summary", text: translateReason({ reason: fn.summary, reason_key: fn.summary_key, reason_args: {} }) }),
      el("p", { class: "hint", text: gettext("Type each argument as JSON: numbers, [lists], [[rows], [of a matrix]], or words. Leave a field empty to use its default. Ctrl+Enter calls.") }),
      form, this.errors, this.result);
    this.reset();
  }

  /** Argument `name`'s description in the page's language (its English `text` otherwise). */
  description(name, text) {
    const data = (this.fn.arg_texts || {})[name];
    return data ? translateKeyed(text, data.key, data.args) : text;
  }

  /** One argument's label, help, textarea and error line. */
  field(name, description) {
    const example = this.fn.example || {};
    const kind = typeof example[name] === "string" ? "text" : "json";
    const id = `arg-${name}`;
    const input = el("textarea", { id, class: "json-input", "data-arg": name, spellcheck: "false", rows: 2,
      "aria-describedby": `${id}-help`, placeholder: name in example ? null : gettext("(default)") });
    const error = el("p", { class: "field-error", id: `${id}-error`, hidden: true });
    const root = el("div", { class: "field library-arg", "data-arg": name },
      el("label", { class: "field-label", for: id }, el("code", { text: name })),
      el("p", { class: "field-help", id: `${id}-help`, text: this.description(name, description) }), input, error);
    return { name, kind, input, error, root };
  }

  /** Every field back to the library's example (and the seed to 0). */
  reset() {
    const example = this.fn.example || {};
    for (const f of this.fields) {
      f.input.value = f.name in example ? exampleText(example[f.name]) : "";
      f.input.rows = Math.min(10, Math.max(2, f.input.value.split("\n").length + 1));
    }
    this.seed.value = "0";
    this.showProblems([]);
  }

  /** {args, seed} from the form, or null after showing what is wrong. */
  read() {
    const problems = [];
    const args = {};
    for (const f of this.fields) {
      const got = readArgument(f.input.value, f.kind);
      if (got.error) problems.push({ path: `args.${f.name}`, message: got.error });
      else if (!got.omitted) args[f.name] = got.value;
    }
    const seedText = this.seed.value.trim() || "0";
    const seed = Number(seedText);
    if (!/^\d+$/.test(seedText) || seed > MAX_SEED) {
      problems.push({ path: "seed", message: interpolate(gettext("must be a whole number from 0 to %(max)s"), { max: MAX_SEED }) });
    }
    if (problems.length) {
      this.showProblems(problems);
      return null;
    }
    return { args, seed };
  }

  async call() {
    const input = this.read();
    if (!input) return;
    const ticket = ++this.pending;
    this.callButton.disabled = true;
    this.status.textContent = gettext("Calling…");
    try {
      const answer = await postJSON(CALL_URL, { fn: this.fn.name, args: input.args, seed: input.seed });
      if (ticket !== this.pending) return;
      this.showProblems([]);
      this.showAnswer(answer);
      this.status.textContent = answer.error ? gettext("The call failed.") : gettext("Done.");
    } catch (err) {
      if (ticket !== this.pending) return;
      const errors = err instanceof ApiError
        ? err.errors.map((e) => ({ path: e.path, message: e.message })) // api.js translated them
        : [{ path: "", message: String(err) }];
      this.showProblems(errors);
      this.status.textContent = err instanceof ApiError && err.status === 429 && err.retryAfter
        ? interpolate(gettext("Too many calls: try again in %(n)s s."), { n: err.retryAfter })
        : gettext("The call was refused.");
    } finally {
      if (ticket === this.pending) this.callButton.disabled = false;
    }
  }

  /** Show the server's answer {value, ticks, error}. */
  showAnswer(answer) {
    this.result.hidden = false;
    this.result.dataset.fn = this.fn.name;
    this.result.dataset.seed = String(answer.seed);
    this.cost.textContent = interpolate(ngettext("Cost: %(n)s tick", "Cost: %(n)s ticks", answer.ticks), { n: answer.ticks });
    this.failure.hidden = !answer.error;
    this.failure.textContent = answer.error ? translateKeyed(answer.error, answer.error_key, answer.error_args) : "";
    this.json.textContent = JSON.stringify(answer.value, null, 1);
    if (answer.error) clear(this.value).append(el("p", { class: "muted", text: gettext("The call has no value.") }));
    else showValue(this.value, answer.value);
  }

  /** List `problems` ([{path, message}]) at the top and under the fields they name. */
  showProblems(problems) {
    for (const f of this.fields) {
      f.error.hidden = true;
      f.root.classList.remove("has-error");
      f.input.removeAttribute("aria-invalid");
      f.input.setAttribute("aria-describedby", `${f.input.id}-help`);
    }
    this.seedError.hidden = true;
    this.seed.removeAttribute("aria-invalid");
    clear(this.errors);
    this.errors.hidden = problems.length === 0;
    if (!problems.length) return;
    this.result.hidden = true;
    this.errors.append(
      el("p", { text: interpolate(ngettext("The call was refused: %(n)s problem.", "The call was refused: %(n)s problems.",
        problems.length), { n: problems.length }) }),
      el("ul", {}, problems.map((p) => el("li", { text: p.path ? `${p.path}: ${p.message}` : p.message }))));
    for (const p of problems) this.markField(p);
  }

  markField({ path, message }) {
    if (path === "seed") {
      this.seedError.hidden = false;
      this.seedError.textContent = message;
      this.seed.setAttribute("aria-invalid", "true");
      return;
    }
    const m = /^args\.([A-Za-z_]\w*)(.*)$/.exec(path);
    const f = m && this.fields.find((x) => x.name === m[1]);
    if (!f) return;
    const line = m[2] ? `${m[1]}${m[2]}: ${message}` : message;
    f.error.textContent = f.error.hidden ? line : `${f.error.textContent}\n${line}`;
    f.error.hidden = false;
    f.root.classList.add("has-error");
    f.input.setAttribute("aria-invalid", "true");
    f.input.setAttribute("aria-describedby", `${f.input.id}-help ${f.error.id}`);
  }
}

const root = document.querySelector('[data-page="library"]');
if (root) {
  // The list of functions is written by the server in English, each summary with its key.
  for (const summary of root.querySelectorAll(".library-summary[data-key]")) {
    summary.textContent = translateKeyed(summary.textContent, summary.dataset.key, {});
  }
  new LibraryPage(root);
}
