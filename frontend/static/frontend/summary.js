// The one-page summary for the care team: the flags, baseline against the last 7 days, and the chart, for a
// period. Every figure and sentence comes from the API (the same functions as the Trends page's figures).
import { api, el, fdiBand, periodForm } from "./api.js";
import { miniMap } from "./body-map.js";
import { dateFormat, formatDate, gettext, interpolate, ngettext } from "./i18n.js";
import { fitWhenPrinting, functionPainChart, oneDecimal } from "./charts.js";
import { doneOf, doseText, percent as planShare } from "./plan-words.js";

const form = document.getElementById("period-form");
const { patient } = form.dataset;
const LABELS = JSON.parse(document.getElementById("labels").textContent);
const $ = (id) => document.getElementById(id);
const longDay = (iso) => formatDate(iso, "dayYear");
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
      const days = item && interpolate(ngettext("%(name)s: %(count)s day", "%(name)s: %(count)s days", item.days), {
        name: labels[item.code] ?? item.code,
        count: item.days,
      });
      row.textContent = item ? days : gettext("None logged");
      return row;
    }),
  );
}

// The places logged most often, coloured in on a small map: the darker, the more days (thirds of the most).
function locationsMap(items) {
  const most = Math.max(1, ...items.map((item) => item.days));
  const levels = Object.fromEntries(items.map((item) => [item.code, Math.ceil((3 * item.days) / most)]));
  $("locations-map").replaceChildren(miniMap(items.map((item) => item.code), levels));
}

const PRINTED = dateFormat("time");

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
  $("no-flags").textContent = interpolate(gettext("No attention flags on %(day)s."), { day: longDay(summary.to) });
}

// Each active goal: its target, the weeks it was reached in the period and the latest week's count.
function goals(list) {
  $("summary-goals").replaceChildren(...list.map((goal) => {
    const latest = goal.weeks[goal.weeks.length - 1];
    const weekWords = latest?.over ? gettext("Latest week: %(value)s of %(target)s.") : gettext("Latest week: %(value)s of %(target)s so far.");
    const week = latest ? ` ${interpolate(weekWords, { value: latest.value, target: latest.target })}` : "";
    const line = interpolate(gettext("%(title)s (%(target)s): %(message)s"), { title: goal.title, target: goal.target_words, message: goal.message });
    return el("li", "", `${line}${week}`);
  }));
  $("summary-goals-box").hidden = list.length === 0;
  $("summary").classList.toggle("has-goals", list.length > 0);
}

// The latest logged day of the period, in its own words beside the two weeks' means.
function currentDay(current) {
  $("current-day").textContent = current.date === null
    ? gettext("No day logged in this period.")
    : interpolate(gettext("Latest day logged, %(day)s: function %(function)s, pain %(pain)s."), {
      day: longDay(current.date),
      function: current.function,
      pain: current.pain,
    });
}

// The period's notes the reader may read (never a private one), newest first, at most 10: the API chose them.
function notes(list) {
  const box = $("summary-notes");
  if (!box) return;
  box.replaceChildren(...(list.length ? list : [null]).map((note) => {
    if (!note) return el("li", "muted", gettext("No notes in this period."));
    const item = el("li");
    const when = el("time", "", formatDate(note.date, "short"));  // short: the period's dates above give the year
    when.dateTime = note.date;
    item.append(when, " ", el("span", "", note.text));
    return item;
  }));
}

// The treatment plan over the period: what was done of what it asked (docs/API.md's adherence), each item, and the
// recent weeks. Done and expected are in days' worth: a day's full dose counts 1.
function plan(summary) {
  const { adherence, items, recent_weeks: weeks } = summary.plan;
  $("summary-plan-box").hidden = items.length === 0;
  $("summary").classList.toggle("has-plan", items.length > 0);
  if (!items.length) return;
  $("plan-adherence").textContent = interpolate(gettext("Done over the period: %(share)s of what the plan asked."), { share: planShare(adherence) });
  $("plan-rows").replaceChildren(...items.map((item) => {
    const row = document.createElement("tr");
    const name = el("th", "", item.title);
    name.scope = "row";
    if (item.dose !== null && item.unit) name.append(el("span", "plan-dose", doseText(item.dose, item.unit)));
    row.append(name, el("td", "", doneOf(item.done, item.expected)), el("td", "", planShare(item.adherence)));
    return row;
  }));
  // On paper: each item's share on one line instead of the table.
  $("plan-line").textContent = items.map((item) => interpolate(gettext("%(title)s %(share)s"), { title: item.title, share: planShare(item.adherence) })).join(" · ");
  $("plan-recent").textContent = weeks.length
    ? interpolate(gettext("Recent weeks, Monday to Sunday: %(weeks)s."), {
      weeks: weeks.map((week) => interpolate(gettext("week of %(day)s %(share)s"), { day: formatDate(week.week_start, "short"), share: planShare(week.adherence) })).join(", "),
    })
    : "";
}

