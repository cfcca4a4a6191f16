/**
 * Translation helpers.
 *
 * Django's JavaScriptCatalog (/jsi18n/, loaded by base.html before any module)
 * defines the globals gettext, ngettext and interpolate.  Modules import them
 * from here so that a page whose catalog failed to load still shows English
 * instead of throwing on every string.
 */

const g = globalThis;

/** The translation of `msgid`, or `msgid` itself when no catalog is loaded. */
export function gettext(msgid) {
  return typeof g.gettext === "function" ? g.gettext(msgid) : msgid;
}

/** Singular or plural translation chosen by `count`. */
export function ngettext(singular, plural, count) {
  if (typeof g.ngettext === "function") return g.ngettext(singular, plural, count);
  return count === 1 ? singular : plural;
}

/**
 * Fill `%(name)s` placeholders from `values` (Django's named interpolation).
 * Values are inserted as plain text; callers put the result in textContent.
 */
export function interpolate(fmt, values) {
  if (typeof g.interpolate === "function") return g.interpolate(fmt, values, true);
  return fmt.replace(/%\((\w+)\)s/g, (_, key) => String(values[key]));
}
