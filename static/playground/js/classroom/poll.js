/**
 * Predict-then-reveal, on screen: the instructor's "ask" buttons, the live
 * histogram with Reveal, and the student's answer form.
 *
 * Each panel is render-from-state: show(question, ...) and the frame
 * handlers update a small state object, then paint() rebuilds the panel's
 * box.  Text goes in through textContent only.
 */

import { clear, el } from "../dom.js";
import { gettext, interpolate } from "../i18n.js";
import { parseQuantity, SIZE_FORMS } from "../units.js";

/** How an answer value reads: choices as they are, numbers, null as "fails". */
export function answerText(value) {
  if (value === null || value === undefined) return gettext("fails (null)");
  return String(value);
}

/** A bar chart of {answer, count, other?} rows; the correct one marked when known. */
export function histogramChart(counts, answered, correct = undefined) {
  const max = Math.max(1, ...counts.map((row) => row.count));
  const rows = counts.map((row) => {
    const label = row.other ? gettext("other") : answerText(row.answer);
    const isCorrect = correct !== undefined && !row.other && row.answer === correct;
    return el("div", {
      class: `histogram-row${isCorrect ? " correct" : ""}`,
      dataset: { answer: row.other ? "other" : answerText(row.answer), count: String(row.count) },
    },
    el("span", { class: "histogram-label", text: label }),
    el("span", { class: "histogram-track" },
      el("span", { class: "histogram-bar", style: `width:${(100 * row.count) / max}%` })),
    el("span", { class: "histogram-count", text: String(row.count) }));
  });
  return el("div", { class: "histogram", "data-answered": String(answered) },
    el("p", { class: "histogram-total", text: interpolate(gettext("%(n)s answered"), { n: answered }) }),
    rows);
}

/** The instructor's question buttons. `send` is the socket's send. */
export function askPanel(box, scenario, send) {
  const names = (Array.isArray(scenario.processes) ? scenario.processes : [])
    .map((p) => p && p.name).filter((n) => typeof n === "string");
  const ask = (kind, extra = {}) => () => send({ type: "ask", kind, ...extra });
  const processSelect = el("select", { "aria-label": gettext("Process"), "data-part": "ask-process" },
    names.map((n) => el("option", { value: n, text: n })));
  clear(box).append(
    el("h2", { text: gettext("Ask the class") }),
    el("p", { class: "hint", text: gettext("Asked at the current step; playback pauses until you reveal.") }),
    el("div", { class: "ask-buttons" },
      el("button", { type: "button", class: "btn", "data-ask": "next_process", text: gettext("Which process runs next?"), on: { click: ask("next_process") } }),
      el("button", { type: "button", class: "btn", "data-ask": "next_address", text: gettext("What address will the next allocation get?"), on: { click: ask("next_address") } }),
      el("button", { type: "button", class: "btn", "data-ask": "next_disk", text: gettext("Which request does the disk serve next?"), on: { click: ask("next_disk") } }),
      el("span", { class: "ask-waiting" },
        el("button", { type: "button", class: "btn", "data-ask": "waiting_time", text: gettext("How long will this process wait?"),
          on: { click: () => send({ type: "ask", kind: "waiting_time", process: processSelect.value }) } }),
        processSelect)));
}

/** The instructor's view of the open (or last) question: live counts, then Reveal. */
export class LeadPoll {
  constructor(box, send) {
    this.box = box;
    this.send = send;
    this.question = null;
    this.counts = [];
    this.answered = 0;
    this.revealed = null;
    this.paint();
  }

  show(question, histogram = null, revealed = null) {
    this.question = question;
    this.counts = histogram ? histogram.counts : (question.choices || []).map((c) => ({ answer: c, count: 0 }));
    this.answered = histogram ? histogram.answered : 0;
    this.revealed = revealed;
    this.paint();
  }

  histogram(frame) {
    if (!this.question || frame.question !== this.question.id || this.revealed) return;
    this.counts = frame.counts;
    this.answered = frame.answered;
    this.paint();
  }

  reveal(frame) {
    if (!this.question || frame.question !== this.question.id) return;
    this.revealed = frame;
    this.counts = frame.counts;
    this.answered = frame.answered;
    this.paint();
  }

  paint() {
    const box = clear(this.box);
    const q = this.question;
    box.dataset.question = q ? String(q.id) : "";
    box.dataset.state = !q ? "none" : (this.revealed ? "revealed" : "open");
    if (!q) {
      box.append(el("p", { class: "widget-empty", text: gettext("No question yet.") }));
      return;
    }
    box.append(el("h2", { class: "poll-prompt", text: q.prompt }),
      histogramChart(this.counts, this.answered, this.revealed ? this.revealed.correct : undefined));
    if (this.revealed) {
      box.append(el("p", { class: "poll-correct", "data-part": "correct",
        text: interpolate(gettext("Correct answer: %(a)s"), { a: answerText(this.revealed.correct) }) }));
    } else {
      box.append(el("button", { type: "button", class: "btn primary", "data-part": "reveal",
        text: gettext("Reveal the answer"), on: { click: () => this.send({ type: "reveal", question: q.id }) } }));
    }
  }
}

