/**
 * How the library page shows a call's value, chosen by the value's shape:
 *
 *   number                      -> the number
 *   [n, ...] / [[n, ...], ...]  -> a table (a vector is one row)
 *   ["tok", ...]                -> token chips
 *   [["tok", "TAG"], ...]       -> token/tag chips (text.pos_tag)
 *   {tokens, merges, vocab_size}-> token chips and the merges in order (BPE)
 *   {loss: [...], model}        -> the training loss as a line plot, then the model
 *   {loss: n, grads}            -> the loss and one table per gradient (nn.backward)
 *   {layers, ...}               -> one table per layer's weights and biases
 *   {need, safe, sequence, ...} -> the need matrix, safe or not, the safe sequence (os.bankers)
 *   anything else               -> the JSON text
 *
 * Every number shown carries its exact value in data-value (JavaScript's
 * shortest round-trip form) and title, and a rounded form as its text.
 */

import { clear, el, svg } from "./dom.js";
import { gettext, interpolate, ngettext } from "./i18n.js";

const isNumber = (x) => typeof x === "number" && Number.isFinite(x);
const isVector = (v) => Array.isArray(v) && v.length > 0 && v.every(isNumber);
const isMatrix = (v) => Array.isArray(v) && v.length > 0 && v.every((row) => isVector(row) && row.length === v[0].length);
const isStrings = (v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string");
const isTags = (v) => Array.isArray(v) && v.length > 0
  && v.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === "string"));
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** A number for reading: integers whole, floats to six significant digits (0.6000000000000001 -> 0.6). */
export function shortNumber(x) {
  if (!isNumber(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

/** One number as text with its exact value attached. */
function numberNode(tag, x, attrs = {}) {
  return el(tag, { ...attrs, "data-value": String(x), title: String(x), text: shortNumber(x) });
}

/** A table of a matrix (or of a vector, as one row) with row and column numbers. */
export function matrixTable(value, caption) {
  const rows = isMatrix(value) ? value : [value];
  const shape = isMatrix(value)
    ? interpolate(gettext("%(rows)s × %(cols)s matrix"), { rows: value.length, cols: value[0].length })
    : interpolate(ngettext("vector of %(n)s number", "vector of %(n)s numbers", value.length), { n: value.length });
  return el("table", { class: `value-matrix ${isMatrix(value) ? "matrix" : "vector"}` },
    el("caption", { text: caption ? `${caption} (${shape})` : shape }),
    el("thead", {}, el("tr", {}, el("td", {}),
      rows[0].map((_, j) => el("th", { scope: "col", class: "num", text: String(j) })))),
    el("tbody", {}, rows.map((row, i) => el("tr", {},
      el("th", { scope: "row", class: "num", text: isMatrix(value) ? String(i) : "" }),
      row.map((x) => numberNode("td", x, { class: "num" }))))));
}

/** Token chips, numbered in order. */
function tokenList(tokens, { onPick = null, buildsOf = null } = {}) {
  return el("ol", { class: "value-tokens", "aria-label": gettext("Tokens") }, tokens.map((token, k) => {
    const merges = buildsOf ? buildsOf(token) : [];
    const label = merges.length
      ? interpolate(gettext("token %(n)s, %(token)s: built by merges %(list)s"),
        { n: k + 1, token, list: merges.map((m) => m + 1).join(", ") })
      : null;
    const chip = onPick && merges.length
      ? el("button", { type: "button", class: "token", "aria-pressed": "false", "aria-label": label,
        "data-merges": merges.join(" "), text: token, on: { click: (event) => onPick(event.currentTarget, merges) } })
      : el("span", { class: "token", text: token });
    return el("li", {}, chip);
  }));
}

/** Indices of the merges that built `token`, in the order they were learned. */
function mergeTree(merges) {
  const madeBy = new Map();
  merges.forEach(([left, right], k) => {
    if (!madeBy.has(left + right)) madeBy.set(left + right, k);
  });
  const walk = (symbol, out) => {
    const k = madeBy.get(symbol);
    if (k === undefined || out.has(k)) return out;
    out.add(k);
    walk(merges[k][0], out);
    walk(merges[k][1], out);
    return out;
  };
  return (token) => [...walk(token, new Set())].sort((a, b) => a - b);
}

/** BPE: the encoded tokens (each names the merges that built it) and every merge in order. */
function bpeView(value) {
  const merges = Array.isArray(value.merges) ? value.merges : [];
  const mergeList = el("ol", { class: "value-merges", "aria-label": gettext("Merges, in the order they were learned") },
    merges.map(([left, right]) => el("li", { "data-left": left, "data-right": right },
      el("span", { class: "token", text: left }), " + ", el("span", { class: "token", text: right }),
      " → ", el("span", { class: "token merged", text: `${left}${right}` }))));
  const pick = (button, picked) => {
    const pressed = button.getAttribute("aria-pressed") !== "true";
    for (const other of button.closest(".value-bpe").querySelectorAll("button.token")) other.setAttribute("aria-pressed", "false");
    button.setAttribute("aria-pressed", String(pressed));
    [...mergeList.children].forEach((item, k) => item.classList.toggle("picked", pressed && picked.includes(k)));
  };
  return el("div", { class: "value-bpe" },
    el("h4", { text: gettext("Tokens") }),
    tokenList(value.tokens, { onPick: pick, buildsOf: mergeTree(merges) }),
    el("p", { class: "hint", text: gettext("Pick a token to see the merges that built it.") }),
    el("h4", { text: interpolate(ngettext("%(n)s merge, in the order learned", "%(n)s merges, in the order learned",
      merges.length), { n: merges.length }) }),
    merges.length ? mergeList : el("p", { class: "muted", text: gettext("No merge was learned.") }),
    el("p", {}, gettext("Vocabulary size reached:"), " ", numberNode("strong", value.vocab_size, { class: "value-number" })));
}

/** Token/tag chips (text.pos_tag). */
function tagList(pairs) {
  return el("ol", { class: "value-tags", "aria-label": gettext("Tokens with their part-of-speech tags") },
    pairs.map(([token, tag]) => el("li", { class: "tag-chip", "data-token": token, "data-tag": tag },
      el("span", { class: "tag-token", text: token }), el("span", { class: "tag-tag", text: tag }))));
}

/** The training loss, epoch by epoch, as an SVG line plot with the same numbers in a table. */
export function lossPlot(loss) {
  const width = 640;
  const height = 260;
  const left = 64;
  const right = width - 16;
  const top = 14;
  const bottom = height - 38;
  const high = Math.max(...loss) || 1;
  const x = (k) => left + ((right - left) * k) / Math.max(1, loss.length - 1);
  const y = (v) => bottom - ((bottom - top) * v) / high;
  const first = loss[0];
  const last = loss[loss.length - 1];
  const label = interpolate(gettext("Training loss over %(n)s epochs: from %(first)s to %(last)s"),
    { n: loss.length, first: shortNumber(first), last: shortNumber(last) });
  const plot = svg("svg", { class: "loss-plot", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label });
  for (const v of [0, high / 2, high]) {
    plot.append(svg("line", { class: "loss-grid", x1: left, x2: right, y1: y(v), y2: y(v) }),
      svg("text", { class: "loss-label", x: left - 6, y: y(v), "text-anchor": "end", "dominant-baseline": "central", text: shortNumber(v) }));
  }
  const epochTicks = [...new Set([0, Math.floor((loss.length - 1) / 2), loss.length - 1])];
  for (const k of epochTicks) {
    plot.append(svg("text", { class: "loss-label", x: x(k), y: bottom + 16, "text-anchor": "middle", text: String(k) }));
  }
  plot.append(
    svg("line", { class: "loss-axis", x1: left, x2: right, y1: bottom, y2: bottom }),
    svg("line", { class: "loss-axis", x1: left, x2: left, y1: top, y2: bottom }),
    svg("text", { class: "loss-label", x: (left + right) / 2, y: height - 4, "text-anchor": "middle", text: gettext("epoch") }),
    svg("polyline", { class: "loss-line", "data-count": loss.length,
      points: loss.map((v, k) => `${x(k).toFixed(2)},${y(v).toFixed(2)}`).join(" ") }),
  );
  const table = el("table", { class: "value-loss" },
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: gettext("Epoch") }), el("th", { scope: "col", text: gettext("Loss") }))),
    el("tbody", {}, loss.map((v, k) => el("tr", {}, el("th", { scope: "row", class: "num", text: String(k) }), numberNode("td", v, { class: "num" })))));
  return el("figure", { class: "value-training" },
    el("figcaption", { text: label }), plot,
    el("details", { class: "table-view" }, el("summary", { text: gettext("The loss as a table") }), table));
}

