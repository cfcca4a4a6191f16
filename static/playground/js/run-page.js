/**
 * The run page (/runs/<id>/): the player for an existing run.  The socket
 * replays every stored step from 0 (a finished run comes from the database)
 * and follows a live one.  Data: json_script "run-info" {id, status, ws}
 * and "scenario".
 */

import { readJsonScript } from "./dom.js";
import { mountRun } from "./run-panel.js";
import { scenarioSummary } from "./scenario-summary.js";

const root = document.querySelector("[data-page=run]");
if (root) {
  const info = readJsonScript("run-info", null);
  const scenario = readJsonScript("scenario", {}) || {};
  const summary = root.querySelector("[data-part=summary]");
  if (summary) summary.append(scenarioSummary(scenario));
  if (info && info.id) {
    // A finished run opens at its first step, paused: the student steps through it.
    const panel = mountRun(root.querySelector("[data-part=player]"), {
      scenario, run: info, autoplay: info.status !== "completed" && info.status !== "failed",
      title: null, // the page's heading names the scenario
    });
    panel.focus();
  }
}
