/**
 * Disk arm widget: the head's path across the cylinders over time, the
 * classic picture of a disk scheduler.  Cylinders run left to right
 * (0 .. cylinders - 1), time runs downwards.  Each service is a line from
 * where the head was to the request's cylinder; the service in progress at
 * the cursor is drawn up to the cursor, and pending requests are marked on
 * the cylinder axis.  The total head movement so far is shown below.
 */

import { axis, fontSizeOf, watchWidth, widthOf } from "./chart.js";
import { clear, el, svg } from "./dom.js";
import { gettext, interpolate } from "./i18n.js";

/** {cylinders, head} of the scenario's disk, with the engine's defaults (200, 0). */
export function diskGeometry(scenario) {
  const io = (scenario && scenario.io) || {};
  return {
    cylinders: Number.isInteger(io.cylinders) && io.cylinders > 0 ? io.cylinders : 200,
    head: Number.isInteger(io.head) ? io.head : 0,
  };
}

/** Services known at the view, in service order: [{cylinder, start, end}]. */
function services(view) {
  const result = view.result;
  if (view.finished && result && result.io && Array.isArray(result.io.requests)) {
    const requests = result.io.requests;
    return (result.io.order || []).map((k) => requests[k]).filter(Boolean)
      .map((r) => ({ cylinder: r.cylinder, start: r.start, end: r.finish }));
  }
  if (view.index < 0) return [];
  return view.store.segmentsUpTo(view.index).filter((s) => s.lane.kind === "disk")
    .map((s) => ({ cylinder: s.cylinder, start: s.start, end: s.end }));
}

export class DiskArm {
  constructor(root, { scenario }) {
    this.root = root;
    this.geometry = diskGeometry(scenario);
    this.last = null;
    this.canvas = el("div", { class: "disk-canvas" });
    this.notes = el("p", { class: "disk-notes" });
    root.classList.add("disk-arm");
    root.append(el("div", { class: "widget-head" }, el("h3", { text: gettext("Disk head") })), this.canvas, this.notes);
    this.unwatch = watchWidth(this.canvas, () => this.last && this.render(this.last));
  }

  render(view) {
    this.last = view;
    clear(this.canvas);
    const { cylinders, head } = this.geometry;
    const list = services(view);
    const font = fontSizeOf(this.root);
    const width = widthOf(this.canvas);
    const x0 = 12;
    const x1 = width - 12;
    const top = font * 2.4;
    const height = Math.round(font * 16);
    const maxT = Math.max(1, view.maxTick, ...list.map((s) => s.end));
    const x = (c) => x0 + ((x1 - x0) * c) / Math.max(1, cylinders - 1);
    const y = (t) => top + ((height - top - 6) * t) / maxT;
    const chart = svg("svg", { class: "disk-svg", width, height, viewBox: `0 0 ${width} ${height}`,
      role: "img", "aria-label": gettext("Disk head movement over time") });
    chart.append(axis({ lo: 0, hi: cylinders - 1, x0, x1, y: font * 1.2, scale: x, className: "axis disk-axis" }));
    let at = head;
    let moved = 0;
    const past = [[x(head), y(list.length ? list[0].start : 0)]];
    const future = [];
    for (const s of list) {
      if (s.start >= view.t && view.t < maxT && s.start > 0) {
        // Not started at the cursor (known once the run has finished): drawn faded.
        if (!future.length) future.push([x(at), y(view.t)]);
        future.push([x(at), y(s.start)], [x(s.cylinder), y(s.end)]);
        chart.append(this.stop(s, "disk-stop future", x, y));
        at = s.cylinder;
        continue;
      }
      const fraction = Math.max(0, Math.min(1, (view.t - s.start) / Math.max(1, s.end - s.start)));
      const reached = at + (s.cylinder - at) * fraction;
      past.push([x(at), y(s.start)], [x(reached), y(Math.min(s.end, view.t))]);
      moved += Math.abs(reached - at);
      if (fraction < 1) future.push([x(reached), y(view.t)], [x(s.cylinder), y(s.end)]);
      chart.append(this.stop(s, fraction < 1 ? "disk-stop pending" : "disk-stop", x, y));
      at = s.cylinder;
    }
    const line = (points, cls) => svg("polyline", { class: cls, points: points.map(([px, py]) => `${px},${py}`).join(" ") });
    if (future.length) chart.append(line(future, "disk-path future"));
    chart.append(line(past, "disk-path"));
    const pending = view.state && view.state.disk && Array.isArray(view.state.disk.pending) ? view.state.disk.pending : [];
    for (const k of pending) {
      const cylinder = view.store.diskRequests.get(k);
      if (Number.isInteger(cylinder)) {
        chart.append(svg("path", { class: "disk-pending", d: `M${x(cylinder) - 5},${top - 10} l10,0 l-5,8 z`, "data-cylinder": cylinder },
          svg("title", { text: interpolate(gettext("request #%(n)s for cylinder %(c)s is waiting"), { n: k, c: cylinder }) })));
      }
    }
    if (view.index >= 0) chart.append(svg("line", { class: "gantt-cursor", x1: x0, x2: x1, y1: y(view.t), y2: y(view.t) }));
    this.canvas.append(chart);
    this.notes.textContent = interpolate(gettext("Head movement so far: %(n)s cylinders."), { n: Math.round(moved) });
  }

  stop(service, cls, x, y) {
    return svg("circle", { class: cls, cx: x(service.cylinder), cy: y(service.end), r: 4, "data-cylinder": service.cylinder },
      svg("title", { text: interpolate(gettext("cylinder %(c)s reached at t=%(t)s"), { c: service.cylinder, t: service.end }) }));
  }

  dispose() {
    this.unwatch();
  }
}
