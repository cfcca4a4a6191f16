/**
 * The builder's checkpoint editor: place a question at a step of the run,
 * choose its kind, and see its answer taken from the run itself.
 *
 * Checkpoints live in the scenario's top-level "checkpoints" list
 * ({t, kind, prompt, params}: docs/classroom.md, "Checkpoints"); the practice
 * page stops before each and asks.  The editor lists them with the answer
 * the current run gives (checkpoint-answers.js computes it exactly as the
 * practice page will check it) and adds new ones at the player's tick.
 *
 * mountCheckpointEditor(root, {model, panel}) appends the editor after the
 * builder's form; `panel()` returns the run panel (mountRun's value) or null.
 */

import { answerText, expectedAnswer, KINDS, PROCESS_METRICS, readCheckpoints, RUN_METRICS } from "./classroom/checkpoint-answers.js";
import { clear, el } from "./dom.js";
import { formatSizeWords } from "./format.js";
import { gettext, interpolate } from "./i18n.js";

function kindLabels() {
  return {
    next_process: gettext("Which process runs next"),
    queue: gettext("What is in the ready queue"),
    metric: gettext("A figure of the finished run"),
    address: gettext("The address an allocation gets"),
    disk_next: gettext("The cylinder the disk serves next"),
  };
}

/** The prompt a new checkpoint of `kind` starts with (the author may rewrite it). */
export function defaultPrompt(kind, t, params = {}) {
  const texts = {
    next_process: gettext("Which process runs at t = %(t)s?"),
    queue: gettext("What is in the ready queue at t = %(t)s?"),
    metric: params.process ? gettext("What is the %(metric)s of %(process)s?") : gettext("What is the run's %(metric)s?"),
    address: gettext("What address does this allocation get? (null if it fails)"),
    disk_next: gettext("Which cylinder does the disk serve next?"),
  };
  return interpolate(texts[kind] ?? texts.next_process, { t, metric: params.metric ?? "", process: params.process ?? "" });
}

/** An answer as the editor shows it: a size in units beside an address. */
function shownAnswer(checkpoint, answer) {
  if (answer.error) return interpolate(gettext("the run cannot answer it: %(why)s"), { why: answer.error });
  if (!answer.ready) return gettext("run the scenario to see the answer");
  const text = answerText(answer.value);
  const size = checkpoint.kind === "address" && Number.isInteger(answer.value) ? formatSizeWords(answer.value) : null;
  return size ? `${text} (${size})` : text;
}

