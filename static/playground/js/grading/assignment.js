/**
 * The student's assignment page (/assignments/<id>/): a summary of their
 * variant and, once the solution is open (grades released, or revealed in
 * practice mode), the variant's run in the player.
 *
 * Data (json_script): "variant-scenario" (the scenario dict) and
 * "solution-run" ({id, status, ws} or null).  Before release the page never
 * has a run: a run's result would give the answers away.
 */

import { readJsonScript } from "../dom.js";
import { mountRun } from "../run-panel.js";
import { scenarioSummary } from "../scenario-summary.js";

const root = document.querySelector("[data-page=assignment]");
if (root) {
  const scenario = readJsonScript("variant-scenario", {}) || {};
  const summary = root.querySelector("[data-part=variant-summary]");
  if (summary) summary.append(scenarioSummary(scenario));
  const solution = readJsonScript("solution-run", null);
  const playerArea = root.querySelector("[data-part=solution-player]");
  if (solution && solution.id && playerArea) {
    // Paused at step 0 when finished: the student steps through the solution.
    mountRun(playerArea, {
      scenario, run: solution,
      autoplay: solution.status !== "completed" && solution.status !== "failed",
    });
  }
}
