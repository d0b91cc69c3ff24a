// The one-page summary for the care team: baseline against the last 7 days, and the chart, for a period.
import { api, clearErrors, formatDay, showErrors } from "./api.js";
import { functionPainChart, oneDecimal } from "./charts.js";

const form = document.getElementById("period-form");
const { patient } = form.dataset;
const LABELS = JSON.parse(document.getElementById("labels").textContent);
const $ = (id) => document.getElementById(id);
const longDay = (iso) => formatDay(iso, { day: "numeric", month: "short", year: "numeric" });
const signed = (value) => (value === null ? "–" : `${value > 0 ? "+" : ""}${oneDecimal(value)}`);
const percent = (share) => (share === null ? "–" : `${Math.round(share * 100)}%`);

function measure(name, values) {
  $(`${name}-baseline`).textContent = oneDecimal(values.baseline);
  $(`${name}-recent`).textContent = oneDecimal(values.recent);
  $(`${name}-change`).textContent = signed(values.change);
}

function codes(list, labels, items) {
  list.replaceChildren(
    ...(items.length ? items : [null]).map((item) => {
      const row = document.createElement("li");
      row.textContent = item ? `${labels[item.code] ?? item.code}: ${item.days} days` : "None logged";
      return row;
    }),
  );
}

function render(summary) {
  $("summary-period").textContent = `${longDay(summary.from)} to ${longDay(summary.to)} (${summary.days_in_period} days)`;
  $("insight").textContent = summary.insight.message;
  measure("function", summary.function);
  measure("pain", summary.pain);
  const baseline = summary.insight.baseline;
  $("baseline-note").textContent = baseline
    ? `First week: ${longDay(baseline.from)} to ${longDay(baseline.to)}.`
    : "No first week yet: it needs 4 logged days.";
  $("function-baseline-text").textContent =
    `Function ${oneDecimal(summary.function.baseline)} in the first week and ${oneDecimal(summary.function.recent)} in the last 7 days; ` +
    `pain ${oneDecimal(summary.pain.baseline)} and ${oneDecimal(summary.pain.recent)}.`;
  $("fact-logged").textContent = `${summary.days_logged} of ${summary.days_in_period} days (${percent(summary.adherence)})`;
  const school = summary.school;
  $("fact-school").textContent = school.days_scheduled
    ? `${percent(school.attendance)} of ${school.days_scheduled} school days (part days count half)`
    : "No school days logged";
  $("fact-exercise").textContent = summary.exercise_minutes_per_week === null ? "–" : `${summary.exercise_minutes_per_week} minutes a week`;
  $("fact-sleep").textContent = summary.sleep_hours.mean === null ? "–" : `${oneDecimal(summary.sleep_hours.mean)} hours a night`;
  if ($("fact-mood")) $("fact-mood").textContent = summary.mood?.mean == null ? "–" : `${oneDecimal(summary.mood.mean)} of 5`;
  const checkins = summary.checkins;
  $("fdi-first").textContent = checkins.first ? `${checkins.first.total} (${longDay(checkins.first.date)})` : "No check-in in this period";
  $("fdi-latest").textContent = checkins.latest ? `${checkins.latest.total} (${longDay(checkins.latest.date)}), ${checkins.band}` : "–";
  $("fdi-change").textContent = checkins.change === null ? "–" : `${checkins.change > 0 ? "+" : ""}${checkins.change}`;
  codes($("top-symptoms"), LABELS.symptoms, summary.symptoms);
  codes($("top-locations"), LABELS.pain_locations, summary.pain_locations);
  $("summary").hidden = false;
}

async function load(query = "") {
  clearErrors(form);
  $("summary-error").hidden = true;
  try {
    const { data: summary } = await api("GET", `patients/${patient}/summary/${query}`);
    render(summary);
    form.elements.from.value = summary.from;
    form.elements.to.value = summary.to;
    const { data: trends } = await api("GET", `patients/${patient}/trends/?from=${summary.from}&to=${summary.to}`);
    functionPainChart($("summary-chart"), trends);
  } catch (error) {
    if (error.status === 400) showErrors(form, error);
    else {
      $("summary-error").textContent = error.body?.detail ?? "We couldn't load the summary. Please try again.";
      $("summary-error").hidden = false;
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
$("print-button").addEventListener("click", () => window.print());

load();
