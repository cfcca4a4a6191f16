/**
 * The practice page (/practice/<slug>/): a saved scenario played at one's
 * own pace, stopping at its checkpoints.  Data: json_script "scenario",
 * data-slug on the root.
 */

import { startRun } from "../api.js";
import { el, readJsonScript } from "../dom.js";
import { mountRun } from "../run-panel.js";
import { attachCheckpoints } from "./checkpoints.js";

const root = document.querySelector("[data-page=practice]");
if (root) {
  const scenario = readJsonScript("scenario", {}) || {};
  const slug = root.dataset.slug;
  const area = root.querySelector("[data-part=player]");
  startRun({ slug }).then((run) => {
    const panel = mountRun(area, { scenario, run, autoplay: true });
    attachCheckpoints(panel, { scenario, slug, box: root.querySelector("[data-part=checkpoints]") });
    panel.focus();
  }).catch((err) => {
    area.append(el("p", { class: "run-error", role: "alert", text: err.message || String(err) }));
  });
}
