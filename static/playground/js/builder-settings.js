/**
 * Kernel settings of the builder: title and seed, CPU, and the optional
 * sections the scenario uses (memory, disk, messages, threads, virtual
 * memory, the LLM device; builder-sections.js), each with a "Remove"
 * button, then "Add ..." buttons for the sections it does not use.  Policy choices come from the server's registry (the "policies"
 * json_script); fields that only matter for some policies (quantum, MLFQ
 * levels, lottery tickets) are hidden while another policy is chosen.
 * Placeholders show the engine's defaults (docs/internals.md); an empty
 * field means "use the default" and is left out of the scenario.
 */

import { SECTIONS } from "./builder-sections.js";
import { el } from "./dom.js";
import { field, options } from "./fields.js";
import { gettext, interpolate } from "./i18n.js";

/** Select options from the registry's [{name, title, help, settings, ...}]. */
function policyOptions(list) {
  return (list || []).map((p) => ({
    value: p.name,
    label: p.title && p.title !== p.name ? `${p.title} (${p.name})` : p.name,
    help: p.help,
  }));
}

/** Does the registry say policy `name` of `list` reads `setting` (e.g. rr and lottery read "quantum")? */
export function policyUses(list, name, setting) {
  const entry = (list || []).find((p) => p.name === name);
  return Boolean(entry && Array.isArray(entry.settings) && entry.settings.includes(setting));
}

/**
 * An optional section's fieldset (data-section=key) with its Remove
 * button, or null when `sections` does not show it.  While the programs'
 * ops need the section, Remove is disabled and the fieldset says why.
 */
function sectionGroup(sections, key, ...fields) {
  if (!sections.shown(key)) return null;
  const section = SECTIONS.find((s) => s.key === key);
  const needed = sections.needed(key);
  const title = section.title();
  const remove = el("button", { type: "button", class: "btn small section-remove", "data-remove": key,
    text: gettext("Remove"), "aria-label": interpolate(gettext("Remove the %(section)s section"), { section: title }),
    disabled: needed, on: { click: () => sections.remove(key) } });
  return el("fieldset", { class: "settings-group optional-section", "data-section": key },
    el("legend", { text: title }),
    el("div", { class: "section-tools" },
      needed ? el("p", { class: "hint section-needed", text: gettext("The programs' ops use this section: remove them to remove it.") }) : null,
      remove),
    ...fields);
}

/** "Add memory", "Add disk", ... for the optional sections not shown. */
function sectionAdders(sections) {
  const missing = SECTIONS.filter((s) => !sections.shown(s.key));
  if (!missing.length) return null;
  return el("div", { class: "section-adders", role: "group", "aria-label": gettext("Add a section") },
    ...missing.map((s) => el("button", { type: "button", class: "btn small section-add", "data-add": s.key,
      text: s.add(), on: { click: () => sections.add(s.key) } })));
}

/**
 * Build the settings fieldsets for `model`; `sections` (a Sections)
 * says which optional ones to show.  Returns {root, refresh}: refresh()
 * re-applies the policy-dependent visibility after a change.
 */
