// The Trends page: the insight sentence first, then the function-vs-pain chart and the other charts.
// Every figure (days logged, means, exercise per week, school days) comes from the API's `figures` and `weeks`,
// worked out by the same functions as the Summary's (diary/figures.py): this page only draws and words them.
// The words (the insight, each chart's summary and table) are set at once; the charts are drawn after they have
// been painted, one at a time (charts.js), so the sentences never wait for Chart.js.
import { api, clearErrors, showErrors } from "./api.js";
import {
  COLOURS,
  dayAxis,
  dayTitle,
  drawWhenNear,
  functionPainChart,
  monthRows,
  nextTask,
  oneDecimal,
  points,
  short,
  table,
  weekAxis,
} from "./charts.js";
import { formatDate, gettext, interpolate, language, ngettext } from "./i18n.js";
import { percent as planShare } from "./plan-words.js";

const root = document.getElementById("trends");
const { patient, today } = root.dataset;
const $ = (id) => document.getElementById(id);
const BANDS = { minimal: gettext("little trouble"), moderate: gettext("some trouble"), severe: gettext("a lot of trouble") };
const percentFormat = new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 0 });
const percent = (share) => (share === null ? "–" : percentFormat.format(share));
const whole = new Intl.NumberFormat(language);
// The API's weeks end on the last day shown, so the newest week is always a whole one.
const weekGroups = (data) => data.weeks.map((week) => ({ first: week.from, last: week.to }));
const column = (data, name) => data.weeks.map((week) => week[name]);
// The answer's lists that are not day columns: every other array holds one slot per day of `dates` (docs/API.md).
const NOT_DAY_COLUMNS = new Set(["checkins", "weeks", "goals", "plan_adherence", "plan_weeks"]);

// A chart with nothing to draw is left out with its table; its sentence says what is missing.
function showChart(name, any) {
  $(`${name}-chart`).parentElement.hidden = !any;
  $(`${name}-table`).closest("details").hidden = !any;
  const legend = $(`${name}-chart`).closest("section").querySelector(".chart-legend");
  if (legend) legend.hidden = !any;
  return any;
}

function daysBefore(isoDate, days) {
  const [year, month, day] = isoDate.split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day - days));
  return date.toISOString().slice(0, 10);
}

// A diary younger than the time shown is drawn from its first logged day (or its first check-in, if that came
// first): three days fill the charts' width instead of three dots at the right edge of three months. The day
// columns are cut there and the weeks before it dropped; the figures already count from that day (docs/API.md).
function fromDiaryStart(data) {
  const starts = [data.figures.counted_from, data.checkins[0]?.date].filter(Boolean).sort();
  const cut = starts.length ? data.dates.indexOf(starts[0]) : -1;
  if (cut <= 0) return data;
  const days = data.dates.length;
  const shown = { ...data, weeks: data.weeks.filter((week) => week.to >= starts[0]) };
  for (const [name, value] of Object.entries(data)) {
    if (Array.isArray(value) && value.length === days && !NOT_DAY_COLUMNS.has(name)) shown[name] = value.slice(cut);
  }
  return shown;
}

function functionAndPain(data) {
  const { insight, figures } = data;
  const baseline = insight.baseline;
  const parts = [];
  if (baseline) {
    parts.push(interpolate(gettext("In the first week, function averaged %(function)s and pain %(pain)s out of 10."), {
      function: oneDecimal(baseline.function),
      pain: oneDecimal(baseline.pain),
    }));
  }
  if (insight.recent) {
    parts.push(interpolate(gettext("In the last 7 days, function averaged %(function)s and pain %(pain)s."), {
      function: oneDecimal(insight.recent.function),
      pain: oneDecimal(insight.recent.pain),
    }));
  }
  if (!parts.length && figures.days_in_period === 1 && figures.days_logged === 1) {
    parts.push(gettext("Function and pain were logged on the diary's first day. A trend needs a few more."));
  } else if (!parts.length) {
    parts.push(interpolate(ngettext(
      "Function and pain were logged on %(logged)s of %(total)s day.",
      "Function and pain were logged on %(logged)s of %(total)s days.",
      figures.days_in_period,
    ), { logged: figures.days_logged, total: figures.days_in_period }));
  }
  $("function-pain-summary").textContent = parts.join(" ");
  table(
    $("function-pain-table"),
    [gettext("Week to"), gettext("Function"), gettext("Pain"), gettext("Days logged")],
    data.weeks.map((week) => [short(week.to), oneDecimal(week.function), oneDecimal(week.pain), String(week.days_logged)]),
  );
  functionPainChart($("function-pain-chart"), data);
}

