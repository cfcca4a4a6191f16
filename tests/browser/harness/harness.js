/**
 * Test harness for the front-end modules, served as static files (no
 * Django): tests/browser/test_modules.py loads index.html and drives the
 * modules through window.harness with steps computed by the real engine.
 */

import { DiskArm } from "/static/playground/js/disk-arm.js";
import { barsFor, Gantt } from "/static/playground/js/gantt.js";
import { EventLog } from "/static/playground/js/log.js";
import { MemoryMap } from "/static/playground/js/memory-map.js";
import { Metrics } from "/static/playground/js/metrics.js";
import { Palette } from "/static/playground/js/palette.js";
import { Queues } from "/static/playground/js/queues.js";
import { RunSocket } from "/static/playground/js/socket.js";
import { StepStore } from "/static/playground/js/steps.js";

/**
 * A stand-in for the browser's WebSocket that the test drives by hand:
 * frame() delivers a message, drop() closes the connection from the server.
 */
class ScriptedSocket {
  constructor(url) {
    this.url = url;
    this.closedByClient = false;
    ScriptedSocket.opened.push(this);
  }

  close() {
    this.closedByClient = true;
  }

  frame(value) {
    this.onmessage({ data: JSON.stringify(value) });
  }

  drop(code = 1006) {
    this.onclose({ code });
  }
}
ScriptedSocket.opened = [];

/** A RunSocket over ScriptedSocket that records everything it delivers. */
function scriptedRun(options = {}) {
  ScriptedSocket.opened = [];
  const log = { steps: [], finished: null, failed: null, statuses: [] };
  const socket = new RunSocket("/ws/runs/abc/", {
    onSteps: (from, steps) => log.steps.push(...steps.map((s, k) => ({ at: from + k, i: s.i }))),
    onFinished: (result) => { log.finished = result; },
    onFailed: (message) => { log.failed = message; },
    onStatus: (status) => log.statuses.push(status),
  }, { WebSocketImpl: ScriptedSocket, retryDelays: [0, 0, 0], location: { protocol: "http:", host: "example.test" }, ...options });
  socket.start();
  return { socket, log, sockets: ScriptedSocket.opened };
}

/**
 * Render every widget at every step of a run (then once more finished) and
 * return the text each widget showed, step by step.
 */
function renderEverything(steps, result, scenario) {
  const store = new StepStore();
  store.append(0, steps);
  const palette = new Palette(scenario);
  const stage = document.getElementById("stage");
  stage.replaceChildren();
  const roots = ["gantt", "memory", "disk", "queues", "log", "metrics"].map((name) => {
    const root = document.createElement("div");
    root.className = `widget ${name}-root`;
    stage.append(root);
    return root;
  });
  const widgets = [new Gantt(roots[0], { palette, scenario }), new MemoryMap(roots[1], { palette, scenario }),
    new DiskArm(roots[2], { scenario }), new Queues(roots[3], { palette }), new EventLog(roots[4]),
    new Metrics(roots[5], { palette })];
  const texts = [];
  const view = (i) => ({ index: i, step: store.step(i), t: store.tickAt(i), state: store.stateAt(i),
    events: store.eventsAt(i), store, result: store.result, finished: store.finished, maxTick: store.lastTick() });
  for (let i = 0; i < store.length; i += 1) {
    for (const w of widgets) w.render(view(i));
    texts.push(roots.map((r) => r.textContent));
  }
  store.finish(result);
  for (const w of widgets) w.render(view(store.length - 1));
  texts.push(roots.map((r) => r.textContent));
  return texts;
}

window.harness = { StepStore, RunSocket, Gantt, barsFor, Palette, ScriptedSocket, scriptedRun, renderEverything };
window.harnessReady = true;
