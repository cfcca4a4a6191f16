/**
 * The compare page (/compare/): one workload under two to four policies of
 * one subsystem (CPU policies, memory allocators, disk schedulers, page
 * replacement, the LLM device's KV cache, batching or scheduling), each run
 * through the runs API with only that policy and its compared settings
 * replaced and streamed like any run; stacked charts (Gantt, memory map,
 * disk head, page frames, the LLM device) on one time axis driven by one
 * player (compare-timeline.js), the first point where the runs diverge with
 * the decision behind it (compare-divergence.js for the CPU,
 * compare-subsystems.js for memory and disk, compare-vm.js, compare-llm.js),
 * and the figures side by side with the best marked (compare-averages.js).
 * Page replacement and the LLM keep the reveal rule: with "Show the whole
 * run" off, their figures and first difference wait for the cursor.
 *
 * Page data (json_script): "scenario" (the workload), "compare-subsystem"
 * ("cpu", "memory", "io", "vm", "llm_kv", "llm_batching", "llm_scheduling"),
 * "compare-where" ({path, field}: the object holding the policy and its
 * field) and "compare-variants" ([{id, policy, settings, shown, label,
 * title}] in display order, already checked by the server; empty until the
 * reader has picked them).
 */

import { ApiError, startRun } from "./api.js";
import { averagesTable } from "./compare-averages.js";
import { decisionReason, divergenceText, firstDivergence } from "./compare-divergence.js";
import { diskDivergenceText, firstDiskDivergence, firstMemoryDivergence, memoryDivergenceText, settingsText,
  subsystemMetrics } from "./compare-subsystems.js";
import { CompareTimeline } from "./compare-timeline.js";
import { firstLlmDivergence, iterationsOf, LlmAtCursor, llmDivergenceText, llmFiguresAt, llmMetrics,
  llmReasons } from "./compare-llm.js";
import { accessesOf, firstVmDivergence, vmDivergenceText, vmFiguresAt, vmMetrics, vmOwners, vmReasons } from "./compare-vm.js";
import { onSeekRequest } from "./chart-seek.js";
import { clear, el, readJsonScript } from "./dom.js";
import { DiskArm } from "./disk-arm.js";
import { Gantt } from "./gantt.js";
import { gettext, interpolate } from "./i18n.js";
import { MemoryMap } from "./memory-map.js";
import { Palette } from "./palette.js";
import { Player } from "./player.js";
import { RunSocket } from "./socket.js";
import { StepStore } from "./steps.js";
import { translateReason } from "./translate.js";
import { VmView } from "./vm-view.js";
import { Zoom, ZoomControls } from "./zoom.js";

/** Subsystems whose figures and first difference follow the reveal rule. */
const REVEALING = new Set(["vm", "llm_kv", "llm_batching", "llm_scheduling"]);

/** The scenario with only its CPU policy replaced. */
export function withPolicy(scenario, policy) {
  return withVariant(scenario, "cpu", { policy, settings: {} });
}

/**
 * The scenario with only the policy and the variant's settings replaced (the
 * buddy system keeps its free lists by address), as compare_variants.scenario_of
 * does on the server.  `where` is a top-level section ("cpu") or
 * {path: ["llm", "kv"], field: "policy"}.
 */
export function withVariant(scenario, where, variant) {
  const { path, field } = typeof where === "string" ? { path: [where], field: "policy" } : where;
  const copy = JSON.parse(JSON.stringify(scenario));
  let node = copy;
  for (const name of path) {
    node[name] = node[name] && typeof node[name] === "object" ? { ...node[name] } : {};
    node = node[name];
  }
  Object.assign(node, { [field]: variant.policy }, variant.settings || {});
  if (path[0] === "memory" && variant.policy === "buddy") node.order = "address";
  return copy;
}

function statusText(variant, status) {
  const texts = {
    starting: gettext("%(policy)s: starting…"),
    connecting: gettext("%(policy)s: connecting…"),
    reconnecting: gettext("%(policy)s: connection lost, reconnecting…"),
    live: gettext("%(policy)s: streaming…"),
    finished: gettext("%(policy)s: finished"),
    failed: gettext("%(policy)s: failed"),
    closed: gettext("%(policy)s: closed"),
  };
  return interpolate(texts[status] ?? "%(policy)s", { policy: variant.label });
}

