/**
 * One run on screen: the player, the Gantt chart and the other widgets,
 * fed by the run's websocket.  Several panels can share a page (each owns
 * its own root, store, player and socket).
 *
 *   const panel = mountRun(container, {scenario, run: {id, ws}, autoplay: true});
 *   panel.dispose();   // stop the socket and timers, remove the panel
 */

import { onSeekRequest } from "./chart-seek.js";
import { DiskArm } from "./disk-arm.js";
import { el } from "./dom.js";
import { ExportBar } from "./export.js";
import { EventLog } from "./log.js";
import { Gantt } from "./gantt.js";
import { IpcDiagram, usesMessages } from "./ipc-diagram.js";
import { gettext, interpolate } from "./i18n.js";
import { MemoryMap } from "./memory-map.js";
import { Metrics } from "./metrics.js";
import { Palette } from "./palette.js";
import { arrangePanels } from "./panel-layout.js";
import { Player } from "./player.js";
import { Queues } from "./queues.js";
import { RunSocket } from "./socket.js";
import { StepStore } from "./steps.js";
import { ThreadsView, usesThreads } from "./threads-view.js";
import { VmView, usesVm } from "./vm-view.js";
import { BankerView, usesResources } from "./banker-view.js";
import { addLlmPanels, usesLlm } from "./llm-view.js";

/** Does any program in the scenario (threads included) use one of `kinds`? */
export function usesOps(scenario, kinds) {
  const walk = (program) => Array.isArray(program) && program.some((op) =>
    op && (kinds.includes(op.op) || (op.op === "spawn" && walk(op.program))));
  return Array.isArray(scenario && scenario.processes) && scenario.processes.some((p) => p && walk(p.program));
}

/** Does the scenario send anything to the disk scheduler (io_requests or io ops with a cylinder)? */
export function usesDisk(scenario) {
  if (Array.isArray(scenario && scenario.io_requests) && scenario.io_requests.length) return true;
  const walk = (program) => Array.isArray(program) && program.some((op) =>
    op && ((op.op === "io" && op.cylinder !== undefined) || (op.op === "spawn" && walk(op.program))));
  return Array.isArray(scenario && scenario.processes) && scenario.processes.some((p) => p && walk(p.program));
}

function statusText(status, runId) {
  const texts = {
    connecting: gettext("Connecting to run %(id)s…"),
    reconnecting: gettext("Connection lost; reconnecting to run %(id)s…"),
    live: gettext("Run %(id)s is streaming."),
    finished: gettext("Run %(id)s finished."),
    failed: gettext("Run %(id)s failed."),
    closed: gettext("Run %(id)s closed."),
  };
  return interpolate(texts[status] ?? "%(id)s", { id: runId });
}

/**
 * Build the panel inside `container` and start streaming.
 * @param {HTMLElement} container
 * @param {object} options  scenario (the raw scenario dict), run ({id, ws};
 *   a student's page may get {id: null} and a feed), autoplay (start playing
 *   as steps arrive), hide (parts to leave out: "metrics", "permalink",
 *   "export"; the embed hides them with its answers), reveal ("cursor": the
 *   widgets show nothing after the cursor and no "show the whole run" box is
 *   offered; default "toggle": the box is offered), wholeRun (with "toggle":
 *   whether the box starts ticked; default true), feed (handlers =>
 *   {start(), close()}: where steps come from instead of the run's socket;
 *   it calls the same handlers RunSocket does), title (what the panel says it
 *   plays; default the scenario's title; null for none), startAt (the
 *   step to show as the steps arrive, e.g. a rerun after an edit)
 */
