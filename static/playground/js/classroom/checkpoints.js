/**
 * Checkpoints in self-paced playback: the player stops just before each
 * checkpoint's step, asks for a prediction, checks it against the run, and
 * goes on when the student presses Continue.  Answers are kept in
 * localStorage under "playground.checkpoints.<slug>", so they survive a
 * reload (and an answered checkpoint no longer stops playback).
 *
 *   const guide = attachCheckpoints(panel, { scenario, slug, box });
 *
 * `panel` is what run-panel.js mountRun() returns.  The player has no "on
 * step" callback, so the guide joins the player's widget list: render(view)
 * runs after every move.  It stops playback and forward single steps that
 * cross an unanswered checkpoint; a jump with the slider passes freely.
 */

import { clear, el } from "../dom.js";
import { gettext, interpolate } from "../i18n.js";
import { answerText, expectedAnswer, isRight, readCheckpoints, stepOf } from "./checkpoint-answers.js";

const STORAGE_PREFIX = "playground.checkpoints.";

function loadAnswers(key) {
  if (!key) return {};
  try {
    const saved = JSON.parse(globalThis.localStorage.getItem(key) || "{}");
    return saved && typeof saved === "object" ? saved : {};
  } catch {
    return {}; // unreadable or blocked storage: start afresh
  }
}

export class CheckpointGuide {
  constructor(player, { scenario, slug, box }) {
    this.player = player;
    this.box = box;
    const { checkpoints, problems } = readCheckpoints(scenario);
    this.checkpoints = checkpoints;
    this.problems = problems;
    this.names = [...(scenario.processes || []).map((p) => p && p.name).filter((n) => typeof n === "string"), "idle"];
    this.key = slug ? STORAGE_PREFIX + slug : null;
    this.answers = loadAnswers(this.key); // n -> {given, right, expected}
    this.active = null; // the checkpoint waiting for an answer
    this.waiting = null; // a given answer waiting for the run to finish
    this.prev = -1;
    this.paint();
  }

  save() {
    if (!this.key) return;
    try {
      globalThis.localStorage.setItem(this.key, JSON.stringify(this.answers));
    } catch {
      // Private mode or a full quota: answers then last until the page closes.
    }
  }

  render(view) {
    const prev = this.prev;
    this.prev = view.index;
    if (this.waiting) this.check(this.waiting);
    if (this.active || view.index <= prev) return;
    if (!this.player.playing && view.index !== prev + 1) return;
    const store = this.player.store;
    const crossed = this.checkpoints.find((cp) => {
      const s = stepOf(cp, store);
      return s !== null && !this.answers[cp.n] && prev < s && s <= view.index;
    });
    if (!crossed) return;
    const s = stepOf(crossed, store);
    this.active = crossed;
    this.player.pause();
    this.player.seek(Math.max(0, s - 1));
    this.prev = Math.max(0, s - 1);
    this.paint();
  }

  /** Check `given` for the active checkpoint (later, if the run is not that far yet). */
  check(given) {
    const cp = this.active;
    if (!cp) return;
    const expected = expectedAnswer(cp, this.player.store);
    if (expected.error) {
      this.answers[cp.n] = { given, right: false, expected: null, error: expected.error };
    } else if (!expected.ready) {
      this.waiting = given;
      this.paint();
      return;
    } else {
      this.answers[cp.n] = { given, right: isRight(cp, expected.value, given), expected: answerText(expected.value) };
    }
    this.waiting = null;
    this.save();
    this.paint();
  }

  continue() {
    this.active = null;
    this.paint();
    this.player.play();
  }

  paint() {
    const box = clear(this.box);
    box.dataset.active = this.active ? String(this.active.n) : "";
    if (!this.checkpoints.length && !this.problems.length) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    box.append(el("h2", { text: gettext("Checkpoints") }));
    for (const problem of this.problems) box.append(el("p", { class: "run-error", text: problem }));
    if (this.active) box.append(this.activeView(this.active));
    box.append(el("ol", { class: "checkpoint-list" }, this.checkpoints.map((cp) => {
      const a = this.answers[cp.n];
      const where = cp.step !== null ? interpolate(gettext("step %(n)s"), { n: cp.step + 1 }) : interpolate(gettext("t = %(t)s"), { t: cp.t });
      const text = a ? (a.error ? interpolate(gettext("%(where)s: %(prompt)s (%(error)s)"), { where, prompt: cp.prompt, error: a.error })
        : interpolate(gettext("%(where)s: %(prompt)s You said %(given)s; the run says %(expected)s."), { where, prompt: cp.prompt, given: a.given, expected: a.expected }))
        : interpolate(gettext("%(where)s: %(prompt)s"), { where, prompt: cp.prompt });
      return el("li", { class: a ? (a.right ? "right" : "wrong") : "", "data-checkpoint": String(cp.n), text });
    })));
  }

  activeView(cp) {
    const answered = this.answers[cp.n];
    const view = el("div", { class: "checkpoint-active", "data-part": "checkpoint-question" },
      el("p", { class: "poll-prompt", text: cp.prompt }));
    if (answered) {
      view.append(el("p", { class: `poll-correct ${answered.right ? "right" : "wrong"}`, "data-part": "checkpoint-verdict",
        text: answered.error || (answered.right
          ? interpolate(gettext("Right: %(a)s."), { a: answered.expected })
          : interpolate(gettext("Not quite: the run says %(a)s."), { a: answered.expected })) }),
      el("button", { type: "button", class: "btn primary", "data-part": "checkpoint-continue", text: gettext("Continue"), on: { click: () => this.continue() } }));
      return view;
    }
    if (this.waiting !== null) {
      view.append(el("p", { class: "hint", text: gettext("Checking once the run has streamed that far…") }));
      return view;
    }
    if (cp.kind === "next_process") {
      view.append(el("div", { class: "poll-choices" }, this.names.map((name) => el("button", {
        type: "button", class: "btn", "data-choice": name, text: name, on: { click: () => this.check(name) } }))));
      return view;
    }
    const input = el("input", { type: "text", class: "poll-number", "data-part": "checkpoint-input", "aria-label": gettext("Your prediction"),
      placeholder: cp.kind === "queue" ? gettext("e.g. P2, P3")
        : (cp.kind === "address" ? gettext("a number, or null")
          : (cp.kind === "disk_next" ? gettext("a cylinder") : gettext("a number"))) });
    view.append(el("form", { class: "poll-form", on: { submit: (event) => {
      event.preventDefault();
      if (input.value.trim() !== "" || cp.kind === "queue") this.check(input.value.trim());
    } } }, input, el("button", { type: "submit", class: "btn primary", text: gettext("Check") })));
    return view;
  }
}

/** Plug checkpoints into a mounted run panel; returns the guide. */
export function attachCheckpoints(panel, options) {
  const guide = new CheckpointGuide(panel.player, options);
  panel.player.widgets.push(guide);
  return guide;
}
