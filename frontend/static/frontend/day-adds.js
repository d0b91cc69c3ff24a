// Something back for every save, on Today: what this day adds. The week so far against last week (days logged and
// the usual day's average, from the Trends answer's weekly figures: diary/figures.py), the kind streak (diary/goals.py,
// through the streaks the goal card loads) and the goals this save moved (their progress before and after it, with
// the API's own kind sentence). Never about pain, never a count of days missed.
import { api, el } from "./api.js";
import { gettext, interpolate, language, ngettext } from "./i18n.js";

const box = document.getElementById("day-adds");
const decimal = new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

const iso = (day) => day.toISOString().slice(0, 10);
function addDays(isoDate, days) {
  const day = new Date(`${isoDate}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return iso(day);
}
// The Monday of the week that holds `isoDate` (weeks run Monday to Sunday, as goals count them).
const mondayOf = (isoDate) => addDays(isoDate, -((new Date(`${isoDate}T12:00:00Z`).getUTCDay() + 6) % 7));

// One week's figures as Trends counts them: its days logged, the days counted and the usual day's mean.
async function week(patient, from, to) {
  const { data } = await api("GET", `patients/${patient}/trends/?from=${from}&to=${to}`);
  const row = data.weeks[data.weeks.length - 1];
  return { logged: row?.days_logged ?? 0, counted: data.figures.days_in_period, function: row?.function ?? null };
}

function thisWeekWords(now) {
  if (now.function === null) {
    return interpolate(ngettext("This week so far: %(count)s day logged.", "This week so far: %(count)s days logged.", now.logged), {
      count: now.logged,
    });
  }
  const words = ngettext(
    "This week so far: %(count)s day logged, your usual day %(mean)s of 10 on average.",
    "This week so far: %(count)s days logged, your usual day %(mean)s of 10 on average.",
    now.logged,
  );
  return interpolate(words, { count: now.logged, mean: decimal.format(now.function) });
}

function lastWeekWords(then) {
  if (!then.counted) return gettext("Your first week with Stride: every day you log fills in the picture.");
  if (!then.logged) return gettext("Good to have you back this week.");
  if (then.function === null) {
    return interpolate(ngettext("Last week: %(count)s day logged.", "Last week: %(count)s days logged.", then.logged), {
      count: then.logged,
    });
  }
  const words = ngettext(
    "Last week: %(count)s day, your usual day %(mean)s on average.",
    "Last week: %(count)s days, your usual day %(mean)s on average.",
    then.logged,
  );
  return interpolate(words, { count: then.logged, mean: decimal.format(then.function) });
}

// The goals whose week this save moved on, each with the API's sentence for where it stands now.
function goalsMoved(before, after) {
  const was = Object.fromEntries((before ?? []).map((row) => [row.goal, row.value]));
  return (after ?? [])
    .filter((row) => row.goal in was && row.value > was[row.goal])
    .map((row) => interpolate(gettext("%(title)s: %(message)s"), { title: row.title, message: row.message }));
}

export function hideDayAdds() {
  if (box) box.hidden = true;
}

// After a save of `date` (Today): `before` and `after` are the goal card's figures around the save.
export async function showDayAdds({ patient, date, before, after }) {
  if (!box) return;
  const lines = [];
  try {
    const monday = mondayOf(date);
    const [now, then] = await Promise.all([
      week(patient, monday, date),
      week(patient, addDays(monday, -7), addDays(monday, -1)),
    ]);
    lines.push(thisWeekWords(now), lastWeekWords(then));
  } catch {
    // Without the week's figures (the connection went), the streak and the goals still say something.
  }
  if (after?.streaks?.message) lines.push(after.streaks.message);
  lines.push(...goalsMoved(before?.progress, after?.progress));
  if (!lines.length) return;
  document.getElementById("day-adds-list").replaceChildren(...lines.map((line) => el("li", "", line)));
  box.hidden = false;
}
