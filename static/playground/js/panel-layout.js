/**
 * The run panel's widgets as panels a reader can arrange: each one can be
 * collapsed to its title and moved earlier or later in the grid.  The
 * arrangement is kept in localStorage (one for every run page), so a
 * teacher sets up the projector once.
 *
 *   arrangePanels(grid, [{key, root, title}]);
 */

import { el } from "./dom.js";
import { gettext, interpolate } from "./i18n.js";

const KEY = "llmos-playground:panels";

function load() {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY));
    return {
      order: Array.isArray(saved && saved.order) ? saved.order.map(String) : [],
      collapsed: Array.isArray(saved && saved.collapsed) ? saved.collapsed.map(String) : [],
    };
  } catch {
    return { order: [], collapsed: [] };
  }
}

function save(layout) {
  try {
    localStorage.setItem(KEY, JSON.stringify(layout));
  } catch {
    // Storage disabled: the arrangement lasts for this page only.
  }
}

/**
 * Give each panel collapse and move buttons, and put the grid in the saved
 * order (panels the saved order does not name keep their place after those
 * it does).  `panels`: [{key, root, title}], `root` already in `grid`.
 */
export function arrangePanels(grid, panels) {
  const layout = load();
  const rank = (key) => {
    const k = layout.order.indexOf(key);
    return k < 0 ? layout.order.length + panels.findIndex((p) => p.key === key) : k;
  };
  const ordered = () => [...grid.children].filter((n) => n.dataset.panel);
  const remember = () => {
    layout.order = ordered().map((n) => n.dataset.panel);
    save(layout);
  };
  for (const { key, root, title } of panels) {
    root.dataset.panel = key;
    const collapse = el("button", { type: "button", class: "panel-btn panel-collapse", "data-panel-action": "collapse" });
    const setCollapsed = (on) => {
      root.dataset.collapsed = String(on);
      collapse.setAttribute("aria-expanded", String(!on));
      collapse.textContent = on ? "▸" : "▾";
      const label = interpolate(on ? gettext("Show the %(panel)s panel") : gettext("Collapse the %(panel)s panel"), { panel: title });
      collapse.setAttribute("aria-label", label);
      collapse.title = label;
    };
    setCollapsed(layout.collapsed.includes(key));
    collapse.addEventListener("click", () => {
      const on = root.dataset.collapsed !== "true";
      setCollapsed(on);
      layout.collapsed = layout.collapsed.filter((k) => k !== key);
      if (on) layout.collapsed.push(key);
      save(layout);
    });
    const move = (direction) => {
      const nodes = ordered();
      const k = nodes.indexOf(root);
      const other = nodes[k + direction];
      if (!other) return;
      if (direction < 0) grid.insertBefore(root, other);
      else grid.insertBefore(other, root);
      remember();
      // Keep the keyboard where it was: on the same button of the moved panel.
      root.querySelector(`[data-panel-action="${direction < 0 ? "earlier" : "later"}"]`).focus();
    };
    const earlier = el("button", { type: "button", class: "panel-btn", "data-panel-action": "earlier", text: "↑",
      "aria-label": interpolate(gettext("Move the %(panel)s panel earlier"), { panel: title }),
      title: interpolate(gettext("Move the %(panel)s panel earlier"), { panel: title }), on: { click: () => move(-1) } });
    const later = el("button", { type: "button", class: "panel-btn", "data-panel-action": "later", text: "↓",
      "aria-label": interpolate(gettext("Move the %(panel)s panel later"), { panel: title }),
      title: interpolate(gettext("Move the %(panel)s panel later"), { panel: title }), on: { click: () => move(1) } });
    root.prepend(el("div", { class: "panel-tools" }, earlier, later, collapse));
  }
  for (const node of ordered().sort((a, b) => rank(a.dataset.panel) - rank(b.dataset.panel))) grid.append(node);
}
