/**
 * Queues widget: the kernel's waiting lines at the current step.
 *
 * Shows what runs on each core, the ready queue in order (one row per level
 * under MLFQ), blocked threads with what they wait for, mailboxes, mutex and
 * semaphore holders and waiters, and the disk's head and pending requests.
 * Sections with nothing in them are left out, so a CPU-only run stays short.
 * A step shows the first 200 entries of a long collection: the rest are
 * counted ("… 28 more"), never invented.
 */

import { clear, el } from "./dom.js";
import { headAt } from "./disk-view.js";
import { formatValue } from "./format.js";
import { gettext, interpolate } from "./i18n.js";
import { moreOf, shownEntries } from "./steps.js";

/**
 * What a blocked thread waits for, as the step gives it ({on, target}, e.g.
 * {on: "disk", target: 3}) or as a block event spells it ("io:3", "mutex:m").
 */
export function waitParts(why) {
  if (why && typeof why === "object") return { kind: String(why.on ?? ""), arg: String(why.target ?? "") };
  const [kind, ...rest] = String(why).split(":");
  const arg = rest.join(":");
  if (kind === "io") return /^\d+ ticks$/.test(arg) ? { kind: "device", arg: arg.split(" ")[0] } : { kind: "disk", arg };
  return { kind, arg };
}

/** A human reading of a wait such as {on: "disk", target: 3}, "mutex:m" or "join:T1". */
export function describeWait(why) {
  const { kind, arg } = waitParts(why);
  const known = {
    disk: gettext("disk request %(x)s"),
    device: gettext("a device (%(x)s ticks)"),
    mutex: gettext("mutex %(x)s"),
    sem: gettext("semaphore %(x)s"),
    join: gettext("thread %(x)s to finish"),
    recv: arg ? gettext("a message in mailbox %(x)s") : gettext("a message"),
    reply: gettext("a reply from %(x)s"),
    send: gettext("%(x)s to take the message"),
    receiver: gettext("%(x)s to receive the message"),
    mailbox: gettext("room in mailbox %(x)s"),
    sleep: gettext("a timer (%(x)s)"),
    page: gettext("page %(x)s to be read in"),
    resources: gettext("resources %(x)s (banker)"),
  };
  return known[kind] ? interpolate(known[kind], { x: arg }) : (kind && arg ? `${kind}:${arg}` : kind);
}

/**
 * Several waits (or sentences about them) as one list in the page's language:
 * "a; b; c" in English, "a；b；c" in Chinese (the separator is a translated text).
 */
export function listOfWaits(items) {
  return items.length ? items.reduce((list, next) => interpolate(gettext("%(list)s; %(next)s"), { list, next })) : "";
}

/**
 * The ready queue as a list of levels (one level unless MLFQ).  Accepts
 * `ready` as a list of names, a list of lists, or {levels: [...]}.
 */
export function readyLevels(state) {
  const ready = state.ready;
  if (Array.isArray(ready)) return ready.length && ready.every(Array.isArray) ? ready : [ready];
  if (ready && Array.isArray(ready.levels)) return ready.levels;
  if (Array.isArray(state.levels)) return state.levels;
  return null;
}

export class Queues {
  constructor(root, { palette }) {
    this.root = root;
    this.palette = palette;
    this.body = el("div", { class: "queues-body" });
    root.classList.add("queues");
    root.append(el("div", { class: "widget-head" }, el("h3", { text: gettext("Queues") })), this.body);
  }

  chip(name, extra = "") {
    return el("span", { class: `chip ${extra}`.trim(), "data-who": name,
      style: `--chip: ${this.palette.fill(name)}; --chip-text: ${this.palette.text(name)}` }, String(name));
  }

  /** "… N more" for the entries a step left out of a long collection (null when none). */
  more(collection) {
    const n = moreOf(collection);
    return n ? el("span", { class: "muted queue-more", "data-more": n, text: interpolate(gettext("… %(n)s more"), { n }) }) : null;
  }

  section(title, className, ...content) {
    return el("section", { class: `queue-section ${className}` }, el("h4", { text: title }), ...content);
  }

