// Clinic outcomes: the clinician's patients, first week against the last 7 days, as medians and counts. Every
// figure comes from the API (diary/outcomes.py over each patient's Summary); this page words and draws them.
import { api, periodForm } from "./api.js";
import { COLOURS, draw, oneDecimal, table } from "./charts.js";
import { formatDate, gettext, interpolate, language, ngettext, pgettext } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const form = $("period-form");
// The status words and the thresholds come from the server (diary/outcomes.py, diary/vocabularies.py).
const WORDS = JSON.parse($("outcome-words").textContent);
const STATUSES = WORDS.statuses;
const IMPROVED = WORDS.improved;
const longDay = (iso) => formatDate(iso, "dayYear");
const percent = new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 0 });
const number = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
const partOf = (part, whole) => interpolate(gettext("%(part)s of %(whole)s"), { part, whole });
const step = (k) => (k > 0 ? `+${k}` : k < 0 ? `\u2212${-k}` : "0");

// The clinic chosen ("all my patients" when none): its patients alone are counted (the API's `clinic`).
const clinicChoice = $("clinic");
const chosenClinic = () => (clinicChoice?.value ? clinicChoice.selectedOptions[0].textContent : null);

function who(total, period) {
  const clinic = chosenClinic();
  if (clinic === null && total === 0) return interpolate(gettext("%(period)s: no patient shares a diary with you."), { period });
  if (total === 0) return interpolate(gettext("%(period)s: no patient shares a diary with %(clinic)s."), { period, clinic });
  const sentence = clinic === null
    ? ngettext("%(period)s: %(count)s patient shares a diary with you.", "%(period)s: %(count)s patients share a diary with you.", total)
    : ngettext("%(period)s: %(count)s patient shares a diary with %(clinic)s.", "%(period)s: %(count)s patients share a diary with %(clinic)s.", total);
  return interpolate(sentence, { period, count: total, clinic });
}

function counts(outcomes) {
  const total = outcomes.patients + outcomes.not_enough_data;
  const period = interpolate(pgettext("the period, starting a sentence", "%(from)s to %(to)s"), { from: longDay(outcomes.from), to: longDay(outcomes.to) });
  if (total === 0) return who(total, period);
  const sentences = [
    who(total, period),
    interpolate(ngettext(
      "%(count)s patient logged enough days to be counted below.",
      "%(count)s patients logged enough days to be counted below.",
      outcomes.patients,
    ), { count: outcomes.patients }),
  ];
  if (outcomes.not_enough_data) {
    sentences.push(interpolate(ngettext(
      "%(count)s patient with fewer logged days is counted as not enough data yet.",
      "%(count)s patients with fewer logged days are counted as not enough data yet.",
      outcomes.not_enough_data,
    ), { count: outcomes.not_enough_data }));
  }
  return sentences.join(" ");
}

// Each median says how many patients it is over, out of the patients counted above it: never "3 patients" and
// then medians over 2 with nothing to join the two. One whole sentence for each case, so that no "1 of the 1
// patients" is ever written. (Function and pain are over the same patients: every day logs both.)
function medianNote(outcomes) {
  const counted = outcomes.patients;
  const [count, pain] = [outcomes.function.n, outcomes.pain.n];
  const values = { count, counted, days: WORDS.week_needs, function: count, pain };
  if (count !== pain) {
    return interpolate(gettext(
      "Medians over the patients counted with both a first week and a last 7 days logged (%(days)s days or more in each): %(function)s of %(counted)s for function, %(pain)s of %(counted)s for pain.",
    ), values);
  }
  if (count === 0) {
    return interpolate(gettext("No patient counted has both a first week and a last 7 days logged (%(days)s days or more in each) yet."), values);
  }
  if (count === counted) {
    return interpolate(ngettext(
      "Figures of the one patient counted, who has both a first week and a last 7 days logged (%(days)s days or more in each).",
      "Medians over all %(count)s patients counted, each with both a first week and a last 7 days logged (%(days)s days or more in each).",
      count,
    ), values);
  }
  return interpolate(ngettext(
    "Figures of %(count)s of the %(counted)s patients counted: the only one with both a first week and a last 7 days logged (%(days)s days or more in each).",
    "Medians over %(count)s of the %(counted)s patients counted: the ones with both a first week and a last 7 days logged (%(days)s days or more in each).",
    count,
  ), values);
}

function fdiNote(fdi, counted) {
  const values = { count: fdi.n, counted };
  if (fdi.n === 0) return gettext("No check-ins in this period.");
  if (fdi.n === counted) {
    return interpolate(ngettext(
      "0-60, lower is better. The first and the latest check-in in the period of the one patient counted.",
      "0-60, lower is better. Medians of the first and the latest check-in in the period, over all %(count)s patients counted.",
      fdi.n,
    ), values);
  }
  return interpolate(ngettext(
    "0-60, lower is better. The first and the latest check-in in the period of %(count)s of the %(counted)s patients counted: the only one who did a check-in.",
    "0-60, lower is better. Medians of the first and the latest check-in in the period, over %(count)s of the %(counted)s patients counted: the ones who did a check-in.",
    fdi.n,
  ), values);
}

