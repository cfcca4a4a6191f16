/**
 * The live session's websocket: /ws/sessions/<code>/.
 *
 * Every frame is a JSON object with a `type` (docs/classroom.md); each one
 * is handed to onFrame as it comes.  A dropped connection is reopened with
 * backoff; the server then sends session.welcome again with the current
 * state, so nothing needs replaying.  Close codes 4403 (not joined), 4404
 * (no such session) and 4410 (ended) are final.
 */

import { gettext } from "../i18n.js";

const FINAL_CODES = {
  4403: () => gettext("You have not joined this session. Reload the page to join."),
  4404: () => gettext("This session does not exist."),
  4410: () => gettext("This session has ended."),
};

/** ws:// or wss:// URL for a server path, on the page's own host. */
export function sessionSocketUrl(path, loc = globalThis.location) {
  const scheme = loc.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${loc.host}${path}`;
}

export class SessionSocket {
  /**
   * @param {string} path  e.g. "/ws/sessions/K7M4R/"
   * @param {object} handlers  onFrame(frame), onStatus(status, message) where
   *   status is "connecting", "live", "reconnecting", "closed" or "refused"
   * @param {object} options  WebSocketImpl (for tests), retryDelays (ms)
   */
  constructor(path, handlers, options = {}) {
    this.path = path;
    this.handlers = handlers;
    this.WebSocketImpl = options.WebSocketImpl ?? globalThis.WebSocket;
    this.retryDelays = options.retryDelays ?? [250, 500, 1000, 2000, 4000];
    this.attempt = 0;
    this.ws = null;
    this.done = false;
    this.timer = null;
  }

  start() {
    if (this.done || this.ws) return;
    this.status(this.attempt === 0 ? "connecting" : "reconnecting");
    const ws = new this.WebSocketImpl(sessionSocketUrl(this.path));
    this.ws = ws;
    ws.onopen = () => {
      if (ws === this.ws) this.status("live");
    };
    ws.onmessage = (event) => this.receive(ws, event.data);
    ws.onclose = (event) => this.closed(ws, event.code);
    ws.onerror = () => {};
  }

  /** Send one message (an object with a `type`); false when not connected. */
  send(message) {
    if (!this.ws || this.ws.readyState !== 1) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  /** Stop for good. */
  close() {
    this.done = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close();
    this.ws = null;
    this.status("closed");
  }

  status(value, message = "") {
    if (this.handlers.onStatus) this.handlers.onStatus(value, message);
  }

  receive(ws, data) {
    if (ws !== this.ws || this.done) return;
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (!frame || typeof frame !== "object" || typeof frame.type !== "string") return;
    this.attempt = 0;
    this.handlers.onFrame(frame);
  }

  closed(ws, code) {
    if (ws !== this.ws || this.done) return;
    this.ws = null;
    if (FINAL_CODES[code]) {
      this.done = true;
      this.status("refused", FINAL_CODES[code]());
      return;
    }
    const delay = this.retryDelays[Math.min(this.attempt, this.retryDelays.length - 1)];
    this.attempt += 1;
    this.status("reconnecting");
    this.timer = setTimeout(() => this.start(), delay);
  }
}
