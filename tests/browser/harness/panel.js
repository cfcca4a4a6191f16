/**
 * Harness for whole run panels (run-panel.js mountRun) fed with the real
 * engine's steps through mountRun's `feed` hook, no server: the reveal and
 * consistency tests (test_reveal_widgets.py, test_panels_agree.py) mount a
 * panel, move its player and read what every widget shows.
 */

import { MetricsTally, metricsSoFar } from "/static/playground/js/metrics-so-far.js";
import { mountRun } from "/static/playground/js/run-panel.js";
import { StepStore } from "/static/playground/js/steps.js";

let panel = null;

const frames = () => new Promise((resolve) => { requestAnimationFrame(() => requestAnimationFrame(resolve)); });

/**
 * Mount a panel on `steps` (and `result`, if given) of `scenario`; reveal is
 * "cursor" or "toggle" as in mountRun.  Resolves once drawn at step `at`.
 */
async function mount({ scenario, steps, result = null, reveal = "toggle", at = 0 }) {
  if (panel) panel.dispose();
  const stage = document.getElementById("stage");
  stage.replaceChildren();
  let handlers = null;
  panel = mountRun(stage, {
    scenario, run: { id: "harness" }, reveal, hide: ["permalink"],
    feed: (h) => { handlers = h; return { start() {}, close() {} }; },
  });
  handlers.onSteps(0, steps);
  if (result) handlers.onFinished(result);
  panel.player.seek(at);
  await frames();
  return panel.store.length;
}

/** Move the player to step i and wait until every widget has drawn it. */
async function seek(i) {
  panel.player.seek(i);
  await frames();
}

/** The markup of the widgets matching `selector` (all of them by default), with generated ids made stable. */
function widgetMarkup(selector = ".gantt-root, .run-grid, .run-head") {
  const parts = [...document.querySelectorAll(selector)];
  return parts.map((node) => node.outerHTML).join("\n")
    .replace(/\b(gantt-clip|clip|pattern|hatch|grad|fill|tooltip)[-_]?\d+/g, "$1-N");
}

/** Switch every widget that has a table view to it (or back). */
async function showTables(on) {
  for (const button of document.querySelectorAll(".run-panel .chart-table-toggle")) {
    if ((button.getAttribute("aria-pressed") === "true") !== on) button.click();
  }
  await frames();
}

const text = (node) => (node ? node.textContent.trim() : null);
const who = (root, selector) => [...root.querySelectorAll(selector)].map((chip) => chip.dataset.who);

/** What each panel says about the head, the holders, the queues and the blocks, now. */
function readings() {
  const queues = document.querySelector(".queues-root");
  const disk = document.querySelector(".disk-root");
  const memory = document.querySelector(".memory-root");
  const threads = document.querySelector(".threads-root");
  const num = (node) => (node && node.dataset.cylinder !== undefined ? Number(node.dataset.cylinder) : null);
  return {
    step: Number(document.querySelector(".player").dataset.step),
    running: [...queues.querySelectorAll(".queue-running li")].map((li) => {
      const chip = li.querySelector(".chip");
      return chip ? chip.dataset.who : null;
    }),
    ready: [...queues.querySelectorAll(".queue-ready .queue-line")].map((line) => who(line, ".chip")),
    queuesHead: num(queues.querySelector(".queue-disk [data-part=head]")),
    queuesServing: text(queues.querySelector(".queue-disk p:nth-of-type(2)")),
    armHead: disk ? num(disk.querySelector("[data-part=head]")) : null,
    armDiamond: disk ? num(disk.querySelector(".disk-head")) : null,
    armServing: disk ? text(disk.querySelector("[data-part=serving]")) : null,
    armPending: disk ? [...disk.querySelectorAll(".disk-queue li")].map((li) => Number(li.dataset.request)) : null,
    queueLocks: Object.fromEntries([...queues.querySelectorAll(".queue-locks li[data-lock]")].map((li) => {
      const holder = li.querySelector(".chip:not(.waiting)");
      return [li.dataset.lock, { holder: holder ? holder.dataset.who : null, waiters: who(li, ".chip.waiting") }];
    })),
    threadLocks: threads ? Object.fromEntries([...threads.querySelectorAll("tr[data-lock]")].map((tr) => {
      const holder = tr.querySelector(".lock-holder .chip");
      return [tr.dataset.lock, { holder: holder ? holder.dataset.who : null }];
    })) : null,
    blocks: memory ? [...memory.querySelectorAll("rect.memory-block")].map((r) => [Number(r.dataset.start), Number(r.dataset.size), r.dataset.owner])
      .sort((a, b) => a[0] - b[0]) : null,
  };
}

/** readings() at every step from 0 to the last. */
async function walk() {
  const out = [];
  for (let i = 0; i < panel.store.length; i += 1) {
    await seek(i);
    out.push(readings());
  }
  return out;
}

window.panelHarness = { mount, seek, widgetMarkup, showTables, readings, walk, get panel() { return panel; } };


/**
 * The figures at every step of `steps` as the metrics widget counts them
 * during playback (one tally moving on), each checked against a count afresh.
 */
window.panelHarness.metricsSoFar = ({ scenario, steps }) => {
  const store = new StepStore();
  store.append(0, steps);
  const tally = new MetricsTally(scenario);
  return steps.map((_, i) => {
    const moving = tally.advance(store, i);
    const fresh = metricsSoFar(scenario, store, i);
    if (JSON.stringify(moving) !== JSON.stringify(fresh)) throw new Error(`step ${i}: counted on ${JSON.stringify(moving)}, afresh ${JSON.stringify(fresh)}`);
    return moving;
  });
};
window.panelHarnessReady = true;
