/**
 * Drafts of the builder's scenario in localStorage, one per starting point
 * (a preset, a forked link, or a blank scenario), so that a reload or a
 * closed tab does not lose a student's work.
 */

const PREFIX = "llmos-playground:draft:";

/** The draft key for the builder's URL: preset:NAME, fork:SLUG or new. */
export function draftSource(search = globalThis.location.search) {
  const params = new URLSearchParams(search);
  if (params.get("fork")) return `fork:${params.get("fork")}`;
  if (params.get("preset")) return `preset:${params.get("preset")}`;
  return "new";
}

export class Drafts {
  constructor(source, storage = globalThis.localStorage) {
    this.key = PREFIX + source;
    this.storage = storage;
  }

  /** The saved scenario, or null (none saved, storage off, or unreadable). */
  load() {
    try {
      const text = this.storage.getItem(this.key);
      if (!text) return null;
      const value = JSON.parse(text);
      return value && typeof value === "object" && !Array.isArray(value) ? value : null;
    } catch {
      return null;
    }
  }

  /** Save `scenario`; returns false when the browser refuses (private mode, quota). */
  save(scenario) {
    try {
      this.storage.setItem(this.key, JSON.stringify(scenario));
      return true;
    } catch {
      return false;
    }
  }

  clear() {
    try {
      this.storage.removeItem(this.key);
    } catch {
      // Storage disabled: there is nothing to clear.
    }
  }
}
