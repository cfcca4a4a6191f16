/**
 * The home gallery: filter the preset cards by category.  The cards are
 * plain links rendered by the server, so the gallery works without this
 * script; it only adds the filter buttons' behaviour.
 */

const root = document.querySelector("[data-page=home]");
if (root) {
  const buttons = [...root.querySelectorAll("[data-filter]")];
  const groups = [...root.querySelectorAll("[data-category]")];
  const apply = (category) => {
    for (const button of buttons) button.setAttribute("aria-pressed", String(button.dataset.filter === category));
    for (const group of groups) group.hidden = category !== "all" && group.dataset.category !== category;
  };
  for (const button of buttons) button.addEventListener("click", () => apply(button.dataset.filter));
  apply("all");
}
