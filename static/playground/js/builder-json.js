/**
 * The builder's JSON tab: the scenario as text, kept in step with the form
 * both ways.  Form edits rewrite the text; text that parses as a JSON object
 * replaces the scenario (and the form is rebuilt from it); text that does
 * not parse is left alone, with where and why under it in the page's
 * language (json-problems.js; never the browser's English message).
 */

import { gettext } from "./i18n.js";
import { jsonProblemMessage } from "./json-problems.js";

export function bindJsonEditor(textarea, status, model) {
  const write = () => {
    textarea.value = JSON.stringify(model.scenario, null, 2);
  };
  const say = (message, bad) => {
    status.textContent = message;
    status.classList.toggle("bad", bad);
    textarea.setAttribute("aria-invalid", bad ? "true" : "false");
  };
  model.onChange((change) => {
    if (change.source !== "json") {
      write();
      say("", false);
    }
  });
  textarea.addEventListener("input", () => {
    let parsed;
    try {
      parsed = JSON.parse(textarea.value);
    } catch {
      say(jsonProblemMessage(textarea.value), true); // JSON.parse refused it, so never null
      return;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      say(gettext("A scenario is a JSON object: { … }."), true);
      return;
    }
    say(gettext("JSON is valid; the form follows it."), false);
    model.replace(parsed, "json");
  });
  write();
}
