/**
 * The messages of a run, each tied to the steps where it was sent,
 * delivered and received, for the sequence diagram (ipc-diagram.js).
 *
 * A message is
 *   {id, from, to, kind: "send" | "request" | "reply" | "publish", topic,
 *    body, hasBody, sent, delivered, received, dropped,
 *    sendStep, deliverStep, recvStep,   // step indices, or null when unknown
 *    pair, pairNo,                      // a request and its reply share pairNo
 *    group}                             // the copies of one publish share group
 *
 * Once the run has finished, messages are the result's `ipc.messages` (one
 * record per copy, in the order they were created) and the events locate
 * them in the steps: `send` and `publish` events come in the same order as
 * the records, `deliver` and `recv` name the two ends.  While the run
 * streams, the same messages are rebuilt from the events alone (without
 * bodies), one new step at a time: a `send` followed by a `wake` of its
 * addressee is a reply, a `send` whose sender then blocks on "reply:..." is
 * a request, and the deliveries right after a `publish` are its copies.
 * Between two processes messages are delivered and received in the order
 * they were sent (one mailbox, first in first out), so each pair of
 * processes keeps a queue of the messages still to be delivered and to be
 * received.
 */

import { ownerOf } from "./thread-owners.js";

const blank = (fields) => ({
  id: 0, kind: "send", topic: null, body: undefined, hasBody: false, delivered: null, received: null, dropped: false,
  sendStep: null, deliverStep: null, recvStep: null, pair: null, pairNo: null, group: null, ...fields,
});

const pairKey = (from, to) => `${from}\u0000${to}`;

/** Is the `send` event at events[k] a request (its sender then waits for the reply)? */
function isRequest(events, k) {
  const who = events[k].who;
  for (let j = k + 1; j < events.length; j += 1) {
    const e = events[j];
    if (e.who === who && (e.kind === "send" || e.kind === "publish")) return false;
    if (e.kind === "block" && e.who === who) return typeof e.on === "string" && e.on.startsWith("reply:");
  }
  return false;
}

/**
 * Per pair of processes, messages in sending order.  Each use of a queue
 * (delivering, receiving, pairing) is a `side` with its own front: the
 * index before which every message is done for that use, so a search
 * never walks the same finished messages twice.
 */
class PairQueues {
  constructor() {
    this.lists = new Map();
  }

  add(m) {
    const key = pairKey(m.from, m.to);
    if (!this.lists.has(key)) this.lists.set(key, { items: [], fronts: new Map() });
    this.lists.get(key).items.push(m);
  }

  /** The first message from -> to that is not `done` (for `side`) and passes `test`, or null. */
  find(from, to, side, done, test = () => true) {
    const list = this.lists.get(pairKey(from, to));
    if (!list) return null;
    let front = list.fronts.get(side) || 0;
    while (front < list.items.length && done(list.items[front])) front += 1;
    list.fronts.set(side, front);
    for (let k = front; k < list.items.length; k += 1) {
      const m = list.items[k];
      if (!done(m) && test(m)) return m;
    }
    return null;
  }
}

/** Messages rebuilt from a run's events as its steps arrive (see the module comment). */
export class MessageLog {
  constructor(owners) {
    this.owners = owners;
    this.reset(null);
  }

  reset(store) {
    this.store = store;
    this.seen = 0;
    this.messages = [];
    this.queues = new PairQueues();
    this.requests = new PairQueues(); // requests, for pairing replies
    this.groups = 0;
    this.pairs = 0;
  }

  /** Read the steps of `store` not read yet (a new store starts over); the messages so far. */
  update(store) {
    if (store !== this.store || store.length < this.seen) this.reset(store);
    for (; this.seen < store.length; this.seen += 1) this.readStep(this.seen, store.step(this.seen));
    return this.messages;
  }

  add(m) {
    m.id = this.messages.length;
    this.messages.push(m);
    this.queues.add(m);
    if (m.kind === "request") this.requests.add(m);
    if (m.kind === "reply") pairReply(m, this.requests, () => ++this.pairs);
  }

  readStep(i, step) {
    const events = (step && step.events) || [];
    const proc = (name) => ownerOf(this.owners, name);
    let publish = null; // {from, topic, group, seen} while the copies of a publish are handed out
    events.forEach((e, k) => {
      if (publish && !["deliver", "recv", "wake"].includes(e.kind)) publish = null;
      if (e.kind === "send") {
        const reply = events[k + 1] && events[k + 1].kind === "wake" && events[k + 1].who === e.to;
        const m = blank({ from: proc(e.who), to: proc(e.to), sent: step.t, sendStep: i,
          kind: reply ? "reply" : (isRequest(events, k) ? "request" : "send") });
        if (reply) Object.assign(m, { delivered: step.t, received: step.t, deliverStep: i, recvStep: i });
        this.add(m);
      } else if (e.kind === "publish") {
        this.groups += 1;
        publish = { from: proc(e.who), topic: e.topic, group: this.groups, seen: new Set() };
      } else if (e.kind === "deliver" || e.kind === "recv") {
        const to = e.kind === "deliver" ? e.who : proc(e.who);
        if (publish && e.sender === publish.from && !publish.seen.has(to)) {
          publish.seen.add(to);
          const taken = e.kind === "recv";
          this.add(blank({ from: publish.from, to, kind: "publish", topic: publish.topic, group: publish.group,
            sent: step.t, sendStep: i, delivered: step.t, deliverStep: i,
            received: taken ? step.t : null, recvStep: taken ? i : null }));
        } else if (e.kind === "deliver") {
          const m = this.queues.find(e.sender, to, "deliver", (x) => x.delivered !== null);
          if (m) Object.assign(m, { delivered: step.t, deliverStep: i });
        } else {
          const m = this.queues.find(e.sender, to, "receive", (x) => x.received !== null);
          if (m) {
            Object.assign(m, { received: step.t, recvStep: i });
            if (m.delivered === null) Object.assign(m, { delivered: step.t, deliverStep: i });
          }
        }
      }
    });
  }
}