class ComparePage {
  constructor(root, scenario, subsystem, chosen, where = subsystem) {
    this.root = root;
    this.scenario = scenario;
    this.subsystem = subsystem;
    this.reveals = REVEALING.has(subsystem);
    const palette = new Palette(scenario);
    this.variants = chosen.map((v) => ({
      policy: v.policy, id: v.id, label: v.label || v.policy, title: v.title || v.policy,
      settings: settingsText(v.shown),
      scenario: withVariant(scenario, where, v), store: new StepStore(), socket: null,
      status: el("li", { class: "compare-status", "data-policy": v.policy, "data-variant": v.id }),
    }));
    this.timeline = new CompareTimeline(this.variants);
    this.zoom = new Zoom();
    const span = () => this.timeline.span();
    this.controls = new ZoomControls(this.zoom, span);
    const playerRoot = el("div", { class: "player-root" });
    this.divergence = el("div", { class: "compare-divergence", "data-part": "divergence", "aria-live": "polite" },
      el("p", { class: "compare-divergence-text muted", text: gettext("The first difference appears here once every run has finished.") }));
    this.averages = el("div", { class: "compare-averages-box", "data-part": "averages" });
    this.notes = el("div", { class: "compare-notes", "data-part": "notes" });
    this.settingsList = el("ul", { class: "compare-settings", "data-part": "settings" },
      this.variants.filter((v) => v.settings).map((v) => el("li", { "data-variant": v.id },
        el("strong", { text: v.label }), ` — ${v.settings}`)));
    const charts = el("div", { class: "compare-charts", "data-part": "charts" });
    this.charts = this.variants.map((variant) => {
      const heading = interpolate(gettext("%(policy)s — %(title)s"), { policy: variant.label, title: variant.title });
      const fullHeading = variant.settings ? interpolate(gettext("%(heading)s · %(settings)s"), { heading, settings: variant.settings }) : heading;
      const section = el("section", { class: "compare-variant", "data-policy": variant.policy, "data-variant": variant.id,
        "aria-label": interpolate(gettext("Run under %(policy)s"), { policy: variant.title }) });
      charts.append(section);
      if (subsystem === "cpu") {
        const ganttRoot = el("div", { class: "widget gantt-root" });
        section.append(ganttRoot);
        return new Gantt(ganttRoot, {
          palette, scenario: variant.scenario, zoom: this.zoom, span, zoomControls: false, title: fullHeading,
          label: interpolate(gettext("Gantt chart under %(policy)s"), { policy: variant.label }),
        });
      }
      // The others: the subsystem's own chart, headed by the variant and its settings.
      const rootClass = { memory: "memory-root", io: "disk-root", vm: "vm-root" }[subsystem] ?? "llm-root";
      const widgetRoot = el("div", { class: `widget ${rootClass}` });
      section.append(el("h2", { class: "compare-variant-title", text: fullHeading }), widgetRoot);
      if (subsystem === "memory") return new MemoryMap(widgetRoot, { palette, scenario: variant.scenario });
      if (subsystem === "io") return new DiskArm(widgetRoot, { scenario: variant.scenario });
      if (subsystem === "vm") return new VmView(widgetRoot, { palette, scenario: variant.scenario });
      return new LlmAtCursor(widgetRoot);
    });
    const results = root.querySelector("[data-part=results]");
    clear(results).append(
      el("div", { role: "status" }, el("ul", { class: "compare-statuses" }, this.variants.map((v) => v.status))),
      el("div", { class: "compare-toolbar" }, playerRoot, this.controls.root),
      this.settingsList, this.divergence, this.notes, this.averages, charts);
    results.hidden = false;
    // One widget renders every chart at the player's tick: one cursor for all.
    const stack = { render: (view) => this.render(view) };
    this.player = new Player(playerRoot, this.timeline, [stack], { autoplay: true });
    onSeekRequest(charts, ({ tick }) => {
      this.player.pause();
      this.player.seek(tick);
    });
    for (const variant of this.variants) this.start(variant);
  }

  render(view) {
    const t = Math.max(0, view.t);
    this.charts.forEach((gantt, k) => gantt.render(this.timeline.viewOf(k, t)));
    this.controls.update();
    if (this.reveals) this.reveal(view);
  }

  setStatus(variant, status) {
    variant.status.textContent = statusText(variant, status);
    variant.status.dataset.status = status;
  }

