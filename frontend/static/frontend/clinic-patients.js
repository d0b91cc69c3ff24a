// A clinic's patients, whoever needs attention first (the API's order), a page at a time: searched by name or record
// number, filtered by flag, each with its flags in words, its last entry, what the clinic sees, and the clinic's own
// record number, which any member sets in place. The page keeps a row's room for each patient of the first page
// before the list arrives (clinic_views.py), so nothing moves when it does.
import { api, clearErrors, el, errorText, seesWords, showErrors } from "./api.js";
import { formatDate, gettext, interpolate, language, ngettext } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const root = $("clinic-patients");
const base = `clinics/${root.dataset.clinic}/patients/`;
const PAGE_SIZE = Number(root.dataset.pageSize);
const RECORD_LENGTH = Number(root.dataset.recordLength);
const SEARCH_PAUSE_MS = 300; // typing: look up once the typist pauses, not at every key
const form = $("filter-form");
const rows = $("patient-rows");
const statusLine = $("list-status");
const errorBox = $("list-error");
const number = new Intl.NumberFormat(language);

const pageAsked = Number.parseInt(new URLSearchParams(location.search).get("page"), 10);
let page = pageAsked > 0 ? pageAsked : 1;
let asked = 0; // the latest request: an older answer that arrives late is dropped

function recordSummary(patient) {
  return patient.record_number
    ? interpolate(gettext("Record number %(number)s"), { number: patient.record_number })
    : gettext("Add a record number");
}

async function saveRecord(event, patient, parts) {
  event.preventDefault();
  const { details, summary, recordForm, status } = parts;
  clearErrors(recordForm);
  status.textContent = "";
  const name = patient.display_name;
  try {
    const { data } = await api("PATCH", `${base}${patient.patient_id}/`, {
      body: { record_number: recordForm.elements.record_number.value },
    });
    patient.record_number = data.record_number;
  } catch (error) {
    if (error.status === 404) {
      const gone = gettext("%(name)s no longer shares their diary with the clinic, so nothing was saved.");
      showErrors(recordForm, { status: 400, body: { detail: interpolate(gone, { name }) } });
    } else if (error.status === 400) {
      showErrors(recordForm, error);
    } else {
      const fallback = gettext("The record number wasn't saved. Please try again.");
      showErrors(recordForm, { status: 400, body: { detail: errorText(error, fallback) } });
    }
    return;
  }
  summary.textContent = recordSummary(patient);
  recordForm.elements.record_number.value = patient.record_number;
  details.open = false;
  summary.focus();
  status.textContent = patient.record_number
    ? interpolate(gettext("Saved: %(name)s's record number is %(number)s."), { name, number: patient.record_number })
    : interpolate(gettext("Saved: %(name)s has no record number now."), { name });
}

// The clinic's record number, shown in the row and changed in place behind one tap.
function recordNumber(patient) {
  const details = el("details", "record");
  const summary = el("summary", "", recordSummary(patient));
  const recordForm = el("form", "record-form");
  recordForm.noValidate = true;
  const id = `record-${patient.patient_id}`;
  const label = el("label", "", interpolate(gettext("Record number for %(name)s"), { name: patient.display_name }));
  label.htmlFor = id;
  const line = el("div", "row");
  const input = el("input");
  Object.assign(input, { id, name: "record_number", value: patient.record_number, maxLength: RECORD_LENGTH });
  input.autocomplete = "off";
  input.spellcheck = false;
  input.setAttribute("aria-describedby", `${id}-error`);
  const save = el("button", "button", gettext("Save"));
  save.type = "submit";
  line.append(input, save);
  const fieldError = el("p", "field-error");
  fieldError.id = `${id}-error`;
  fieldError.dataset.errorFor = "record_number";
  const formError = el("p", "form-error");
  formError.setAttribute("role", "alert");
  formError.hidden = true;
  recordForm.append(label, line, fieldError, formError);
  details.append(summary, recordForm);
  const status = el("p", "row-status");
  status.setAttribute("role", "status");
  const parts = { details, summary, recordForm, status };
  recordForm.addEventListener("submit", (event) => saveRecord(event, patient, parts));
  details.addEventListener("toggle", () => details.open && input.focus());
  return [details, status];
}

