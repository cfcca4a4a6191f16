/**
 * Message sequence diagram: a lifeline per process (left to right, in the
 * scenario's order), time downwards, and an arrow per message from its
 * sender to its addressee (ipc-model.js).
 *
 * - A request and its reply carry the same number (#1) and the client's
 *   lifeline has a bracket from the request to the reply: the time it waited.
 *   Replies are dashed with an open arrowhead, as in UML.
 * - The copies of one publish are stacked rows in a shaded band labelled
 *   with the topic, joined on the publisher's lifeline (the fan-out).
 * - A message that waited in the mailbox has a dotted stretch on its
 *   addressee's lifeline from delivery to receipt, ending in a dot.
 * - The lifelines show when each process held a CPU (the Gantt chart's bars,
 *   as activation boxes), so the diagram and the chart tell one story.
 *
 * The player's cursor is a horizontal line; messages not sent by the current
 * step are faded (or not yet known while the run streams) and the current
 * step's messages are highlighted.  Clicking a message (or Enter on it)
 * shows the step that sent it.  Below: each process's mailbox at the
 * current step.  The "Table" button shows every message as a table instead.
 *
 * Time is compressed: ticks with messages get one row per message sent, and
 * long quiet stretches shrink to a short gap, so a diagram stays readable
 * when the messages are far apart in time.
 */

import { fontSizeOf, watchWidth, widthOf } from "./chart.js";
import { tableToggle } from "./chart-table.js";
import { clear, el, svg } from "./dom.js";
import { formatValue } from "./format.js";
import { barsFor } from "./gantt.js";
import { gettext, interpolate } from "./i18n.js";
import { messagesAt, messageState } from "./ipc-model.js";
import { FillPatterns } from "./patterns.js";
import { shownEntries } from "./steps.js";
import { ownerOf, programUses, threadOwners } from "./thread-owners.js";
import { SeekItems, seekAttrs } from "./view-keys.js";

export const IPC_OPS = ["send", "recv", "request", "reply", "publish", "subscribe"];

/** Does the scenario pass messages (any program, spawned threads included)? */
export function usesMessages(scenario) {
  return Array.isArray(scenario && scenario.processes) && scenario.processes.some((p) => p && programUses(p.program, IPC_OPS));
}

/** Processes that take part in messaging: those with IPC ops and those named as addressees. */
function lifelineNames(scenario) {
  const names = [];
  const add = (name) => { if (typeof name === "string" && !names.includes(name)) names.push(name); };
  const addressees = (program) => {
    for (const op of Array.isArray(program) ? program : []) {
      if (op && (op.op === "send" || op.op === "request")) add(op.to);
      if (op && op.op === "spawn") addressees(op.program);
    }
  };
  for (const p of scenario && Array.isArray(scenario.processes) ? scenario.processes : []) {
    if (p && programUses(p.program, IPC_OPS)) add(p.name);
  }
  for (const p of scenario && Array.isArray(scenario.processes) ? scenario.processes : []) if (p) addressees(p.program);
  return names;
}

/** A message body on one line: text in quotes (so "3" and 3 differ), anything else as JSON. */
function bodyText(body, max) {
  return formatValue(typeof body === "string" ? JSON.stringify(body) : body, max);
}

function kindLabel(m) {
  if (m.kind === "request") return gettext("request");
  if (m.kind === "reply") return gettext("reply");
  if (m.kind === "publish") return interpolate(gettext("publish on %(topic)s"), { topic: m.topic });
  return gettext("send");
}

/**
 * A compressed vertical time scale (see the module comment).  Each key tick
 * (one with a message sent, delivered or received) is a block of rows, one
 * per message sent then, and stands for the tick from t to t + 1; the quiet
 * ticks between two key ticks share a gap of at most three units.
 * at(t) is the y of instant t.
 */
