// The Trends page: the insight sentence first, then the function-vs-pain chart and the other charts.
// Every figure (days logged, means, exercise per week, school days) comes from the API's `figures` and `weeks`,
// worked out by the same functions as the Summary's (diary/figures.py): this page only draws and words them.
import { api, clearErrors, formatDay, showErrors } from "./api.js";
import {
  COLOURS,
  dayAxis,
  drawWhenNear,
  functionPainChart,
  monthRows,
  oneDecimal,
  points,
  short,
  table,
  weekAxis,
} from "./charts.js";

const root = document.getElementById("trends");
const { patient, today } = root.dataset;
const $ = (id) => document.getElementById(id);
const BANDS = { minimal: "little trouble", moderate: "some trouble", severe: "a lot of trouble" };
const percent = (share) => (share === null ? "–" : `${Math.round(share * 100)}%`);
// The API's weeks end on the last day shown, so the newest week is always a whole one.
const weekGroups = (data) => data.weeks.map((week) => ({ first: week.from, last: week.to }));
const column = (data, name) => data.weeks.map((week) => week[name]);

function daysBefore(isoDate, days) {
  const [year, month, day] = isoDate.split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day - days));
  return date.toISOString().slice(0, 10);
}

function functionAndPain(data) {
  const { insight, figures } = data;
  const baseline = insight.baseline;
  functionPainChart($("function-pain-chart"), data);
  table(
    $("function-pain-table"),
    ["Week to", "Function", "Pain", "Days logged"],
    data.weeks.map((week) => [short(week.to), oneDecimal(week.function), oneDecimal(week.pain), String(week.days_logged)]),
  );
  const parts = [];
  if (baseline) parts.push(`In the first week, function averaged ${oneDecimal(baseline.function)} and pain ${oneDecimal(baseline.pain)} out of 10.`);
  if (insight.recent) parts.push(`In the last 7 days, function averaged ${oneDecimal(insight.recent.function)} and pain ${oneDecimal(insight.recent.pain)}.`);
  if (!parts.length) parts.push(`Function and pain were logged on ${figures.days_logged} of ${figures.days_in_period} days.`);
  $("function-pain-summary").textContent = parts.join(" ");
}

// Each active goal's weeks in the time shown and the weeks it was reached, by the arithmetic of Today's bar
// (diary/goals.py); a square per week (filled: reached; dashed: still going) and a table for screen readers.
function goals(data) {
  const list = data.goals ?? [];
  $("goals-section").hidden = list.length === 0;
  $("goal-weeks").replaceChildren(...list.map((goal) => {
    const item = document.createElement("li");
    const title = document.createElement("h3");
    title.className = "goal-title";
    title.textContent = `${goal.title}: ${goal.target_words}`;
    const cells = document.createElement("div");
    cells.className = "week-cells";
    cells.setAttribute("aria-hidden", "true");
    for (const week of goal.weeks) {
      const cell = document.createElement("span");
      cell.className = `week-cell${week.met ? " met" : ""}${week.over ? "" : " going"}`;
      cells.append(cell);
    }
    const words = document.createElement("p");
    words.className = "chart-summary";
    words.textContent = goal.message;
    const details = document.createElement("details");
    details.className = "chart-text";
    const summary = document.createElement("summary");
    summary.textContent = "Show each week";
    const box = document.createElement("div");
    details.append(summary, box);
    table(box, ["Week of", "Done", "Reached"], goal.weeks.map((week) => [
      short(week.week_start),
      `${week.value} of ${week.target}`,
      week.met ? "Yes" : (week.over ? "Not that week" : "Still going"),
    ]));
    item.append(title, cells, words, details);
    return item;
  }));
}

