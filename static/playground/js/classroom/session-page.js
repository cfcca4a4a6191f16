/**
 * The live session page (/sessions/<code>/), for the instructor and for
 * students.  Data: json_script "session-info" {code, title, role, ws, run,
 * you} and "scenario".
 *
 * The instructor's run streams over its own socket (run-panel.js).  A
 * student's page is never given the run: its steps come over the session
 * socket, only up to the instructor's step (on session.state, or in
 * session.steps when catching up), and the result
 * only once the instructor is on the last step (session.result); its
 * widgets draw nothing after its cursor.
 */

import { readJsonScript } from "../dom.js";
import { gettext } from "../i18n.js";
import { mountRun } from "../run-panel.js";
import { Driver } from "./drive.js";
import { Follower } from "./follow.js";
import { askPanel, LeadPoll, StudentPoll } from "./poll.js";
import { PresenceList } from "./presence.js";
import { SessionSocket } from "./session-socket.js";

const root = document.querySelector("[data-page=session]");
if (root) {
  const info = readJsonScript("session-info", null);
  const scenario = readJsonScript("scenario", {}) || {};
  const part = (name) => root.querySelector(`[data-part="${name}"]`);
  const lead = info.role === "lead";
  const errorBox = part("error");
  const connection = part("connection");
  let welcomed = false;

  // A student's steps, as the session socket brings them (see the module comment).
  let studentFeed = null;
  const feed = lead ? null : (handlers) => {
    studentFeed = { handlers, held: 0, start() {}, close() {} };
    return studentFeed;
  };
  const receiveSteps = (batch) => {
    const from = Number(batch && batch.from);
    const steps = Array.isArray(batch && batch.steps) ? batch.steps : [];
    if (!studentFeed || !Number.isInteger(from) || from > studentFeed.held) return;
    const fresh = steps.slice(studentFeed.held - from); // a reconnect sends from 0 again
    if (!fresh.length) return;
    const start = studentFeed.held;
    studentFeed.held += fresh.length;
    studentFeed.handlers.onSteps(start, fresh);
  };
  const panel = mountRun(part("player"), lead
    // The instructor's screen is often the projector: the future stays hidden until asked for.
    ? { scenario, run: info.run, autoplay: false, wholeRun: false }
    : { scenario, run: { id: null }, autoplay: false, reveal: "cursor", hide: ["permalink"], feed });
  const send = (message) => socket.send(message);
  const showError = (text) => {
    errorBox.hidden = !text;
    errorBox.textContent = text;
  };

  let driver = null;
  let follower = null;
  let poll;
  let presence = null;
  if (lead) {
    driver = new Driver(panel.player, send);
    panel.player.widgets.push(driver);
    askPanel(part("ask"), scenario, send);
    poll = new LeadPoll(part("poll"), send);
    presence = new PresenceList(part("presence"));
  } else {
    follower = new Follower(panel.player, panel.player.root, part("follow"));
    panel.player.widgets.push(follower);
    poll = new StudentPoll(part("poll"), send);
  }

  const handlers = {
    "session.welcome"(frame) {
      if (frame.steps) receiveSteps(frame.steps);
      if (lead) {
        if (welcomed) driver.resync();
        else driver.restore(frame.state);
      } else follower.apply(frame.state);
      welcomed = true;
      if (frame.question) {
        if (lead) poll.show(frame.question, frame.histogram || null, frame.revealed ? { question: frame.question.id, ...frame.revealed } : null);
        else poll.show(frame.question, "answer" in frame ? frame.answer : undefined, frame.revealed ? { question: frame.question.id, ...frame.revealed } : null);
      }
    },
    "session.steps"(frame) {
      receiveSteps(frame);
    },
    "session.result"(frame) {
      if (studentFeed && !panel.store.finished) studentFeed.handlers.onFinished(frame.result);
    },
    "session.state"(frame) {
      if (frame.steps) receiveSteps(frame.steps);
      if (follower) follower.apply(frame);
    },
    "question.asked"(frame) {
      showError("");
      poll.show(frame.question);
      if (!lead) poll.notifyNew();
    },
    "question.answered"(frame) {
      showError("");
      poll.answered(frame);
    },
    "question.histogram"(frame) {
      if (lead) poll.histogram(frame);
    },
    "question.revealed"(frame) {
      poll.reveal(frame);
    },
    presence(frame) {
      if (presence) presence.all(frame);
    },
    "presence.changed"(frame) {
      if (presence) presence.changed(frame);
    },
    "session.ended"() {
      root.dataset.ended = "true";
      connection.textContent = gettext("The instructor ended the session. You can keep exploring the run.");
      if (follower) follower.detach();
    },
    error(frame) {
      showError(String(frame.error || ""));
    },
  };

  const socket = new SessionSocket(info.ws, {
    onFrame(frame) {
      const handle = handlers[frame.type];
      if (handle) handle(frame);
    },
    onStatus(status, message) {
      root.dataset.connection = status;
      const texts = {
        connecting: gettext("Connecting to the session…"),
        live: lead ? gettext("Live: your player drives the class.") : gettext("Live."),
        reconnecting: gettext("Connection lost; reconnecting…"),
        closed: "",
      };
      if (root.dataset.ended !== "true") connection.textContent = message || texts[status] || "";
    },
  });
  socket.start();

  const endForm = root.querySelector("form.session-end");
  if (endForm) {
    endForm.addEventListener("submit", (event) => {
      if (!window.confirm(endForm.dataset.confirm)) event.preventDefault();
    });
  }
}
