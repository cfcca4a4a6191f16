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
/** Steps per second at 1x: slow enough to follow each decision on a projector. */
const BASE_RATE = 3;

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
    this.backBtn = button("player-back", gettext("Step back (←)"), "back", () => this.stepBy(-1));
    this.playBtn = button("player-play", gettext("Play (space)"), "play", () => this.toggle());
    this.fwdBtn = button("player-forward", gettext("Step forward (→)"), "forward", () => this.stepBy(1));
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

  schedule() {
    this.timer = setTimeout(() => this.tick(), 1000 / (BASE_RATE * this.speed));
  }

  tick() {
    if (!this.playing) return;
    const last = this.store.length - 1;
    if (this.barrier && this.index >= this.barrier.step) {
      this.hitBarrier();
      this.invalidate();
      this.notify();
      return;
    }
    if (this.index < last) {
      this.index += 1;
      this.invalidate();
      if (this.barrier && this.index >= this.barrier.step) {
        this.hitBarrier();
        this.notify();
        return;
      }
    } else if (this.store.finished || this.store.error !== null) {
      this.pause();
      return;
    }
    // At the live edge of a running run: keep waiting for the next batch.
    this.schedule();
  }

  invalidate() {
    if (this.frame !== null) return;
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
    return {
      index: i,
      step: store.step(i),
      t: store.tickAt(i),
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