export function mountCheckpointEditor(root, { model, panel }) {
  const anchor = root.querySelector("[data-part=form]");
  const list = el("ol", { class: "checkpoint-list", "data-part": "checkpoint-list" });
  const labels = kindLabels();
  const kind = el("select", { "data-part": "checkpoint-kind", "aria-label": gettext("Kind of question") },
    KINDS.map((k) => el("option", { value: k, text: labels[k] })));
  const tick = el("input", { type: "number", min: 0, step: 1, value: 0, class: "checkpoint-tick", "data-part": "checkpoint-tick",
    "aria-label": gettext("Tick of the checkpoint") });
  const here = el("button", { type: "button", class: "btn small", "data-part": "checkpoint-here", text: gettext("Use the player's tick") });
  const metric = el("select", { "data-part": "checkpoint-metric", "aria-label": gettext("Figure") },
    [...PROCESS_METRICS, ...Object.keys(RUN_METRICS)].map((m) => el("option", { value: m, text: m })));
  metric.value = "waiting";
  const process = el("input", { type: "text", "data-part": "checkpoint-process", placeholder: "P1", "aria-label": gettext("Process"), size: 8 });
  const op = el("input", { type: "number", min: 0, step: 1, "data-part": "checkpoint-op", "aria-label": gettext("Memory op number (from 0)"), size: 5 });
  const prompt = el("input", { type: "text", class: "checkpoint-prompt", "data-part": "checkpoint-prompt", "aria-label": gettext("Question") });
  const preview = el("p", { class: "checkpoint-preview", "data-part": "checkpoint-preview", role: "status" });
  const add = el("button", { type: "button", class: "btn", "data-part": "checkpoint-add", text: gettext("Add the checkpoint") });
  const metricRow = el("span", { class: "checkpoint-params" }, metric, process);
  const opRow = el("span", { class: "checkpoint-params" }, op);
  let promptEdited = false;

  const draft = () => {
    const params = {};
    if (kind.value === "metric") {
      params.metric = metric.value;
      if (PROCESS_METRICS.includes(metric.value)) params.process = process.value.trim();
    }
    if (kind.value === "address" && op.value !== "") params.op = Number(op.value);
    const t = Math.max(0, Math.trunc(Number(tick.value) || 0));
    return { t, kind: kind.value, prompt: prompt.value.trim() || defaultPrompt(kind.value, t, params), params };
  };
  const answerFor = (raw) => {
    const current = panel();
    const { checkpoints } = readCheckpoints({ checkpoints: [raw] });
    if (!checkpoints.length) return { error: gettext("choose the figure (and the process) first") };
    return current ? expectedAnswer(checkpoints[0], current.store) : { ready: false };
  };
  const refreshDraft = () => {
    metricRow.hidden = kind.value !== "metric";
    process.hidden = !PROCESS_METRICS.includes(metric.value);
    opRow.hidden = kind.value !== "address";
    const raw = draft();
    if (!promptEdited) prompt.value = defaultPrompt(raw.kind, raw.t, raw.params);
    preview.textContent = interpolate(gettext("The run's answer: %(answer)s"), { answer: shownAnswer(raw, answerFor(raw)) });
  };
  const stored = () => (Array.isArray(model.get("checkpoints")) ? model.get("checkpoints") : []);
  const renderList = () => {
    const items = stored();
    clear(list).append(...items.map((cp, n) => el("li", { "data-checkpoint": n },
      el("span", { class: "checkpoint-where", text: interpolate(gettext("t = %(t)s"), { t: cp && cp.t !== undefined ? cp.t : `step ${cp && cp.step}` }) }),
      " ", el("span", { class: "checkpoint-text", text: (cp && cp.prompt) || "" }), " ",
      el("span", { class: "checkpoint-answer", "data-part": "checkpoint-answer",
        text: interpolate(gettext("answer: %(answer)s"), { answer: shownAnswer(cp || {}, answerFor(cp)) }) }), " ",
      el("button", { type: "button", class: "btn small", "data-part": "checkpoint-remove", text: gettext("Remove"),
        "aria-label": interpolate(gettext("Remove checkpoint %(n)s"), { n: n + 1 }),
        on: { click: () => {
          const rest = stored().filter((_cp, k) => k !== n);
          model.set("checkpoints", rest.length ? rest : undefined);
        } } }))));
    list.hidden = items.length === 0;
  };
  const refresh = () => {
    renderList();
    refreshDraft();
  };

  kind.addEventListener("change", () => {
    promptEdited = false;
    refreshDraft();
  });
  for (const input of [tick, metric, process, op]) input.addEventListener("input", refreshDraft);
  prompt.addEventListener("input", () => { promptEdited = prompt.value.trim() !== ""; });
  here.addEventListener("click", () => {
    const current = panel();
    const player = current && current.panel.querySelector(".player");
    tick.value = String(player && player.dataset.tick ? Number(player.dataset.tick) : 0);
    refreshDraft();
  });
  add.addEventListener("click", () => {
    const raw = draft();
    if (raw.kind === "metric" && PROCESS_METRICS.includes(raw.params.metric) && !raw.params.process) {
      preview.textContent = gettext("Name the process this figure is about.");
      process.focus();
      return;
    }
    const items = [...stored(), raw].sort((a, b) => (a.t ?? 0) - (b.t ?? 0));
    model.set("checkpoints", items);
    promptEdited = false;
    prompt.value = "";
    refreshDraft();
  });
  model.onChange(refresh);
  // A new run, or the current one finishing, changes the answers shown.
  const playerArea = root.querySelector("[data-part=player]");
  if (playerArea) {
    new MutationObserver(refresh).observe(playerArea, { attributes: true, subtree: true, attributeFilter: ["data-finished", "data-run"] });
  }

  const section = el("section", { class: "checkpoint-editor", "data-part": "checkpoint-editor", "aria-labelledby": "checkpoints-heading" },
    el("h2", { id: "checkpoints-heading", text: gettext("Checkpoints") }),
    el("p", { class: "hint", text: gettext("Questions the practice page asks: playback stops just before the tick and the student predicts. Run the scenario, move the player to the moment, then add a question; its answer comes from the run.") }),
    list,
    el("div", { class: "checkpoint-new" },
      el("label", { class: "field-label" }, gettext("At tick"), " ", tick), " ", here, " ",
      kind, " ", metricRow, opRow,
      el("label", { class: "field-label checkpoint-prompt-label" }, gettext("Question"), " ", prompt),
      preview, add));
  if (anchor) anchor.after(section);
  else root.append(section);
  refresh();
  return { refresh };
}
