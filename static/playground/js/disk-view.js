/**
 * The disk scheduler's history as geometry: where the head was at every
 * tick, which part of each seek was a return sweep, and what was pending.
 * Pure functions plus a small incremental index of the run's disk events;
 * disk-arm.js draws them.
 *
 * A service is the engine's `disk` event: {request, cylinder, start,
 * finish, movement}.  `movement` counts every cylinder crossed, so a seek
 * whose movement is longer than the straight distance went by an edge of
 * the disk: SCAN to the edge and back, C-SCAN to the edge and round to the
 * other edge (CONTRACT.md, "Disk").  legPath() finds those turning points
 * from the movement alone.  The head moves at a steady speed, so a leg's
 * time is shared among its pieces by their length.
 */

/** The scenario's disk with the engine's defaults (docs/internals.md). */
export function diskSettings(scenario) {
  const io = (scenario && scenario.io) || {};
  const whole = (v, fallback, min = 0) => (Number.isInteger(v) && v >= min ? v : fallback);
  return {
    cylinders: whole(io.cylinders, 200, 1),
    head: whole(io.head, 0),
    policy: typeof io.policy === "string" ? io.policy : "fcfs",
    direction: io.direction === "down" ? "down" : "up",
  };
}

/**
 * The head as every panel shows it at a step: the engine's `disk` state
 * ({head, direction, serving}), else the scenario's start.  The engine's
 * `head` is where the head was when the current service started (it becomes
 * the request's cylinder when the service completes, docs/disk.md); the
 * disk-arm chart draws the seek in between as a path, but no panel reports
 * a head position of its own making, so the head panel and the queues panel
 * always agree.
 */
export function headAt(state, settings) {
  const disk = state && state.disk && typeof state.disk === "object" ? state.disk : null;
  return {
    head: disk && Number.isInteger(disk.head) ? disk.head : settings.head,
    direction: (disk ? disk.direction : settings.direction) === "down" ? "down" : "up",
    serving: disk && Number.isInteger(disk.serving) ? disk.serving : null,
  };
}

/** Policies whose jump back to the other end is reported as return movement. */
const CIRCULAR = new Set(["cscan", "clook"]);

const pathLength = (points) => points.slice(1).reduce((sum, c, k) => sum + Math.abs(c - points[k]), 0);

/**
 * The cylinders a seek passes through, ends included: the straight line
 * when `movement` is the distance, else by one edge (SCAN) or both edges
 * (C-SCAN), whichever has exactly that length.
 */
export function legPath(from, to, movement, cylinders) {
  const last = cylinders - 1;
  const candidates = [[from, to], [from, last, to], [from, 0, to], [from, last, 0, to], [from, 0, last, to]];
  if (!Number.isInteger(movement)) return candidates[0];
  return candidates.find((points) => pathLength(points) === movement) || candidates[0];
}

/**
 * Every service as a leg of pieces {from, to, t0, t1, isReturn}, in service
 * order, starting from the initial head.  A piece is a return when the
 * policy is circular and the piece moves against the sweep direction.
 */
export function diskLegs(services, settings) {
  let at = settings.head;
  const against = settings.direction === "up" ? (a, b) => b < a : (a, b) => b > a;
  return services.map((service) => {
    const points = legPath(at, service.cylinder, service.movement, settings.cylinders);
    const total = pathLength(points);
    const span = Math.max(0, service.end - service.start);
    let walked = 0;
    const pieces = points.slice(1).map((to, k) => {
      const from = points[k];
      const t0 = service.start + (total ? (span * walked) / total : 0);
      walked += Math.abs(to - from);
      const t1 = service.start + (total ? (span * walked) / total : span);
      return { from, to, t0, t1, isReturn: CIRCULAR.has(settings.policy) && against(from, to) };
    });
    at = service.cylinder;
    return { service, pieces };
  });
}

/** How far a piece has gone at tick t: 0..1. */
export function pieceProgress(piece, t) {
  if (t >= piece.t1) return 1;
  if (t <= piece.t0) return 0;
  return (t - piece.t0) / (piece.t1 - piece.t0);
}

/** Head movement up to tick t: {total, returning, head} (head: the cylinder at t). */
export function movementAt(legs, t, settings) {
  let total = 0;
  let returning = 0;
  let head = settings.head;
  for (const leg of legs) {
    for (const piece of leg.pieces) {
      const done = pieceProgress(piece, t);
      if (done <= 0) continue;
      const moved = Math.abs(piece.to - piece.from) * done;
      total += moved;
      if (piece.isReturn) returning += moved;
      head = piece.from + (piece.to - piece.from) * done;
    }
  }
  return { total, returning, head };
}

/**
 * The run's disk requests and services, gathered from its steps as they
 * arrive (each step is read once): requests by index {cylinder, arrival,
 * who} and services {step, request, cylinder, start, end, movement, reason}.
 */
export class DiskIndex {
  constructor() {
    this.store = null;
    this.seen = 0;
    this.requests = new Map();
    this.services = [];
  }

  /** Read the steps of `store` not read yet (a new store starts over). */
  update(store) {
    if (store !== this.store || store.length < this.seen) {
      this.store = store;
      this.seen = 0;
      this.requests = new Map();
      this.services = [];
    }
    for (; this.seen < store.length; this.seen += 1) {
      const step = store.step(this.seen);
      for (const event of (step && step.events) || []) this.read(this.seen, step.t, event);
    }
  }

  request(index) {
    if (!this.requests.has(index)) this.requests.set(index, { cylinder: null, arrival: null, who: null });
    return this.requests.get(index);
  }

  read(i, t, event) {
    if (event.kind === "disk_request" && Number.isInteger(event.request)) {
      Object.assign(this.request(event.request), { cylinder: event.cylinder, arrival: t });
    } else if (event.kind === "block" && typeof event.on === "string" && /^io:\d+$/.test(event.on)) {
      // A process's io op: the request number is in what it waits for.
      const request = this.request(Number(event.on.slice(3)));
      request.who = event.who;
      if (request.arrival === null) request.arrival = t;
    } else if (event.kind === "disk" && Number.isInteger(event.start) && Number.isInteger(event.finish)) {
      const request = Number.isInteger(event.request) ? this.request(event.request) : null;
      if (request) request.cylinder = event.cylinder;
      this.services.push({ step: i, request: event.request ?? null, cylinder: event.cylinder, start: event.start,
        end: event.finish, movement: event.movement, reason: event.reason || "",
        reason_key: event.reason_key, reason_args: event.reason_args });
    }
  }

  /** Fill in what only the result knows (cylinders and arrivals of requests never seen in an event). */
  absorb(result) {
    const requests = result && result.io && Array.isArray(result.io.requests) ? result.io.requests : [];
    requests.forEach((r, k) => {
      const known = this.request(k);
      if (known.cylinder === null) known.cylinder = r.cylinder;
      if (known.arrival === null) known.arrival = r.arrival;
      if (known.who === null && r.who !== undefined) known.who = r.who;
    });
  }
}
