/**
 * The LLM device's panels in a run panel (docs/llm.md): the batch Gantt
 * chart, the KV block grid, the KV memory timeline and the requests with
 * this step's decisions.  One LlmHistory feeds them all, synced from the
 * player's view (a StepWindow under the reveal rule), so none of them can
 * show anything after the cursor.  A scenario without an `llm` section gets
 * none of them.
 *
 *   if (usesLlm(scenario)) addLlmPanels(addPanel, { palette, scenario });
 */

import { el } from "./dom.js";
import { gettext } from "./i18n.js";
import { LlmBatchGantt } from "./llm-batch-gantt.js";
import { LlmKvGrid } from "./llm-kv-grid.js";
import { LlmKvTimeline } from "./llm-kv-timeline.js";
import { LlmHistory, usesLlm } from "./llm-model.js";
import { LlmRequests } from "./llm-requests.js";

export { usesLlm };

/**
 * Add the LLM panels through `addPanel(key, title, root, widget)` (the run
 * panel's), in the order they read: what the scheduler decided, where the
 * KV cache is, how the pool was used, and the batches over time.
 */
export function addLlmPanels(addPanel, { palette, scenario }) {
  const history = new LlmHistory(scenario);
  const panel = (key, title, className, make) => {
    const root = el("div", { class: `widget ${className}` });
    addPanel(key, title, root, make(root));
  };
  panel("llm-requests", gettext("LLM requests"), "llm-requests-root", (root) => new LlmRequests(root, { history }));
  panel("llm-kv", gettext("KV cache blocks"), "llm-kv-root", (root) => new LlmKvGrid(root, { palette, scenario, history }));
  panel("llm-memory", gettext("KV memory over time"), "llm-memory-root", (root) => new LlmKvTimeline(root, { history }));
  panel("llm-batches", gettext("LLM batches"), "llm-batches-root", (root) => new LlmBatchGantt(root, { history }));
}