  async start(variant) {
    this.setStatus(variant, "starting");
    let run;
    try {
      run = await startRun({ scenario: variant.scenario });
    } catch (err) {
      const message = err instanceof ApiError ? err.message : String(err);
      this.failed(variant, message);
      return;
    }
    variant.runId = run.id;
    variant.status.dataset.run = run.id;
    variant.socket = new RunSocket(run.ws || `/ws/runs/${encodeURIComponent(run.id)}/`, {
      onSteps: (from, steps) => {
        variant.store.append(from, steps);
        this.player.dataChanged();
      },
      onFinished: (result) => {
        variant.store.finish(result);
        this.player.dataChanged();
        this.maybeDone();
      },
      onFailed: (message) => this.failed(variant, message || gettext("The run failed.")),
      onStatus: (status) => this.setStatus(variant, status),
    });
    variant.socket.start();
  }

  failed(variant, message) {
    variant.store.fail(message);
    this.setStatus(variant, "failed");
    clear(this.divergence).append(el("p", { class: "run-error", role: "alert",
      text: interpolate(gettext("The run under %(policy)s failed: %(message)s"), { policy: variant.label, message }) }));
    this.player.dataChanged();
  }

  /** Once every run has finished: the divergence and the averages. */
  maybeDone() {
    if (!this.variants.every((v) => v.store.finished)) return;
    const runs = this.variants.map((v) => ({ policy: v.policy, id: v.id, label: v.label, steps: v.store.steps, result: v.store.result }));
    // A run cut short by a limit is not the policy's whole story: say so beside its figures.
    clear(this.notes).append(...this.variants.filter((v) => v.store.result && v.store.result.status === "limit")
      .map((v) => el("p", { class: "compare-note muted", "data-variant": v.id,
        text: interpolate(gettext("The run under %(policy)s reached the tick limit at t=%(t)s and stopped: its figures cover only that part."),
          { policy: v.label, t: v.store.result.ticks }) })));
    if (this.reveals) {
      this.prepareReveal(runs);
      return;
    }
    clear(this.divergence);
    const shown = this.subsystem === "memory" ? this.memoryDivergence(runs)
      : this.subsystem === "io" ? this.diskDivergence(runs) : this.cpuDivergence(runs);
    if (shown) {
      this.divergence.dataset.tick = String(shown.t);
      this.divergence.append(
        el("p", { class: "compare-divergence-text", text: shown.text }),
        el("ul", { class: "compare-reasons" }, shown.reasons.map((r) => el("li", { "data-policy": r.policy, "data-variant": r.id },
          el("strong", { text: r.label }), ` — ${r.reason}`))),
        el("button", { type: "button", class: "btn small compare-goto",
          text: interpolate(gettext("Go to t=%(t)s"), { t: shown.t }),
          on: { click: () => {
            this.player.pause();
            this.player.seek(shown.t);
          } } }));
    } else {
      this.divergence.dataset.tick = "";
      const same = {
        cpu: gettext("These policies never differ here: every core runs the same thread at every tick."),
        memory: gettext("These allocators never differ here: every allocation gets the same address."),
        io: gettext("These schedulers never differ here: they serve the requests in the same order."),
      };
      this.divergence.append(el("p", { class: "compare-divergence-text", text: same[this.subsystem] ?? same.cpu }));
    }
    clear(this.averages).append(averagesTable(this.variants, subsystemMetrics(this.subsystem)));
    this.root.dataset.compared = "true";
  }

  /** Page replacement and the LLM: the difference and the figures, shown as the cursor allows. */
  prepareReveal(runs) {
    if (this.subsystem === "vm") {
      const found = firstVmDivergence(runs);
      this.found = found && { t: found.t, text: vmDivergenceText(found, vmOwners(this.scenario)), reasons: vmReasons(found) };
      this.records = runs.map((run) => accessesOf(run.steps));
      this.figuresAt = (k, t) => vmFiguresAt(this.records[k], t);
      this.metrics = vmMetrics();
    } else {
      const found = firstLlmDivergence(runs);
      this.found = found && { t: found.t, text: llmDivergenceText(found), reasons: llmReasons(found) };
      this.records = runs.map((run) => iterationsOf(run.steps));
      this.figuresAt = (k, t) => llmFiguresAt(this.records[k], runs[k].result, t);
      this.metrics = llmMetrics();
    }
    this.revealedAt = null;
    this.root.dataset.compared = "true";
    this.reveal(this.player.view ? this.player.view() : { t: this.timeline.lastTick(), wholeRun: true });
  }