function daysToImprove(days, counted) {
  const median = interpolate(ngettext("%(days)s day", "%(days)s days", days.median), { days: number.format(days.median) });
  const values = { median, count: days.n, counted };
  if (days.n === counted) {
    return interpolate(ngettext(
      "%(median)s, for the one patient counted",
      "%(median)s, over all %(count)s patients counted",
      days.n,
    ), values);
  }
  return interpolate(ngettext(
    "%(median)s, for %(count)s of the %(counted)s patients counted: the only one whose function improved",
    "%(median)s, over %(count)s of the %(counted)s patients counted: the ones whose function improved",
    days.n,
  ), values);
}

function adherence(outcomes) {
  if (outcomes.adherence_median === null) return "–";
  const values = { percent: percent.format(outcomes.adherence_median), count: outcomes.patients };
  return interpolate(ngettext(
    "%(percent)s of days, for the one patient counted",
    "%(percent)s of days, over all %(count)s patients counted",
    outcomes.patients,
  ), values);
}

function measure(name, values) {
  $(`${name}-baseline`).textContent = oneDecimal(values.baseline_median);
  $(`${name}-recent`).textContent = oneDecimal(values.recent_median);
  $(`${name}-improved`).textContent = values.n ? partOf(values.improved, values.n) : "–";
}

function changeChart(distribution) {
  const labels = distribution.map((bar) => step(bar.change));
  draw($("change-chart"), {
    type: "bar",
    data: {
      labels,
      datasets: [{
        label: gettext("Patients"),
        data: distribution.map((bar) => bar.patients),
        backgroundColor: distribution.map((bar) => (bar.change >= IMPROVED ? COLOURS.function : COLOURS.functionFaint)),
      }],
    },
    options: {
      scales: {
        x: { grid: { display: false }, title: { display: true, text: gettext("change in function (points)") } },
        y: { min: 0, suggestedMax: 3, ticks: { stepSize: 1, precision: 0 }, title: { display: true, text: gettext("patients") } },
      },
    },
  });
  const counted = distribution.reduce((sum, bar) => sum + bar.patients, 0);
  const up = distribution.filter((bar) => bar.change >= IMPROVED).reduce((sum, bar) => sum + bar.patients, 0);
  const down = distribution.filter((bar) => bar.change < 0).reduce((sum, bar) => sum + bar.patients, 0);
  const summary = ngettext(
    "Of %(count)s patient with both weeks logged, function improved by %(points)s or more points for %(up)s and is lower than in the first week for %(down)s.",
    "Of %(count)s patients with both weeks logged, function improved by %(points)s or more points for %(up)s and is lower than in the first week for %(down)s.",
    counted,
  );
  $("change-summary").textContent = counted
    ? interpolate(summary, { count: counted, points: IMPROVED, up, down })
    : gettext("No patient has both a first week and a last 7 days logged in this period.");
  table($("change-table"), [gettext("Change (points)"), gettext("Patients")], distribution.map((bar) => [step(bar.change), String(bar.patients)]));
}

function render(outcomes) {
  $("outcomes-status").textContent = counts(outcomes);
  const total = outcomes.patients + outcomes.not_enough_data;
  $("outcomes-empty").hidden = total > 0;
  $("outcomes").hidden = outcomes.patients === 0;
  if (outcomes.patients === 0) return;
  measure("function", outcomes.function);
  measure("pain", outcomes.pain);
  $("fp-note").textContent = medianNote(outcomes);
  changeChart(outcomes.function_change);
  const fdi = outcomes.fdi;
  $("fdi-first").textContent = fdi.n ? String(fdi.first_median) : "–";
  $("fdi-latest").textContent = fdi.n ? String(fdi.latest_median) : "–";
  $("fdi-minimal").textContent = fdi.n ? partOf(fdi.reached_minimal, fdi.n) : "–";
  $("fdi-note").textContent = fdiNote(fdi, outcomes.patients);
  const days = outcomes.days_to_function_improved;
  if (days.n) {
    $("days-to-improve").textContent = daysToImprove(days, outcomes.patients);
  } else {
    $("days-to-improve").textContent = interpolate(ngettext(
      "No patient's function has improved by %(points)s point yet",
      "No patient's function has improved by %(points)s points yet",
      IMPROVED,
    ), { points: IMPROVED });
  }
  $("adherence").textContent = adherence(outcomes);
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
  const params = new URLSearchParams(query);
  if (clinicChoice?.value) params.set("clinic", clinicChoice.value);
  const { data } = await api("GET", `outcomes/?${params}`);
  const csv = new URLSearchParams({ from: data.from, to: data.to });
  if (clinicChoice?.value) csv.set("clinic", clinicChoice.value);
  $("csv-link").href = `/api/v1/outcomes/export.csv?${csv}`;
  // The address keeps the clinic, so a reload or a shared link shows the same patients.
  history.replaceState(null, "", clinicChoice?.value ? `?clinic=${clinicChoice.value}` : location.pathname);
  render(data);
  return data;
}

clinicChoice?.addEventListener("change", () => form.requestSubmit());

periodForm({ form, errorBox: $("outcomes-error"), failure: gettext("We couldn't load the outcomes. Please try again."), show });
