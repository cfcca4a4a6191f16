/**
 * The builder page (/build/): kernel settings, processes, the JSON tab,
 * validation as you type, drafts, Run (with the player below) and Save/Share.
 *
 * Page data comes from json_script elements: "policies", "library-functions",
 * "initial-scenario" (a preset, a forked scenario, or null) and "autorun".
 */

import { ApiError, saveScenario, startRun, validateScenario } from "./api.js";
import { mountCheckpointEditor } from "./builder-checkpoints.js";
import { showErrors, showWarnings } from "./builder-errors.js";
import { bindJsonEditor } from "./builder-json.js";
import { allocWarnings, normaliseFunctions } from "./builder-ops.js";
import { buildIoRequests, buildProcesses } from "./builder-processes.js";
import { Sections } from "./builder-sections.js";
import { buildSettings } from "./builder-settings.js";
import { linkBox } from "./copy.js";
import { clear, el, readJsonScript } from "./dom.js";
import { Drafts, draftSource } from "./draft.js";
import { gettext, interpolate, ngettext } from "./i18n.js";
import { mountRun } from "./run-panel.js";
import { cloneJSON, sameJSON, ScenarioModel } from "./scenario-model.js";

const VALIDATE_DELAY_MS = 400;
/**
 * Live editing: once a run is on screen, an edit reruns the scenario after
 * this quiet time (a burst of keystrokes makes one run, so the run budget of
 * issue 14 counts a burst once), and the chart is replaced in place at the
 * step it showed.  An answer to a superseded edit is dropped, so a pause
 * inside a burst costs one more run, never a wrong chart.  80 ms (it was
 * 120): keys typed in one go come faster than that, and the quiet time is
 * part of the 300 ms from a keystroke to its chart (bench/live_edit.py).
 */
const LIVE_DELAY_MS = 80;

/** The scenario a blank builder starts with: one process, textbook-sized. */
function blankScenario() {
  return { version: 1, title: gettext("My scenario"), cpu: { policy: "fcfs" },
    processes: [{ name: "P1", arrival: 0, burst: 5 }, { name: "P2", arrival: 1, burst: 3 }] };
}

class BuilderPage {
  constructor(root) {
    this.root = root;
    this.policies = readJsonScript("policies", {}) || {};
    this.functions = normaliseFunctions(readJsonScript("library-functions", []));
    const initial = readJsonScript("initial-scenario", null);
    this.initial = initial && typeof initial === "object" ? initial : blankScenario();
    this.drafts = new Drafts(draftSource());
    this.part = (name) => root.querySelector(`[data-part="${name}"]`);
    this.validateTimer = null;
    this.liveTimer = null;
    this.runTicket = 0; // sequence number of runs asked for: only the latest is shown
    this.validation = 0; // sequence number: only the latest answer is shown
    this.errors = [];
    this.panel = null;

    const draft = this.drafts.load();
    const restored = draft !== null && !sameJSON(draft, this.initial);
    this.model = new ScenarioModel(restored ? draft : cloneJSON(this.initial));
    this.sections = new Sections(this.model);
    this.part("draft-banner").hidden = !restored;
    const source = draftSource();
    this.part("reset").textContent = source.startsWith("preset:") ? gettext("Reset to preset")
      : (source.startsWith("fork:") ? gettext("Reset to the shared scenario") : gettext("Discard draft"));

    bindJsonEditor(this.part("json-editor"), this.part("json-status"), this.model);
    this.model.onChange((change) => this.changed(change));
    this.part("reset").addEventListener("click", () => this.reset());
    this.part("run").addEventListener("click", () => this.run());
    this.part("share").addEventListener("click", () => this.share());
    for (const tab of root.querySelectorAll("[role=tab]")) tab.addEventListener("click", () => this.selectTab(tab));
    this.renderForm();
    mountCheckpointEditor(root, { model: this.model, panel: () => this.panel });
    this.validateNow();
    if (readJsonScript("autorun", false) === true) this.run();
  }

