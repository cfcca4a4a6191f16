/**
 * The run's websocket: /ws/runs/<id>/?from=N.
 *
 * RunSocket keeps `next`, the index of the next step it expects.  Batches are
 * delivered to onSteps in order, each step once: a batch that overlaps what
 * was already delivered is trimmed, and a batch that starts beyond `next`
 * (a step was lost) makes the socket reconnect with ?from=next so that the
 * server resends the gap.  After a dropped connection it reconnects with
 * ?from=next, backing off, until run.finished or run.failed arrives.  A
 * run.finished frame with a result_url instead of a result (a large result)
 * is followed by a GET of that URL.  A run.failed frame's message is given
 * to onFailed in the page's language when it comes with its key
 * (`error_key`/`error_args`, translate.js), in English otherwise.
 */

import { gettext } from "./i18n.js";
import { ReconnectingSocket, wsUrl } from "./reconnecting-socket.js";
import { translateKeyed } from "./translate.js";

/** Close codes the server uses for requests that will never succeed. */
const CLOSE_UNKNOWN_RUN = 4404;
const CLOSE_BAD_REQUEST = 4400;

/** ws:// or wss:// URL for a run stream from step `from`, on the page's own host. */
export function socketUrl(path, from, loc = globalThis.location) {
  const sep = path.includes("?") ? "&" : "?";
  return wsUrl(`${path}${sep}from=${from}`, loc);
}

/** The message of a run.failed frame in the page's language (English without a key). */
export function failureText(frame) {
  return translateKeyed(String(frame.error ?? ""), frame.error_key, frame.error_args);
}

export class RunSocket extends ReconnectingSocket {
  /**
   * @param {string} path  the "ws" path from the API, e.g. "/ws/runs/abc/"
   * @param {object} handlers  onSteps(from, steps), onFinished(result),
   *   onFailed(message), onStatus(status) where status is one of
   *   "connecting", "live", "reconnecting", "finished", "failed", "closed"
   * @param {object} options  from (first step wanted, default 0),
   *   WebSocketImpl (for tests), retryDelays (ms between reconnects)
   */
  constructor(path, handlers, options = {}) {
    super(options, [250, 500, 1000, 2000, 4000, 4000, 4000, 4000]);
    this.path = path;
    this.handlers = handlers;
    this.next = options.from ?? 0;
    this.location = options.location ?? globalThis.location;
  }

  url() {
    return socketUrl(this.path, this.next, this.location);
  }

  status(value) {
    if (this.handlers.onStatus) this.handlers.onStatus(value);
  }

  handle(frame) {
    if (frame.type === "run.steps") this.steps(frame);
    else if (frame.type === "run.finished" && typeof frame.result_url === "string") this.fetchResult(frame.result_url);
    else if (frame.type === "run.finished") this.finish("finished", () => this.handlers.onFinished(frame.result));
    else if (frame.type === "run.failed") this.finish("failed", () => this.handlers.onFailed(failureText(frame)));
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

  /** A large result is not in the final frame: fetch it from the URL the frame names. */
  fetchResult(url) {
    this.stop();
    const failed = () => this.finish("failed", () => this.handlers.onFailed(
      gettext("The run finished, but its result could not be loaded. Reload the page to try again.")));
    globalThis.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then((result) => this.finish("finished", () => this.handlers.onFinished(result)), failed);
  }

  finish(status, notify) {
    this.stop();
    this.status(status);
    notify();
  }

  finalClose(code) {
    if (code !== CLOSE_UNKNOWN_RUN && code !== CLOSE_BAD_REQUEST) return false;
    const message = code === CLOSE_UNKNOWN_RUN
      ? gettext("This run does not exist (it may have been deleted).")
      : gettext("The server refused the connection request.");
    this.finish("failed", () => this.handlers.onFailed(message));
    return true;
  }

  gaveUp() {
    this.finish("failed", () => this.handlers.onFailed(gettext("Lost the connection to the server. Reload the page to try again.")));
  }
}
