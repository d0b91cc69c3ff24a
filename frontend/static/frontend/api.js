// One small wrapper around fetch for the JSON API: CSRF header, JSON body, and errors as values.
import { gettext, pgettext } from "./i18n.js";

// The cookie first: a page the service worker kept for offline use may carry an older token in its meta tag.
const csrfCookie = () => document.cookie.split("; ").find((pair) => pair.startsWith("csrftoken="))?.slice(10);
const csrfToken = () => csrfCookie() || document.querySelector('meta[name="csrf-token"]')?.content || "";

export class ApiError extends Error {
  constructor(status, body) {
    super(`HTTP ${status}`);
    this.status = status;
    this.body = body ?? {};
  }
}

export async function api(method, path, { body, headers = {} } = {}) {
  const init = {
    method,
    credentials: "same-origin",
    headers: { Accept: "application/json", "X-CSRFToken": csrfToken(), ...headers },
  };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`/api/v1/${path}`, init);
  } catch {
    throw new ApiError(0, { detail: gettext("We couldn't reach Stride. Check your connection and try again.") });
  }
  const data = response.status === 204 ? null : await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data);
  return { data, status: response.status, etag: response.headers.get("ETag") };
}

// Shows field messages next to their fields and anything else in the form's error box.
export function showErrors(form, error) {
  clearErrors(form);
  const box = form.querySelector(".form-error");
  const body = error.body ?? {};
  const unplaced = [];
  for (const [field, messages] of Object.entries(body)) {
    const text = Array.isArray(messages) ? messages.join(" ") : String(messages);
    const slot = form.querySelector(`[data-error-for="${field}"]`);
    if (slot) slot.textContent = text;
    else unplaced.push(text);
  }
  if (error.status === 401 || error.status === 403) {
    unplaced.unshift(gettext("You've been signed out. Please sign in again; nothing on this page was sent."));
  } else if (error.status >= 500) {
    unplaced.unshift(gettext("Something went wrong on our side. Nothing was lost on this page; please try again."));
  }
  if (box && unplaced.length) {
    box.textContent = unplaced.join(" ");
    box.hidden = false;
  }
  const first = form.querySelector(".field-error:not(:empty)") ?? box;
  first?.closest("fieldset, .field")?.scrollIntoView({ block: "center" });
}

// The words of a failed request for a status line: the API's own message where it sent one, else `fallback`.
export function errorText(error, fallback) {
  const body = error.body ?? {};
  const first = body.detail ?? Object.values(body)[0];
  const text = Array.isArray(first) ? first.join(" ") : first;
  return typeof text === "string" && text ? text : fallback;
}

export function clearErrors(form) {
  form.querySelectorAll(".field-error").forEach((slot) => (slot.textContent = ""));
  const box = form.querySelector(".form-error");
  if (box) {
    box.textContent = "";
    box.hidden = true;
  }
}

// An action that can't be undone asks first: `ask` reveals `box`, `no` hides it again, `yes` runs `action`.
export function confirmFirst({ ask, box, no, yes, action }) {
  ask.addEventListener("click", () => {
    box.hidden = false;
    no.focus();
  });
  no.addEventListener("click", () => (box.hidden = true));
  yes.addEventListener("click", action);
}

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// A paginated API list shown page by page behind a "show older" button.
export function pagedList({ path, list, more, empty, errorBox, render, failure }) {
  let next = path;
  async function loadMore() {
    more.hidden = true;
    try {
      const { data } = await api("GET", next);
      list.append(...data.results.map(render));
      next = data.next ? data.next.slice(data.next.indexOf("/api/v1/") + "/api/v1/".length) : null;
      more.hidden = !next;
      empty.hidden = data.count > 0;
    } catch (error) {
      errorBox.textContent = error.body?.detail ?? failure;
      errorBox.hidden = false;
    }
  }
  more.addEventListener("click", loadMore);
  return loadMore();
}

// A page that shows one period (from, to): `show(query)` loads and draws it and answers the period shown, which
// fills the form's dates. It loads once at once, then on every submit of the form; a refused date is shown
// next to its field, any other failure in `errorBox`.
export function periodForm({ form, errorBox, failure, show }) {
  async function load(query = "") {
    clearErrors(form);
    errorBox.hidden = true;
    try {
      const shown = await show(query);
      form.elements.from.value = shown.from;
      form.elements.to.value = shown.to;
    } catch (error) {
      if (error.status === 400) showErrors(form, error);
      else {
        errorBox.textContent = error.body?.detail ?? failure;
        errorBox.hidden = false;
      }
    }
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    if (form.elements.from.value) params.set("from", form.elements.from.value);
    if (form.elements.to.value) params.set("to", form.elements.to.value);
    load(`?${params}`);
  });
  return load();
}

// The band of a check-in's total, in a clinician's short words (the API gives its code): Patients and the Summary.
const FDI_BANDS = {
  minimal: pgettext("FDI band", "minimal"),
  moderate: pgettext("FDI band", "moderate"),
  severe: pgettext("FDI band", "severe"),
};
export const fdiBand = (code) => FDI_BANDS[code] ?? code;

// A one-time code as people read it aloud: groups of four, with dashes (the API takes it either way).
export const readableCode = (code) => code.match(/.{1,4}/g).join("-");

// What a care-team member or a clinic sees, in the words of Share itself (accounts.models.Share, put in the page as
// `share-words` by the pages that say it): the invite form, the codes, the care team and a clinic's list say the
// same. `core` is always there.
export function seesWords(sees) {
  const words = JSON.parse(document.getElementById("share-words").textContent);
  return ["core", "mood", "notes"].filter((value) => value === "core" || sees.includes(value)).map((value) => words[value]).join(", ");
}
