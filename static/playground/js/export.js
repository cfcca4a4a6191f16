/**
 * Downloads from a run panel: any chart as SVG or PNG (headed by the
 * scenario's title and the chart's name, with a legend of the processes it
 * draws), the metrics as CSV, the result as JSON.
 *
 * ExportBar is a widget (render(view), driven by the player like the
 * others): it lists the charts the panel shows right now and enables the
 * CSV and JSON buttons once the run has finished.  A chart is any <svg>
 * with an aria-label and a class named "<name>-svg" (gantt-svg,
 * memory-svg, disk-svg, ipc-svg...): the widgets' convention.  The pure functions below
 * (serializeChart, metricsCsv, resultJson) do the work and are what the
 * tests check.
 */

import { el, svg as svgEl } from "./dom.js";
import { gettext, interpolate } from "./i18n.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * Presentation properties copied from the page's CSS into each element's
 * style attribute, so that the file looks the same without the stylesheet.
 */
export const INLINE_PROPERTIES = [
  "fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity",
  "opacity", "visibility", "display", "font-family", "font-size", "font-weight", "font-style",
  "text-anchor", "dominant-baseline", "paint-order",
];

/** Metrics columns of the CSV, in the order of the metrics table. */
export const CSV_COLUMNS = ["arrival", "burst", "start", "finish", "turnaround", "waiting", "response"];

/** The charts inside `scope`: [{node, name, label}], name from the chart's class ("gantt-svg" -> "gantt"). */
export function chartsIn(scope) {
  const charts = [];
  for (const node of scope.querySelectorAll("svg[aria-label]")) {
    const cls = [...node.classList].find((c) => c.endsWith("-svg"));
    if (!cls || node.closest(".player")) continue;
    const base = cls.slice(0, -4);
    // Two charts of one kind (compare mode) get distinct names: gantt, gantt-2.
    const twins = charts.filter((c) => c.kind === base).length;
    charts.push({ node, kind: base, name: twins ? `${base}-${twins + 1}` : base, label: node.getAttribute("aria-label") });
  }
  return charts;
}

/** Copy `url(#id)` targets that live outside `clone` (shared patterns, markers) into its <defs>. */
function bringDefs(clone, source) {
  const wanted = new Set();
  const scan = (text) => {
    for (const match of String(text || "").matchAll(/url\(["']?#([^"')]+)["']?\)/g)) wanted.add(match[1]);
  };
  for (const node of [clone, ...clone.querySelectorAll("*")]) {
    for (const attr of node.attributes) scan(attr.value);
  }
  let defs = null;
  for (const id of wanted) {
    if (clone.querySelector(`[id="${CSS.escape(id)}"]`)) continue;
    const found = source.ownerDocument.getElementById(id);
    if (!found) continue;
    if (!defs) {
      defs = document.createElementNS(SVG_NS, "defs");
      clone.insertBefore(defs, clone.firstChild);
    }
    defs.append(found.cloneNode(true));
  }
}

/** The chart `node` with every element's computed presentation styles inlined: a detached clone. */
function styledClone(node) {
  const clone = node.cloneNode(true);
  const originals = [node, ...node.querySelectorAll("*")];
  const copies = [clone, ...clone.querySelectorAll("*")];
  originals.forEach((original, k) => {
    const copy = copies[k];
    if (!(original instanceof SVGElement) || original.tagName === "title") return;
    const computed = getComputedStyle(original);
    const style = INLINE_PROPERTIES
      .map((p) => [p, computed.getPropertyValue(p)])
      .filter(([, v]) => v !== "")
      .map(([p, v]) => `${p}:${v}`).join(";");
    copy.setAttribute("style", style);
  });
  return clone;
}

/**
 * The legend of a chart: each process (or block owner) it draws, once, with
 * the fill it is drawn in: [{name, fill}] in the order they first appear.
 */
export function chartLegend(node) {
  const seen = new Map();
  for (const shape of node.querySelectorAll("[data-who], [data-owner]")) {
    if (!(shape instanceof SVGElement) || shape.tagName === "g" || shape.tagName === "text") continue;
    const name = shape.getAttribute("data-who") || shape.getAttribute("data-owner");
    if (!name || seen.has(name)) continue;
    const fill = getComputedStyle(shape).getPropertyValue("fill");
    if (fill && fill !== "none") seen.set(name, fill);
  }
  return [...seen].map(([name, fill]) => ({ name, fill }));
}