// The treatment plan, Monday to Sunday: how much of it was done each week (bars) beside function's average of the
// same days (a line), so the work that came before function improved shows. The sentence is the server's
// (diary/words.py): it says what was done and never scolds.
function planWeeks(data) {
  const weeks = data.plan_weeks ?? [];
  const any = weeks.some((week) => week.adherence !== null);
  $("plan-section").hidden = !any;
  if (!any) return;
  $("plan-summary").textContent = data.plan_message ?? "";
  table(
    $("plan-table"),
    [gettext("Week of"), gettext("Plan done"), gettext("Function"), gettext("Pain")],
    weeks.map((week) => [short(week.week_start), planShare(week.adherence), oneDecimal(week.function), oneDecimal(week.pain)]),
  );
  const groups = weeks.map((week) => ({ first: week.from, last: week.week_start }));
  weeklyChart("plan", groups, [
    {
      label: gettext("Plan done"),
      data: points(weeks.map((week) => (week.adherence === null ? null : Math.round(week.adherence * 100)))),
      backgroundColor: COLOURS.plan,
      yAxisID: "y",
      order: 1,
    },
    {
      label: gettext("Function"),
      type: "line",
      data: points(weeks.map((week) => week.function)),
      borderColor: COLOURS.function,
      backgroundColor: COLOURS.function,
      borderWidth: 3,
      yAxisID: "function",
      order: 0,
    },
  ], {
    y: { min: 0, max: 100, ticks: { stepSize: 25, callback: (value) => planShare(value / 100) } },
    function: { position: "right", min: 0, max: 10, ticks: { stepSize: 2 }, grid: { display: false } },
  });
}

// What a goal's week came to, with its unit: "2 of 3 days", "40 of 150 minutes".
function doneOf(goal, week) {
  const words = goal.measure === "exercise_minutes"
    ? ngettext("%(value)s of %(target)s minute", "%(value)s of %(target)s minutes", week.target)
    : ngettext("%(value)s of %(target)s day", "%(value)s of %(target)s days", week.target);
  return interpolate(words, { value: whole.format(week.value), target: whole.format(week.target) });
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
    title.textContent = interpolate(gettext("%(title)s: %(target)s"), { title: goal.title, target: goal.target_words });
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
    summary.textContent = gettext("Show each week");
    const box = document.createElement("div");
    details.append(summary, box);
    table(box, [gettext("Week of"), gettext("Done"), gettext("Reached")], goal.weeks.map((week) => [
      short(week.week_start),
      doneOf(goal, week),
      week.met ? gettext("Yes") : (week.over ? gettext("Not that week") : gettext("Still going")),
    ]));
    item.append(title, cells, words, details);
    return item;
  }));
}