/** The student's answer form for the open question, then the reveal. */
export class StudentPoll {
  constructor(box, send) {
    this.box = box;
    this.send = send;
    this.question = null;
    this.answer = undefined; // what the server recorded (undefined: nothing yet)
    this.revealed = null;
    this.paint();
  }

  show(question, answer = undefined, revealed = null) {
    this.fresh = false;
    this.question = question;
    this.answer = answer;
    this.revealed = revealed;
    this.paint();
  }

  /**
   * Tell the student a new question just opened: a line at the top of the box
   * (announced: role=alert), a pulse (unless reduced motion), a short vibration
   * on phones, and a mark in the tab's title until the page is looked at.
   */
  notifyNew() {
    this.fresh = true;
    this.paint();
    this.box.classList.remove("poll-arrived");
    void this.box.offsetWidth; // restart the pulse
    this.box.classList.add("poll-arrived");
    if (typeof navigator.vibrate === "function") navigator.vibrate(200);
    const mark = `(!) `;
    if (document.hidden && !document.title.startsWith(mark)) {
      document.title = mark + document.title;
      const clearMark = () => {
        if (document.hidden) return;
        document.title = document.title.replace(mark, "");
        document.removeEventListener("visibilitychange", clearMark);
      };
      document.addEventListener("visibilitychange", clearMark);
    }
  }

  answered(frame) {
    if (!this.question || frame.question !== this.question.id) return;
    this.fresh = false;
    this.answer = frame.answer;
    this.paint();
  }

  reveal(frame) {
    if (!this.question || frame.question !== this.question.id) return;
    this.revealed = frame;
    this.paint();
  }

  submit(value) {
    if (this.question) this.send({ type: "answer", question: this.question.id, answer: value });
  }

  paint() {
    const box = clear(this.box);
    const q = this.question;
    box.dataset.question = q ? String(q.id) : "";
    box.dataset.state = !q ? "none" : (this.revealed ? "revealed" : "open");
    if (!q) {
      box.append(el("p", { class: "widget-empty", text: gettext("No question right now. Watch the run!") }));
      return;
    }
    if (this.fresh && !this.revealed) {
      box.append(el("p", { class: "poll-new", role: "alert", "data-part": "new-question", text: gettext("New question!") }));
    }
    box.append(el("h2", { class: "poll-prompt", text: q.prompt }));
    if (!this.revealed) box.append(this.form(q));
    if (this.answer !== undefined) {
      box.append(el("p", { class: "poll-mine", "data-part": "mine",
        text: interpolate(this.revealed ? gettext("Your answer: %(a)s.") : gettext("Your answer: %(a)s. You can change it until the reveal."),
          { a: answerText(this.answer) }) }));
    }
    if (this.revealed) {
      const right = this.answer !== undefined && this.answer === this.revealed.correct;
      box.append(
        el("p", { class: `poll-correct ${right ? "right" : "wrong"}`, "data-part": "correct",
          text: interpolate(gettext("Correct answer: %(a)s"), { a: answerText(this.revealed.correct) }) }),
        el("p", { class: "poll-verdict", text: this.answer === undefined ? gettext("You did not answer.")
          : (right ? gettext("You predicted it!") : gettext("Not this time: step through to see why.")) }),
        histogramChart(this.revealed.counts, this.revealed.answered, this.revealed.correct));
    }
  }

  form(q) {
    if (Array.isArray(q.choices)) {
      return el("div", { class: "poll-choices" }, q.choices.map((choice) => el("button", {
        type: "button", class: "btn", "data-choice": choice, "aria-pressed": String(this.answer === choice),
        text: choice, on: { click: () => this.submit(choice) },
      })));
    }
    // Text, not type=number: a size may be typed as 426KB or 0x6a800 (units.js).
    const input = el("input", { type: "text", inputmode: "decimal", class: "poll-number", "aria-label": gettext("Your answer"),
      placeholder: SIZE_FORMS, required: true });
    const problem = el("p", { class: "field-error", "data-part": "answer-error", role: "alert", hidden: true });
    const form = el("form", { class: "poll-form", on: { submit: (event) => {
      event.preventDefault();
      const value = parseQuantity(input.value);
      problem.hidden = value !== null;
      problem.textContent = value === null ? interpolate(gettext("“%(text)s” is not a number; write it like 7.5, 426KB or 0x6a800."),
        { text: input.value.trim().slice(0, 40) }) : "";
      if (value !== null) this.submit(value);
    } } }, input, el("button", { type: "submit", class: "btn primary", text: gettext("Answer") }), problem);
    if (q.nullable) {
      form.append(el("button", { type: "button", class: "btn", "data-choice": "null", text: gettext("It fails (null)"),
        on: { click: () => this.submit(null) } }));
    }
    return form;
  }
}