export function buildSettings(model, policies, sections) {
  const shown = []; // [wrapper, predicate(scenario)]
  const when = (predicate, node) => {
    shown.push([node, predicate]);
    return node;
  };
  const cpuPolicy = () => model.get("cpu.policy") ?? "fcfs";
  const group = (legend, ...fields) => el("fieldset", { class: "settings-group" }, el("legend", { text: legend }), ...fields);

  const root = el("div", { class: "settings" },
    group(gettext("Scenario"),
      field(model, "title", { label: gettext("Title"), placeholder: gettext("My scenario") }),
      field(model, "description", { label: gettext("Description"), kind: "longtext" }),
      field(model, "seed", { label: gettext("Random seed"), kind: "int", placeholder: "0", min: 0 })),
    group(gettext("CPU scheduler"),
      field(model, "cpu.policy", { label: gettext("Policy"), kind: "select", options: policyOptions(policies.cpu), defaultValue: "fcfs" }),
      when(() => policyUses(policies.cpu, cpuPolicy(), "quantum"),
        field(model, "cpu.quantum", { label: gettext("Quantum (ticks)"), kind: "int", placeholder: "2", min: 1 })),
      field(model, "cpu.cores", { label: gettext("Cores"), kind: "int", placeholder: "1", min: 1 }),
      field(model, "cpu.context_switch", { label: gettext("Context switch cost (ticks)"), kind: "int", placeholder: "0", min: 0 }),
      field(model, "cpu.tie_break", { label: gettext("Ties go to"), kind: "select", defaultValue: "arrival",
        options: options([["arrival", gettext("earlier arrival, then list position")], ["index", gettext("list position")]]) }),
      field(model, "cpu.requeue", { label: gettext("A preempted process re-enters the queue"), kind: "select", defaultValue: "after_arrivals",
        help: gettext("Does not apply to MLFQ, whose own rules order its queues."),
        options: options([["after_arrivals", gettext("after processes arriving at the same tick")],
          ["before_arrivals", gettext("before processes arriving at the same tick")]]) }),
      when(() => policyUses(policies.cpu, cpuPolicy(), "mlfq"), el("div", { class: "settings-sub" },
        field(model, "cpu.mlfq.quanta", { label: gettext("MLFQ quanta per level"), kind: "intlist", placeholder: "2, 4, 8" }),
        field(model, "cpu.mlfq.allotments", { label: gettext("MLFQ allotments per level"), kind: "intlist", placeholder: "1, 1, 1" }),
        field(model, "cpu.mlfq.boost", { label: gettext("Priority boost every (ticks, 0 = never)"), kind: "int", placeholder: "0", min: 0 }),
        field(model, "cpu.mlfq.io_stay", { label: gettext("Keep quantum after I/O"), kind: "bool", defaultValue: false }),
        field(model, "cpu.mlfq.io_bump", { label: gettext("I/O completions join the head of the queue"), kind: "bool", defaultValue: false })))),
    sectionGroup(sections, "memory",
      field(model, "memory.size", { label: gettext("Size"), kind: "size", placeholder: "1MB", help: gettext("Bytes, or with a unit: 512KB, 8MB.") }),
      field(model, "memory.base", { label: gettext("Base address"), kind: "int", placeholder: "0", min: 0 }),
      field(model, "memory.policy", { label: gettext("Allocator"), kind: "select", options: policyOptions(policies.memory), defaultValue: "first_fit" }),
      field(model, "memory.order", { label: gettext("Free list order"), kind: "select", defaultValue: "address",
        options: options([["address", gettext("by address")], ["size_asc", gettext("by size, smallest first")],
          ["size_desc", gettext("by size, largest first")], ["insert_front", gettext("freed holes at the front")],
          ["insert_back", gettext("freed holes at the back")]]) }),
      field(model, "memory.coalesce", { label: gettext("Merge adjacent free holes"), kind: "bool", defaultValue: true }),
      field(model, "memory.header", { label: gettext("Header per block (bytes)"), kind: "int", placeholder: "0", min: 0 }),
      field(model, "memory.align", { label: gettext("Alignment (bytes)"), kind: "int", placeholder: "1", min: 1 })),
    sectionGroup(sections, "disk",
      field(model, "io.policy", { label: gettext("Disk scheduler"), kind: "select", options: policyOptions(policies.io), defaultValue: "fcfs" }),
      field(model, "io.head", { label: gettext("Head starts at cylinder"), kind: "int", placeholder: "0", min: 0 }),
      field(model, "io.cylinders", { label: gettext("Cylinders"), kind: "int", placeholder: "200", min: 1 }),
      field(model, "io.direction", { label: gettext("Initial direction"), kind: "select", defaultValue: "up",
        options: options([["up", gettext("up (towards higher cylinders)")], ["down", gettext("down (towards cylinder 0)")]]) }),
      field(model, "io.seek_time", { label: gettext("Ticks per cylinder moved"), kind: "int", placeholder: "1", min: 0 })),
    sectionGroup(sections, "messages",
      field(model, "ipc.send", { label: gettext("Send"), kind: "select", defaultValue: "async",
        options: options([["async", gettext("asynchronous (sender goes on)")], ["sync", gettext("synchronous (sender waits until taken)")]]) }),
      field(model, "ipc.capacity", { label: gettext("Mailbox capacity (empty = unbounded)"), kind: "int", min: 1 })),
    sectionGroup(sections, "threads",
      field(model, "threads.model", { label: gettext("Thread model"), kind: "select", defaultValue: "kernel",
        options: options([["kernel", gettext("kernel threads")], ["user", gettext("user threads")]]) }),
      field(model, "threads.quantum", { label: gettext("Thread quantum (user threads)"), kind: "int", placeholder: "1", min: 1 })),
    // Virtual memory and the LLM device have more settings than a form holds well: the JSON tab edits them.
    sectionGroup(sections, "vm", el("p", { class: "hint", text: gettext("Edit these settings in the JSON tab.") })),
    sectionGroup(sections, "llm", el("p", { class: "hint", text: gettext("Edit these settings in the JSON tab.") })),
    sectionAdders(sections),
  );

  const refresh = () => {
    for (const [node, predicate] of shown) node.hidden = !predicate();
  };
  refresh();
  return { root, refresh };
}
