// The daily entry form: loads the day's entry if there is one, saves it with PUT to its date.
import { api, clearErrors, confirmFirst, showErrors } from "./api.js";

const form = document.getElementById("entry-form");
const { patient, date } = form.dataset;
const path = `patients/${patient}/entries/${date}/`;
const statusLine = document.getElementById("save-status");
const LISTS = ["symptoms", "pain_locations", "therapies"];
const SCALES = ["function", "pain", "sleep_quality", "mood", "fatigue"];
const NUMBERS = ["sleep_hours", "exercise_minutes"];
let version = null;

const checkedValue = (name) => form.querySelector(`input[name="${name}"]:checked`)?.value ?? null;
const numberOrNull = (value) => (value === "" || value === null ? null : Number(value));

function readForm() {
  const entry = {};
  for (const name of SCALES) entry[name] = numberOrNull(checkedValue(name));
  for (const name of NUMBERS) entry[name] = numberOrNull(form.elements[name].value);
  entry.school = checkedValue("school");
  for (const name of LISTS) {
    entry[name] = [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((box) => box.value);
  }
  entry.note = form.elements.note.value;
  entry.note_private = form.elements.note_private.checked;
  return entry;
}

function fillForm(entry) {
  for (const name of [...SCALES, "school"]) {
    form.querySelectorAll(`input[name="${name}"]`).forEach((radio) => {
      radio.checked = entry[name] !== null && entry[name] !== undefined && radio.value === String(entry[name]);
    });
  }
  for (const name of NUMBERS) form.elements[name].value = entry[name] ?? "";
  for (const name of LISTS) {
    const chosen = new Set(entry[name] ?? []);
    form.querySelectorAll(`input[name="${name}"]`).forEach((box) => (box.checked = chosen.has(box.value)));
  }
  form.elements.note.value = entry.note ?? "";
  form.elements.note_private.checked = Boolean(entry.note_private);
}

function hasOptionalAnswers(entry) {
  return ["sleep_hours", "sleep_quality", "mood", "fatigue", "exercise_minutes", "school"].some(
    (name) => entry[name] !== null && entry[name] !== undefined,
  ) || LISTS.some((name) => entry[name]?.length) || Boolean(entry.note);
}

function missingRequired(entry) {
  const messages = {
    function: "Choose how much of your usual day you could do (0 to 10).",
    pain: "Choose a number for your pain (0 to 10).",
  };
  const missing = Object.keys(messages).filter((name) => entry[name] === null);
  for (const name of missing) form.querySelector(`[data-error-for="${name}"]`).textContent = messages[name];
  if (missing.length) document.getElementById(`${missing[0]}-field`).scrollIntoView({ block: "center" });
  return missing.length > 0;
}

async function load() {
  try {
    // Asked as a one-day range, so a day with nothing logged is an empty list rather than a 404.
    const { data: page } = await api("GET", `patients/${patient}/entries/?from=${date}&to=${date}`);
    const data = page.results[0];
    if (!data) return;
    version = data.version;
    fillForm(data);
    if (hasOptionalAnswers(data)) document.getElementById("more-details").open = true;
    statusLine.textContent = "You already logged this day. Any change you save replaces it.";
    const deleteZone = document.getElementById("delete-zone");
    if (deleteZone) deleteZone.hidden = false;
  } catch (error) {
    showErrors(form, error);
  }
}

async function save(event) {
  event.preventDefault();
  clearErrors(form);
  statusLine.textContent = "";
  const entry = readForm();
  if (missingRequired(entry)) return;
  const headers = version === null ? {} : { "If-Match": `"${version}"` };
  try {
    const { data } = await api("PUT", path, { body: entry, headers });
    version = data.version;
    statusLine.textContent = "Saved. Thanks for checking in. You can change it any time.";
    const deleteZone = document.getElementById("delete-zone");
    if (deleteZone) deleteZone.hidden = false;
  } catch (error) {
    if (error.status === 412) {
      error.body = { detail: "This day was changed on another device. Reload the page to see the latest answers." };
    }
    showErrors(form, error);
  }
}

function setUpDelete() {
  const zone = document.getElementById("delete-zone");
  if (!zone) return;
  const box = document.getElementById("delete-confirm");
  confirmFirst({
    ask: document.getElementById("delete-button"),
    box,
    no: document.getElementById("delete-no"),
    yes: document.getElementById("delete-yes"),
    action: async () => {
      try {
        await api("DELETE", path, { headers: version === null ? {} : { "If-Match": `"${version}"` } });
        location.assign(`${form.dataset.history}?deleted=${date}`);
      } catch (error) {
        box.hidden = true;
        showErrors(form, error);
      }
    },
  });
}

document.getElementById("clear-optional").addEventListener("click", () => {
  const { function: fn, pain } = readForm();
  fillForm({ function: fn, pain });
});
form.addEventListener("submit", save);
setUpDelete();
load();
