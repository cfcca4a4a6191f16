/**
 * Live progress of a grading batch (manage page and admin): polls the JSON
 * endpoint named by data-url on every [data-batch-progress] element and
 * fills in done / total / failed until the batch is finished.
 *
 *   GET /api/grading/batches/<id>/ -> {status, total, done, failed, error}
 */

const POLL_MS = 1000;
const MAX_ERRORS = 5;

function render(root, progress) {
  const set = (name, value) => {
    const node = root.querySelector(`[data-${name}]`);
    if (node) node.textContent = String(value);
  };
  set("status", progress.status);
  set("done", progress.done);
  set("total", progress.total);
  set("failed", progress.failed);
  const bar = root.querySelector("progress");
  if (bar) {
    bar.max = Math.max(progress.total, 1);
    bar.value = progress.done;
  }
  const error = root.querySelector("[data-error]");
  if (error) {
    error.textContent = progress.error || "";
    error.hidden = !progress.error;
  }
  root.dataset.status = progress.status;
}

async function poll(root) {
  let errors = 0;
  for (;;) {
    try {
      const response = await fetch(root.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const progress = await response.json();
      render(root, progress);
      errors = 0;
      if (progress.status !== "queued") return;
    } catch (err) {
      errors += 1;
      // A server restart is brief; a lost session or a 403 will not heal.
      if (errors >= MAX_ERRORS) return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

for (const root of document.querySelectorAll("[data-batch-progress]")) {
  if (root.dataset.polling) continue;
  root.dataset.polling = "true";
  poll(root);
}