function checkins(data) {
  const list = data.checkins;
  $("checkins-box").hidden = list.length === 0;
  if (!list.length) {
    $("checkins-summary").textContent = "No weekly check-ins in this time yet.";
    $("checkins-table").replaceChildren();
    return;
  }
  const { dates } = data;
  drawWhenNear($("checkins-chart"), {
    type: "line",
    data: {
      datasets: [{
        label: "Check-in total",
        data: list.map((checkin) => ({ x: dates.indexOf(checkin.date), y: checkin.total })),
        borderColor: COLOURS.function,
        backgroundColor: COLOURS.function,
        pointRadius: 4,
      }],
    },
    options: {
      parsing: false,
      scales: { x: dayAxis(dates), y: { min: 0, max: 60, ticks: { stepSize: 10 } } },
      plugins: {
        strideMarkers: {
          bands: [
            { from: 0, to: 12, colour: "rgba(31, 111, 74, 0.10)" },
            { from: 12, to: 29, colour: "rgba(176, 122, 0, 0.10)" },
            { from: 29, to: 60, colour: "rgba(161, 42, 42, 0.08)" },
          ],
        },
        tooltip: { callbacks: { title: (items) => (items.length ? formatDay(dates[items[0].parsed.x]) : "") } },
      },
    },
  });
  const first = list[0];
  const latest = list[list.length - 1];
  $("checkins-summary").textContent = list.length === 1
    ? `One check-in: ${latest.total} out of 60 (${BANDS[latest.band]}).`
    : `From ${first.total} on ${short(first.date)} to ${latest.total} on ${short(latest.date)} (${BANDS[latest.band]}).`;
  table($("checkins-table"), ["Date", "Total", "Band"], list.map((c) => [short(c.date), String(c.total), BANDS[c.band]]));
}

function weeklyChart(name, groups, datasets, yAxes) {
  drawWhenNear($(`${name}-chart`), {
    type: "bar",
    data: { datasets },
    options: { parsing: false, scales: { x: weekAxis(groups), ...yAxes } },
  });
}

function sleep(data) {
  const groups = weekGroups(data);
  const hours = column(data, "sleep_hours");
  const quality = column(data, "sleep_quality");
  weeklyChart("sleep", groups, [
    { label: "Hours", data: points(hours), backgroundColor: COLOURS.sleep, yAxisID: "y", order: 1 },
    { label: "How well", type: "line", data: points(quality), borderColor: COLOURS.quality, backgroundColor: COLOURS.quality, yAxisID: "quality", order: 0 },
  ], {
    y: { min: 0, max: 12, ticks: { stepSize: 3 }, title: { display: true, text: "hours" } },
    quality: { position: "right", min: 1, max: 5, ticks: { stepSize: 1 }, grid: { display: false } },
  });
  const allHours = data.figures.sleep_hours.mean;
  $("sleep-summary").textContent = allHours === null
    ? "No sleep logged in this time."
    : `Sleep averaged ${oneDecimal(allHours)} hours a night; quality ${oneDecimal(data.figures.sleep_quality.mean)} out of 5.`;
  table($("sleep-table"), ["Week to", "Hours", "How well (1-5)"], groups.map((w, i) => [short(w.last), oneDecimal(hours[i]), oneDecimal(quality[i])]));
}

function mood(data) {
  if (!("mood" in data) || !$("mood-chart")) return;
  const groups = weekGroups(data);
  const values = column(data, "mood");
  weeklyChart("mood", groups, [
    { label: "Mood", type: "line", data: points(values), borderColor: COLOURS.mood, backgroundColor: COLOURS.mood, spanGaps: false },
  ], { y: { min: 1, max: 5, ticks: { stepSize: 1 } } });
  const all = data.figures.mood.mean;
  $("mood-summary").textContent = all === null ? "No mood logged in this time." : `Mood averaged ${oneDecimal(all)} out of 5.`;
  table($("mood-table"), ["Week to", "Mood (1-5)"], groups.map((w, i) => [short(w.last), oneDecimal(values[i])]));
}

