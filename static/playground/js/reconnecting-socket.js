/**
 * A websocket that reconnects with backoff: the part the run stream and the
 * live session share.  Subclasses say where to connect (url), what a frame
 * means (handle), which close codes are final (finalClose) and whether to
 * give up after the last retry delay (retryForever).
 */

/** ws:// or wss:// URL for a server path, on the page's own host. */
export function wsUrl(path, loc = globalThis.location) {
  const scheme = loc.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${loc.host}${path}`;
}

export class ReconnectingSocket {
  /** @param {object} options  WebSocketImpl (for tests), retryDelays (ms between reconnects) */
  constructor(options = {}, defaultDelays = [250, 500, 1000, 2000, 4000]) {
    this.WebSocketImpl = options.WebSocketImpl ?? globalThis.WebSocket;
    this.retryDelays = options.retryDelays ?? defaultDelays;
    this.retryForever = false;
    this.attempt = 0;
    this.done = false;
    this.ws = null;
    this.timer = null;
  }

  // -- hooks ----------------------------------------------------------------
  /** The URL to (re)connect to. */
  url() {
    throw new Error("ReconnectingSocket.url() must be overridden");
  }

  /** One frame: a parsed JSON object. */
  handle(_frame) {}

  /** The connection is open. */
  opened() {}

  /** True when close `code` ended the socket for good (the subclass has said why). */
  finalClose(_code) { return false; }

  /** Every retry failed (only when retryForever is false). */
  gaveUp() {}

  /** Report "connecting", "live", "reconnecting", "closed"... */
  status(_value, _message = "") {}

  // -- the connection ---------------------------------------------------------
  /** Open the connection (idempotent while one is open). */
  start() {
    if (this.done || this.ws) return;
    this.status(this.attempt === 0 ? "connecting" : "reconnecting");
    const ws = new this.WebSocketImpl(this.url());
    this.ws = ws;
    ws.onopen = () => {
      if (ws === this.ws) this.opened();
    };
    ws.onmessage = (event) => this.receive(ws, event.data);
    ws.onclose = (event) => this.closed(ws, event.code);
    // onerror is always followed by onclose, where reconnection happens.
    ws.onerror = () => {};
  }

  /** Stop for good: no more frames, no reconnection. */
  stop() {
    this.done = true;
    clearTimeout(this.timer);
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close();
  }

  /** Stop for good and say so. */
  close() {
    this.stop();
    this.status("closed");
  }

  /** Drop the current connection and open a new one at once. */
  reconnectNow() {
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close();
    this.start();
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
    this.handle(frame);
  }

  closed(ws, code) {
    if (ws !== this.ws || this.done) return;
    this.ws = null;
    if (this.finalClose(code)) return;
    if (!this.retryForever && this.attempt >= this.retryDelays.length) {
      this.gaveUp();
      return;
    }
    const delay = this.retryDelays[Math.min(this.attempt, this.retryDelays.length - 1)];
    this.attempt += 1;
    this.status("reconnecting");
    this.timer = setTimeout(() => this.start(), delay);
  }
}