function timeScale(messages, maxT, { top, rowH, unit }) {
  const sentAt = new Map();
  for (const m of messages) sentAt.set(m.sent, (sentAt.get(m.sent) || 0) + 1);
  const keys = [...new Set([0, maxT, ...messages.flatMap((m) => [m.sent, m.delivered, m.received])
    .filter((t) => Number.isInteger(t))])].sort((a, b) => a - b);
  const tops = new Map();
  let y = top;
  keys.forEach((t, k) => {
    if (k > 0) y += Math.min(unit * 3, (t - keys[k - 1] - 1) * unit);
    tops.set(t, y);
    y += Math.max(1, sentAt.get(t) || 0) * rowH;
  });
  const blockEnd = (t) => tops.get(t) + Math.max(1, sentAt.get(t) || 0) * rowH;
  const at = (t) => {
    if (tops.has(t)) return tops.get(t);
    const after = keys.findIndex((k) => k > t);
    const last = keys[keys.length - 1];
    if (after < 0) return blockEnd(last) + (t - last - 1) * unit;
    const a = keys[after - 1];
    const b = keys[after];
    // Instant a + 1 is where a's block ends; the quiet ticks after it share the gap.
    return blockEnd(a) + ((tops.get(b) - blockEnd(a)) * (t - a - 1)) / Math.max(1, b - a - 1);
  };
  return { keys, at, blockEnd, rowH, bottom: y };
}

