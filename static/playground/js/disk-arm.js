/**
 * Disk arm widget: the head's path across the cylinders over time, the
 * classic picture of a disk scheduler.  Cylinders run left to right
 * (0 .. cylinders - 1), time runs downwards with its ticks on the left.
 *
 * Each service is drawn as the head really moved (disk-view.js): straight
 * to the request, or by the edge of the disk for SCAN and C-SCAN, with the
 * return sweep of C-SCAN and C-LOOK dashed.  Each reached cylinder is a dot
 * labelled with its number.  The part after the cursor is faded, requests
 * still pending at the cursor are marked on the cylinder axis, and the head
 * itself is a diamond at the cursor.  Below the chart: the head, the request
 * in service, the pending queue in order, the movement so far (and the
 * return movement) and, once the run has finished, the result's totals.
 * Clicking a stop (or Enter on it) shows the step where that service
 * began; the "Table" button shows the services as a table instead.
 */

import { axis, labelWidth, fontSizeOf, niceStep, watchWidth, widthOf } from "./chart.js";
import { tableToggle } from "./chart-table.js";
import { clear, el, svg } from "./dom.js";
import { DiskIndex, diskLegs, diskSettings, headAt, movementAt, pieceProgress } from "./disk-view.js";
import { gettext, interpolate } from "./i18n.js";
import { shownEntries } from "./steps.js";
import { translateReason } from "./translate.js";
import { SeekItems, seekAttrs } from "./view-keys.js";

/** {cylinders, head} of the scenario's disk, with the engine's defaults (200, 0). */
export function diskGeometry(scenario) {
  const { cylinders, head } = diskSettings(scenario);
  return { cylinders, head };
}

/** Services to draw at the view: everything once finished, else those started by this step. */
function servicesAt(index, view) {
  if (view.finished) return index.services;
  if (view.index < 0) return [];
  return index.services.filter((s) => s.step <= view.index);
}

export class DiskArm {
  constructor(root, { scenario }) {
    this.root = root;
    this.settings = diskSettings(scenario);
    this.geometry = { cylinders: this.settings.cylinders, head: this.settings.head };
    this.index = new DiskIndex();
    this.last = null;
    this.showTable = false;
    this.canvas = el("div", { class: "disk-canvas" });
    this.items = new SeekItems(this.canvas);
    this.facts = el("dl", { class: "facts disk-facts" });
    this.tableBody = el("tbody");
    this.tableBox = el("div", { class: "disk-table-box", hidden: true },
      el("table", { class: "view-table disk-table" },
        el("caption", { text: gettext("Disk services, in service order") }),
        el("thead", {}, el("tr", {}, [gettext("Order"), gettext("Request"), gettext("Cylinder"), gettext("Arrival"),
          gettext("Start"), gettext("Finish"), gettext("Movement")].map((label) => el("th", { scope: "col", text: label })))),
        this.tableBody));
    const toggle = tableToggle((show) => {
      this.showTable = show;
      if (this.last) this.render(this.last);
    });
    root.classList.add("disk-arm");
    root.append(
      el("div", { class: "widget-head" }, el("h3", { text: gettext("Disk head") }), toggle),
      this.canvas, this.tableBox, this.facts);
    this.unwatch = watchWidth(this.canvas, () => this.last && this.render(this.last));
  }

  render(view) {
    this.last = view;
    this.index.update(view.store);
    if (view.finished) this.index.absorb(view.result);
    const services = servicesAt(this.index, view);
    const legs = diskLegs(services, this.settings);
    const moved = movementAt(legs, view.index < 0 ? 0 : view.t, this.settings);
    this.canvas.hidden = this.showTable;
    this.tableBox.hidden = !this.showTable;
    if (this.showTable) this.drawTable(view, services);
    else this.drawChart(view, legs, moved);
    this.drawFacts(view, services, moved);
  }

