/**
 * The builder's "Compare policies" button: saves the scenario being edited
 * (the same link "Save and share" gives) and opens the compare page on it.
 *
 * The scenario is read from the JSON tab's text, which the builder keeps
 * in step with the form (builder-json.js); text that is not JSON yet is
 * reported instead of guessed at.  Problems the server finds are listed
 * next to the button.
 */

import { ApiError, saveScenario } from "./api.js";
import { clear, el } from "./dom.js";
import { gettext } from "./i18n.js";

const root = document.querySelector("[data-page=builder]");
const button = root && root.querySelector("[data-part=compare]");
if (button) {
  const area = root.querySelector("[data-part=compare-result]");
  const say = (lines) => {
    clear(area).append(...lines.map((text) => el("p", { class: "run-error", text })));
    area.hidden = false;
  };
  // The problems listed were the scenario's when the button was pressed: an edit makes them stale.
  for (const type of ["input", "change"]) {
    root.addEventListener(type, () => {
      area.hidden = true;
    });
  }
  button.addEventListener("click", async () => {
    const editor = root.querySelector("[data-part=json-editor]");
    let scenario;
    try {
      scenario = JSON.parse(editor.value);
    } catch {
      say([gettext("The JSON tab holds text that is not valid JSON yet; fix it before comparing.")]);
      return;
    }
    button.disabled = true;
    area.hidden = true;
    try {
      const saved = await saveScenario(scenario);
      globalThis.location.assign(`/compare/?slug=${encodeURIComponent(saved.slug)}`);
    } catch (err) {
      const problems = err instanceof ApiError ? err.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)) : [String(err)];
      say([gettext("Fix these problems before comparing:"), ...problems]);
    } finally {
      button.disabled = false;
    }
  });
}
