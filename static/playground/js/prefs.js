/**
 * Display preferences for projectors: large type and high contrast, kept in
 * localStorage and applied as classes on <html>; and the language select,
 * which submits its form on change.
 */

const KEY = "llmos-playground:prefs";
const html = document.documentElement;

function load() {
  try {
    return JSON.parse(localStorage.getItem(KEY)) || {};
  } catch {
    return {};
  }
}

function save(prefs) {
  try {
    localStorage.setItem(KEY, JSON.stringify(prefs));
  } catch {
    // Storage disabled: the choice lasts for this page only.
  }
}

const prefs = load();
for (const toggle of document.querySelectorAll("[data-pref]")) {
  const name = toggle.dataset.pref;
  const apply = () => {
    html.classList.toggle(`pref-${name}`, Boolean(prefs[name]));
    toggle.setAttribute("aria-pressed", String(Boolean(prefs[name])));
  };
  apply();
  toggle.addEventListener("click", () => {
    prefs[name] = !prefs[name];
    save(prefs);
    apply();
  });
}

for (const select of document.querySelectorAll("[data-autosubmit]")) {
  select.addEventListener("change", () => select.form.submit());
  const button = select.form.querySelector("[data-autosubmit-fallback]");
  if (button) button.hidden = true;
}
