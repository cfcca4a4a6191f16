/**
 * JSON over HTTP for the playground's API.
 *
 * Every request sends the X-CSRFToken header from the `csrftoken` cookie
 * (the server only enforces it for logged-in sessions, but sending it always
 * keeps one code path).  A non-2xx answer becomes an ApiError whose
 * `errors` list has the server's {path, message} items, ready to show.
 */

import { gettext, interpolate } from "./i18n.js";
import { translateKeyed, translateMessage } from "./translate.js";

/** An API call that failed; `errors` is [{path, message}] (path "" = general). */
export class ApiError extends Error {
  constructor(status, errors, retryAfter = null) {
    super(errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join("\n"));
    this.name = "ApiError";
    this.status = status;
    this.errors = errors;
    this.retryAfter = retryAfter;
  }
}

/** The value of cookie `name`, or "" when it is not set. */
export function readCookie(name) {
  for (const part of document.cookie ? document.cookie.split(";") : []) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return "";
}

/** Turn a failed response's body into [{path, message}] a student can read. */
function errorsFrom(status, payload) {
  if (payload && Array.isArray(payload.errors) && payload.errors.length) {
    return payload.errors.map((e) => ({
      path: typeof e.path === "string" ? e.path : "",
      // The engine and the server write English beside the key and values
      // (message_key, message_args): the key gives the page's language.
      message: translateMessage({ ...e, message: typeof e.message === "string" ? e.message : String(e.message ?? e) }),
    }));
  }
  if (payload && typeof payload.error === "string") {
    return [{ path: "", message: translateKeyed(payload.error, payload.error_key, payload.error_args) }];
  }
  if (status === 404) return [{ path: "", message: gettext("Not found.") }];
  if (status === 413) return [{ path: "", message: gettext("The scenario is too large to send.") }];
  if (status === 429) return [{ path: "", message: gettext("Too many runs in a short time; wait a little.") }];
  return [{ path: "", message: interpolate(gettext("The server answered with status %(status)s."), { status }) }];
}

/**
 * Send `body` (a JSON value, or undefined for none) and return the parsed
 * JSON answer.  Throws ApiError on an HTTP error or a network failure.
 */
export async function requestJSON(method, url, body) {
  const headers = { Accept: "application/json" };
  const init = { method, headers, credentials: "same-origin" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    headers["X-CSRFToken"] = readCookie("csrftoken");
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (err) {
    throw new ApiError(0, [{ path: "", message: gettext("Could not reach the server. Check your connection and try again.") }]);
  }
  let payload = null;
  const text = await response.text();
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = null;
    }
  }
  if (!response.ok) {
    const retry = response.headers.get("Retry-After");
    throw new ApiError(response.status, errorsFrom(response.status, payload), retry ? Number(retry) : null);
  }
  return payload;
}

export const getJSON = (url) => requestJSON("GET", url);
export const postJSON = (url, body) => requestJSON("POST", url, body);

/** POST /api/validate/: resolves to [] when valid, else the list of errors. */
export async function validateScenario(scenario) {
  try {
    await postJSON("/api/validate/", { scenario });
    return [];
  } catch (err) {
    if (err instanceof ApiError && err.status === 400) return err.errors;
    throw err;
  }
}

/** POST /api/runs/ with {scenario} or {slug}: resolves to {id, status, ws}. */
export function startRun(payload) {
  return postJSON("/api/runs/", payload);
}

/** POST /api/scenarios/: resolves to {slug, url}. */
export function saveScenario(scenario) {
  return postJSON("/api/scenarios/", { scenario });
}

/** GET /api/runs/<id>/: {id, status, result?, error}. */
export function fetchRun(id) {
  return getJSON(`/api/runs/${encodeURIComponent(id)}/`);
}
