/**
 * The table view of a chart: a toggle button for the widget's head and a
 * plain HTML table builder.  A chart in table view shows the same facts
 * as rows a screen reader can walk through cell by cell; charts offer it
 * because an SVG picture, however well labelled, is hard to explore by ear.
 */

import { el } from "./dom.js";
import { gettext } from "./i18n.js";

/**
 * A "Table" toggle (aria-pressed) that calls onToggle(showTable) when
 * pressed.  Returns the button; button.pressed() reads its state.
 */
export function tableToggle(onToggle) {
  const button = el("button", {
    type: "button", class: "btn small chart-table-toggle", "aria-pressed": "false",
    text: gettext("Table"), title: gettext("Show this chart as a table"),
    on: {
      click: () => {
        const show = button.getAttribute("aria-pressed") !== "true";
        button.setAttribute("aria-pressed", String(show));
        onToggle(show);
      },
    },
  });
  button.pressed = () => button.getAttribute("aria-pressed") === "true";
  return button;
}

/**
 * A table: `columns` are [{label, numeric}], `rows` are arrays of cells;
 * the first cell of a row is its header (th scope=row).  A cell is text,
 * a Node (a button), or {text, className}.  `rowAttrs(k)` adds attributes
 * to row k.
 */
export function dataTable({ className, caption, columns, rows, rowAttrs = () => ({}) }) {
  const cell = (tag, value, column, extra = {}) => {
    const numeric = column && column.numeric ? "num" : "";
    if (value instanceof Node) return el(tag, { class: numeric || null, ...extra }, value);
    const { text, className: cls } = value !== null && typeof value === "object" ? value : { text: value, className: "" };
    return el(tag, { class: [numeric, cls].filter(Boolean).join(" ") || null, text: text ?? "", ...extra });
  };
  return el("table", { class: `chart-table ${className}` },
    el("caption", { text: caption }),
    el("thead", {}, el("tr", {}, columns.map((c) => el("th", { scope: "col", class: c.numeric ? "num" : null, text: c.label })))),
    el("tbody", {}, rows.map((cells, k) => el("tr", rowAttrs(k),
      cells.map((value, j) => (j === 0 ? cell("th", value, columns[j], { scope: "row" }) : cell("td", value, columns[j])))))));
}
