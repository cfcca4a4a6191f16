/**
 * The wait-for graph at one step: threads and the mutexes and semaphores
 * they hold or wait for, with arrows "waits for" (thread -> resource,
 * dashed) and "held by" (mutex -> thread, solid).  A thread joining another
 * waits for that thread directly.  Every edge that lies on a cycle is drawn
 * in red: a cycle of waits is a deadlock (all four Coffman conditions hold).
 *
 *   const graph = waitForGraph(state, result.deadlock);  // {nodes, edges}
 *   drawWaitForGraph(graph, {fills, font, first})       // an <svg>
 *
 * Nodes sit on a circle in the order found by walking the arrows, so a
 * cycle is drawn as a ring (the dining philosophers' table).
 */

import { svg } from "./dom.js";
import { gettext, interpolate } from "./i18n.js";
import { shownEntries } from "./steps.js";

/** Node id of a lock key ("mutex:fork1") or a thread ("thread:phil0"). */
const threadId = (name) => `thread:${name}`;

/**
 * {nodes: [{id, kind: "thread"|"mutex"|"sem", name, value}], edges: [{from, to, kind: "waits"|"holds", cycle}]}
 * from the step's `locks` and `blocked` state.  `deadlock` (the result's,
 * or null) adds the waits it lists, so the final graph shows them all.
 */
export function waitForGraph(state, deadlock = null) {
  const nodes = new Map();
  const edges = [];
  const node = (id, kind, name, value = null) => {
    if (!nodes.has(id)) nodes.set(id, { id, kind, name, value });
    return id;
  };
  const edge = (from, to, kind) => {
    if (!edges.some((e) => e.from === from && e.to === to)) edges.push({ from, to, kind, cycle: false });
  };
  // A step lists the first 200 entries of a long collection (steps.js, shownEntries).
  for (const [key, lock] of shownEntries(state && state.locks)) {
    if (!lock || typeof lock !== "object") continue;
    const [kind, ...rest] = key.split(":");
    const waiters = Array.isArray(lock.waiters) ? shownEntries(lock.waiters) : [];
    if (!lock.holder && !waiters.length) continue; // a free lock nobody wants is not part of any wait
    const id = node(key, kind === "sem" ? "sem" : "mutex", rest.join(":"), kind === "sem" ? lock.value : null);
    if (lock.holder) edge(id, node(threadId(lock.holder), "thread", lock.holder), "holds");
    for (const w of waiters) edge(node(threadId(w), "thread", w), id, "waits");
  }
  const waits = { ...Object.fromEntries(shownEntries(state && state.blocked)),
    ...(deadlock && deadlock.waits ? deadlock.waits : {}) };
  for (const [who, on] of Object.entries(waits)) {
    // Steps give {on, target}; the result's deadlock.waits the contract's "mutex:m2".
    const text = on && typeof on === "object" ? `${on.on}:${on.target}` : String(on);
    if (text.startsWith("join:")) {
      const target = text.slice(5);
      edge(node(threadId(who), "thread", who), node(threadId(target), "thread", target), "waits");
    } else if (nodes.has(text)) {
      edge(node(threadId(who), "thread", who), text, "waits");
    }
  }
  markCycles([...nodes.keys()], edges);
  return { nodes: [...nodes.values()], edges };
}