  /** Draw what the cursor may show: everything with the whole run on or at the end, else up to `view.t`. */
  reveal(view) {
    if (!this.metrics) return;
    const end = this.timeline.finished && view.t >= this.timeline.lastTick();
    const whole = view.wholeRun !== false || end;
    const t = whole ? Infinity : Math.max(0, view.t);
    if (this.revealedAt === t) return;
    this.revealedAt = t;
    clear(this.divergence);
    const found = this.found;
    if (found && (whole || found.t <= t)) {
      this.divergence.dataset.tick = String(found.t);
      this.divergence.append(
        el("p", { class: "compare-divergence-text", text: found.text }),
        el("ul", { class: "compare-reasons" }, found.reasons.map((r) => el("li", { "data-policy": r.policy, "data-variant": r.id },
          el("strong", { text: r.label }), ` — ${r.reason}`))),
        el("button", { type: "button", class: "btn small compare-goto",
          text: interpolate(gettext("Go to t=%(t)s"), { t: found.t }),
          on: { click: () => {
            this.player.pause();
            this.player.seek(found.t);
          } } }));
    } else {
      this.divergence.dataset.tick = "";
      const same = this.subsystem === "vm"
        ? gettext("These policies never differ here: every access hits or evicts the same page.")
        : gettext("These policies never differ here: every iteration runs the same batch.");
      // Before the end, "never" would tell the future: say only what the cursor has passed.
      this.divergence.append(el("p", { class: whole ? "compare-divergence-text" : "compare-divergence-text muted",
        text: whole ? same : gettext("No difference up to the cursor yet.") }));
    }
    const caption = whole ? gettext("The whole runs side by side (the best is marked)")
      : interpolate(gettext("Up to t=%(t)s, side by side (the best so far is marked; the rest appear at the end)"), { t });
    clear(this.averages).append(averagesTable(this.variants, this.metrics,
      { figures: (v, k) => this.figuresAt(k, t), caption }));
    this.averages.dataset.upTo = whole ? "end" : String(t);
  }

  cpuDivergence(runs) {
    const found = firstDivergence(runs);
    return found && { t: found.t, text: divergenceText(found),
      reasons: found.decisions.map((d, k) => ({ policy: d.policy, id: runs[k].id, label: d.label, reason: decisionReason(d) })) };
  }

  memoryDivergence(runs) {
    const found = firstMemoryDivergence(runs);
    return found && { t: found.t, text: memoryDivergenceText(found),
      reasons: found.decisions.map((d) => ({ policy: d.policy, id: d.id, label: d.label,
        reason: d.op ? translateReason(d.op) : gettext("no decision recorded here") })) };
  }

  diskDivergence(runs) {
    const found = firstDiskDivergence(runs);
    return found && { t: found.t, text: diskDivergenceText(found),
      reasons: found.decisions.map((d) => ({ policy: d.policy, id: d.id, label: d.label,
        reason: d.service ? translateReason(d.service.event) : gettext("no decision recorded here") })) };
  }
}

const root = document.querySelector("[data-page=compare]");
if (root) {
  const scenario = readJsonScript("scenario", null);
  const subsystem = readJsonScript("compare-subsystem", "cpu") || "cpu";
  const where = readJsonScript("compare-where", null) || subsystem;
  const chosen = readJsonScript("compare-variants", []) || [];
  // The server checked the choice; with fewer than two the form waits for the reader.
  if (scenario && Array.isArray(chosen) && chosen.length >= 2) {
    root.comparison = new ComparePage(root, scenario, subsystem, chosen, where);
  }
  // Settings left at the scenario's value are not sent: the address names only what changed.
  const picker = root.querySelector("[data-part=picker]");
  if (picker) {
    picker.addEventListener("submit", () => {
      for (const input of picker.querySelectorAll("[data-default]")) input.disabled = input.value === input.dataset.default;
    });
    // Back from the next page (bfcache): the fields are usable again.
    globalThis.addEventListener("pageshow", () => picker.querySelectorAll("[data-default]").forEach((i) => { i.disabled = false; }));
  }
}
