// Clinic outcomes: the clinician's patients, first week against the last 7 days, as medians and counts. Every
// figure comes from the API (diary/outcomes.py over each patient's Summary); this page words and draws them.
import { api, formatDay, periodForm } from "./api.js";
import { COLOURS, draw, oneDecimal, table } from "./charts.js";

const $ = (id) => document.getElementById(id);
const form = $("period-form");
// The status words and the thresholds come from the server (diary/outcomes.py, diary/vocabularies.py).
const WORDS = JSON.parse($("outcome-words").textContent);
const STATUSES = WORDS.statuses;
const IMPROVED = WORDS.improved;
const longDay = (iso) => formatDay(iso, { day: "numeric", month: "short", year: "numeric" });
const patients = (n) => `${n} patient${n === 1 ? "" : "s"}`;
const step = (k) => (k > 0 ? `+${k}` : k < 0 ? `\u2212${-k}` : "0");

function counts(outcomes) {
  const total = outcomes.patients + outcomes.not_enough_data;
  const period = `${longDay(outcomes.from)} to ${longDay(outcomes.to)}`;
  if (total === 0) return `${period}: no patient shares a diary with you.`;
  const waiting = outcomes.not_enough_data
    ? `; ${patients(outcomes.not_enough_data)} with fewer logged days ${outcomes.not_enough_data === 1 ? "is" : "are"} counted as not enough data yet`
    : "";
  return `${period}: ${patients(total)} share${total === 1 ? "s" : ""} a diary with you. ` +
    `${patients(outcomes.patients)} logged enough days to be counted below${waiting}.`;
}

function measure(name, values) {
  $(`${name}-baseline`).textContent = oneDecimal(values.baseline_median);
  $(`${name}-recent`).textContent = oneDecimal(values.recent_median);
  $(`${name}-improved`).textContent = values.n ? `${values.improved} of ${values.n}` : "–";
}

function changeChart(distribution) {
  const labels = distribution.map((bar) => step(bar.change));
  draw($("change-chart"), {
    type: "bar",
    data: {
      labels,
      datasets: [{
        label: "Patients",
        data: distribution.map((bar) => bar.patients),
        backgroundColor: distribution.map((bar) => (bar.change >= IMPROVED ? COLOURS.function : COLOURS.functionFaint)),
      }],
    },
    options: {
      scales: {
        x: { grid: { display: false }, title: { display: true, text: "change in function (points)" } },
        y: { min: 0, suggestedMax: 3, ticks: { stepSize: 1, precision: 0 }, title: { display: true, text: "patients" } },
      },
    },
  });
  const counted = distribution.reduce((sum, bar) => sum + bar.patients, 0);
  const up = distribution.filter((bar) => bar.change >= IMPROVED).reduce((sum, bar) => sum + bar.patients, 0);
  const down = distribution.filter((bar) => bar.change < 0).reduce((sum, bar) => sum + bar.patients, 0);
  $("change-summary").textContent = counted
    ? `Of ${patients(counted)} with both weeks logged, function improved by ${IMPROVED} or more points for ${up} and is lower than in the first week for ${down}.`
    : "No patient has both a first week and a last 7 days logged in this period.";
  table($("change-table"), ["Change (points)", "Patients"], distribution.map((bar) => [step(bar.change), String(bar.patients)]));
}

function render(outcomes) {
  $("outcomes-status").textContent = counts(outcomes);
  const total = outcomes.patients + outcomes.not_enough_data;
  $("outcomes-empty").hidden = total > 0;
  $("outcomes").hidden = outcomes.patients === 0;
  if (outcomes.patients === 0) return;
  measure("function", outcomes.function);
  measure("pain", outcomes.pain);
  $("fp-note").textContent = `Medians over the ${patients(outcomes.function.n)} with both a first week and a last 7 days logged (${WORDS.week_needs} days or more in each).`;
  changeChart(outcomes.function_change);
  const fdi = outcomes.fdi;
  $("fdi-first").textContent = fdi.n ? String(fdi.first_median) : "–";
  $("fdi-latest").textContent = fdi.n ? String(fdi.latest_median) : "–";
  $("fdi-minimal").textContent = fdi.n ? `${fdi.reached_minimal} of ${fdi.n}` : "–";
  $("fdi-note").textContent = fdi.n
    ? `0-60, lower is better. The first and the latest check-in in the period of the ${patients(fdi.n)} who did one.`
    : "No check-ins in this period.";
  const days = outcomes.days_to_function_improved;
  $("days-to-improve").textContent = days.n ? `${days.median} days (${patients(days.n)} improved)` : "No patient's function has improved by 2 points yet";
  $("adherence").textContent = outcomes.adherence_median === null ? "–" : `${Math.round(outcomes.adherence_median * 100)}% of days`;
  $("status-rows").replaceChildren(...Object.entries(outcomes.statuses).map(([status, count]) => {
    const row = document.createElement("tr");
    const name = document.createElement("th");
    name.scope = "row";
    name.textContent = STATUSES[status] ?? status;
    const cell = document.createElement("td");
    cell.textContent = String(count);
    row.append(name, cell);
    return row;
  }));
}

async function show(query) {
  $("outcomes-status").textContent = "";
  const { data } = await api("GET", `outcomes/${query}`);
  $("csv-link").href = `/api/v1/outcomes/export.csv?from=${data.from}&to=${data.to}`;
  render(data);
  return data;
}

periodForm({ form, errorBox: $("outcomes-error"), failure: "We couldn't load the outcomes. Please try again.", show });
