/**
 * Put the server's validation errors next to the fields they name.
 *
 * An error's path ("processes[1].burst") is looked up among the elements
 * with a matching data-path inside the form; when no field edits exactly
 * that path (e.g. "processes[0].program[0].program[1].ticks", inside a JSON
 * textarea) the nearest ancestor path that has a field gets it, with the
 * rest of the path in front of the message.  Errors whose path matches
 * nothing in the form go to the list at the top.
 */

import { clear, el } from "./dom.js";
import { gettext } from "./i18n.js";
import { parentPath } from "./scenario-model.js";

/** The element whose data-path is `path` and that has an error slot. */
function slotFor(root, path) {
  for (const node of root.querySelectorAll(`[data-path="${CSS.escape(path)}"]`)) {
    const slot = node.querySelector(":scope > .field-error");
    // A field hidden for the chosen policy cannot show its error: list it at the top.
    if (slot && !node.closest("[hidden]")) return { node, slot };
  }
  return null;
}

/**
 * Show `errors` ([{path, message}]) in `root`, replacing what was shown
 * before; errors without a field go in the `top` list.  Returns the number
 * of errors shown next to fields.
 */
export function showErrors(root, top, errors) {
  for (const node of root.querySelectorAll(".has-error")) {
    node.classList.remove("has-error");
    for (const input of node.querySelectorAll(":scope > input, :scope > select, :scope > textarea")) input.removeAttribute("aria-invalid");
  }
  for (const slot of root.querySelectorAll(".field-error[data-server]")) {
    slot.textContent = "";
    slot.hidden = true;
    delete slot.dataset.server;
  }
  clear(top);
  top.hidden = true;
  let inline = 0;
  const unplaced = [];
  for (const error of errors) {
    let path = error.path || "";
    let found = null;
    while (path && !(found = slotFor(root, path))) path = parentPath(path);
    if (!found) {
      unplaced.push(error);
      continue;
    }
    const rest = error.path.slice(path.length).replace(/^\./, "");
    const text = rest ? `${rest}: ${error.message}` : error.message;
    const { node, slot } = found;
    slot.textContent = slot.dataset.server ? `${slot.textContent}\n${text}` : text;
    slot.dataset.server = "1";
    slot.hidden = false;
    node.classList.add("has-error");
    for (const input of node.querySelectorAll(":scope > input, :scope > select, :scope > textarea")) input.setAttribute("aria-invalid", "true");
    inline += 1;
  }
  if (unplaced.length) {
    top.hidden = false;
    top.append(el("p", { text: gettext("The scenario has problems:") }),
      el("ul", {}, unplaced.map((e) => el("li", { text: e.path ? `${e.path}: ${e.message}` : e.message }))));
  }
  return inline;
}

/** Show `warnings` ([{path, message}]) in the warning slots of the rows they name. */
export function showWarnings(root, warnings) {
  for (const slot of root.querySelectorAll(".field-warning")) {
    slot.textContent = "";
    slot.hidden = true;
  }
  for (const warning of warnings) {
    const row = root.querySelector(`[data-path="${CSS.escape(warning.path)}"]`);
    const slot = row && row.querySelector(":scope > .field-warning");
    if (!slot) continue;
    slot.textContent = slot.textContent ? `${slot.textContent}\n${warning.message}` : warning.message;
    slot.hidden = false;
  }
}
