/**
 * The compare page (/compare/): one workload under two to four CPU
 * policies, each run through the runs API with only cpu.policy replaced and
 * streamed like any run; stacked Gantt charts on one time axis driven by one
 * player (compare-timeline.js), the first tick where the runs diverge with
 * the decision behind it (compare-divergence.js), and the averages side by
 * side with the best marked (compare-averages.js).
 *
 * Page data (json_script): "scenario" (the workload), "chosen-policies"
 * (policy names in display order, already checked by the server; empty
 * until the reader has picked them) and "policy-titles" ({name: title}).
 */

import { ApiError, startRun } from "./api.js";
import { averagesTable } from "./compare-averages.js";
import { decisionReason, divergenceText, firstDivergence, policyShortName } from "./compare-divergence.js";
import { CompareTimeline } from "./compare-timeline.js";
import { onSeekRequest } from "./chart-seek.js";
import { clear, el, readJsonScript } from "./dom.js";
import { Gantt } from "./gantt.js";
import { gettext, interpolate } from "./i18n.js";
import { Palette } from "./palette.js";
import { Player } from "./player.js";
import { RunSocket } from "./socket.js";
import { StepStore } from "./steps.js";
import { Zoom, ZoomControls } from "./zoom.js";

/** The scenario with only its CPU policy replaced. */
export function withPolicy(scenario, policy) {
  const copy = JSON.parse(JSON.stringify(scenario));
  copy.cpu = { ...(copy.cpu && typeof copy.cpu === "object" ? copy.cpu : {}), policy };
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
  constructor(root, scenario, chosen, titles, labels) {
    this.root = root;
    this.scenario = scenario;
    const palette = new Palette(scenario);
    this.variants = chosen.map((policy) => ({
      policy, label: policyShortName(policy, labels), title: titles[policy] || policy,
      scenario: withPolicy(scenario, policy), store: new StepStore(), socket: null,
      status: el("li", { class: "compare-status", "data-policy": policy }),
    }));
    this.timeline = new CompareTimeline(this.variants);
    this.zoom = new Zoom();
    const span = () => this.timeline.span();
    this.controls = new ZoomControls(this.zoom, span);
    const playerRoot = el("div", { class: "player-root" });
    this.divergence = el("div", { class: "compare-divergence", "data-part": "divergence", "aria-live": "polite" },
      el("p", { class: "compare-divergence-text muted", text: gettext("The first difference appears here once every run has finished.") }));
    this.averages = el("div", { class: "compare-averages-box", "data-part": "averages" });
    const charts = el("div", { class: "compare-charts", "data-part": "charts" });
    this.charts = this.variants.map((variant) => {
      const ganttRoot = el("div", { class: "widget gantt-root" });
      charts.append(el("section", { class: "compare-variant", "data-policy": variant.policy,
        "aria-label": interpolate(gettext("Run under %(policy)s"), { policy: variant.title }) }, ganttRoot));
      return new Gantt(ganttRoot, {
        palette, scenario: variant.scenario, zoom: this.zoom, span, zoomControls: false,
        title: interpolate(gettext("%(policy)s — %(title)s"), { policy: variant.label, title: variant.title }),
        label: interpolate(gettext("Gantt chart under %(policy)s"), { policy: variant.label }),
      });
    });
    const results = root.querySelector("[data-part=results]");
    clear(results).append(
      el("div", { role: "status" }, el("ul", { class: "compare-statuses" }, this.variants.map((v) => v.status))),
      el("div", { class: "compare-toolbar" }, playerRoot, this.controls.root),
      this.divergence, this.averages, charts);
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
    const found = firstDivergence(this.variants.map((v) => ({ policy: v.policy, label: v.label, steps: v.store.steps })));
    clear(this.divergence);
    if (found) {
      this.divergence.dataset.tick = String(found.t);
      this.divergence.append(
        el("p", { class: "compare-divergence-text", text: divergenceText(found) }),
        el("ul", { class: "compare-reasons" }, found.decisions.map((d) => el("li", { "data-policy": d.policy },
          el("strong", { text: d.label }), ` — ${decisionReason(d)}`))),
        el("button", { type: "button", class: "btn small compare-goto",
          text: interpolate(gettext("Go to t=%(t)s"), { t: found.t }),
          on: { click: () => {
            this.player.pause();
            this.player.seek(found.t);
          } } }));
    } else {
      this.divergence.dataset.tick = "";
      this.divergence.append(el("p", { class: "compare-divergence-text",
        text: gettext("These policies never differ here: every core runs the same thread at every tick.") }));
    }
    clear(this.averages).append(averagesTable(this.variants));
    this.root.dataset.compared = "true";
  }
}

const root = document.querySelector("[data-page=compare]");
if (root) {
  const scenario = readJsonScript("scenario", null);
  const chosen = readJsonScript("chosen-policies", []) || [];
  const titles = readJsonScript("policy-titles", {}) || {};
  const labels = readJsonScript("policy-labels", {}) || {};
  // The server checked the choice; with fewer than two the form waits for the reader.
  if (scenario && Array.isArray(chosen) && chosen.length >= 2) {
    root.comparison = new ComparePage(root, scenario, chosen, titles, labels);
  }
}