  drawChart(view, legs, moved) {
    this.items.before();
    clear(this.canvas);
    const { cylinders } = this.settings;
    const font = fontSizeOf(this.root);
    const width = widthOf(this.canvas);
    const x0 = font * 3.2;
    const x1 = width - 14;
    // Cylinder labels, then a band for the pending requests' markers, then the path.
    const top = font * 3.4;
    const height = Math.round(font * 19);
    const bottom = height - font * 1.2;
    const maxT = Math.max(1, view.maxTick, ...legs.map((leg) => leg.service.end));
    const x = (c) => x0 + ((x1 - x0) * c) / Math.max(1, cylinders - 1);
    const y = (t) => top + ((bottom - top) * t) / maxT;
    // role=group, not img: the items inside are focusable controls.
    const chart = svg("svg", { class: "disk-svg", width, height, viewBox: `0 0 ${width} ${height}`,
      role: "group", "aria-label": gettext("Disk head movement over time") });
    chart.append(axis({ lo: 0, hi: cylinders - 1, x0, x1, y: font * 1.2, scale: x, className: "axis disk-axis" }));
    const timeStep = niceStep(maxT, 8);
    for (let t = 0; t <= maxT; t += timeStep) {
      chart.append(svg("text", { class: "axis-label disk-time-label", x: x0 - 8, y: y(t), "text-anchor": "end",
        "dominant-baseline": "central", text: interpolate(gettext("t=%(t)s"), { t }) }));
    }
    const now = view.index < 0 ? 0 : view.t;
    for (const leg of legs) {
      for (const piece of leg.pieces) chart.append(...this.piece(piece, now, x, y));
    }
    // Stops on top of the path; each label takes the first free place around its stop
    // (right or left, above or below) and is left out when none is free, so none overlaps.
    const placed = [{ left: 0, right: width, top: 0, bottom: top - font * 0.2 }];
    legs.forEach((leg, k) => chart.append(this.stop(leg.service, view, x, y, font, k % 2 ? 1 : -1,
      placed, [x0 - font * 0.5, x1 + 12])));
    this.drawPending(chart, view, x, top);
    if (view.index >= 0) {
      chart.append(svg("line", { class: "view-cursor", x1: x0, x2: x1, y1: y(now), y2: y(now), "data-tick": now }));
      // The head where the engine reports it (headAt), the same cylinder the queues panel names.
      const { head } = headAt(view.state, this.settings);
      const hx = x(head);
      const hy = y(now);
      chart.append(svg("path", { class: "disk-head", d: `M${hx},${hy - 7} l7,7 l-7,7 l-7,-7 z`,
        "data-cylinder": head },
      svg("title", { text: interpolate(gettext("the head at t=%(t)s: cylinder %(c)s"), { t: now, c: head }) })));
    }
    this.canvas.append(chart);
    this.items.after();
  }

  /** A piece of a seek as one or two lines: done by the cursor (solid) and still to come (faded). */
  piece(piece, now, x, y) {
    const done = pieceProgress(piece, now);
    const kind = piece.isReturn ? "disk-path return" : "disk-path";
    const mid = piece.from + (piece.to - piece.from) * done;
    const midT = piece.t0 + (piece.t1 - piece.t0) * done;
    const line = (a, ta, b, tb, cls) => svg("line", { class: cls, x1: x(a), y1: y(ta), x2: x(b), y2: y(tb),
      "data-from": piece.from, "data-to": piece.to });
    const out = [];
    if (done > 0) out.push(line(piece.from, piece.t0, mid, midT, kind));
    if (done < 1) out.push(line(mid, midT, piece.to, piece.t1, `${kind} future`));
    return out;
  }

  stop(service, view, x, y, font, side, placed, [minX, maxX]) {
    const now = view.index < 0 ? 0 : view.t;
    // A service has begun once the step that announced it is reached (several steps can share a tick).
    const begun = service.step <= view.index;
    const state = !begun ? "future" : (service.end <= now ? "done" : "serving");
    const cx = x(service.cylinder);
    const cy = y(service.end);
    const title = interpolate(gettext("cylinder %(c)s reached at t=%(t)s: %(why)s"),
      { c: service.cylinder, t: service.end, why: translateReason(service) });
    const group = svg("g", { class: `disk-stop-group ${state}`,
      ...seekAttrs(`s${service.step}-${service.request}`, service.step, service.start, title) });
    group.append(svg("circle", { class: `disk-stop ${state === "done" ? "" : state}`.trim(), cx, cy, r: 4,
      "data-cylinder": service.cylinder, "data-request": service.request ?? "" },
    svg("title", { text: title })));
    const text = String(service.cylinder);
    const w = labelWidth(text, font * 0.85);
    const h = font;
    for (const [dx, dy] of [[7, side], [7, -side], [-7 - w, side], [-7 - w, -side]]) {
      const box = { left: cx + dx, right: cx + dx + w, top: cy + dy * font * 0.45 - h / 2, bottom: cy + dy * font * 0.45 + h / 2 };
      const free = box.left >= minX && box.right <= maxX
        && !placed.some((o) => box.left < o.right && o.left < box.right && box.top < o.bottom && o.top < box.bottom);
      if (!free) continue;
      placed.push(box);
      group.append(svg("text", { class: "disk-stop-label", x: box.left, y: (box.top + box.bottom) / 2,
        "dominant-baseline": "central", text }));
      break;
    }
    return group;
  }