function row(patient) {
  const item = el("li", "clinic-patient");
  const who = el("div", "cp-who");
  const name = el("a", "patient-name", patient.display_name);
  name.href = `/patients/${patient.patient_id}/`;
  who.append(name);
  const about = el("div", "cp-about");
  if (patient.flag_messages.length) {
    const flags = el("ul", "flags");
    flags.setAttribute("aria-label", gettext("Needs attention"));
    // The words and exact counts come from the API (diary/words.py), the one source of them.
    for (const flag of patient.flag_messages) flags.append(el("li", "flag", flag.message));
    about.append(flags);
  }
  if (patient.last_entry) {
    about.append(el("p", "patient-fact", interpolate(gettext("Last entry %(day)s"), { day: formatDate(patient.last_entry, "day") })));
  } else if (!patient.flags.includes("no_recent_entry")) {
    about.append(el("p", "patient-fact", gettext("No entries yet")));
  }
  about.append(el("p", "patient-fact muted", interpolate(gettext("The clinic sees %(what)s."), { what: seesWords(patient.sees) })));
  item.append(who, about, ...recordNumber(patient));
  return item;
}

function countWords(data, filtered) {
  const count = number.format(data.count);
  const sentence = filtered
    ? ngettext("%(count)s patient found.", "%(count)s patients found.", data.count)
    : ngettext("%(count)s patient shares with the clinic.", "%(count)s patients share with the clinic.", data.count);
  const words = [interpolate(sentence, { count })];
  if (data.count > PAGE_SIZE) {
    const first = (page - 1) * PAGE_SIZE + 1;
    const last = first + data.results.length - 1;
    words.push(interpolate(gettext("Showing %(first)s to %(last)s."), { first: number.format(first), last: number.format(last) }));
  }
  return words.join(" ");
}

function render(data, filtered) {
  rows.replaceChildren(...data.results.map(row));
  rows.removeAttribute("aria-busy");
  statusLine.textContent = data.count ? countWords(data, filtered) : "";
  $("no-patients").hidden = data.count > 0 || filtered;
  $("no-match").hidden = data.count > 0 || !filtered;
  const pages = Math.max(1, Math.ceil(data.count / PAGE_SIZE));
  $("pager").hidden = pages < 2;
  $("page-number").textContent = interpolate(gettext("Page %(page)s of %(pages)s"), {
    page: number.format(page),
    pages: number.format(pages),
  });
  $("previous-page").disabled = !data.previous;
  $("next-page").disabled = !data.next;
}

async function load() {
  const ticket = ++asked;
  const q = form.elements.q.value.trim();
  const flag = form.elements.flag.value;
  const query = new URLSearchParams();
  if (q) query.set("q", q);
  if (flag) query.set("flag", flag);
  if (page > 1) query.set("page", page);
  history.replaceState(null, "", query.size ? `?${query}` : location.pathname);
  errorBox.hidden = true;
  rows.setAttribute("aria-busy", "true");
  let data;
  try {
    ({ data } = await api("GET", `${base}?${query}`));
  } catch (error) {
    if (ticket !== asked) return;
    if ((error.status === 404 || error.body?.page) && page > 1) {
      page = 1; // past the last page (the list got shorter), or no page at all: the first one
      await load();
      return;
    }
    statusLine.textContent = "";
    errorBox.textContent = errorText(error, gettext("We couldn't load the patients. Please try again."));
    errorBox.hidden = false;
    rows.replaceChildren();
    rows.removeAttribute("aria-busy");
    return;
  }
  if (ticket === asked) render(data, Boolean(q || flag));
}

let pause;
form.elements.q.addEventListener("input", () => {
  clearTimeout(pause);
  pause = setTimeout(() => {
    page = 1;
    load();
  }, SEARCH_PAUSE_MS);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(pause);
  page = 1;
  load();
});
form.addEventListener("change", (event) => {
  if (event.target.name !== "flag") return;
  page = 1;
  load();
});
$("show-everyone").addEventListener("click", () => {
  form.elements.q.value = "";
  form.elements.flag.value = "";
  page = 1;
  load();
  form.elements.q.focus();
});
for (const [id, step] of [["previous-page", -1], ["next-page", 1]]) {
  $(id).addEventListener("click", async () => {
    page = Math.max(1, page + step);
    await load();
    statusLine.scrollIntoView({ block: "start" });
  });
}
load();
