/**
 * Checkpoints in self-paced playback: the player stops just before each
 * checkpoint's step, asks for a prediction, checks it against the run, and
 * goes on when the student presses Continue.  Answers are kept in
 * localStorage under "playground.checkpoints.<slug>", so they survive a
 * reload (and an answered checkpoint no longer stops playback).
 *
 *   const guide = attachCheckpoints(panel, { scenario, slug, box, feed });
 *
 * `panel` is what run-panel.js mountRun() returns, `feed` its PracticeFeed.
 * The guide holds the page to the reveal rule: it fetches the steps before
 * the next unanswered checkpoint only, and puts a barrier on the step just
 * before it, which no control passes (play, a step, End, the slider, a key).
 * Reaching the barrier asks the question.  After the last checkpoint the
 * rest of the run and its result are fetched.
 */

import { clear, el } from "../dom.js";
import { gettext, interpolate } from "../i18n.js";
import { answerText, expectedAnswer, isRight, readCheckpoints } from "./checkpoint-answers.js";

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

/** Where a checkpoint's step begins, as a fetch bound: {step} or {tick}. */
const boundOf = (cp) => (cp.step !== null ? { step: cp.step } : { tick: cp.t });

export class CheckpointGuide {
  constructor(player, { scenario, slug, box, feed }) {
    this.player = player;
    this.box = box;
    this.feed = feed;
    const { checkpoints, problems } = readCheckpoints(scenario);
    // In the order the run meets them (a scenario lists them in any order).
    this.checkpoints = checkpoints.slice().sort((a, b) => (a.step ?? a.t) - (b.step ?? b.t));
    this.problems = problems;
    this.names = [...(scenario.processes || []).map((p) => p && p.name).filter((n) => typeof n === "string"), "idle"];
    this.key = slug ? STORAGE_PREFIX + slug : null;
    this.answers = loadAnswers(this.key); // n -> {given, right, expected}
    this.active = null; // the checkpoint waiting for an answer
    this.pending = null; // the next unanswered checkpoint, with `at`: its step once known
    this.checking = false; // an answer is being checked (fetching what it needs)
    this.failure = "";
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

  /**
   * Fetch up to the next unanswered checkpoint and put the barrier before
   * it; with none left, fetch the rest of the run and lift the barrier.
   */
  async advance() {
    try {
      for (const cp of this.checkpoints) {
        if (this.answers[cp.n]) continue;
        const bound = boundOf(cp);
        // A checkpoint at the very first step still shows that step (there is none before it).
        const { reached } = await this.feed.fetchTo(bound.step === 0 || bound.tick === 0 ? { step: 1 } : bound);
        if (!reached) continue; // the run ends before it: it never comes
        const at = this.player.store.length; // the checkpoint's own step: the first not held
        this.pending = { ...cp, at };
        this.player.setBarrier(Math.max(0, at - 1), () => this.ask(cp));
        this.player.dataChanged();
        this.paint();
        return;
      }
      this.pending = null;
      this.player.setBarrier(null);
      await this.feed.fetchTo(null);
      this.player.dataChanged();
    } catch (err) {
      this.failure = err.message || String(err);
      this.paint();
    }
  }

  ask(cp) {
    if (this.active && this.active.n === cp.n) return;
    this.active = cp;
    this.paint();
  }

  /** Fetch what checking the active checkpoint needs, then check `given`. */
  async check(given) {
    const cp = this.active;
    if (!cp || this.checking) return;
    this.checking = true;
    this.paint();
    try {
      // The checkpoint's own step, now that the student has answered.
      const at = this.pending && this.pending.n === cp.n ? this.pending.at : null;
      if (at !== null) await this.feed.fetchTo({ step: at + 1 });
      let expected = expectedAnswer(cp, this.player.store);
      if (!expected.ready && !expected.error) {
        // The answer lies further on (a figure of the result, a later allocation).
        expected = expectedAnswer(cp, await this.feed.wholeRun());
      }
      if (expected.error || !expected.ready) {
        this.answers[cp.n] = { given, right: false, expected: null, error: expected.error || gettext("the run cannot answer this") };
      } else {
        this.answers[cp.n] = { given, right: isRight(cp, expected.value, given), expected: answerText(expected.value) };
      }
      this.save();
    } catch (err) {
      this.failure = err.message || String(err);
    }
    this.checking = false;
    this.paint();
  }

  async continue() {
    this.active = null;
    this.paint();
    await this.advance();
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
    if (this.failure) box.append(el("p", { class: "run-error", role: "alert", text: this.failure }));
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
    if (this.checking) {
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

/** Plug checkpoints into a mounted run panel and start fetching; returns the guide. */
export function attachCheckpoints(panel, options) {
  const guide = new CheckpointGuide(panel.player, options);
  guide.advance();
  return guide;
}
