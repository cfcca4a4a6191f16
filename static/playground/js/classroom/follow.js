/**
 * A student's side of playback: while following, the student's player
 * shows the instructor's step; touching the player's controls detaches it
 * (explore on your own), and "Follow" jumps back to the instructor's step.
 *
 * The player keeps its own timer stopped while following: the instructor's
 * seeks arrive several times a second during play, so the student's player
 * moves in step with them instead of drifting on a clock of its own.
 * Follower is also a player widget, to apply a step that had not streamed
 * in yet when the instructor's state came.
 */

import { el } from "../dom.js";
import { gettext, interpolate } from "../i18n.js";

/** Keys the player acts on (player.js key()). */
const PLAYER_KEYS = new Set([" ", "ArrowLeft", "ArrowRight", "Home", "End", "+", "=", "-"]);

export class Follower {
  /**
   * @param {Player} player  the student's player
   * @param {HTMLElement} playerRoot  its root (the controls are inside)
   * @param {HTMLElement} box  where the follow status and button go
   */
  constructor(player, playerRoot, box) {
    this.player = player;
    this.box = box;
    this.following = true;
    this.lead = null; // the instructor's last state {step, playing, speed, seq}
    this.label = el("p", { class: "follow-status", role: "status" });
    this.button = el("button", {
      type: "button", class: "btn primary", "data-part": "follow-button", hidden: true,
      text: gettext("Follow the instructor"), on: { click: () => this.follow() },
    });
    box.append(this.label, this.button);
    // Capture phase: the student's intent is known before the player acts on it.
    const detachOn = (event) => {
      if (!this.following) return;
      if (event.type === "keydown" && !PLAYER_KEYS.has(event.key)) return;
      if (event.type === "click" && !event.target.closest("button")) return;
      this.detach();
    };
    for (const type of ["click", "keydown", "input", "change"]) playerRoot.addEventListener(type, detachOn, true);
    this.paint();
  }

  /** A state from the server; stale ones (lower seq) are ignored. */
  apply(state) {
    if (this.lead && Number.isInteger(state.seq) && state.seq < this.lead.seq) return;
    this.lead = state;
    if (this.following) this.sync();
    this.paint();
  }

  sync() {
    if (!this.lead) return;
    const player = this.player;
    if (player.playing) player.pause();
    if (player.speed !== this.lead.speed) player.setSpeed(this.lead.speed);
    if (player.store.length > this.lead.step && player.index !== this.lead.step) player.seek(this.lead.step);
  }

  /** Player widget hook: catch up once the instructor's step has streamed in. */
  render(view) {
    if (this.following && this.lead && view.index !== this.lead.step && this.player.store.length > this.lead.step) {
      this.player.seek(this.lead.step);
    }
  }

  detach() {
    this.following = false;
    this.paint();
  }

  follow() {
    this.following = true;
    this.sync();
    this.paint();
  }

  paint() {
    const lead = this.lead;
    this.box.dataset.following = String(this.following);
    if (lead) this.box.dataset.leadStep = String(lead.step);
    this.button.hidden = this.following;
    if (this.following) {
      this.label.textContent = !lead ? gettext("Waiting for the instructor…")
        : (lead.playing
          ? interpolate(gettext("Following the instructor (playing at %(speed)s×)."), { speed: lead.speed })
          : gettext("Following the instructor (paused)."));
    } else {
      this.label.textContent = lead
        ? interpolate(gettext("Exploring on your own. The instructor is at step %(n)s."), { n: lead.step + 1 })
        : gettext("Exploring on your own.");
    }
  }
}
