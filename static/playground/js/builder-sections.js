/**
 * Which optional sections of a scenario the builder shows.
 *
 * CPU scheduling and the processes are always there.  Memory, the disk,
 * messages, threads, virtual memory and the LLM device appear only when the
 * scenario uses them: its settings name the section (a preset's "memory"),
 * or a program's ops need it (an alloc needs memory).  The others wait
 * behind "Add memory", "Add disk", ... buttons; adding one gives it settings
 * that run as they are, and removing one takes its settings out again
 * (while ops still need a section it stays, and says so).
 *
 *   const sections = new Sections(model);
 *   sections.shown("memory");   sections.add("disk");   sections.remove("disk");
 */

import { gettext } from "./i18n.js";
import { usesMessages } from "./ipc-diagram.js";
import { usesDisk, usesOps } from "./run-panel.js";
import { usesThreads } from "./threads-view.js";
import { usesVm } from "./vm-view.js";

const has = (scenario, key) => Boolean(scenario) && scenario[key] !== undefined && scenario[key] !== null;

/**
 * The optional sections, in the order the form shows them: key, the
 * scenario keys that hold its settings, its names, the settings it starts
 * with, and whether a program's ops need it.
 */
export const SECTIONS = [
  { key: "memory", keys: ["memory"], title: () => gettext("Memory"), add: () => gettext("Add memory"),
    defaults: () => ({ memory: { size: "1MB", policy: "first_fit" } }),
    neededBy: (s) => usesOps(s, ["alloc", "free"]) },
  // A disk with nothing to serve shows nothing: it starts with three textbook requests.
  { key: "disk", keys: ["io", "io_requests"], title: () => gettext("Disk"), add: () => gettext("Add disk"),
    defaults: () => ({ io: { policy: "fcfs", head: 50, cylinders: 200 },
      io_requests: [{ cylinder: 98, arrival: 0 }, { cylinder: 183, arrival: 0 }, { cylinder: 37, arrival: 0 }] }),
    neededBy: (s) => usesDisk({ processes: s && s.processes }) },
  { key: "messages", keys: ["ipc"], title: () => gettext("Messages"), add: () => gettext("Add messages"),
    defaults: () => ({ ipc: { send: "async" } }),
    neededBy: (s) => usesMessages(s) },
  { key: "threads", keys: ["threads"], title: () => gettext("Threads"), add: () => gettext("Add threads"),
    defaults: () => ({ threads: { model: "kernel" } }),
    neededBy: (s) => usesThreads(s) },
  { key: "vm", keys: ["vm"], title: () => gettext("Virtual memory"), add: () => gettext("Add virtual memory"),
    defaults: () => ({ vm: { page_size: 4096, frames: 3, replacement: "lru" } }),
    neededBy: (s) => usesVm({ processes: s && s.processes }) },
  { key: "llm", keys: ["llm"], title: () => gettext("LLM device"), add: () => gettext("Add an LLM device"),
    defaults: () => ({ llm: { requests: [{ id: "r1", arrival: 0, prompt: 400, output: 60 }] } }),
    neededBy: () => false },
];

const byKey = new Map(SECTIONS.map((s) => [s.key, s]));

export class Sections {
  /** @param {import("./scenario-model.js").ScenarioModel} model */
  constructor(model) {
    this.model = model;
    // Added in this visit: stays shown while its fields are being emptied.
    this.opened = new Set();
  }

  /** Does the scenario name the section's settings or need it for its ops? */
  present(key) {
    const section = byKey.get(key);
    const scenario = this.model.snapshot();
    return section.keys.some((k) => has(scenario, k)) || section.neededBy(scenario);
  }

  /** Is the section on the form? */
  shown(key) {
    return this.opened.has(key) || this.present(key);
  }

  /** Do the programs' ops need the section (so it cannot be removed)? */
  needed(key) {
    return byKey.get(key).neededBy(this.model.snapshot());
  }

  /** Put the section on the form with its starting settings (those the scenario has are kept). */
  add(key) {
    this.opened.add(key);
    const scenario = this.model.snapshot();
    const defaults = byKey.get(key).defaults();
    const missing = Object.keys(defaults).filter((k) => !has(scenario, k));
    if (!missing.length) {
      this.model.replace(scenario, "section");
      return;
    }
    for (const k of missing) scenario[k] = defaults[k];
    this.model.replace(scenario, "section");
  }

  /** Take the section's settings out of the scenario (the engine's defaults apply again). */
  remove(key) {
    this.opened.delete(key);
    const scenario = this.model.snapshot();
    for (const k of byKey.get(key).keys) delete scenario[k];
    this.model.replace(scenario, "section");
  }

  /** Forget what was added in this visit (a reset, a new scenario from the JSON tab). */
  forget() {
    this.opened.clear();
  }
}