/** `text`, cut with an ellipsis to fit `room` px at about `charW` px a character. */
function fitted(text, room, charW) {
  const maxChars = Math.floor(room / charW);
  if (maxChars < 2) return "";
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

export class IpcDiagram {
  /**
   * @param {HTMLElement} root  the widget's own element
   * @param {object} options  palette (Palette), scenario (the raw scenario)
   */
  constructor(root, { palette, scenario }) {
    this.root = root;
    this.palette = palette;
    this.owners = threadOwners(scenario);
    this.names = lifelineNames(scenario);
    this.fills = new FillPatterns(scenario, palette);
    this.cache = {};
    this.last = null;
    this.showTable = false;
    this.canvas = el("div", { class: "ipc-canvas" });
    this.items = new SeekItems(this.canvas);
    this.mailboxHead = el("h4", { class: "ipc-mailboxes-head" });
    this.mailboxes = el("div", { class: "ipc-mailboxes" });
    this.tableBody = el("tbody");
    this.tableBox = el("div", { class: "ipc-table-box", hidden: true },
      el("table", { class: "view-table ipc-table" },
        el("caption", { text: gettext("Messages") }),
        el("thead", {}, el("tr", {}, ["#", gettext("Kind"), gettext("From"), gettext("To"), gettext("Sent"),
          gettext("Delivered"), gettext("Received"), gettext("Body")].map((label) => el("th", { scope: "col", text: label })))),
        this.tableBody));
    const toggle = tableToggle((show) => {
      this.showTable = show;
      if (this.last) this.render(this.last);
    });
    root.classList.add("ipc-diagram");
    root.append(
      el("div", { class: "widget-head" }, el("h3", { text: gettext("Messages") }), toggle),
      this.canvas, this.tableBox,
      this.mailboxHead, this.mailboxes);
    this.unwatch = watchWidth(this.canvas, () => this.last && this.render(this.last));
  }

  render(view) {
    this.last = view;
    const messages = view.index < 0 ? [] : messagesAt(view, this.owners, this.cache);
    const names = [...this.names];
    for (const m of messages) for (const name of [m.from, m.to]) if (!names.includes(name)) names.push(name);
    const states = new Map(messages.map((m) => [m.id, messageState(m, view)]));
    // While streaming, a message of a later step is not known yet: it is not drawn at all.
    const shown = view.finished ? messages : messages.filter((m) => states.get(m.id).sent);
    this.canvas.hidden = this.showTable;
    this.tableBox.hidden = !this.showTable;
    if (this.showTable) this.drawTable(shown, states);
    else this.drawDiagram(view, names, shown, states);
    this.drawMailboxes(view, names);
  }

  drawDiagram(view, names, messages, states) {
    this.items.before();
    clear(this.canvas);
    if (!names.length) {
      this.canvas.append(el("p", { class: "widget-empty", text: gettext("This scenario sends no messages.") }));
      return;
    }
    const font = fontSizeOf(this.root);
    const width = widthOf(this.canvas);
    const left = font * 3.6;
    const headH = font * 2.2;
    const colW = (width - left - 8) / names.length;
    const laneX = (name) => left + colW * (names.indexOf(name) + 0.5);
    const maxT = Math.max(1, view.maxTick);
    const scale = timeScale(messages, maxT, { top: headH + font * 0.8, rowH: font * 2, unit: font * 0.9 });
    const height = Math.ceil(scale.bottom + font);
    const sentCount = messages.filter((m) => states.get(m.id).sent).length;
    // role=group, not img: the items inside are focusable controls.
    const chart = svg("svg", { class: "ipc-svg", width, height, viewBox: `0 0 ${width} ${height}`, role: "group",
      "aria-label": interpolate(gettext("Sequence diagram: %(n)s messages sent between %(p)s processes by t=%(t)s"),
        { n: sentCount, p: names.length, t: view.t }) });
    this.drawLifelines(chart, view, names, laneX, scale, { headH, height, font, colW });
    const rowOf = new Map();
    const used = new Map();
    for (const m of [...messages].sort((a, b) => a.sent - b.sent || a.id - b.id)) {
      const r = used.get(m.sent) || 0;
      used.set(m.sent, r + 1);
      rowOf.set(m.id, r);
    }
    const yOf = (m) => scale.at(m.sent) + (rowOf.get(m.id) + 0.5) * scale.rowH;
    this.drawGroups(chart, messages, states, laneX, yOf, { font, scale });
    const cursorY = this.cursorY(view, messages, states, scale);
    this.drawPairs(chart, messages, states, laneX, yOf, { cursorY, font, scale });
    for (const m of messages) chart.append(this.arrow(m, states.get(m.id), laneX, yOf(m), { scale, cursorY, font }));
    let lastLabel = -Infinity;
    for (const t of scale.keys) {
      const y = scale.at(t) + scale.rowH / 2;
      if (y - lastLabel < font * 1.1) continue;
      lastLabel = y;
      chart.append(svg("text", { class: "axis-label ipc-time-label", x: left - 6, y, "text-anchor": "end",
        "dominant-baseline": "central", text: interpolate(gettext("t=%(t)s"), { t }) }));
    }
    if (view.index >= 0) {
      chart.append(svg("line", { class: "view-cursor ipc-cursor", x1: left * 0.6, x2: width - 4, y1: cursorY, y2: cursorY,
        "data-tick": view.t }));
    }
    if (!messages.length) {
      chart.append(svg("text", { class: "ipc-empty", x: left + 8, y: headH + font * 1.6,
        text: gettext("No message has been sent yet.") }));
    }
    this.canvas.append(chart);
    this.items.after();
  }

  /** Where the cursor stands: after the rows of the current tick whose messages this step has sent. */
  cursorY(view, messages, states, scale) {
    const atTick = messages.filter((m) => m.sent === view.t);
    const done = atTick.filter((m) => states.get(m.id).sent).length;
    return scale.at(view.t) + (atTick.length ? done * scale.rowH : scale.rowH / 2);
  }

  drawLifelines(chart, view, names, laneX, scale, { headH, height, font, colW }) {
    const { cpu } = barsFor(view);
    chart.append(this.fills.defs([...new Set(cpu.map((b) => b.who))]));
    for (const name of names) {
      const x = laneX(name);
      const boxW = Math.min(colW - 8, Math.max(font * 5, String(name).length * font * 0.62 + font * 1.6));
      chart.append(
        svg("line", { class: "ipc-lifeline", x1: x, x2: x, y1: headH, y2: height - 4, "data-process": name }),
        svg("rect", { class: "ipc-head", x: x - boxW / 2, y: 2, width: boxW, height: headH - 4, rx: 4 },
          svg("title", { text: String(name) })),
        svg("rect", { class: "ipc-head-swatch", x: x - boxW / 2 + 5, y: headH / 2 - 5, width: 10, height: 10,
          fill: this.palette.fill(name) }),
        svg("text", { class: "ipc-head-label", x: x + 7, y: headH / 2, "text-anchor": "middle", "dominant-baseline": "central",
          text: fitted(String(name), boxW - font * 1.4, font * 0.62) }),
      );
      for (const bar of cpu.filter((b) => ownerOf(this.owners, b.who) === name)) {
        const y0 = scale.at(bar.start);
        const y1 = scale.at(bar.end);
        const future = view.finished && bar.start >= view.t;
        chart.append(svg("rect", { class: `ipc-activation${future ? " future" : ""}`, x: x - 5, y: y0, width: 10,
          height: Math.max(2, y1 - y0), fill: this.fills.fill(bar.who), "data-who": bar.who, "data-start": bar.start, "data-end": bar.end },
        svg("title", { text: interpolate(gettext("%(who)s on CPU %(core)s from t=%(start)s to t=%(end)s"),
          { who: bar.who, core: bar.core, start: bar.start, end: bar.end }) })));
      }
    }
  }

  /** A shaded band behind the copies of each publish, labelled with its topic and fan-out. */
  drawGroups(chart, messages, states, laneX, yOf, { font, scale }) {
    const groups = new Map();
    for (const m of messages) if (m.group !== null) groups.set(m.group, [...(groups.get(m.group) || []), m]);
    for (const [group, copies] of groups) {
      const xs = copies.flatMap((m) => [laneX(m.from), laneX(m.to)]);
      const ys = copies.map(yOf);
      const x0 = Math.min(...xs) - font * 0.6;
      const x1 = Math.max(...xs) + font * 0.6;
      const y0 = Math.min(...ys) - scale.rowH / 2 + 2;
      const y1 = Math.max(...ys) + scale.rowH / 2 - 2;
      const sent = states.get(copies[0].id).sent;
      const from = laneX(copies[0].from);
      chart.append(svg("g", { class: `ipc-publish${sent ? "" : " future"}`, "data-group": group, "data-topic": copies[0].topic,
        "data-copies": copies.length },
      svg("rect", { class: "ipc-publish-band", x: x0, y: y0, width: x1 - x0, height: y1 - y0, rx: 4 }),
      svg("line", { class: "ipc-fanout", x1: from, x2: from, y1: Math.min(...ys), y2: Math.max(...ys) }),
      ys.map((y) => svg("circle", { class: "ipc-fanout-dot", cx: from, cy: y, r: 3.5 })),
      svg("title", { text: interpolate(gettext("%(from)s publishes on %(topic)s: %(n)s copies"),
        { from: copies[0].from, topic: copies[0].topic, n: copies.length }) })));
    }
  }

  /**
   * A bracket on each client's lifeline from its request to the reply; while
   * the client still waits at the cursor, the bracket stops at the cursor.
   */
  drawPairs(chart, messages, states, laneX, yOf, { cursorY, font }) {
    for (const request of messages.filter((m) => m.kind === "request")) {
      const reply = request.pair !== null ? messages.find((m) => m.id === request.pair) : null;
      const sent = states.get(request.id).sent;
      const answered = Boolean(reply) && states.get(reply.id).sent;
      if (!sent && !reply) continue;
      const x = laneX(request.from) - font * 0.9;
      const y0 = yOf(request);
      const y1 = answered || !sent ? (reply ? yOf(reply) : y0) : Math.max(y0, cursorY);
      const state = !sent ? " future" : (answered ? "" : " waiting");
      chart.append(svg("g", { class: `ipc-pair-bracket${state}`, "data-pair": request.pairNo ?? "" },
        svg("path", { d: `M${x + 5},${y0} h-5 V${y1} h5` }),
        // On the request's own row (one message a row), where no other message's label runs.
        request.pairNo ? svg("text", { class: "ipc-pair-label", x: x - 3, y: y0 + font * 0.3, "text-anchor": "end",
          "dominant-baseline": "central", text: `#${request.pairNo}` }) : null));
    }
  }

  /** One message: its arrow (or self-loop), label, pair number and receipt. */
  arrow(m, state, laneX, y, { scale, cursorY, font }) {
    const x1 = laneX(m.from);
    const x2 = laneX(m.to);
    const classes = ["ipc-message", m.kind, state.sent ? "sent" : "future", state.current ? "current" : null,
      state.received ? "received" : null, m.dropped ? "dropped" : null].filter(Boolean).join(" ");
    const body = m.hasBody ? bodyText(m.body, 40) : "";
    const title = interpolate(gettext("%(kind)s from %(from)s to %(to)s, sent at t=%(sent)s"),
      { kind: kindLabel(m), from: m.from, to: m.to, sent: m.sent })
      + (m.received !== null ? interpolate(gettext(", received at t=%(t)s"), { t: m.received }) : "")
      + (m.dropped ? gettext(", dropped: the mailbox was full") : "")
      + (body ? `: ${body}` : "");
    const label = `${m.pairNo ? `#${m.pairNo} ` : ""}${kindLabel(m)}${body ? `: ${body}` : ""}`;
    // Between the lanes, clear of the pair numbers beside each lifeline (bold at 0.8rem: ~0.55 em a character).
    const room = m.from === m.to ? font * 8 : Math.abs(x2 - x1) - font * 5;
    const text = fitted(label, room, font * 0.8 * 0.62);
    // The accessible name starts with the text shown, as a control's name must (WCAG 2.5.3).
    const group = svg("g", { class: classes, "data-id": m.id, "data-kind": m.kind, "data-from": m.from, "data-to": m.to,
      "data-sent": m.sent, "data-received": m.received ?? "", "data-pair": m.pairNo ?? "",
      ...seekAttrs(`m${m.id}`, m.sendStep, m.sent, text ? `${text}. ${title}` : title) });
    group.append(svg("title", { text: title }));
    const yEnd = m.delivered !== null && m.delivered !== m.sent ? scale.at(m.delivered) + scale.rowH / 2 : y;
    const dir = x2 >= x1 ? 1 : -1;
    if (m.from === m.to) {
      const w = font * 1.6;
      group.append(svg("path", { class: "ipc-line", d: `M${x1 + 5},${y - 5} h${w} v10 h${-w + 7}` }),
        svg("path", { class: "ipc-head-arrow", d: `M${x1 + 5},${y + 5} l7,-4 v8 z` }));
    } else {
      const start = x1 + dir * 6;
      const end = x2 - dir * 6;
      group.append(svg("line", { class: "ipc-line", x1: start, y1: y, x2: end, y2: yEnd }));
      group.append(m.dropped
        ? svg("path", { class: "ipc-drop", d: `M${end - 5},${yEnd - 5} l10,10 m0,-10 l-10,10` })
        : svg("path", { class: "ipc-head-arrow", d: `M${end},${yEnd} l${-dir * 9},-4.5 v9 z` }));
    }
    group.append(svg("text", { class: "ipc-label", x: m.from === m.to ? x1 + font * 2.2 : (x1 + x2) / 2, y: y - 4,
      "text-anchor": m.from === m.to ? "start" : "middle", text }));
    if (!m.dropped && state.delivered) group.append(...this.receipt(m, state, x2, yEnd, { scale, cursorY }));
    return group;
  }

  /** The addressee's side: a dotted wait in the mailbox, then a dot when received. */
  receipt(m, state, x, yDelivered, { scale, cursorY }) {
    const out = [];
    const yReceived = m.received !== null ? scale.at(m.received) + scale.rowH / 2 : null;
    if (state.received && yReceived !== null) {
      if (yReceived > yDelivered + 1) out.push(svg("line", { class: "ipc-mailbox-wait", x1: x, x2: x, y1: yDelivered, y2: yReceived }));
      out.push(svg("circle", { class: "ipc-receipt", cx: x, cy: state.received && yReceived > yDelivered + 1 ? yReceived : yDelivered, r: 4 }));
    } else if (!state.received) {
      // Still in the mailbox at the cursor.
      out.push(svg("line", { class: "ipc-mailbox-wait pending", x1: x, x2: x, y1: yDelivered, y2: Math.max(yDelivered, cursorY) }));
    }
    return out;
  }

  drawMailboxes(view, names) {
    this.mailboxHead.textContent = interpolate(gettext("Mailboxes at t=%(t)s"), { t: view.index < 0 ? 0 : view.t });
    clear(this.mailboxes);
    const boxes = view.state && view.state.mailboxes && typeof view.state.mailboxes === "object" ? view.state.mailboxes : {};
    for (const name of names) {
      const queued = Array.isArray(boxes[name]) ? shownEntries(boxes[name]) : [];
      this.mailboxes.append(el("section", { class: "ipc-mailbox", "data-process": name, "data-count": queued.length,
        "aria-label": interpolate(gettext("Mailbox of %(name)s"), { name }) },
      el("h5", {}, el("span", { class: "swatch", style: `background: ${this.palette.fill(name)}` }), String(name)),
      queued.length
        ? el("ol", {}, queued.map((msg) => el("li", { "data-from": msg.from ?? "",
          text: interpolate(gettext("from %(from)s: %(body)s"), { from: msg.from ?? "?", body: bodyText(msg.body, 50) }) })))
        : el("p", { class: "muted", text: gettext("empty") })));
    }
  }

  drawTable(messages, states) {
    const tick = (v) => (v === null || v === undefined ? "—" : String(v));
    clear(this.tableBody).append(...messages.map((m) => {
      const state = states.get(m.id);
      return el("tr", { class: state.current ? "current" : (state.sent ? null : "future"), "data-id": m.id },
        el("td", { class: "num", text: String(m.id + 1) }),
        el("td", { text: [kindLabel(m), m.pairNo ? `#${m.pairNo}` : null, m.dropped ? gettext("(dropped)") : null].filter(Boolean).join(" ") }),
        el("td", { text: m.from }), el("td", { text: m.to }),
        el("td", { class: "num", text: tick(m.sent) }), el("td", { class: "num", text: tick(m.delivered) }),
        el("td", { class: "num", text: tick(m.received) }),
        el("td", { text: m.hasBody ? bodyText(m.body, 60) : "—" }));
    }));
  }

  dispose() {
    this.unwatch();
  }
}
