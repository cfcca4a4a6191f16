/**
 * The practice page (/practice/<slug>/): a saved scenario played at one's
 * own pace, stopping at its checkpoints.  Data: json_script "scenario",
 * data-slug on the root.
 *
 * The page holds only what it shows (docs/classroom.md): its steps come
 * from /practice/runs/<id>/steps/ up to the next unanswered checkpoint (see
 * practice-feed.js), never from the run's own socket, and the widgets draw
 * nothing after the cursor.
 */

import { startRun } from "../api.js";
import { el, readJsonScript } from "../dom.js";
import { mountRun } from "../run-panel.js";
import { attachCheckpoints } from "./checkpoints.js";
import { PracticeFeed } from "./practice-feed.js";

const root = document.querySelector("[data-page=practice]");
if (root) {
  const scenario = readJsonScript("scenario", {}) || {};
  const slug = root.dataset.slug;
  const area = root.querySelector("[data-part=player]");
  startRun({ slug }).then((run) => {
    const feed = new PracticeFeed(run.id);
    const panel = mountRun(area, {
      scenario, run: { id: run.id }, autoplay: true, reveal: "cursor", hide: ["permalink"],
      feed: (handlers) => feed.attach(handlers),
    });
    attachCheckpoints(panel, { scenario, slug, feed, box: root.querySelector("[data-part=checkpoints]") });
    panel.focus();
  }).catch((err) => {
    area.append(el("p", { class: "run-error", role: "alert", text: err.message || String(err) }));
  });
}