const TITLE_BAND = 26;
const LEGEND_ROW = 20;
const LEGEND_ITEM = 96;

/**
 * The chart `node` (a live <svg>) as a standalone SVG document: every
 * element's computed presentation styles inlined, its size fixed, a
 * background in the page's surface colour, referenced patterns copied in,
 * and, above the chart, `title` (the scenario's title and the chart's name)
 * and a legend of the processes it draws.  Returns {text, width, height}.
 */
export function exportDocument(node, { title = "" } = {}) {
  const box = node.getBoundingClientRect();
  const width = Number(node.getAttribute("width")) || Math.round(box.width);
  const chartHeight = Number(node.getAttribute("height")) || Math.round(box.height);
  const legend = chartLegend(node);
  const perRow = Math.max(1, Math.floor((width - 16) / LEGEND_ITEM));
  const legendHeight = legend.length ? Math.ceil(legend.length / perRow) * LEGEND_ROW + 4 : 0;
  const top = (title ? TITLE_BAND : 0) + legendHeight;
  const height = chartHeight + top;
  const chart = styledClone(node);
  chart.setAttribute("width", width);
  chart.setAttribute("height", chartHeight);
  chart.setAttribute("y", top);
  chart.setAttribute("x", 0);
  if (!chart.getAttribute("viewBox")) chart.setAttribute("viewBox", `0 0 ${width} ${chartHeight}`);
  const page = getComputedStyle(document.body);
  // Without it a PNG would be transparent and an SVG on a dark slide unreadable.
  const surface = page.backgroundColor || "#ffffff";
  const ink = page.color || "#000000";
  const font = `font-family:${page.fontFamily};fill:${ink}`;
  const doc = svgEl("svg", { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}`, class: "export-document" },
    svgEl("rect", { class: "export-background", x: 0, y: 0, width: "100%", height: "100%", fill: surface }));
  if (title) {
    doc.append(svgEl("text", { class: "export-title", x: 8, y: 18, style: `${font};font-size:14px;font-weight:700`, text: title }));
  }
  if (legend.length) {
    const legendGroup = svgEl("g", { class: "export-legend", "aria-label": gettext("Legend") });
    legend.forEach((entry, k) => {
      const x = 8 + (k % perRow) * LEGEND_ITEM;
      const y = (title ? TITLE_BAND : 0) + Math.floor(k / perRow) * LEGEND_ROW + 4;
      legendGroup.append(
        svgEl("rect", { class: "export-legend-swatch", x, y, width: 12, height: 12, rx: 2,
          style: `fill:${entry.fill};stroke:${ink};stroke-width:0.5` }),
        svgEl("text", { class: "export-legend-name", x: x + 17, y: y + 10, style: `${font};font-size:12px`, text: entry.name }));
    });
    doc.append(legendGroup);
  }
  doc.append(chart);
  bringDefs(doc, node);
  return { text: `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(doc)}\n`, width, height };
}

/** The chart as a standalone SVG document's text (exportDocument without a title). */
export function serializeChart(node, options = {}) {
  return exportDocument(node, options).text;
}

/** The chart as PNG at `scale` times its exported size (for slides). Resolves to a Blob. */
export async function chartPng(node, scale = 2, options = {}) {
  const { text, width, height } = exportDocument(node, options);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext("2d");
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  return new Promise((resolve, reject) => canvas.toBlob(
    (blob) => (blob ? resolve(blob) : reject(new Error(gettext("The browser could not make a PNG of this chart.")))),
    "image/png"));
}

/** One CSV cell: quoted when needed; text that a spreadsheet would run as a formula is defused. */
function csvCell(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The per-process metrics of `result` as CSV (RFC 4180, CRLF, with a BOM so
 * that spreadsheets read names in any script as UTF-8): a header row, then
 * one row per process in the result's order, values at full precision.
 */
export function metricsCsv(result) {
  const rows = [["name", ...CSV_COLUMNS]];
  for (const [name, figures] of Object.entries((result && result.processes) || {})) {
    rows.push([name, ...CSV_COLUMNS.map((c) => figures[c])]);
  }
  return `\ufeff${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** The result exactly as the engine gave it, pretty-printed. */
export function resultJson(result) {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/** Hand `blob` to the browser as a download named `filename`. */
export function download(filename, blob) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the download may still be reading the URL.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export class ExportBar {
  /**
   * @param {HTMLElement} root  the bar's own element (inside the run panel)
   * @param {object} options  runId (for file names), title (the scenario's, at the top of every chart file)
   */
  constructor(root, { runId, title = "" }) {
    this.root = root;
    this.base = `run-${runId}`;
    this.title = title;
    this.view = null;
    this.chartKey = "";
    const button = (part, text, onclick) => el("button", {
      type: "button", class: "btn small", "data-export": part, text, disabled: true, on: { click: onclick },
    });
    this.select = el("select", { class: "export-chart", "aria-label": gettext("Chart to download") });
    this.svgButton = button("svg", gettext("SVG"), () => this.saveChart("svg"));
    this.pngButton = button("png", gettext("PNG"), () => this.saveChart("png"));
    const asShown = gettext("The chart as shown at the current step (press End first for the whole run).");
    this.svgButton.title = asShown;
    this.pngButton.title = asShown;
    this.csvButton = button("csv", gettext("Metrics (CSV)"), () => this.saveText("csv"));
    this.jsonButton = button("json", gettext("Result (JSON)"), () => this.saveText("json"));
    this.status = el("span", { class: "export-status", role: "status" });
    root.classList.add("export-bar");
    root.setAttribute("role", "group");
    root.setAttribute("aria-label", gettext("Download"));
    root.append(el("span", { class: "export-label", text: gettext("Download:") }),
      this.select, this.svgButton, this.pngButton, this.csvButton, this.jsonButton, this.status);
  }

  scope() {
    return this.root.closest(".run-panel") || this.root.parentElement || this.root;
  }

  render(view) {
    this.view = view;
    const done = Boolean(view.finished && view.result);
    this.csvButton.disabled = !done;
    this.jsonButton.disabled = !done;
    // Rebuilding the list while someone uses it would close it under their pointer.
    if (document.activeElement === this.select) return;
    const charts = chartsIn(this.scope());
    const key = charts.map((c) => c.name).join("|");
    if (key !== this.chartKey) {
      const chosen = this.select.value;
      this.chartKey = key;
      this.select.replaceChildren(...charts.map((c) => el("option", { value: c.name, text: c.label })));
      if (charts.some((c) => c.name === chosen)) this.select.value = chosen;
    } else {
      // Some charts say what they show at this step in their label: keep the names current.
      charts.forEach((c, k) => {
        if (this.select.options[k].textContent !== c.label) this.select.options[k].textContent = c.label;
      });
    }
    this.select.disabled = charts.length === 0;
    this.svgButton.disabled = charts.length === 0;
    this.pngButton.disabled = charts.length === 0;
  }

  async saveChart(format) {
    const chart = chartsIn(this.scope()).find((c) => c.name === this.select.value);
    if (!chart) return;
    const filename = `${this.base}-${chart.name}.${format}`;
    const heading = this.title ? interpolate(gettext("%(title)s — %(chart)s"), { title: this.title, chart: chart.label }) : chart.label;
    try {
      const blob = format === "svg"
        ? new Blob([serializeChart(chart.node, { title: heading })], { type: "image/svg+xml" })
        : await chartPng(chart.node, 2, { title: heading });
      download(filename, blob);
      this.status.textContent = interpolate(gettext("Saved %(file)s."), { file: filename });
    } catch (err) {
      this.status.textContent = interpolate(gettext("Could not save %(file)s: %(error)s"), { file: filename, error: err.message || String(err) });
    }
  }

  saveText(format) {
    const result = this.view && this.view.result;
    if (!result) return;
    const filename = format === "csv" ? `${this.base}-metrics.csv` : `${this.base}-result.json`;
    const blob = format === "csv"
      ? new Blob([metricsCsv(result)], { type: "text/csv;charset=utf-8" })
      : new Blob([resultJson(result)], { type: "application/json" });
    download(filename, blob);
    this.status.textContent = interpolate(gettext("Saved %(file)s."), { file: filename });
  }
}
