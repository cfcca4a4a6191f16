/**
 * The live session's websocket: /ws/sessions/<code>/.
 *
 * Every frame is a JSON object with a `type` (docs/classroom.md); each one
 * is handed to onFrame as it comes.  A dropped connection is reopened with
 * backoff; the server then sends session.welcome again with the current
 * state, so nothing needs replaying.  Close codes 4404 (no open session
 * you joined: the server does not say which), 4429 (too many wrong codes)
 * and 4410 (ended) are final.
 */

import { gettext } from "../i18n.js";
import { ReconnectingSocket, wsUrl } from "../reconnecting-socket.js";

const FINAL_CODES = {
  4404: () => gettext("You are not in an open session with this code. Reload the page to join."),
  4429: () => gettext("Too many wrong session codes from your address; wait a minute and reload."),
  4410: () => gettext("This session has ended."),
};

export class SessionSocket extends ReconnectingSocket {
  /**
   * @param {string} path  e.g. "/ws/sessions/K7M4R/"
   * @param {object} handlers  onFrame(frame), onStatus(status, message) where
   *   status is "connecting", "live", "reconnecting", "closed" or "refused"
   * @param {object} options  WebSocketImpl (for tests), retryDelays (ms)
   */
  constructor(path, handlers, options = {}) {
    super(options);
    this.path = path;
    this.handlers = handlers;
    // A class may sit through a network blip of any length: keep trying.
    this.retryForever = true;
  }

  url() {
    return wsUrl(this.path);
  }

  opened() {
    this.status("live");
  }

  /** Send one message (an object with a `type`); false when not connected. */
  send(message) {
    if (!this.ws || this.ws.readyState !== 1) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  status(value, message = "") {
    if (this.handlers.onStatus) this.handlers.onStatus(value, message);
  }

  handle(frame) {
    if (typeof frame.type === "string") this.handlers.onFrame(frame);
  }

  finalClose(code) {
    if (!FINAL_CODES[code]) return false;
    this.done = true;
    this.status("refused", FINAL_CODES[code]());
    return true;
  }
}
