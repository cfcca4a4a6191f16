/**
 * Click-to-seek between charts and the player that drives them.
 *
 * A chart does not know its player (several players can share a page): it
 * asks for a seek with a bubbling DOM event, and whoever put the chart and
 * the player together (run-panel.js, compare.js) moves the player.
 *
 *   requestSeek(node, {step: 7, tick: 12});           // in a widget
 *   onSeekRequest(panel, ({step, tick}) => ...);      // around it
 *
 * `step` is the index of the step in the chart's own run, `tick` its time.
 */

export const SEEK_EVENT = "chart-seek";

/** Ask the player around `node` to show step `step` (at tick `tick`). */
export function requestSeek(node, { step, tick }) {
  node.dispatchEvent(new CustomEvent(SEEK_EVENT, { bubbles: true, detail: { step, tick } }));
}

/** Call fn({step, tick}) for every seek asked for inside `node`; returns a function that stops it. */
export function onSeekRequest(node, fn) {
  const listener = (event) => {
    event.stopPropagation(); // one player answers: the nearest one
    fn(event.detail);
  };
  node.addEventListener(SEEK_EVENT, listener);
  return () => node.removeEventListener(SEEK_EVENT, listener);
}
