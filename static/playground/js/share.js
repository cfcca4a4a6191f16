/**
 * The shared scenario page (/s/<slug>/): a read-only summary, Run (the
 * player opens below), Fork (a link to the builder) and Copy link.
 * Data: json_script "scenario"; data-slug and data-share-url on the root.
 */

import { ApiError, startRun } from "./api.js";
import { copyText } from "./copy.js";
import { clear, el, readJsonScript } from "./dom.js";
import { gettext, interpolate } from "./i18n.js";
import { mountRun } from "./run-panel.js";
import { scenarioSummary } from "./scenario-summary.js";

const root = document.querySelector("[data-page=shared]");
if (root) {
  const scenario = readJsonScript("scenario", {}) || {};
  const part = (name) => root.querySelector(`[data-part="${name}"]`);
  const slug = root.dataset.slug;
  let panel = null;
  part("summary").append(scenarioSummary(scenario));

  part("copy").addEventListener("click", async () => {
    const ok = await copyText(root.dataset.shareUrl, part("link"));
    part("copy-feedback").textContent = ok ? gettext("Copied.") : gettext("Select the link and press Ctrl+C to copy it.");
  });

  part("run").addEventListener("click", async () => {
    const button = part("run");
    const area = part("player");
    button.disabled = true;
    try {
      const run = await startRun({ slug });
      if (panel) panel.dispose();
      clear(area);
      panel = mountRun(area, { scenario, run, autoplay: true });
      panel.focus();
    } catch (err) {
      let message = err instanceof ApiError ? err.message : String(err);
      if (err instanceof ApiError && err.status === 429 && err.retryAfter) {
        message = interpolate(gettext("Too many runs in a short time; try again in %(s)s seconds."), { s: err.retryAfter });
      }
      clear(area).append(el("p", { class: "run-error", role: "alert", text: message }));
    } finally {
      button.disabled = false;
    }
  });
}
