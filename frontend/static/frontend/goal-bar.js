// Today's small goal card, under the function question: the week's progress of each goal (a bar and one kind
// sentence from the API), the kind streaks on today's page, and a "Did it" tick for each `custom` goal, kept in the
// day's `goals_done`. A tick saves itself (entry.js `onTick`: a PATCH of goals_done, through the offline queue when
// there is no connection); on a day not saved yet it goes with the first Save. Offline the card stays hidden (if
// the page loaded offline) and the day's ticks are kept as they were.
import { api, el } from "./api.js";
import { gettext, interpolate, ngettext } from "./i18n.js";
import { GOALS_DONE } from "./offline/sync.js";

const card = document.getElementById("goal-card");
let done = new Set(); // the day's goals_done as last filled in (from the server or this phone's queue)
let ticked = null; // the custom goals shown with a tick box: null until they are
let rows = [];
let latest = { progress: [], streaks: null }; // the API's answers the card shows

// The day's goals_done: the boxes ticked, and any goal the day holds that has no box here (a stopped goal's).
export function readGoalsDone() {
  if (ticked === null) return [...done].sort((a, b) => a - b);
  const kept = [...done].filter((id) => !ticked.has(id));
  const boxes = [...card.querySelectorAll(`input[name="${GOALS_DONE}"]:checked`)].map((box) => Number(box.value));
  return [...kept, ...boxes].sort((a, b) => a - b);
}

export function fillGoalsDone(ids) {
  done = new Set(ids ?? []);
  card.querySelectorAll(`input[name="${GOALS_DONE}"]`).forEach((box) => (box.checked = done.has(Number(box.value))));
  rows.forEach(update);
}

// What a tick waits for: "save" (the day is not saved yet: it goes with the first Save), "phone" (kept on this
// phone until it is online), or nothing (saved, or being saved).
let waitingFor = null;
function waitingWords(target) {
  if (waitingFor === "save") {
    return ngettext(
      "%(value)s of %(target)s day with this one. It's kept when you save your day.",
      "%(value)s of %(target)s days with this one. It's kept when you save your day.",
      target,
    );
  }
  if (waitingFor === "phone") {
    return ngettext(
      "%(value)s of %(target)s day with this one, saved on this phone until you're online.",
      "%(value)s of %(target)s days with this one, saved on this phone until you're online.",
      target,
    );
  }
  return ngettext("%(value)s of %(target)s day with this one.", "%(value)s of %(target)s days with this one.", target);
}

// The bar counts this day's tick at once (the server's count, less this day's saved tick, plus the box).
function update({ row, box, bar, message }) {
  if (!box) return;
  const value = row.value - (row.savedToday ? 1 : 0) + (box.checked ? 1 : 0);
  bar.value = Math.min(value, row.target);
  message.textContent = value === row.value ? row.message : interpolate(waitingWords(row.target), { value, target: row.target });
}

// Says what the ticks made on this page wait for (see `waitingFor`).
export function ticksWaitFor(state) {
  waitingFor = state;
  rows.forEach(update);
}

// The card's figures as last loaded: each goal's progress this week, and the streaks (null on a past day).
export const shown = () => latest;

// One goal in three short lines: its name (and, for a custom goal, the tick), the bar, and one kind sentence
// with the weeks in a row where there are two or more.
function goalRow(row, streak, tickLabel) {
  const item = el("li", "goal-row");
  const name = el("span", "goal-title", row.title);
  name.id = `goal-row-${row.goal}`;
  const head = el("div", "goal-head");
  head.append(name);
  const bar = el("progress", "goal-bar");
  bar.max = row.target;
  bar.value = Math.min(row.value, row.target);
  bar.setAttribute("aria-labelledby", name.id);
  bar.setAttribute("aria-describedby", `goal-message-${row.goal}`);
  const message = el("span", "", row.message);
  const line = el("p", row.met ? "goal-message met" : "goal-message");
  line.id = `goal-message-${row.goal}`;
  line.append(message);
  if (streak?.message) line.append(" ", el("span", "goal-streak", interpolate(gettext("%(streak)s!"), { streak: streak.message })));
  item.append(head, bar, line);
  const entry = { row, bar, message, box: null };
  if (row.measure === "custom") {
    const label = el("label", "chip goal-tick");
    const box = el("input");
    Object.assign(box, { type: "checkbox", name: GOALS_DONE, value: String(row.goal) });
    box.checked = done.has(row.goal);
    box.setAttribute("aria-describedby", name.id);
    label.append(box, el("span", "", tickLabel));
    head.append(label);
    row.savedToday = done.has(row.goal);
    entry.box = box;
    box.addEventListener("change", () => {
      update(entry);
      onTick?.(row.goal, box.checked);
    });
  }
  return { item, entry };
}

let onTick = null;

// Loads the week of `date` and draws the card; `isToday` adds the streaks; `tick(goal, ticked)` is called on every
// tick. Failures (offline) leave it hidden. Answers what it shows (see `shown`).
export async function showGoals({ patient, date, isToday, tick }) {
  if (!card) return latest;
  onTick = tick ?? null;
  try {
    const requests = [api("GET", `patients/${patient}/goals/progress/?week=${date}`)];
    if (isToday) requests.push(api("GET", `patients/${patient}/goals/streaks/`));
    const [{ data: progress }, streakAnswer] = await Promise.all(requests);
    const streaks = streakAnswer?.data;
    const logged = document.getElementById("streak-days");
    logged.textContent = streaks?.message ?? "";
    logged.hidden = !streaks?.message;
    const weeks = Object.fromEntries((streaks?.goals ?? []).map((goal) => [goal.goal, goal]));
    const built = progress.map((row) => goalRow(row, weeks[row.goal], isToday ? gettext("Did it today") : gettext("Did it this day")));
    rows = built.map(({ entry }) => entry);
    ticked = new Set(progress.filter((row) => row.measure === "custom").map((row) => row.goal));
    document.getElementById("goal-rows").replaceChildren(...built.map(({ item }) => item));
    document.getElementById("goal-link").textContent = progress.length ? gettext("Change goals") : gettext("Set a weekly goal");
    card.hidden = false;
    latest = { progress, streaks: streaks ?? null };
  } catch {
    card.hidden = true;
  }
  return latest;
}

// After a save: the week's figures again (the box states stay as they are). Answers what it shows then.
export async function refreshGoals(args) {
  if (!card || card.hidden) return latest;
  waitingFor = null;
  return showGoals(args);
}