export function mountRun(container, { scenario, run, autoplay = false, hide = [], reveal = "toggle", wholeRun = true, feed = null, title = undefined, startAt = 0 }) {
  const hidden = new Set(hide);
  const palette = new Palette(scenario);
  const status = el("p", { class: "run-status", role: "status" });
  const link = hidden.has("permalink") || !run.id ? null : el("a", { class: "run-link", href: `/runs/${encodeURIComponent(run.id)}/`, text: gettext("Permalink to this run") });
  const failure = el("p", { class: "run-error", role: "alert", hidden: true });
  const playerRoot = el("div", { class: "player-root" });
  const ganttRoot = el("div", { class: "widget gantt-root" });
  const queuesRoot = el("div", { class: "widget queues-root" });
  const logRoot = el("div", { class: "widget log-root" });
  const metricsRoot = el("div", { class: "widget metrics-root" });
  const widgets = [new Gantt(ganttRoot, { palette, scenario })];
  const grid = el("div", { class: "run-grid" });
  // The grid's panels, in their default order: what a step changes first
  // (memory, queues, the reasons in the log), the larger charts after.
  const panels = [];
  const addPanel = (key, title, root, widget) => {
    widgets.push(widget);
    grid.append(root);
    panels.push({ key, root, title });
  };
  if (usesOps(scenario, ["alloc", "free"])) {
    const memoryRoot = el("div", { class: "widget memory-root" });
    addPanel("memory", gettext("Memory"), memoryRoot, new MemoryMap(memoryRoot, { palette, scenario }));
  }
  addPanel("queues", gettext("Queues"), queuesRoot, new Queues(queuesRoot, { palette }));
  addPanel("log", gettext("Event log"), logRoot, new EventLog(logRoot));
  if (usesVm(scenario)) {
    const vmRoot = el("div", { class: "widget vm-root" });
    addPanel("vm", gettext("Virtual memory"), vmRoot, new VmView(vmRoot, { palette, scenario }));
  }
  if (usesResources(scenario)) {
    const bankerRoot = el("div", { class: "widget banker-root" });
    addPanel("resources", gettext("Banker's algorithm"), bankerRoot, new BankerView(bankerRoot));
  }
  if (usesDisk(scenario)) {
    const diskRoot = el("div", { class: "widget disk-root" });
    addPanel("disk", gettext("Disk head"), diskRoot, new DiskArm(diskRoot, { scenario }));
  }
  if (usesMessages(scenario)) {
    const ipcRoot = el("div", { class: "widget ipc-root" });
    addPanel("messages", gettext("Messages"), ipcRoot, new IpcDiagram(ipcRoot, { palette, scenario }));
  }
  if (usesThreads(scenario)) {
    const threadsRoot = el("div", { class: "widget threads-root" });
    addPanel("threads", gettext("Threads"), threadsRoot, new ThreadsView(threadsRoot, { palette, scenario }));
  }
  if (usesLlm(scenario)) addLlmPanels(addPanel, { palette, scenario });
  if (!hidden.has("metrics")) addPanel("metrics", gettext("Metrics"), metricsRoot, new Metrics(metricsRoot, { palette, scenario }));
  arrangePanels(grid, panels);
  // Downloads of the charts, metrics and result (export.js), driven by the player like a widget.
  const exportRoot = hidden.has("export") ? null : el("div");
  if (exportRoot) widgets.push(new ExportBar(exportRoot, { runId: run.id || "run", title: (scenario && scenario.title) || "" }));
  // The player names what it plays (pages whose heading already does pass title: null).
  const named = title === undefined ? scenario && scenario.title : title;
  const heading = named ? el("h2", { class: "run-title", "data-part": "run-title",
    text: interpolate(gettext("Playing: %(title)s"), { title: String(named) }) }) : null;
  const panel = el("section", { class: "run-panel", "data-run": run.id || "", "aria-label": gettext("Run player") },
    el("div", { class: "run-head" }, heading, status, link, exportRoot), failure, playerRoot, ganttRoot, grid);
  container.append(panel);

  const store = new StepStore();
  const cursorOnly = reveal === "cursor";
  const player = new Player(playerRoot, store, widgets, { autoplay, wholeRun: !cursorOnly && wholeRun, wholeRunToggle: !cursorOnly });
  // Clicking a chart item (a Gantt bar, a memory block) shows the step that made it.
  onSeekRequest(panel, ({ step }) => {
    player.pause();
    player.seek(step);
  });
  const handlers = {
    onSteps(from, steps) {
      store.append(from, steps);
      player.dataChanged();
      // A rerun of an edited scenario shows the step the previous run showed, as it arrives.
      if (startAt > 0 && player.index < startAt) player.seek(Math.min(startAt, store.length - 1));
    },
    onFinished(result) {
      store.finish(result);
      panel.dataset.finished = "true";
      player.dataChanged();
    },
    onFailed(message) {
      store.fail(message || gettext("The run failed."));
      failure.hidden = false;
      failure.textContent = store.error;
      panel.dataset.failed = "true";
      player.dataChanged();
    },
    onStatus(value) {
      // A page without the run's id (a student's) says nothing about the run's own stream.
      status.textContent = run.id ? statusText(value, run.id) : "";
      panel.dataset.status = value;
    },
  };
  const socket = feed ? feed(handlers) : new RunSocket(run.ws || `/ws/runs/${encodeURIComponent(run.id)}/`, handlers);
  socket.start();
  return {
    panel, store, player, socket,
    focus() {
      playerRoot.focus();
    },
    dispose() {
      socket.close();
      player.dispose();
      for (const widget of widgets) if (typeof widget.dispose === "function") widget.dispose();
      panel.remove();
    },
  };
}
