/**
 * Where the steps of a page that holds only what it shows come from (a
 * practice page, an embed with its answers hidden): /practice/runs/<id>/steps/,
 * a window at a time (the steps before the next unanswered checkpoint; the
 * result only after the last one).  mountRun() takes it as its `feed`:
 *
 *   const feed = new PracticeFeed(runId);
 *   const panel = mountRun(area, { scenario, run: {id: runId}, reveal: "cursor", feed: (h) => feed.attach(h) });
 *   await feed.fetchTo({ tick: 5 });   // steps with t < 5; {reached} says if the step at t >= 5 exists
 *   await feed.fetchTo(null);          // every step and the result
 */

import { getJSON } from "../api.js";
import { gettext } from "../i18n.js";
import { StepStore } from "../steps.js";
import { failureText } from "../socket.js";

/** While the run is still being computed, ask again after this long (ms). */
const POLL_MS = 300;

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

export class PracticeFeed {
  constructor(runId) {
    this.runId = runId;
    this.handlers = null;
    this.held = 0;
    this.closed = false;
    this.queue = Promise.resolve();
  }

  /** mountRun's feed hook: remember the handlers (onSteps, onFinished, onFailed, onStatus). */
  attach(handlers) {
    this.handlers = handlers;
    return this;
  }

  start() {
    this.handlers.onStatus("connecting");
  }

  close() {
    this.closed = true;
  }

  url(from, bound) {
    const query = new URLSearchParams({ from: String(from) });
    if (bound && Number.isInteger(bound.step)) query.set("before_step", String(bound.step));
    if (bound && Number.isInteger(bound.tick)) query.set("before_tick", String(bound.tick));
    return `/practice/runs/${encodeURIComponent(this.runId)}/steps/?${query}`;
  }

  /**
   * Hold every step before `bound` ({step} or {tick}; null: every step and
   * the result).  Resolves to {reached}: true when the step at the bound
   * exists (the run got that far), false when the run ended before it.
   * Calls run one after another.
   */
  fetchTo(bound) {
    const next = this.queue.then(() => this.fetchNow(bound));
    this.queue = next.catch(() => {});
    return next;
  }

  async fetchNow(bound) {
    for (;;) {
      if (this.closed) return { reached: false };
      const reply = await getJSON(this.url(this.held, bound));
      const steps = Array.isArray(reply.steps) ? reply.steps : [];
      // The reply begins with the keyframe at or before `held`: steps already held come again.
      const from = Number.isInteger(reply.from) ? reply.from : this.held;
      if (from + steps.length > this.held) {
        // The first steps in: the run is no longer "connecting" (nothing else says so until the end).
        if (this.held === 0) this.handlers.onStatus("live");
        this.held = from + steps.length;
        this.handlers.onSteps(from, steps);
      }
      if (reply.status === "failed") {
        this.handlers.onFailed(failureText(reply) || gettext("The run failed."));
        return { reached: false };
      }
      if (reply.reached) return { reached: true };
      if (reply.more) continue;
      if (reply.status === "completed") {
        if ("result" in reply) {
          this.handlers.onStatus("finished");
          this.handlers.onFinished(reply.result);
        }
        return { reached: false };
      }
      await sleep(POLL_MS);
    }
  }

  /**
   * The whole run in a store of its own, to check an answer that needs what
   * comes later (a figure of the result, the next allocation): the caller
   * reads the answer from it and drops it; the player never sees it.
   */
  async wholeRun() {
    const scratch = new StepStore();
    let held = 0;
    for (;;) {
      const reply = await getJSON(this.url(held, null));
      const steps = Array.isArray(reply.steps) ? reply.steps : [];
      const from = Number.isInteger(reply.from) ? reply.from : held;
      scratch.append(from, steps);
      held = Math.max(held, from + steps.length);
      if (reply.status === "failed") {
        scratch.fail(failureText(reply));
        return scratch;
      }
      if ("result" in reply) {
        scratch.finish(reply.result);
        return scratch;
      }
      if (!reply.more) await sleep(POLL_MS);
    }
  }
}

/**
 * For a page without checkpoints that must still hold only what it shows
 * (an embed with its answers hidden): the player may go one step past what
 * it holds at a time.  Each time the cursor reaches the last step held, one
 * more is fetched (playback goes on if it was playing); after the last step
 * comes the result.
 */
export function revealAsPlayed(player, feed) {
  let busy = false;
  const extend = async (step, wasPlaying) => {
    if (busy) return;
    busy = true;
    try {
      const held = player.store.length;
      await feed.fetchTo({ step: held + 1 });
      if (player.store.length > held) {
        player.setBarrier(player.store.length - 1, extend);
        player.dataChanged();
      } else {
        player.setBarrier(null); // every step is held: the run is over
        await feed.fetchTo(null);
        player.dataChanged();
      }
      if (wasPlaying) player.play();
    } finally {
      busy = false;
    }
  };
  feed.fetchTo({ step: 1 }).then(() => {
    player.setBarrier(0, extend);
    player.dataChanged();
  });
}
