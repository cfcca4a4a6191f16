/** Copy-to-clipboard buttons for share links. */

import { el } from "./dom.js";
import { gettext } from "./i18n.js";

/**
 * Copy `text`; resolves true on success.  Falls back to selecting `input`
 * and the legacy copy command where the Clipboard API is unavailable
 * (plain http on another host than localhost).
 */
export async function copyText(text, input = null) {
  try {
    if (navigator.clipboard && globalThis.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission refused: try the fallback below.
  }
  if (input) {
    input.focus();
    input.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * A read-only link field with Copy and Open buttons.  The link text is
 * selectable so that it can be copied by hand if copying is refused.
 */
export function linkBox(url, label) {
  const input = el("input", { type: "text", readonly: true, class: "share-link", value: url, "aria-label": label });
  const feedback = el("span", { class: "copy-feedback", role: "status" });
  const button = el("button", { type: "button", class: "btn small copy-link", text: gettext("Copy link"),
    on: { click: async () => {
      const ok = await copyText(url, input);
      feedback.textContent = ok ? gettext("Copied.") : gettext("Select the link and press Ctrl+C to copy it.");
    } } });
  return el("div", { class: "link-box" }, input, button,
    el("a", { class: "btn small", href: url, target: "_blank", rel: "noopener", text: gettext("Open") }), feedback);
}
