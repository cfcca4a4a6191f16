/**
 * The run's websocket: /ws/runs/<id>/?from=N.
 *
 * RunSocket keeps `next`, the index of the next step it expects.  Batches are
 * delivered to onSteps in order, each step once: a batch that overlaps what
 * was already delivered is trimmed, and a batch that starts beyond `next`
 * (a step was lost) makes the socket reconnect with ?from=next so that the
 * server resends the gap.  After a dropped connection it reconnects with
 * ?from=next, backing off, until run.finished or run.failed arrives.
 */

import { gettext } from "./i18n.js";

/** Close codes the server uses for requests that will never succeed. */
const CLOSE_UNKNOWN_RUN = 4404;
const CLOSE_BAD_REQUEST = 4400;

/** ws:// or wss:// URL for a server path, on the page's own host. */
export function socketUrl(path, from, loc = globalThis.location) {
  const scheme = loc.protocol === "https:" ? "wss:" : "ws:";
  const sep = path.includes("?") ? "&" : "?";
  return `${scheme}//${loc.host}${path}${sep}from=${from}`;
}

export class RunSocket {
  /**
   * @param {string} path  the "ws" path from the API, e.g. "/ws/runs/abc/"
   * @param {object} handlers  onSteps(from, steps), onFinished(result),
   *   onFailed(message), onStatus(status) where status is one of
   *   "connecting", "live", "reconnecting", "finished", "failed", "closed"
   * @param {object} options  from (first step wanted, default 0),
   *   WebSocketImpl (for tests), retryDelays (ms between reconnects)
   */
  constructor(path, handlers, options = {}) {
    this.path = path;
    this.handlers = handlers;
    this.next = options.from ?? 0;
    this.WebSocketImpl = options.WebSocketImpl ?? globalThis.WebSocket;
    this.retryDelays = options.retryDelays ?? [250, 500, 1000, 2000, 4000, 4000, 4000, 4000];
    this.location = options.location ?? globalThis.location;
    this.attempt = 0;
    this.done = false;
    this.ws = null;
    this.timer = null;
  }

  /** Open the connection (idempotent while one is open). */
  start() {
    if (this.done || this.ws) return;
    this.status(this.attempt === 0 ? "connecting" : "reconnecting");
    const ws = new this.WebSocketImpl(socketUrl(this.path, this.next, this.location));
    this.ws = ws;
    ws.onmessage = (event) => this.receive(ws, event.data);
    ws.onclose = (event) => this.closed(ws, event.code);
    // onerror is always followed by onclose, where reconnection happens.
    ws.onerror = () => {};
  }

  /** Stop for good: no more callbacks, no reconnection. */
  close() {
    this.done = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close();
    this.ws = null;
    this.status("closed");
  }

  status(value) {
    if (this.handlers.onStatus) this.handlers.onStatus(value);
  }

  receive(ws, data) {
    if (ws !== this.ws || this.done) return;
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return; // not a frame of ours; the server never sends these
    }
    if (!frame || typeof frame !== "object") return;
    this.attempt = 0;
    if (frame.type === "run.steps") this.steps(frame);
    else if (frame.type === "run.finished") this.finish("finished", () => this.handlers.onFinished(frame.result));
    else if (frame.type === "run.failed") this.finish("failed", () => this.handlers.onFailed(String(frame.error ?? "")));
  }

  steps(frame) {
    const from = Number(frame.from);
    const steps = Array.isArray(frame.steps) ? frame.steps : [];
    if (!Number.isInteger(from) || from < 0) return;
    if (from > this.next) {
      // A gap: steps next..from-1 never arrived.  Ask again from `next`.
      this.reconnectNow();
      return;
    }
    const fresh = steps.slice(this.next - from);
    if (!fresh.length) return; // every step in the batch was delivered already
    const start = this.next;
    this.next += fresh.length;
    this.status("live");
    this.handlers.onSteps(start, fresh);
  }

  finish(status, notify) {
    this.done = true;
    clearTimeout(this.timer);
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close();
    this.status(status);
    notify();
  }

  reconnectNow() {
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close();
    this.start();
  }

  closed(ws, code) {
    if (ws !== this.ws || this.done) return;
    this.ws = null;
    if (code === CLOSE_UNKNOWN_RUN || code === CLOSE_BAD_REQUEST) {
      const message = code === CLOSE_UNKNOWN_RUN
        ? gettext("This run does not exist (it may have been deleted).")
        : gettext("The server refused the connection request.");
      this.finish("failed", () => this.handlers.onFailed(message));
      return;
    }
    if (this.attempt >= this.retryDelays.length) {
      this.finish("failed", () => this.handlers.onFailed(gettext("Lost the connection to the server. Reload the page to try again.")));
      return;
    }
    const delay = this.retryDelays[this.attempt];
    this.attempt += 1;
    this.status("reconnecting");
    this.timer = setTimeout(() => this.start(), delay);
  }
}
