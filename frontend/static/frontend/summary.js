// The one-page summary for the care team: the flags, baseline against the last 7 days, and the chart, for a
// period. Every figure and sentence comes from the API (the same functions as the Trends page's figures).
import { api, el, formatDay, periodForm } from "./api.js";
import { fitWhenPrinting, functionPainChart, oneDecimal } from "./charts.js";

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

const PRINTED = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric", hour: "numeric", minute: "2-digit" });

function printedNow() {
  const now = new Date();
  $("printed-at").dateTime = now.toISOString();
  $("printed-at").textContent = PRINTED.format(now);
}

// The dashboard's flags as they stood on the last day of the period, first on the page and on paper.
function flags(summary) {
  const list = summary.flags;
  $("flag-list").replaceChildren(...list.map((flag) => el("li", "flag", flag.message)));
  $("summary-flags").hidden = list.length === 0;
  $("no-flags").hidden = list.length > 0;
  $("no-flags").textContent = `No attention flags on ${longDay(summary.to)}.`;
}

// Each active goal: its target, the weeks it was reached in the period and the latest week's count.
function goals(list) {
  $("summary-goals").replaceChildren(...list.map((goal) => {
    const latest = goal.weeks[goal.weeks.length - 1];
    const week = latest ? ` Latest week: ${latest.value} of ${latest.target}${latest.over ? "" : " so far"}.` : "";
    return el("li", "", `${goal.title} (${goal.target_words}): ${goal.message}${week}`);
  }));
  $("summary-goals-box").hidden = list.length === 0;
  $("summary").classList.toggle("has-goals", list.length > 0);
}

function render(summary) {
  const { patient } = summary;
  $("summary-born").textContent = `Born ${longDay(patient.birth_date)}, age ${patient.age}`;
  const started = summary.counted_from && summary.counted_from !== summary.from ? ` (diary started ${longDay(summary.counted_from)})` : "";
  $("summary-period").textContent = `${longDay(summary.from)} to ${longDay(summary.to)}${started}`;
  flags(summary);
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
  const since = started ? " since the first entry" : "";
  $("fact-logged").textContent = `${summary.days_logged} of ${summary.days_in_period} days${since} (${percent(summary.adherence)})`;
  const school = summary.school;
  $("fact-school").textContent = school.days_scheduled
    ? `${percent(school.attendance)} of ${school.days_scheduled} school days (part days count half)`
    : "No school days logged";
  $("fact-exercise").textContent = summary.exercise_minutes_per_week === null ? "–" : `${summary.exercise_minutes_per_week} minutes a week (from the days logged)`;
  $("fact-sleep").textContent = summary.sleep_hours.mean === null ? "–" : `${oneDecimal(summary.sleep_hours.mean)} hours a night`;
  if ($("fact-mood")) $("fact-mood").textContent = summary.mood?.mean == null ? "–" : `${oneDecimal(summary.mood.mean)} of 5`;
  const checkins = summary.checkins;
  $("fdi-first").textContent = checkins.first ? `${checkins.first.total} (${longDay(checkins.first.date)})` : "No check-in in this period";
  $("fdi-latest").textContent = checkins.latest ? `${checkins.latest.total} (${longDay(checkins.latest.date)}), ${checkins.band}` : "–";
  $("fdi-change").textContent = checkins.change === null ? "–" : `${checkins.change > 0 ? "+" : ""}${checkins.change}`;
  goals(summary.goals ?? []);
  codes($("top-symptoms"), LABELS.symptoms, summary.symptoms);
  codes($("top-locations"), LABELS.pain_locations, summary.pain_locations);
  $("summary").hidden = false;
}

async function show(query) {
  const { data: summary } = await api("GET", `patients/${patient}/summary/${query}`);
  render(summary);
  // The chart starts where the diary does when that is later than the period, so its days fill the width.
  const chartFrom = summary.counted_from ?? summary.from;
  const { data: trends } = await api("GET", `patients/${patient}/trends/?from=${chartFrom}&to=${summary.to}`);
  functionPainChart($("summary-chart"), trends, { devicePixelRatio: 2 });
  return summary;
}

$("print-button").addEventListener("click", () => window.print());
window.addEventListener("beforeprint", printedNow);
fitWhenPrinting($("summary-chart"));

printedNow();
periodForm({ form, errorBox: $("summary-error"), failure: "We couldn't load the summary. Please try again.", show });
