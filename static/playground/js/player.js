/**
 * The player: owns the current step index, playback and seeking, and drives
 * every widget with the view at that step.
 *
 * Widgets are objects with render(view); the view is
 *   {index, step, t, state, events, store, result, finished, maxTick}
 * where `index` is -1 before the first step arrives.  The player renders at
 * most once per animation frame however many things changed.
 *
 * Keyboard (while focus is inside the player's root): space play/pause,
 * left/right one step, Home/End first/last step, + and - change the speed.
 *
 * Playback moves in ticks, not events: at 1× time flows at TICKS_PER_SECOND,
 * so a 3-tick burst passes in under a second and a 24-tick one in six; the
 * cursor enters each step when time reaches its tick (a step at the same
 * tick as the one before still shows for a moment, so every decision is
 * seen).  Between steps the view's `now` (a fraction of a tick past `t`,
 * never beyond the next step's tick) lets a chart grow its running bars
 * smoothly: widgets with flow(view) are called with it on every frame,
 * render(view) only when the step changes.  With prefers-reduced-motion,
 * `now` moves in whole ticks.  The step buttons and arrows move by one
 * step: one decision at a time.
 *
 * The reveal rule: unless "show the whole run" is on, widgets get a view of
 * the steps up to the cursor only (a StepWindow), so nothing after the
 * cursor can be drawn.  A barrier (setBarrier) is a step the cursor may not
 * pass, whatever moves it (play, a step, End, the slider, a key, a click on
 * a chart): a checkpoint's question waits there.
 */

import { clear, el, svg } from "./dom.js";
import { gettext, interpolate } from "./i18n.js";
import { StepWindow } from "./steps.js";

export const SPEEDS = [0.5, 1, 2, 4, 8];

/** Control icons as SVG paths (emoji media symbols are missing from many fonts). */
const ICONS = {
  first: "M3 3h2.5v14H3zM17 3v14L6.5 10z",
  back: "M15 3v14L4 10z",
  play: "M5 3v14l12-7z",
  pause: "M4 3h4.5v14H4zM11.5 3H16v14h-4.5z",
  forward: "M5 3v14l11-7z",
  last: "M14.5 3H17v14h-2.5zM3 3v14l10.5-7z",
};

function icon(name) {
  return svg("svg", { viewBox: "0 0 20 20", "aria-hidden": "true", focusable: "false" }, svg("path", { d: ICONS[name] }));
}
/** Ticks per second at 1×: slow enough to follow each decision on a projector. */
export const TICKS_PER_SECOND = 4;
/** How long (ms at 1×) a step at the same tick as the one before stays on screen while playing. */
const DECISION_DWELL_MS = 300;
/** Playback's clock period (ms): about 30 frames a second. */
const FRAME_MS = 33;

const reducedMotion = () => typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;

export class Player {
  /**
   * @param {HTMLElement} root  element the controls are built in (and keys are read from)
   * @param {StepStore} store
   * @param {Array<{render(view)}>} widgets
   * @param {object} options  autoplay (bool), speed (one of SPEEDS),
   *   wholeRun (bool, default true: draw what comes after the cursor, faded),
   *   wholeRunToggle (bool, default true: offer the "Show the whole run"
   *   checkbox; pages that must not reveal the future leave it out)
   */
  constructor(root, store, widgets, options = {}) {
    this.root = root;
    this.store = store;
    this.widgets = widgets;
    this.index = -1;
    this.playing = false;
    this.speed = SPEEDS.includes(options.speed) ? options.speed : 1;
    this.timer = null;
    this.frame = null;
    this.timeOnly = false; // the pending frame only moves time within the step (see flow)
    this.now = 0; // playback's clock, in ticks
    this.ticksPerSecond = Number(options.ticksPerSecond) > 0 ? Number(options.ticksPerSecond) : TICKS_PER_SECOND;
    /** Listeners told of every seek, play, pause and speed change (see onChange). */
    this.listeners = [];
    this.wholeRun = options.wholeRun !== false;
    this.window = new StepWindow(store);
    this.barrier = null; // {step, onReach}: see setBarrier
    this.build(options.wholeRunToggle !== false);
    if (options.autoplay) this.play();
    this.invalidate();
  }

