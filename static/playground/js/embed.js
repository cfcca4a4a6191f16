/**
 * The embedded scenario (/s/<slug>/embed, in a course page's iframe).
 *
 * The server renders the controls of the parts the course page left
 * editable, and disables those it locked.  Run sends the token and the
 * values of enabled controls that differ from the saved scenario to
 * POST /s/<slug>/embed/runs/; the server applies only changes of parts the
 * token makes editable (a locked control re-enabled in devtools is ignored
 * there) and answers with the scenario that actually runs.  Data:
 * json_script "embed-config" {slug, token, runUrl, hideAnswers} and
 * "scenario".
 */

import { ApiError, postJSON } from "./api.js";
import { clear, el, readJsonScript } from "./dom.js";
import { gettext, interpolate } from "./i18n.js";
import { PracticeFeed, revealAsPlayed } from "./classroom/practice-feed.js";
import { mountRun } from "./run-panel.js";
import { scenarioSummary } from "./scenario-summary.js";

/** A control's value for the scenario: whole numbers as numbers, anything else as typed. */
function valueOf(control) {
  const text = control.value.trim();
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

/** Was the control changed from what the page was served with? */
function changed(control) {
  if (control.tagName === "SELECT") return [...control.options].some((o) => o.selected !== o.defaultSelected);
  return control.value !== control.defaultValue;
}

/**
 * The changes to send: {path: value} for every enabled, changed control.
 * Disabled (locked) controls are never sent.
 */
export function collectChanges(form) {
  const changes = {};
  for (const control of form.querySelectorAll("[data-path]:is(input, select)")) {
    if (control.disabled || !changed(control)) continue;
    changes[control.dataset.path] = valueOf(control);
  }
  return changes;
}

/** Show each {path, message} under the control it names; the rest in the list at the bottom. */
function showErrors(form, errors) {
  const list = form.querySelector("[data-part=errors]");
  for (const node of form.querySelectorAll(".field-error")) {
    node.hidden = true;
    node.textContent = "";
  }
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  const general = [];
  for (const error of errors) {
    const path = error.path.replace(/^changes\./, "");
    const control = form.querySelector(`[data-path="${CSS.escape(path)}"]:is(input, select)`);
    const slot = control && control.closest(".field") && control.closest(".field").querySelector(".field-error");
    if (slot) {
      slot.hidden = false;
      slot.textContent = error.message;
      control.setAttribute("aria-invalid", "true");
    } else {
      general.push(error.path ? `${error.path}: ${error.message}` : error.message);
    }
  }
  clear(list).append(...general.map((text) => el("p", { text })));
  list.hidden = general.length === 0;
}

function init(root) {
  const config = readJsonScript("embed-config", null);
  const saved = readJsonScript("scenario", {}) || {};
  const part = (name) => root.querySelector(`[data-part="${name}"]`);
  const form = part("controls");
  const status = part("status");
  const area = part("player");
  let panel = null;

  const summary = part("summary");
  if (summary) {
    // The description is a part of its own, shown above (or hidden: it often holds the answer).
    const shown = { ...saved };
    delete shown.description;
    // With the builder shown, its table lists the processes already.
    if (summary.dataset.withoutProcesses) delete shown.processes;
    summary.append(scenarioSummary(shown));
  }

  form.addEventListener("reset", () => {
    showErrors(form, []);
    status.textContent = "";
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = part("run");
    button.disabled = true;
    status.textContent = gettext("Starting the run…");
    try {
      const run = await postJSON(config.runUrl, { token: config.token, changes: collectChanges(form) });
      showErrors(form, []);
      status.textContent = run.ignored && run.ignored.length
        ? interpolate(gettext("Locked settings kept their saved values (%(fields)s)."), { fields: run.ignored.join(", ") })
        : "";
      root.dataset.applied = (run.applied || []).join(",");
      root.dataset.ignored = (run.ignored || []).join(",");
      if (panel) panel.dispose();
      clear(area);
      const scenario = run.scenario || saved;
      if (config.hideAnswers) {
        // Answers hidden: the page holds only the steps it has shown (one more each time the
        // cursor reaches the last), never the run's socket, and draws nothing after the cursor.
        const feed = new PracticeFeed(run.id);
        panel = mountRun(area, { scenario, run: { id: run.id }, autoplay: true, reveal: "cursor",
          hide: ["metrics", "permalink", "export"], feed: (handlers) => feed.attach(handlers) });
        revealAsPlayed(panel.player, feed);
      } else {
        panel = mountRun(area, { scenario, run, autoplay: true, hide: [] });
      }
      // Inside an iframe a link would replace the exercise: open the run page in a new tab.
      for (const link of panel.panel.querySelectorAll("a[href]")) {
        link.target = "_blank";
        link.rel = "noopener";
      }
      panel.focus();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        showErrors(form, err.errors);
        status.textContent = gettext("Fix the values marked in red, then run again.");
      } else if (err instanceof ApiError && err.status === 429 && err.retryAfter) {
        status.textContent = interpolate(gettext("Too many runs in a short time; try again in %(s)s seconds."), { s: err.retryAfter });
      } else {
        status.textContent = err instanceof ApiError ? err.message : String(err);
      }
    } finally {
      button.disabled = false;
    }
  });
  // The page serves Run disabled: a click before this handler was attached submitted the bare form.
  part("run").disabled = false;
}

const root = document.querySelector("[data-page=embed]");
if (root) init(root);