  selectTab(tab) {
    for (const other of this.root.querySelectorAll("[role=tab]")) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      this.root.querySelector(`#${other.getAttribute("aria-controls")}`).hidden = !selected;
    }
  }

  /** Rebuild the form from the model, keeping the focused field focused. */
  renderForm() {
    const active = document.activeElement;
    const activePath = active && this.part("form").contains(active) && active.closest("[data-path]")
      ? active.closest("[data-path]").dataset.path : null;
    const settings = buildSettings(this.model, this.policies, this.sections);
    this.refreshSettings = settings.refresh;
    clear(this.part("settings")).append(settings.root);
    clear(this.part("processes")).append(buildProcesses(this.model, this.functions));
    // Disk requests belong to the disk section: shown with it.
    const disk = this.sections.shown("disk");
    this.part("requests-section").hidden = !disk;
    clear(this.part("io-requests"));
    if (disk) this.part("io-requests").append(buildIoRequests(this.model));
    showErrors(this.part("form"), this.part("top-errors"), this.errors);
    showWarnings(this.part("form"), allocWarnings(this.model.snapshot()));
    if (activePath) {
      const field = this.part("form").querySelector(`.field[data-path="${CSS.escape(activePath)}"]`);
      const input = field && field.querySelector("input, select, textarea");
      if (input) input.focus();
    }
  }

  changed(change) {
    // A scenario replaced wholesale shows the sections it uses, not those added to the one before.
    if (change.source === "reset" || change.source === "json") this.sections.forget();
    // A policy change shows or hides fields (quantum, tickets), so rebuild then too.
    if (change.structural || change.path === "cpu.policy") this.renderForm();
    else if (this.refreshSettings) this.refreshSettings();
    const current = this.model.snapshot();
    if (sameJSON(current, this.initial)) this.drafts.clear();
    else this.drafts.save(current);
    clearTimeout(this.validateTimer);
    this.validateTimer = setTimeout(() => this.validateNow(), VALIDATE_DELAY_MS);
    if (this.panel) {
      clearTimeout(this.liveTimer);
      this.liveTimer = setTimeout(() => this.run({ live: true }), LIVE_DELAY_MS);
    }
  }

  reset() {
    this.drafts.clear();
    this.part("draft-banner").hidden = true;
    this.model.replace(cloneJSON(this.initial), "reset");
  }

  async validateNow() {
    const ticket = (this.validation += 1);
    const status = this.part("validation");
    status.textContent = gettext("Checking…");
    status.className = "validation-status";
    let errors;
    try {
      errors = await validateScenario(this.model.snapshot());
    } catch (err) {
      if (ticket !== this.validation) return;
      status.textContent = err instanceof ApiError ? err.message : String(err);
      status.className = "validation-status bad";
      return;
    }
    if (ticket !== this.validation) return; // a newer edit is being checked
    this.showProblems(errors);
  }

  showProblems(errors) {
    this.errors = errors;
    showErrors(this.part("form"), this.part("top-errors"), errors);
    showWarnings(this.part("form"), allocWarnings(this.model.snapshot()));
    const status = this.part("validation");
    status.textContent = errors.length
      ? interpolate(ngettext("%(n)s problem", "%(n)s problems", errors.length), { n: errors.length })
      : gettext("Scenario is valid.");
    status.className = errors.length ? "validation-status bad" : "validation-status good";
    this.root.dataset.valid = String(errors.length === 0);
  }

  /** Show an API failure: validation errors inline, anything else in the message area. */
  failed(err, area) {
    if (err instanceof ApiError && err.status === 400) {
      this.showProblems(err.errors);
      return;
    }
    let message = err instanceof ApiError ? err.message : String(err);
    if (err instanceof ApiError && err.status === 429 && err.retryAfter) {
      message = interpolate(gettext("Too many runs in a short time; try again in %(s)s seconds."), { s: err.retryAfter });
    }
    clear(area).append(el("p", { class: "run-error", role: "alert", text: message }));
    area.hidden = false;
  }

  /**
   * Run the scenario.  Pressed (live false): the new run plays from the
   * start and takes the focus; an invalid scenario says why and the focus
   * goes to the first problem.  Live (an edit, see LIVE_DELAY_MS): the new
   * run replaces the chart at the step it showed, and the focus stays in
   * the form.
   */
  async run({ live = false } = {}) {
    const button = this.part("run");
    const area = this.part("player");
    const ticket = (this.runTicket += 1);
    if (!live) button.disabled = true;
    clearTimeout(this.liveTimer);
    // The run request validates the same snapshot: a separate check would be one more
    // round trip, and its answer could land after the run's and wipe the refusal's summary.
    clearTimeout(this.validateTimer);
    const validation = (this.validation += 1);
    const scenario = this.model.snapshot();
    try {
      const run = await startRun({ scenario });
      if (validation === this.validation) this.showProblems([]);
      if (ticket !== this.runTicket) return; // a newer edit asked for a newer run
      const at = live && this.panel ? this.panel.player.index : 0;
      if (this.panel) this.panel.dispose();
      clear(area);
      area.hidden = false;
      this.panel = mountRun(area, { scenario, run, autoplay: !live, wholeRun: true, startAt: at });
      this.root.dataset.runs = String(ticket);
      if (!live) this.panel.focus();
    } catch (err) {
      if (ticket !== this.runTicket) return;
      if (live && !(err instanceof ApiError && err.status === 400)) {
        // A live rerun that could not start (the run budget, the network) keeps the chart on screen.
        const status = this.part("validation");
        status.textContent = err instanceof ApiError && err.status === 429
          ? gettext("Too many runs in a short time: the chart updates at your next edit.")
          : (err instanceof ApiError ? err.message : String(err));
        status.className = "validation-status bad";
        return;
      }
      this.failed(err, area);
      const refused = err instanceof ApiError && err.status === 400;
      if (!live && refused) this.focusFirstProblem();
      else if (!refused) this.validateNow(); // the run said nothing about the scenario itself
    } finally {
      if (!live) button.disabled = false;
    }
  }

  /** After a refused Run: say why at the top, and put the focus on the first problem. */
  focusFirstProblem() {
    const top = this.part("top-errors");
    const count = this.errors.length;
    const summary = el("p", { class: "run-refused", "data-part": "run-refused",
      text: interpolate(ngettext("The scenario cannot run: %(n)s problem. The first is highlighted below.",
        "The scenario cannot run: %(n)s problems. The first is highlighted below.", count), { n: count }) });
    top.prepend(summary);
    top.hidden = false;
    const form = this.part("form");
    const first = [...form.querySelectorAll(".has-error")].map((node) =>
      node.querySelector(":scope > input, :scope > select, :scope > textarea")).find((input) => input && !input.closest("[hidden]"));
    if (first) {
      first.focus();
      first.scrollIntoView({ block: "center" });
    } else {
      top.tabIndex = -1;
      top.focus();
    }
  }

  async share() {
    const button = this.part("share");
    const area = this.part("share-result");
    button.disabled = true;
    try {
      const saved = await saveScenario(this.model.snapshot());
      const url = new URL(saved.url, globalThis.location.origin).href;
      clear(area).append(el("p", { text: gettext("Anyone with this link sees this scenario:") }),
        linkBox(url, gettext("Link to this scenario")));
      area.hidden = false;
    } catch (err) {
      this.failed(err, area);
    } finally {
      button.disabled = false;
    }
  }
}

const root = document.querySelector("[data-page=builder]");
if (root) new BuilderPage(root);