  build(offerWholeRun) {
    const button = (cls, label, iconName, onclick) => el("button", {
      type: "button", class: `player-btn ${cls}`, "aria-label": label, title: label,
      on: { click: onclick },
    }, icon(iconName));
    this.firstBtn = button("player-first", gettext("First step (Home)"), "first", () => this.seek(0));
    this.backBtn = button("player-back", gettext("Previous decision (←)"), "back", () => this.stepBy(-1));
    this.playBtn = button("player-play", gettext("Play (space)"), "play", () => this.toggle());
    this.fwdBtn = button("player-forward", gettext("Next decision (→)"), "forward", () => this.stepBy(1));
    this.lastBtn = button("player-last", gettext("Last step (End)"), "last", () => this.seek(this.store.length - 1));
    this.slider = el("input", {
      type: "range", class: "player-slider", min: 0, max: 0, value: 0, step: 1,
      "aria-label": gettext("Seek to step"),
      on: { input: () => this.seek(Number(this.slider.value)) },
    });
    this.speedSelect = el("select", {
      class: "player-speed", "aria-label": gettext("Playback speed"),
      on: { change: () => this.setSpeed(Number(this.speedSelect.value)) },
    }, SPEEDS.map((s) => el("option", { value: s, text: `${s}×` })));
    this.speedSelect.value = String(this.speed);
    this.speedSelect.title = interpolate(gettext("1× plays %(n)s ticks a second"), { n: this.ticksPerSecond });
    this.tickLabel = el("output", { class: "player-tick", "aria-live": "off" });
    this.stepLabel = el("span", { class: "player-step" });
    this.statusLabel = el("span", { class: "player-status", role: "status" });
    this.wholeRunBox = el("input", { type: "checkbox", class: "player-whole-run", checked: this.wholeRun,
      on: { change: () => this.setWholeRun(this.wholeRunBox.checked) } });
    const wholeRunLabel = offerWholeRun
      ? el("label", { class: "player-whole-run-label" }, this.wholeRunBox, ` ${gettext("Show the whole run")}`)
      : null;
    this.root.classList.add("player");
    this.root.tabIndex = 0;
    this.root.append(
      el("div", { class: "player-controls" },
        this.firstBtn, this.backBtn, this.playBtn, this.fwdBtn, this.lastBtn,
        this.slider, this.speedSelect),
      el("div", { class: "player-readout" }, this.tickLabel, this.stepLabel, this.statusLabel, wholeRunLabel),
    );
    this.onKey = (event) => this.key(event);
    this.root.addEventListener("keydown", this.onKey);
  }