/** Mark the edges inside a strongly connected component of two or more nodes (Tarjan). */
function markCycles(ids, edges) {
  const out = new Map(ids.map((id) => [id, []]));
  for (const e of edges) out.get(e.from).push(e.to);
  const index = new Map();
  const low = new Map();
  const component = new Map();
  const stack = [];
  let counter = 0;
  let components = 0;
  const visit = (v) => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    for (const w of out.get(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (!component.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      components += 1;
      let w;
      do {
        w = stack.pop();
        component.set(w, components);
      } while (w !== v);
    }
  };
  for (const id of ids) if (!index.has(id)) visit(id);
  const size = new Map();
  for (const c of component.values()) size.set(c, (size.get(c) || 0) + 1);
  for (const e of edges) e.cycle = component.get(e.from) === component.get(e.to) && size.get(component.get(e.from)) > 1;
}

/** Does the graph hold a cycle? */
export const hasCycle = (graph) => graph.edges.some((e) => e.cycle);

/** Nodes in the order of a walk along the arrows, starting from `first` names. */
function ringOrder(graph, first) {
  const out = new Map(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) out.get(e.from).push(e.to);
  const order = [];
  const seen = new Set();
  const walk = (id) => {
    // Iterative: a long chain of waits must not overflow the stack.
    for (let next = id; next && !seen.has(next);) {
      seen.add(next);
      order.push(next);
      const targets = out.get(next).filter((t) => !seen.has(t));
      next = targets.shift();
      for (const t of targets) walk(t);
    }
  };
  for (const name of first) if (out.has(threadId(name))) walk(threadId(name));
  for (const n of graph.nodes) if (n.kind === "thread") walk(n.id);
  for (const n of graph.nodes) walk(n.id);
  return order.map((id) => graph.nodes.find((n) => n.id === id));
}

/**
 * The graph as an SVG picture.  `first` lists thread names to place first
 * (the deadlock cycle); `fills` (FillPatterns) gives each thread its colour
 * and pattern; `font` is the font size in px.
 */
export function drawWaitForGraph(graph, { fills, font, first = [] }) {
  const nodes = ringOrder(graph, first);
  const nodeH = font * 1.8;
  const widthOf = (n) => Math.max(font * 3.2, String(n.name).length * font * 0.62 + font * (n.kind === "thread" ? 1.2 : 2.2));
  const widest = Math.max(...nodes.map(widthOf));
  // Neighbours on the circle are one chord apart: wide enough for the widest node and a gap.
  const radius = nodes.length < 2 ? 0 : (widest + font * 1.5) / (2 * Math.sin(Math.PI / nodes.length));
  const cx = radius + widest / 2 + font;
  const cy = radius + nodeH / 2 + font;
  const size = { width: 2 * cx, height: 2 * cy };
  const at = new Map(nodes.map((n, k) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * k) / nodes.length;
    return [n.id, { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle), w: widthOf(n) }];
  }));
  const cycle = hasCycle(graph);
  const chart = svg("svg", { class: "waitfor-svg", width: size.width, height: size.height,
    viewBox: `0 0 ${size.width} ${size.height}`, role: "img",
    "aria-label": cycle ? gettext("Wait-for graph with a cycle: a deadlock") : gettext("Wait-for graph") });
  chart.append(fills.defs(nodes.filter((n) => n.kind === "thread").map((n) => n.name)));
  for (const e of graph.edges) chart.append(edgeShape(e, at.get(e.from), at.get(e.to), nodeH, graph));
  for (const n of nodes) chart.append(nodeShape(n, at.get(n.id), nodeH, { fills, font }));
  return chart;
}

/** Where the segment from the centre of `a` towards `b` leaves a's box. */
function boxExit(a, b, h) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const scale = Math.min(dx ? (a.w / 2 + 3) / Math.abs(dx) : Infinity, dy ? (h / 2 + 3) / Math.abs(dy) : Infinity);
  return { x: a.x + dx * scale, y: a.y + dy * scale };
}

function edgeShape(e, a, b, h, graph) {
  const start = boxExit(a, b, h);
  const end = boxExit(b, a, h);
  const angle = Math.atan2(end.y - start.y, end.x - start.x);
  const head = (dx, dy) => `${end.x + dx * Math.cos(angle) - dy * Math.sin(angle)},${end.y + dx * Math.sin(angle) + dy * Math.cos(angle)}`;
  const name = (id) => graph.nodes.find((n) => n.id === id).name;
  const title = e.kind === "holds"
    ? interpolate(gettext("%(res)s is held by %(who)s"), { res: name(e.from), who: name(e.to) })
    : interpolate(gettext("%(who)s waits for %(res)s"), { who: name(e.from), res: name(e.to) });
  return svg("g", { class: `waitfor-edge ${e.kind}${e.cycle ? " cycle" : ""}`, "data-from": e.from, "data-to": e.to },
    svg("title", { text: title }),
    svg("line", { x1: start.x, y1: start.y, x2: end.x, y2: end.y }),
    svg("polygon", { points: `${end.x},${end.y} ${head(-10, -4.5)} ${head(-10, 4.5)}` }));
}

function nodeShape(n, p, h, { fills, font }) {
  const label = n.kind === "sem" ? `${n.name} = ${n.value}` : String(n.name);
  const kindText = { thread: gettext("thread"), mutex: gettext("mutex"), sem: gettext("semaphore") }[n.kind];
  const group = svg("g", { class: `waitfor-node ${n.kind}`, "data-node": n.id, "data-name": n.name },
    svg("title", { text: `${kindText} ${label}` }));
  if (n.kind === "thread") {
    group.append(svg("rect", { x: p.x - p.w / 2, y: p.y - h / 2, width: p.w, height: h, rx: h / 2, fill: fills.fill(n.name) }),
      svg("rect", { class: "waitfor-label-bg", x: p.x - p.w / 2 + h / 3, y: p.y - font * 0.6, width: p.w - (2 * h) / 3,
        height: font * 1.2, rx: 3 }));
  } else {
    group.append(svg("rect", { x: p.x - p.w / 2, y: p.y - h / 2, width: p.w, height: h }),
      svg("rect", { class: "waitfor-inner", x: p.x - p.w / 2 + 3, y: p.y - h / 2 + 3, width: p.w - 6, height: h - 6 }));
  }
  group.append(svg("text", { x: p.x, y: p.y, "text-anchor": "middle", "dominant-baseline": "central",
    fill: n.kind === "thread" ? "#000" : null, text: label }));
  return group;
}
