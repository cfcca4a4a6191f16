/**
 * The projector view (/sessions/<code>/projector/): the join code, the QR
 * code (drawn by the server), who is present, and the open question's
 * live answers.  Connects as the instructor, but never drives playback.
 */

import { readJsonScript } from "../dom.js";
import { gettext } from "../i18n.js";
import { LeadPoll } from "./poll.js";
import { PresenceList } from "./presence.js";
import { SessionSocket } from "./session-socket.js";

const root = document.querySelector("[data-page=projector]");
if (root) {
  const info = readJsonScript("session-info", null);
  const part = (name) => root.querySelector(`[data-part="${name}"]`);
  const presence = new PresenceList(part("presence"));
  const poll = new LeadPoll(part("poll"), (message) => socket.send(message));
  const handlers = {
    "session.welcome"(frame) {
      if (frame.question) poll.show(frame.question, frame.histogram || null, frame.revealed ? { question: frame.question.id, ...frame.revealed } : null);
    },
    "question.asked": (frame) => poll.show(frame.question),
    "question.histogram": (frame) => poll.histogram(frame),
    "question.revealed": (frame) => poll.reveal(frame),
    presence: (frame) => presence.all(frame),
    "presence.changed": (frame) => presence.changed(frame),
    "session.ended"() {
      part("connection").textContent = gettext("The session has ended.");
    },
  };
  const socket = new SessionSocket(info.ws, {
    onFrame(frame) {
      const handle = handlers[frame.type];
      if (handle) handle(frame);
    },
    onStatus(status, message) {
      root.dataset.connection = status;
      if (message) part("connection").textContent = message;
      else if (status === "reconnecting") part("connection").textContent = gettext("Connection lost; reconnecting…");
      else if (status === "live") part("connection").textContent = "";
    },
  });
  socket.start();
}