/** Pair reply `m` with the oldest request it answers (received, not yet answered); `next()` numbers the pair. */
function pairReply(m, requests, next) {
  const request = requests.find(m.to, m.from, "pair", (x) => x.pair !== null,
    (x) => x.received !== null && x.received <= m.sent);
  if (!request) return;
  request.pair = m.id;
  m.pair = request.id;
  request.pairNo = next();
  m.pairNo = request.pairNo;
}

/** Messages rebuilt from the events of every step held by `store` (a running run). */
export function messagesFromEvents(store, owners) {
  return new MessageLog(owners).update(store);
}

/** The result's messages, each located in the steps by its events (see the module comment). */
export function messagesFromResult(result, store, owners) {
  const records = result && result.ipc && Array.isArray(result.ipc.messages) ? result.ipc.messages : [];
  const messages = records.map((r, id) => blank({
    id, from: r.from, to: r.to, sent: r.sent, delivered: r.delivered ?? null, received: r.received ?? null,
    body: r.body, hasBody: "body" in r, dropped: Boolean(r.dropped), topic: r.topic ?? null,
    kind: r.topic !== undefined && r.topic !== null ? "publish" : (r.kind === "request" || r.kind === "reply" ? r.kind : "send"),
  }));
  const located = new PairQueues(); // messages whose send event has been found
  let next = 0;
  const locate = (m, i) => {
    m.sendStep = i;
    located.add(m);
    next += 1;
  };
  for (let i = 0; i < store.length; i += 1) {
    const step = store.step(i);
    const proc = (name) => ownerOf(owners, name);
    for (const e of (step && step.events) || []) {
      if (e.kind === "send") {
        const m = messages[next];
        if (m && m.kind !== "publish" && m.from === proc(e.who) && m.sent === step.t) {
          locate(m, i);
          if (m.kind === "reply") Object.assign(m, { deliverStep: i, recvStep: i });
        }
      } else if (e.kind === "publish") {
        const seen = new Set();
        for (let m = messages[next]; m && m.kind === "publish" && m.topic === e.topic && m.from === proc(e.who)
          && m.sent === step.t && !seen.has(m.to); m = messages[next]) {
          seen.add(m.to);
          locate(m, i);
        }
      } else if (e.kind === "deliver") {
        const m = located.find(e.sender, e.who, "deliver", (x) => x.deliverStep !== null || x.dropped,
          (x) => x.delivered === step.t);
        if (m) m.deliverStep = i;
      } else if (e.kind === "recv") {
        const m = located.find(e.sender, proc(e.who), "receive", (x) => x.recvStep !== null || x.dropped,
          (x) => x.received === step.t);
        if (m) {
          m.recvStep = i;
          if (m.deliverStep === null) m.deliverStep = i;
        }
      }
    }
  }
  groupCopies(messages);
  const requests = new PairQueues();
  let pairs = 0;
  for (const m of messages) {
    if (m.kind === "request") requests.add(m);
    if (m.kind === "reply") pairReply(m, requests, () => ++pairs);
  }
  return messages;
}

/** Number the publishes: consecutive copies from one publish (a repeated addressee starts the next). */
function groupCopies(messages) {
  let group = 0;
  let members = new Set();
  messages.forEach((m, k) => {
    if (m.kind !== "publish") return;
    const prev = messages[k - 1];
    const same = prev && prev.kind === "publish" && prev.from === m.from && prev.topic === m.topic && prev.sent === m.sent
      && prev.sendStep === m.sendStep && !members.has(m.to);
    if (!same) {
      group += 1;
      members = new Set();
    }
    members.add(m.to);
    m.group = group;
  });
}

/**
 * Where a message stands at the view: {sent, delivered, received, current}.
 * Steps decide when they are known; ticks otherwise.
 */
export function messageState(m, view) {
  const reached = (stepIndex, tick) => (stepIndex !== null ? stepIndex <= view.index : tick !== null && tick <= view.t);
  const at = (stepIndex) => stepIndex !== null && stepIndex === view.index;
  return {
    sent: view.index >= 0 && reached(m.sendStep, m.sent),
    delivered: view.index >= 0 && reached(m.deliverStep, m.delivered),
    received: view.index >= 0 && reached(m.recvStep, m.received),
    current: at(m.sendStep) || at(m.deliverStep) || at(m.recvStep),
  };
}

/**
 * The messages to draw at the view: the result's once finished (computed
 * once per result), else those rebuilt from the events so far (each step
 * read once).  `cache` is the caller's own object, kept between calls.
 */
export function messagesAt(view, owners, cache) {
  if (!view.finished) {
    if (!cache.log) cache.log = new MessageLog(owners);
    return cache.log.update(view.store);
  }
  if (cache.result !== view.result || cache.store !== view.store) {
    cache.result = view.result;
    cache.store = view.store;
    cache.finished = messagesFromResult(view.result, view.store, owners);
  }
  return cache.finished;
}