function checkins(data) {
  const list = data.checkins;
  if (!showChart("checkins", list.length > 0)) {
    $("checkins-summary").textContent = gettext("No weekly check-ins in this time yet.");
    return;
  }
  const first = list[0];
  const latest = list[list.length - 1];
  $("checkins-summary").textContent = list.length === 1
    ? interpolate(gettext("One check-in: %(total)s out of 60 (%(band)s)."), { total: latest.total, band: BANDS[latest.band] })
    : interpolate(gettext("From %(first)s on %(first_day)s to %(latest)s on %(latest_day)s (%(band)s)."), {
      first: first.total,
      first_day: short(first.date),
      latest: latest.total,
      latest_day: short(latest.date),
      band: BANDS[latest.band],
    });
  table(
    $("checkins-table"),
    [gettext("Date"), gettext("Total"), gettext("Band")],
    list.map((c) => [short(c.date), String(c.total), BANDS[c.band]]),
  );
  const { dates } = data;
  drawWhenNear($("checkins-chart"), {
    type: "line",
    data: {
      datasets: [{
        label: gettext("Check-in total"),
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
        tooltip: { callbacks: { title: dayTitle(dates) } },
      },
    },
  });
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
  const allHours = data.figures.sleep_hours.mean;
  $("sleep-summary").textContent = allHours === null
    ? gettext("No sleep logged in this time.")
    : interpolate(gettext("Sleep averaged %(hours)s hours a night; quality %(quality)s out of 5."), {
      hours: oneDecimal(allHours),
      quality: oneDecimal(data.figures.sleep_quality.mean),
    });
  table(
    $("sleep-table"),
    [gettext("Week to"), gettext("Hours"), gettext("How well (1-5)")],
    groups.map((w, i) => [short(w.last), oneDecimal(hours[i]), oneDecimal(quality[i])]),
  );
  if (!showChart("sleep", allHours !== null)) return;
  weeklyChart("sleep", groups, [
    { label: gettext("Hours"), data: points(hours), backgroundColor: COLOURS.sleep, yAxisID: "y", order: 1 },
    { label: gettext("How well"), type: "line", data: points(quality), borderColor: COLOURS.quality, backgroundColor: COLOURS.quality, yAxisID: "quality", order: 0 },
  ], {
    y: { min: 0, max: 12, ticks: { stepSize: 3 }, title: { display: true, text: gettext("hours") } },
    quality: { position: "right", min: 1, max: 5, ticks: { stepSize: 1 }, grid: { display: false } },
  });
}

function mood(data) {
  if (!("mood" in data) || !$("mood-chart")) return;
  const groups = weekGroups(data);
  const values = column(data, "mood");
  const all = data.figures.mood.mean;
  $("mood-summary").textContent = all === null
    ? gettext("No mood logged in this time.")
    : interpolate(gettext("Mood averaged %(mood)s out of 5."), { mood: oneDecimal(all) });
  table($("mood-table"), [gettext("Week to"), gettext("Mood (1-5)")], groups.map((w, i) => [short(w.last), oneDecimal(values[i])]));
  if (!showChart("mood", all !== null)) return;
  weeklyChart("mood", groups, [
    { label: gettext("Mood"), type: "line", data: points(values), borderColor: COLOURS.mood, backgroundColor: COLOURS.mood, spanGaps: false },
  ], { y: { min: 1, max: 5, ticks: { stepSize: 1 } } });
}

// Minutes a week: the minutes logged over the time shown, spread over its weeks (a day with no exercise logged adds
// nothing), for each week and for the whole time shown alike, as the Summary and goals count it (diary/figures.py).
function exercise(data) {
  const groups = weekGroups(data);
  const minutes = column(data, "exercise_minutes_per_week");
  const all = data.figures.exercise_minutes_per_week;
  const latest = minutes[minutes.length - 1];
  const sentences = [];
  if (all === null) {
    sentences.push(gettext("No exercise logged in this time."));
  } else {
    sentences.push(interpolate(ngettext(
      "About %(minutes)s minute a week in this time.",
      "About %(minutes)s minutes a week in this time.",
      all,
    ), { minutes: whole.format(all) }));
    if (latest !== null && latest !== undefined) {
      sentences.push(interpolate(ngettext(
        "In the last week: %(minutes)s minute.",
        "In the last week: %(minutes)s minutes.",
        latest,
      ), { minutes: whole.format(latest) }));
    }
  }
  $("exercise-summary").textContent = sentences.join(" ");
  table(
    $("exercise-table"),
    [gettext("Week to"), gettext("Minutes a week")],
    groups.map((w, i) => [short(w.last), minutes[i] === null ? "–" : whole.format(minutes[i])]),
  );
  if (!showChart("exercise", all !== null)) return;
  weeklyChart("exercise", groups, [{ label: gettext("Minutes"), data: points(minutes), backgroundColor: COLOURS.exercise }], {
    y: { min: 0, suggestedMax: 150 },
  });
}

function schoolAndCalendar(data, from) {
  const { dates, school, figures } = data;
  monthRows($("school-strip"), dates, (i) => `school-${school[i] ?? "none"}`);
  const days = figures.school;
  $("school-summary").textContent = days.days_scheduled
    ? interpolate(ngettext(
      "Of %(count)s school day logged: %(full)s full, %(partial)s part, %(missed)s missed.",
      "Of %(count)s school days logged: %(full)s full, %(partial)s part, %(missed)s missed.",
      days.days_scheduled,
    ), { count: days.days_scheduled, full: days.full, partial: days.partial, missed: days.missed })
    : gettext("No school days logged in this time.");
  monthRows($("logged-calendar"), dates, (i) => (data.function[i] === null ? "not-logged" : "logged"));
  // Days count from the diary's first logged day when that is later than the start of the time shown.
  const counts = { logged: figures.days_logged, total: figures.days_in_period, percent: percent(figures.adherence) };
  // Never "1 of 1 day": a diary whose first day is the last one shown says so.
  const onlyDay = figures.days_in_period === 1 && figures.days_logged === 1;
  $("calendar-summary").textContent = onlyDay
    ? interpolate(gettext("Logged on %(day)s, the diary's first day."), { day: short(figures.counted_from ?? from) })
    : figures.counted_from && figures.counted_from !== from
    ? interpolate(ngettext(
      "Logged %(logged)s of %(total)s day since the first entry on %(day)s (%(percent)s).",
      "Logged %(logged)s of %(total)s days since the first entry on %(day)s (%(percent)s).",
      figures.days_in_period,
    ), { ...counts, day: short(figures.counted_from) })
    : interpolate(ngettext(
      "Logged %(logged)s of %(total)s day (%(percent)s).",
      "Logged %(logged)s of %(total)s days (%(percent)s).",
      figures.days_in_period,
    ), counts);
}

// Only the answer to the latest choice of time is shown, whichever answer comes back last.
let latestLoad = 0;

async function load(days) {
  const query = days ? `?from=${daysBefore(today, days - 1)}&to=${today}` : "";
  const mine = ++latestLoad;
  $("trends-error").hidden = true;
  try {
    const { data: answer } = await api("GET", `patients/${patient}/trends/${query}`);
    if (mine !== latestLoad) return;
    $("insight").textContent = answer.insight.message;
    const anything = answer.function.some((value) => value !== null);
    $("trends-empty").hidden = anything;
    root.hidden = !anything;
    if (!anything) return;
    const data = fromDiaryStart(answer);
    // Section by section, each in a task of its own, the first (and its chart) first: on a slow phone the whole
    // page's words and tables at once kept the main thread busy too long.
    const sections = [functionAndPain, planWeeks, goals, checkins, sleep, mood, exercise, schoolAndCalendar];
    for (const section of sections) {
      section(data, answer.from);
      await nextTask();
      if (mine !== latestLoad) return;
    }
  } catch (error) {
    if (mine !== latestLoad) return;
    $("insight").textContent = "";
    $("trends-error").textContent = error.body?.detail ?? gettext("We couldn't load the trends. Please try again.");
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
        ? interpolate(gettext("Saved: treatment started on %(day)s."), {
          day: formatDate(saved.treatment_start, "dayYear"),
        })
        : gettext("Cleared: the charts use the first week logged.");
      load(Number(current().dataset.days) || null);
    } catch (error) {
      showErrors(form, error);
    }
  });
}

load(Number(current().dataset.days) || null);
treatmentStart().catch(() => {});