function render(summary) {
  const { patient } = summary;
  const born = interpolate(gettext("Born %(day)s, age %(age)s"), { day: longDay(patient.birth_date), age: patient.age });
  $("summary-born").textContent = patient.record_number
    ? interpolate(gettext("%(born)s · Record number %(number)s"), { born, number: patient.record_number })
    : born;
  const started = summary.counted_from && summary.counted_from !== summary.from;
  const period = { from: longDay(summary.from), to: longDay(summary.to), started: started ? longDay(summary.counted_from) : "" };
  $("summary-period").textContent = started
    ? interpolate(gettext("%(from)s to %(to)s (diary started %(started)s)"), period)
    : interpolate(gettext("%(from)s to %(to)s"), period);
  flags(summary);
  $("insight").textContent = summary.insight.message;
  measure("function", summary.function);
  measure("pain", summary.pain);
  const baseline = summary.insight.baseline;
  $("baseline-note").textContent = baseline
    ? interpolate(gettext("First week: %(from)s to %(to)s."), { from: longDay(baseline.from), to: longDay(baseline.to) })
    : gettext("No first week yet: it needs 4 logged days.");
  $("function-baseline-text").textContent = interpolate(
    gettext("Function %(first)s in the first week and %(recent)s in the last 7 days; pain %(pain_first)s and %(pain_recent)s."),
    {
      first: oneDecimal(summary.function.baseline),
      recent: oneDecimal(summary.function.recent),
      pain_first: oneDecimal(summary.pain.baseline),
      pain_recent: oneDecimal(summary.pain.recent),
    },
  );
  const logged = { logged: summary.days_logged, count: summary.days_in_period, share: percent(summary.adherence) };
  // Never "1 of 1 day": a diary on its first day says so.
  $("fact-logged").textContent = summary.days_in_period === 1 && summary.days_logged === 1
    ? gettext("The diary's first day, logged")
    : interpolate(
      started
        ? ngettext("%(logged)s of %(count)s day since the first entry (%(share)s)", "%(logged)s of %(count)s days since the first entry (%(share)s)", summary.days_in_period)
        : ngettext("%(logged)s of %(count)s day (%(share)s)", "%(logged)s of %(count)s days (%(share)s)", summary.days_in_period),
      logged,
    );
  const school = summary.school;
  $("fact-school").textContent = school.days_scheduled
    ? interpolate(
      ngettext("%(share)s of %(count)s school day (part days count half)", "%(share)s of %(count)s school days (part days count half)", school.days_scheduled),
      { share: percent(school.attendance), count: school.days_scheduled },
    )
    : gettext("No school days logged");
  const minutes = summary.exercise_minutes_per_week;
  $("fact-exercise").textContent = minutes === null
    ? "–"
    : interpolate(ngettext("%(count)s minute a week", "%(count)s minutes a week", minutes), { count: minutes });
  $("fact-sleep").textContent = summary.sleep_hours.mean === null
    ? "–"
    : interpolate(gettext("%(hours)s hours a night"), { hours: oneDecimal(summary.sleep_hours.mean) });
  if ($("fact-mood")) $("fact-mood").textContent = summary.mood?.mean == null ? "–" : interpolate(gettext("%(mean)s of 5"), { mean: oneDecimal(summary.mood.mean) });
  const checkins = summary.checkins;
  const checkin = (item) => interpolate(gettext("%(total)s (%(day)s)"), { total: item.total, day: longDay(item.date) });
  $("fdi-first").textContent = checkins.first ? checkin(checkins.first) : gettext("No check-in in this period");
  $("fdi-latest").textContent = checkins.latest ? `${checkin(checkins.latest)}, ${fdiBand(checkins.band)}` : "–";
  $("fdi-change").textContent = checkins.change === null ? "–" : `${checkins.change > 0 ? "+" : ""}${checkins.change}`;
  goals(summary.goals ?? []);
  currentDay(summary.current);
  notes(summary.notes);
  plan(summary);
  codes($("top-symptoms"), LABELS.symptoms, summary.symptoms);
  codes($("top-locations"), LABELS.pain_locations, summary.pain_locations);
  locationsMap(summary.pain_locations);
  $("summary").hidden = false;
}

// The one-page PDF of the period shown, on the paper chosen (the server draws it from the same summary).
let pdfPeriod = null;
function pdfLink() {
  if (!pdfPeriod) return;
  const params = new URLSearchParams({ from: pdfPeriod.from, to: pdfPeriod.to, paper: $("pdf-paper").value });
  $("pdf-link").href = `/api/v1/patients/${patient}/summary.pdf?${params}`;
}

async function show(query) {
  const { data: summary } = await api("GET", `patients/${patient}/summary/${query}`);
  render(summary);
  pdfPeriod = summary;
  pdfLink();
  // The chart starts where the diary does when that is later than the period, so its days fill the width.
  const chartFrom = summary.counted_from ?? summary.from;
  const { data: trends } = await api("GET", `patients/${patient}/trends/?from=${chartFrom}&to=${summary.to}`);
  functionPainChart($("summary-chart"), trends, { devicePixelRatio: 2 });
  return summary;
}

$("print-button").addEventListener("click", () => window.print());
$("pdf-paper").addEventListener("change", pdfLink);
window.addEventListener("beforeprint", printedNow);
fitWhenPrinting($("summary-chart"));

printedNow();
periodForm({ form, errorBox: $("summary-error"), failure: gettext("We couldn't load the summary. Please try again."), show });
