/**
 * Who is here, for the instructor: everyone who joined, connected or not,
 * from the `presence` frame, kept current by `presence.changed`.
 */

import { clear, el } from "../dom.js";
import { gettext, interpolate, ngettext } from "../i18n.js";

export class PresenceList {
  constructor(box) {
    this.box = box;
    this.people = new Map(); // id -> {id, name, connected}
    this.paint();
  }

  all(frame) {
    this.people = new Map(frame.participants.map((p) => [p.id, p]));
    this.paint();
  }

  changed(frame) {
    this.people.set(frame.participant.id, frame.participant);
    this.paint();
  }

  paint() {
    const box = clear(this.box);
    const people = [...this.people.values()].sort((a, b) => a.name.localeCompare(b.name));
    const present = people.filter((p) => p.connected).length;
    box.dataset.present = String(present);
    box.append(
      el("h2", { text: gettext("Who is here") }),
      el("p", { class: "presence-count", "data-part": "present-count", text: interpolate(
        ngettext("%(n)s student present", "%(n)s students present", present), { n: present }) }),
    );
    if (!people.length) {
      box.append(el("p", { class: "widget-empty", text: gettext("Nobody has joined yet.") }));
      return;
    }
    box.append(el("ul", { class: "presence-list" }, people.map((p) => el("li", {
      class: p.connected ? "present" : "away", "data-participant": p.name, "data-connected": String(p.connected),
      title: p.connected ? gettext("connected") : gettext("not connected"),
    }, el("span", { class: "presence-dot", "aria-hidden": "true" }), p.name,
    p.connected ? null : el("span", { class: "visually-hidden", text: ` (${gettext("not connected")})` })))));
  }
}
