/**
 * The scenario being edited, as a plain JSON object, with paths in the
 * engine's notation ("processes[1].burst", "cpu.mlfq.quanta") so that the
 * server's error paths point straight at the form field that edits them.
 */

/** ["processes", 1, "burst"] -> "processes[1].burst" */
export function formatPath(parts) {
  let out = "";
  for (const part of parts) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}

/** "processes[1].burst" -> ["processes", 1, "burst"] */
export function parsePath(path) {
  const parts = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let m;
  while ((m = re.exec(path)) !== null) parts.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return parts;
}

/** The path one level up: "processes[1].burst" -> "processes[1]" -> "processes" -> "". */
export function parentPath(path) {
  const parts = parsePath(path);
  parts.pop();
  return formatPath(parts);
}

/** A deep copy of a JSON value. */
export function cloneJSON(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** Are two JSON values equal (key order ignored)? */
export function sameJSON(a, b) {
  const canon = (v) => JSON.stringify(v, (key, value) => (value && typeof value === "object" && !Array.isArray(value)
    ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, value[k]])) : value));
  return canon(a) === canon(b);
}

export class ScenarioModel {
  /** @param {object} scenario  taken over (not copied) */
  constructor(scenario) {
    this.scenario = scenario;
    this.listeners = [];
  }

  /**
   * Register `fn(change)`; change is {path, structural, source}.  `structural`
   * is true when the form must be rebuilt (rows added or removed, the whole
   * scenario replaced), false for a single field edit.
   */
  onChange(fn) {
    this.listeners.push(fn);
  }

  emit(change) {
    for (const fn of this.listeners) fn(change);
  }

  get(path) {
    let node = this.scenario;
    for (const part of parsePath(path)) {
      if (node === null || typeof node !== "object") return undefined;
      node = node[part];
    }
    return node;
  }

  /**
   * Set the value at `path`, creating objects on the way; `undefined` deletes
   * the key so that the engine's default applies again.
   */
  set(path, value, { structural = false, source = "form" } = {}) {
    const parts = parsePath(path);
    const last = parts.pop();
    let node = this.scenario;
    for (const part of parts) {
      if (node[part] === null || typeof node[part] !== "object") node[part] = {};
      node = node[part];
    }
    if (value === undefined) {
      if (Array.isArray(node)) node.splice(last, 1);
      else delete node[last];
      // Drop sections emptied by clearing their last field ("cpu": {}).
      // Only named sections, never a process or an op reached by index.
      const named = parts.length && typeof parts[parts.length - 1] === "string";
      if (named && !Array.isArray(node) && Object.keys(node).length === 0) {
        this.set(formatPath(parts), undefined, { structural, source });
        return;
      }
    } else node[last] = value;
    this.emit({ path, structural, source });
  }

  /** Replace the whole scenario (JSON tab, reset, draft restore). */
  replace(scenario, source = "replace") {
    this.scenario = scenario;
    this.emit({ path: "", structural: true, source });
  }

  /** A copy to send to the server or store. */
  snapshot() {
    return cloneJSON(this.scenario);
  }
}