  key(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const tag = event.target && event.target.tagName;
    if (tag === "SELECT" || tag === "TEXTAREA" || (tag === "INPUT" && event.target !== this.slider)) return;
    const onSlider = event.target === this.slider;
    const actions = {
      " ": () => this.toggle(),
      ArrowLeft: () => this.stepBy(-1),
      ArrowRight: () => this.stepBy(1),
      Home: () => this.seek(0),
      End: () => this.seek(this.store.length - 1),
      "+": () => this.changeSpeed(1),
      "=": () => this.changeSpeed(1),
      "-": () => this.changeSpeed(-1),
    };
    // The slider moves itself on arrows/Home/End and reports through "input".
    if (onSlider && ["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) return;
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  }

  /** Add a widget (anything with render(view)) after construction. */
  addWidget(widget) {
    this.widgets.push(widget);
    this.invalidate();
  }

  /**
   * Call fn({index, playing, speed}) after every seek, play, pause and speed
   * change (a classroom session mirrors the instructor's player this way).
   * Returns a function that removes the listener.
   */
  onChange(fn) {
    this.listeners.push(fn);
    return () => { this.listeners = this.listeners.filter((g) => g !== fn); };
  }

  notify() {
    const change = { index: this.index, playing: this.playing, speed: this.speed };
    for (const fn of this.listeners) {
      try {
        fn(change);
      } catch (err) {
        console.error("player listener failed", err);
      }
    }
  }

  /** Called when the store gained steps, finished or failed. */
  dataChanged() {
    if (this.index < 0 && this.store.length > 0) this.index = 0;
    this.invalidate();
  }

  /**
   * Draw what comes after the cursor (true) or only what has happened by
   * it (false: the reveal rule).
   */
  setWholeRun(on) {
    this.wholeRun = Boolean(on);
    this.wholeRunBox.checked = this.wholeRun;
    this.root.dataset.wholeRun = String(this.wholeRun);
    this.invalidate();
  }

  /**
   * Stop the cursor at `step`: no control moves it past, and reaching it
   * (or trying to pass it) pauses playback and calls onReach(step,
   * wasPlaying) once per arrival.  setBarrier(null) lifts it.
   */
  setBarrier(step, onReach = () => {}) {
    this.barrier = Number.isInteger(step) ? { step: Math.max(0, step), onReach, reached: false } : null;
    if (this.barrier && this.index >= this.barrier.step) this.seek(this.index);
  }

  /** The last index the cursor may take now. */
  lastAllowed() {
    const last = this.store.length - 1;
    return this.barrier ? Math.min(last, this.barrier.step) : last;
  }

  /** Called when a move lands on the barrier (or was cut short by it). */
  hitBarrier() {
    const barrier = this.barrier;
    const wasPlaying = this.playing;
    this.pause();
    if (barrier && !barrier.reached) {
      barrier.reached = true;
      barrier.onReach(barrier.step, wasPlaying);
    }
  }

  seek(i) {
    const last = this.store.length - 1;
    if (last < 0) return;
    const wanted = Math.max(0, Math.trunc(i));
    this.index = Math.min(wanted, this.lastAllowed());
    this.now = this.store.tickAt(this.index);
    this.enteredAt = performance.now();
    if (this.index === last && this.store.finished) this.pause();
    if (this.barrier && this.index >= this.barrier.step) this.hitBarrier();
    else if (this.barrier) this.barrier.reached = false;
    this.invalidate();
    this.notify();
  }

  stepBy(delta) {
    this.pause();
    this.seek(this.index + delta);
  }

  play() {
    if (this.playing) return;
    if (this.store.finished && this.index >= this.store.length - 1) this.index = 0; // replay from the start
    this.now = this.index >= 0 ? this.store.tickAt(this.index) : 0;
    if (this.barrier && this.index >= this.barrier.step) {
      this.playing = true; // asked to play: the barrier's owner is told so (wasPlaying)
      this.hitBarrier();
      return;
    }
    this.playing = true;
    this.schedule();
    this.invalidate();
    this.notify();
  }

  pause() {
    const was = this.playing;
    this.playing = false;
    clearTimeout(this.timer);
    this.timer = null;
    this.invalidate();
    if (was) this.notify();
  }

  toggle() {
    if (this.playing) this.pause();
    else this.play();
  }

  setSpeed(speed) {
    if (!SPEEDS.includes(speed)) return;
    this.speed = speed;
    this.speedSelect.value = String(speed);
    if (this.playing) {
      clearTimeout(this.timer);
      this.schedule();
    }
    this.invalidate();
    this.notify();
  }

  changeSpeed(direction) {
    const k = SPEEDS.indexOf(this.speed) + direction;
    if (k >= 0 && k < SPEEDS.length) this.setSpeed(SPEEDS[k]);
  }

  /** Start playback's clock at the cursor's tick. */
  schedule() {
    this.clock = performance.now();
    this.enteredAt = this.clock;
    this.now = Math.max(this.now, this.index >= 0 ? this.store.tickAt(this.index) : 0);
    if (this.index >= 0 && this.now > this.tickAfter(this.index)) this.now = this.store.tickAt(this.index);
    this.timer = setTimeout(() => this.flow(), FRAME_MS);
  }

  /** The tick of the step after `i`, or `i`'s own tick at the last step known. */
  tickAfter(i) {
    return i + 1 < this.store.length ? this.store.tickAt(i + 1) : this.store.tickAt(i);
  }

  /** One frame of playback: time flows; the cursor enters each step whose tick it reaches. */
  flow() {
    if (!this.playing) return;
    const clock = performance.now();
    this.now += ((clock - this.clock) / 1000) * this.ticksPerSecond * this.speed;
    this.clock = clock;
    const last = this.store.length - 1;
    let moved = false;
    while (this.index < last && !(this.barrier && this.index >= this.barrier.step)) {
      const next = this.store.tickAt(this.index + 1);
      const sameTick = next <= this.store.tickAt(this.index);
      if (this.now < next || (sameTick && clock - this.enteredAt < DECISION_DWELL_MS / this.speed)) break;
      this.index += 1;
      this.enteredAt = clock;
      moved = true;
    }
    if (this.index >= 0) {
      // Never past the next step's tick: after it nothing is known yet (or it must not show).
      this.now = Math.min(Math.max(this.now, this.store.tickAt(this.index)), this.tickAfter(this.index));
    }
    if (this.barrier && this.index >= this.barrier.step) {
      this.now = this.store.tickAt(this.index);
      this.invalidate();
      this.hitBarrier();
      this.notify();
      return;
    }
    if (this.index >= last && (this.store.finished || this.store.error !== null)) {
      this.pause();
      return;
    }
    // At the live edge of a running run, time waits at the last step for the next batch.
    this.invalidate(!moved);
    this.timer = setTimeout(() => this.flow(), FRAME_MS);
  }

  /**
   * Draw on the next animation frame.  `timeOnly`: only playback's clock
   * moved within the step, so only widgets with flow(view) need drawing.
   */
  invalidate(timeOnly = false) {
    if (this.frame !== null) {
      if (!timeOnly) this.timeOnly = false;
      return;
    }
    this.timeOnly = timeOnly;
    const raf = globalThis.requestAnimationFrame || ((fn) => setTimeout(fn, 16));
    this.frame = raf(() => {
      this.frame = null;
      this.render();
    });
  }

  /**
   * The view at the current index, as given to widgets: of the whole store,
   * or (the reveal rule) of a window that ends at the cursor.
   */
  view() {
    const i = this.index;
    let store = this.store;
    if (!this.wholeRun) {
      this.window.setLimit(i);
      store = this.window;
    }
    const t = store.tickAt(i);
    let now = t;
    if (this.playing && i >= 0) {
      now = Math.min(Math.max(this.now, t), this.tickAfter(i));
      if (reducedMotion()) now = Math.max(t, Math.floor(now));
    }
    return {
      index: i,
      step: store.step(i),
      t,
      now,
      state: store.stateAt(i),
      events: store.eventsAt(i),
      store,
      result: store.result,
      finished: store.finished,
      maxTick: store.lastTick(),
      wholeRun: this.wholeRun,
    };
  }

  render() {
    const view = this.view();
    if (this.timeOnly) {
      this.timeOnly = false;
      for (const widget of this.widgets) {
        if (typeof widget.flow !== "function") continue;
        try {
          widget.flow(view);
        } catch (err) {
          console.error("widget flow failed", widget, err);
        }
      }
      return;
    }
    const count = this.store.length;
    this.slider.max = String(Math.max(0, count - 1));
    this.slider.value = String(Math.max(0, view.index));
    this.slider.disabled = count === 0;
    if (this.playBtn.dataset.icon !== String(this.playing)) {
      clear(this.playBtn).append(icon(this.playing ? "pause" : "play"));
      this.playBtn.dataset.icon = String(this.playing);
    }
    const playLabel = this.playing ? gettext("Pause (space)") : gettext("Play (space)");
    this.playBtn.setAttribute("aria-label", playLabel);
    this.playBtn.title = playLabel;
    this.playBtn.setAttribute("aria-pressed", String(this.playing));
    this.tickLabel.textContent = interpolate(gettext("t = %(t)s"), { t: view.t });
    this.stepLabel.textContent = count
      ? interpolate(gettext("step %(n)s of %(count)s"), { n: view.index + 1, count })
      : gettext("waiting for the first step…");
    this.statusLabel.textContent = this.store.error !== null
      ? gettext("failed")
      : (this.store.finished ? gettext("finished") : gettext("running"));
    this.root.dataset.step = String(view.index);
    this.root.dataset.tick = String(view.t);
    this.root.dataset.playing = String(this.playing);
    this.root.dataset.wholeRun = String(this.wholeRun);
    for (const widget of this.widgets) {
      try {
        widget.render(view);
      } catch (err) {
        // One broken widget must not stop the others from following the run.
        console.error("widget render failed", widget, err);
      }
    }
  }

  /** Stop timers and listeners; the widgets stay as last drawn. */
  dispose() {
    this.pause();
    this.root.removeEventListener("keydown", this.onKey);
  }
}