  /** Triangles on the cylinder axis for the requests pending at the cursor. */
  drawPending(chart, view, x, top) {
    const pending = view.state && view.state.disk && Array.isArray(view.state.disk.pending) ? shownEntries(view.state.disk.pending) : [];
    for (const k of pending) {
      const cylinder = this.index.request(k).cylinder;
      if (!Number.isInteger(cylinder)) continue;
      chart.append(svg("path", { class: "disk-pending", d: `M${x(cylinder) - 5},${top - 11} l10,0 l-5,8 z`,
        "data-cylinder": cylinder, "data-request": k },
      svg("title", { text: interpolate(gettext("request #%(n)s for cylinder %(c)s is waiting"), { n: k, c: cylinder }) })));
    }
  }

  drawFacts(view, services, moved) {
    clear(this.facts);
    const disk = view.state && view.state.disk && typeof view.state.disk === "object" ? view.state.disk : null;
    const pair = (label, ...value) => [el("dt", { text: label }), el("dd", {}, ...value)];
    const requestText = (k) => {
      const cylinder = this.index.request(k).cylinder;
      return Number.isInteger(cylinder) ? interpolate(gettext("#%(n)s: cylinder %(c)s"), { n: k, c: cylinder }) : `#${k}`;
    };
    const now = view.index < 0 ? 0 : view.t;
    const reading = headAt(view.state, this.settings);
    this.facts.append(...pair(gettext("Head"), el("span", { "data-part": "head", "data-cylinder": reading.head,
      text: interpolate(gettext("cylinder %(c)s, moving %(dir)s"), { c: reading.head,
        dir: reading.direction === "down" ? gettext("down") : gettext("up") }) })));
    if (disk) {
      const serving = Number.isInteger(disk.serving) ? disk.serving : null;
      this.facts.append(...pair(gettext("Serving"), el("span", { "data-part": "serving",
        text: serving === null ? gettext("idle") : requestText(serving) })));
      const pending = Array.isArray(disk.pending) ? shownEntries(disk.pending) : [];
      this.facts.append(...pair(gettext("Pending queue"), pending.length
        ? el("ol", { class: "disk-queue", "aria-label": interpolate(gettext("Pending requests at t=%(t)s, in queue order"), { t: now }) },
          pending.map((k) => el("li", { "data-request": k, "data-cylinder": this.index.request(k).cylinder ?? "", text: requestText(k) })))
        : el("span", { class: "muted disk-queue-empty", text: gettext("empty") })));
    }
    this.facts.append(...pair(gettext("Movement so far"), el("span", { "data-part": "moved",
      text: interpolate(gettext("%(n)s cylinders"), { n: Math.round(moved.total) }) })));
    if (moved.returning > 0 || this.settings.policy === "cscan" || this.settings.policy === "clook") {
      this.facts.append(...pair(gettext("Return movement so far"), el("span", { "data-part": "returned",
        text: interpolate(gettext("%(n)s cylinders"), { n: Math.round(moved.returning) }) })));
    }
    const io = view.finished && view.result && view.result.io;
    if (io && Number.isInteger(io.total_movement)) {
      this.facts.append(...pair(gettext("In the result"), el("span", { "data-part": "result-movement",
        text: interpolate(gettext("total movement %(total)s, of which return %(ret)s"),
          { total: io.total_movement, ret: io.return_movement ?? 0 }) })));
    }
    if (services.length) {
      this.facts.append(...pair(gettext("Service order"), el("ol", { class: "disk-order" },
        services.map((s) => el("li", { class: s.step > view.index ? "future" : (now < s.end ? "current" : null),
          text: String(s.cylinder) })))));
    }
  }

  drawTable(view, services) {
    const now = view.index < 0 ? 0 : view.t;
    clear(this.tableBody).append(...services.map((s, k) => {
      const request = Number.isInteger(s.request) ? this.index.request(s.request) : { arrival: null };
      const cls = s.step > view.index ? "future" : (now < s.end ? "current" : null);
      return el("tr", { class: cls },
        el("td", { class: "num", text: String(k + 1) }), el("td", { class: "num", text: s.request ?? "" }),
        el("td", { class: "num", text: String(s.cylinder) }), el("td", { class: "num", text: request.arrival ?? "" }),
        el("td", { class: "num", text: String(s.start) }), el("td", { class: "num", text: String(s.end) }),
        el("td", { class: "num", text: Number.isInteger(s.movement) ? String(s.movement) : "" }));
    }));
  }

  dispose() {
    this.unwatch();
  }
}
