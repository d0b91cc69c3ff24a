// The weekly function check-in: 15 activities, each 0 (no trouble) to 4 (impossible), saved with PUT to today.
import { api, clearErrors, showErrors } from "./api.js";
import { formatDate, gettext, interpolate, ngettext } from "./i18n.js";

const form = document.getElementById("checkin-form");
const { patient, date } = form.dataset;
const count = Number(form.dataset.count);
const path = `patients/${patient}/function-checkins/${date}/`;
const result = document.getElementById("checkin-result");
const counter = document.getElementById("answered-count");
const BAND_WORDS = JSON.parse(document.getElementById("band-words").textContent);
const items = [...Array(count).keys()];

const answerOf = (index) => form.querySelector(`input[name="answer-${index}"]:checked`)?.value ?? null;

function showCount() {
  const left = items.filter((index) => answerOf(index) === null).length;
  counter.textContent = left ? interpolate(gettext("%(answered)s of %(count)s answered"), { answered: count - left, count }) : gettext("All answered.");
}

// Answers given before this week's saved check-in arrived stay as given (as on Today, entry.js).
const answeredEarly = new Set();
let loading = true;
form.addEventListener("change", (event) => loading && answeredEarly.add(event.target.name));

function fill(answers) {
  answers.forEach((value, index) => {
    if (answeredEarly.has(`answer-${index}`)) return;
    form.querySelectorAll(`input[name="answer-${index}"]`).forEach((radio) => {
      radio.checked = radio.value === String(value);
    });
  });
  showCount();
}

// The total against the check-in before it, kindly: lower is better, and a higher total is never a failure.
async function changeWords(checkin) {
  const before = new Date(`${checkin.date}T12:00:00Z`);
  before.setUTCDate(before.getUTCDate() - 1);
  const { data } = await api("GET", `patients/${patient}/function-checkins/?to=${before.toISOString().slice(0, 10)}&page_size=1`);
  const last = data.results[0];
  if (!last) return gettext("Your first check-in. Next week's will show how things are changing.");
  const values = { total: checkin.total, before: last.total, day: formatDate(last.date, "day") };
  if (checkin.total < last.total) {
    return interpolate(gettext("%(total)s, down from %(before)s on %(day)s: everyday things are getting easier."), values);
  }
  if (checkin.total > last.total) {
    return interpolate(
      gettext("%(total)s, up from %(before)s on %(day)s. Harder weeks happen; seeing them helps, and the next one may be easier."),
      values,
    );
  }
  return interpolate(gettext("%(total)s, the same as on %(day)s."), values);
}

async function showResult(checkin) {
  document.getElementById("result-total").textContent = checkin.total;
  document.getElementById("result-band").textContent = `${BAND_WORDS[checkin.band]}.`;
  const change = document.getElementById("result-change");
  change.hidden = true;
  form.hidden = true;
  result.hidden = false;
  result.focus();
  result.scrollIntoView({ block: "start" });
  change.textContent = await changeWords(checkin).catch(() => "");
  change.hidden = !change.textContent;
}

function missingAnswers() {
  const missing = items.filter((index) => answerOf(index) === null);
  for (const index of missing) {
    form.querySelector(`[data-error-for="answer-${index}"]`).textContent = gettext("Choose one answer.");
  }
  if (missing.length) {
    const box = document.getElementById("form-error");
    const ask = ngettext(
      "Please answer all %(count)s activities: %(missing)s still needs an answer.",
      "Please answer all %(count)s activities: %(missing)s still need an answer.",
      missing.length,
    );
    box.textContent = interpolate(ask, { count, missing: missing.length });
    box.hidden = false;
    document.getElementById(`answer-${missing[0]}-field`).scrollIntoView({ block: "center" });
  }
  return missing.length > 0;
}

form.addEventListener("change", (event) => {
  const slot = form.querySelector(`[data-error-for="${event.target.name}"]`);
  if (slot) slot.textContent = "";
  showCount();
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  if (missingAnswers()) return;
  const button = document.getElementById("checkin-save");
  button.disabled = true;
  try {
    const { data } = await api("PUT", path, { body: { answers: items.map((index) => Number(answerOf(index))) } });
    await showResult(data);
  } catch (error) {
    showErrors(form, error);
  } finally {
    button.disabled = false;
  }
});

document.getElementById("checkin-edit").addEventListener("click", () => {
  result.hidden = true;
  form.hidden = false;
  form.querySelector("input")?.focus();
});

// Today's check-in, if there is one, is shown so it can be changed rather than answered twice.
api("GET", `patients/${patient}/function-checkins/?from=${date}&to=${date}`)
  .then(({ data }) => (data.results.length ? fill(data.results[0].answers) : showCount()))
  .catch(() => showCount())
  .finally(() => (loading = false));