  render(view) {
    clear(this.body);
    const s = view.state || {};
    const parts = [];
    if (Array.isArray(s.running)) {
      parts.push(this.section(gettext("Running"), "queue-running", el("ul", { class: "queue-list" },
        s.running.map((entry, core) => el("li", {},
          el("span", { class: "queue-label", text: interpolate(gettext("CPU %(n)s"), { n: core }) }),
          entry && entry.who !== undefined
            ? [this.chip(entry.who), el("span", { class: "muted", text: interpolate(gettext("since t=%(t)s"), { t: entry.since }) })]
            : el("span", { class: "muted", text: gettext("idle") }))))));
    }
    const levels = readyLevels(s);
    if (levels) {
      parts.push(this.section(gettext("Ready queue"), "queue-ready", el("ol", { class: "queue-levels" },
        levels.map((level, k) => el("li", {},
          levels.length > 1 ? el("span", { class: "queue-label", text: interpolate(gettext("Level %(n)s"), { n: k }) }) : null,
          el("span", { class: "queue-line", "data-level": k },
            level.length ? [shownEntries(level).map((name) => this.chip(name)), this.more(level)]
              : el("span", { class: "muted", text: gettext("empty") })))))));
    }
    const blocked = shownEntries(s.blocked);
    if (blocked.length) {
      parts.push(this.section(gettext("Blocked"), "queue-blocked", el("ul", { class: "queue-list" },
        blocked.map(([who, why]) => el("li", { "data-who": who }, this.chip(who),
          el("span", { text: interpolate(gettext("waits for %(why)s"), { why: describeWait(why) }) })))), this.more(s.blocked)));
    }
    const mailboxes = shownEntries(s.mailboxes).filter(([, msgs]) => Array.isArray(msgs) && msgs.length);
    if (mailboxes.length) {
      parts.push(this.section(gettext("Mailboxes"), "queue-mailboxes", el("ul", { class: "queue-list" },
        mailboxes.map(([owner, msgs]) => el("li", {}, this.chip(owner),
          el("ol", { class: "mailbox" }, shownEntries(msgs).map((m) => el("li", {
            text: interpolate(gettext("from %(from)s: %(body)s"), { from: m.from ?? "?", body: formatValue(m.body) }),
          }))), this.more(msgs)))), this.more(s.mailboxes)));
    }
    const locks = shownEntries(s.locks);
    if (locks.length) {
      parts.push(this.section(gettext("Locks and semaphores"), "queue-locks", el("ul", { class: "queue-list" },
        locks.map(([name, lock]) => el("li", { "data-lock": name },
          // The step keys a lock as the engine does ("mutex:buffer"); show it in words.
          el("span", { class: "queue-label", text: describeWait(name) }),
          "value" in (lock || {})
            ? el("span", { text: interpolate(gettext("value %(v)s"), { v: lock.value }) })
            : (lock && lock.holder ? [el("span", { text: gettext("held by") }), this.chip(lock.holder)]
              : el("span", { class: "muted", text: gettext("free") })),
          lock && Array.isArray(lock.waiters) && lock.waiters.length
            ? [el("span", { text: gettext("waiting:") }), shownEntries(lock.waiters).map((w) => this.chip(w, "waiting")),
              this.more(lock.waiters)] : null)))));
    }
    const disk = s.disk;
    if (disk && typeof disk === "object") {
      const pending = Array.isArray(disk.pending) ? shownEntries(disk.pending) : [];
      const reading = headAt(s, { head: disk.head, direction: disk.direction });
      parts.push(this.section(gettext("Disk"), "queue-disk", el("p", {
        "data-part": "head", "data-cylinder": reading.head,
        text: interpolate(gettext("head at cylinder %(head)s, moving %(dir)s"),
          { head: reading.head, dir: reading.direction === "down" ? gettext("down") : gettext("up") }),
      }), el("p", { text: disk.serving !== null && disk.serving !== undefined
        ? interpolate(gettext("serving request #%(n)s"), { n: disk.serving }) : gettext("idle") }),
      el("p", { text: pending.length
        ? interpolate(gettext("pending requests: %(list)s"), { list: pending.map((p) => `#${p}`).join(", ") })
          + (moreOf(disk.pending) ? ` ${interpolate(gettext("… %(n)s more"), { n: moreOf(disk.pending) })}` : "")
        : gettext("no pending requests") })));
    }
    if (!parts.length) parts.push(el("p", { class: "widget-empty", text: gettext("No queue state at this step.") }));
    this.body.append(...parts);
  }
}