// Minutes a week: the mean of the days exercise was logged, times 7 (a day not logged is unknown, not zero), for
// each week and for the whole time shown alike, as the Summary counts it.
function exercise(data) {
  const groups = weekGroups(data);
  const minutes = column(data, "exercise_minutes_per_week");
  weeklyChart("exercise", groups, [{ label: "Minutes", data: points(minutes), backgroundColor: COLOURS.exercise }], {
    y: { min: 0, suggestedMax: 150 },
  });
  const all = data.figures.exercise_minutes_per_week;
  const latest = minutes[minutes.length - 1];
  $("exercise-summary").textContent = all === null
    ? "No exercise logged in this time."
    : `About ${all} minutes a week in this time${latest === null ? "" : `, and ${latest} in the last week`}, going by the days logged.`;
  table($("exercise-table"), ["Week to", "Minutes a week"], groups.map((w, i) => [short(w.last), minutes[i] === null ? "–" : String(minutes[i])]));
}

function schoolAndCalendar(data) {
  const { dates, school, figures } = data;
  monthRows($("school-strip"), dates, (i) => `school-${school[i] ?? "none"}`);
  const days = figures.school;
  $("school-summary").textContent = days.days_scheduled
    ? `Of ${days.days_scheduled} school days logged: ${days.full} full, ${days.partial} part, ${days.missed} missed.`
    : "No school days logged in this time.";
  monthRows($("logged-calendar"), dates, (i) => (data.function[i] === null ? "not-logged" : "logged"));
  // Days count from the diary's first logged day when that is later than the start of the time shown.
  const since = figures.counted_from && figures.counted_from !== data.from ? ` since the first entry on ${short(figures.counted_from)}` : "";
  $("calendar-summary").textContent = `Logged ${figures.days_logged} of ${figures.days_in_period} days${since} (${percent(figures.adherence)}).`;
}

async function load(days) {
  const query = days ? `?from=${daysBefore(today, days - 1)}&to=${today}` : "";
  $("trends-error").hidden = true;
  try {
    const { data } = await api("GET", `patients/${patient}/trends/${query}`);
    $("insight").textContent = data.insight.message;
    const anything = data.function.some((value) => value !== null);
    $("trends-empty").hidden = anything;
    root.hidden = !anything;
    if (!anything) return;
    functionAndPain(data);
    goals(data);
    checkins(data);
    sleep(data);
    mood(data);
    exercise(data);
    schoolAndCalendar(data);
  } catch (error) {
    $("insight").textContent = "";
    $("trends-error").textContent = error.body?.detail ?? "We couldn't load the trends. Please try again.";
    $("trends-error").hidden = false;
  }
}

const rangeButtons = [...document.querySelectorAll(".range-buttons button")];
for (const button of rangeButtons) {
  button.addEventListener("click", () => {
    rangeButtons.forEach((other) => other.setAttribute("aria-pressed", String(other === button)));
    load(Number(button.dataset.days) || null);
  });
}

const current = () => rangeButtons.find((button) => button.getAttribute("aria-pressed") === "true");

async function treatmentStart() {
  const form = $("treatment-start-form");
  if (!form) return;
  const input = form.elements.treatment_start;
  const status = $("treatment-start-status");
  const { data } = await api("GET", `patients/${patient}/`);
  input.value = data.treatment_start ?? "";
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    status.textContent = "";
    try {
      const { data: saved } = await api("PATCH", `patients/${patient}/`, { body: { treatment_start: input.value || null } });
      status.textContent = saved.treatment_start
        ? `Saved: treatment started on ${formatDay(saved.treatment_start, { day: "numeric", month: "long", year: "numeric" })}.`
        : "Cleared: the charts use the first week logged.";
      load(Number(current().dataset.days) || null);
    } catch (error) {
      showErrors(form, error);
    }
  });
}

load(Number(current().dataset.days) || null);
treatmentStart().catch(() => {});