/** One table per layer: its weights w and biases b. */
function layerTables(layers, caption) {
  return el("div", { class: "value-layers" }, layers.map((layer, k) => el("section", { class: "value-layer", "data-layer": k },
    el("h4", { text: interpolate(caption, { n: k + 1 }) }),
    isObject(layer) && (isMatrix(layer.w) || isVector(layer.w)) ? matrixTable(layer.w, "w") : null,
    isObject(layer) && isVector(layer.b) ? matrixTable(layer.b, "b") : null)));
}

function modelView(model) {
  const parts = [layerTables(model.layers, gettext("Layer %(n)s"))];
  const settings = [["activation", gettext("hidden activation")], ["loss", gettext("loss")]]
    .filter(([key]) => typeof model[key] === "string")
    .map(([key, label]) => el("li", { text: `${label}: ${model[key]}` }));
  if (settings.length) parts.unshift(el("ul", { class: "value-settings" }, settings));
  return el("div", { class: "value-model" }, parts);
}

/** The element that shows `value`, by its shape (see the module comment). */
export function renderValue(value) {
  if (isNumber(value)) return numberNode("p", value, { class: "value-number" });
  if (Array.isArray(value) && value.length === 0) return el("p", { class: "value-empty", text: gettext("an empty list: []") });
  if (isMatrix(value) || isVector(value)) return matrixTable(value);
  if (isTags(value)) return tagList(value);
  if (isStrings(value)) return tokenList(value);
  if (isObject(value)) {
    if (Array.isArray(value.tokens) && value.tokens.every((t) => typeof t === "string") && Array.isArray(value.merges)) {
      return bpeView(value);
    }
    if (isVector(value.loss) && isObject(value.model) && Array.isArray(value.model.layers)) {
      return el("div", { class: "value-trained" }, lossPlot(value.loss),
        el("h4", { text: gettext("The trained model") }), modelView(value.model));
    }
    if (isNumber(value.loss) && Array.isArray(value.grads)) {
      return el("div", { class: "value-backward" },
        el("p", {}, gettext("Loss:"), " ", numberNode("strong", value.loss, { class: "value-number" })),
        layerTables(value.grads, gettext("Gradient of layer %(n)s")));
    }
    if (Array.isArray(value.layers)) return modelView(value);
    if (isMatrix(value.need) && typeof value.safe === "boolean") return bankersView(value);
  }
  return el("pre", { class: "value-json", text: JSON.stringify(value, null, 2) });
}

/** The banker's answer: the need matrix, whether the state is safe, the sequence found, the request's fate. */
function bankersView(value) {
  const yes = (flag) => (flag ? gettext("yes") : gettext("no"));
  const facts = [el("li", { "data-part": "safe", text: interpolate(gettext("Safe: %(answer)s"), { answer: yes(value.safe) }) })];
  if (Array.isArray(value.sequence) && value.sequence.length) {
    facts.push(el("li", { class: "value-sequence", "data-part": "sequence",
      text: interpolate(gettext("Safe sequence: %(list)s"), { list: value.sequence.map((k) => `P${k}`).join(", ") }) }));
  }
  if (typeof value.granted === "boolean") {
    facts.push(el("li", { "data-part": "granted", text: interpolate(gettext("Request granted: %(answer)s"), { answer: yes(value.granted) }) }));
  }
  return el("div", { class: "value-bankers" }, el("h4", { text: gettext("Need (max − allocation)") }),
    matrixTable(value.need), el("ul", { class: "value-facts" }, facts));
}

/** Replace the children of `node` with the view of `value`. */
export function showValue(node, value) {
  clear(node).append(renderValue(value));
}
