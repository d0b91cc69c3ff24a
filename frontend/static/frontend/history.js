// A diary's days, newest first: links to edit them for whoever writes the diary, read-only cards otherwise.
import { api, confirmFirst, el, pagedList } from "./api.js";
import { inWords, miniMap } from "./body-map.js";
import { capitalized, formatDate, gettext, interpolate } from "./i18n.js";
import { doseText } from "./plan-words.js";

const root = document.getElementById("history");
const list = document.getElementById("entry-list");
const canWrite = root.dataset.canWrite === "true";
const LABELS = JSON.parse(document.getElementById("labels").textContent);
const FACES = ["", gettext("Very bad"), gettext("Bad"), gettext("Okay"), gettext("Good"), gettext("Very good")];
const words = (field, codes) => codes.map((code) => LABELS[field][code] ?? code);
const names = (field, codes) => words(field, codes).join(", ");

function headline(entry) {
  const parts = [interpolate(gettext("Did %(value)s/10 of usual day"), { value: entry.function })];
  if (entry.school && entry.school !== "none") parts.push(LABELS.school[entry.school]);
  if (entry.exercise_minutes) parts.push(interpolate(gettext("%(minutes)s min active"), { minutes: entry.exercise_minutes }));
  parts.push(interpolate(gettext("pain %(value)s/10"), { value: entry.pain }));
  return parts.join(" · ");
}

// Where the pain was: a small map with the places coloured in, and the same places in words.
function where(entry) {
  const box = el("span", "entry-where");
  box.append(miniMap(entry.pain_locations), el("span", "entry-where-words", inWords(words("pain_locations", entry.pain_locations), { logged: true })));
  return box;
}

// The treatment plan's items by id (ended ones too), `{title, unit}`, for each day's ticks ("Brisk walk: 25 minutes").
const PLAN_ITEMS = JSON.parse(document.getElementById("plan-items").textContent);

function planDone(entry) {
  const done = (entry.plan_done ?? []).map(({ item, amount }) => {
    const known = PLAN_ITEMS[item];
    if (!known) return null;
    return known.unit ? `${known.title}: ${doseText(amount, known.unit)}` : known.title;
  });
  return done.filter(Boolean).join(", ");
}

function details(entry) {
  const rows = [];
  if (entry.sleep_hours !== null) rows.push([gettext("Sleep"), interpolate(gettext("%(hours)s h"), { hours: entry.sleep_hours })]);
  if (entry.sleep_quality) rows.push([gettext("Slept"), FACES[entry.sleep_quality]]);
  if (entry.mood) rows.push([gettext("Mood"), FACES[entry.mood]]);
  if (entry.fatigue !== null) rows.push([gettext("Tiredness"), interpolate(gettext("%(value)s/10"), { value: entry.fatigue })]);
  if (entry.therapies.length) rows.push([gettext("Treatment"), names("therapies", entry.therapies)]);
  if (entry.symptoms.length) rows.push([gettext("Noticed"), names("symptoms", entry.symptoms)]);
  const plan = planDone(entry);
  if (plan) rows.push([gettext("Plan done"), plan]);
  if (entry.note) rows.push([gettext("Note"), entry.note]);
  const dl = el("dl", "entry-details");
  for (const [term, value] of rows) dl.append(el("dt", "", term), el("dd", "", value));
  return dl;
}

function row(entry) {
  const item = el("li");
  const day = entry.date === root.dataset.today ? gettext("Today") : capitalized(formatDate(entry.date, "shortWeekday"));
  const located = entry.pain_locations.length > 0;
  if (canWrite) {
    const link = el("a", "entry-link");
    link.href = `${root.dataset.entries}${entry.date}/`;
    link.append(el("span", "entry-day", day), el("span", "entry-summary", headline(entry)));
    if (located) link.append(where(entry));
    item.append(link);
  } else {
    const card = el("article", "entry-card");
    card.append(el("h2", "entry-day", day), el("p", "entry-summary", headline(entry)));
    if (located) card.append(where(entry));
    card.append(details(entry));
    item.append(card);
  }
  return item;
}

function setUpAddDay(form) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const input = document.getElementById("add-day-date");
    const errorSlot = document.getElementById("add-day-error");
    if (!input.value) errorSlot.textContent = gettext("Pick a day first.");
    else if (input.value > input.max) errorSlot.textContent = gettext("That day hasn't happened yet. Pick today or an earlier day.");
    else location.assign(`${form.dataset.entries}${input.value}/`);
  });
}

function setUpLeave(zone) {
  const box = document.getElementById("leave-confirm");
  const errorBox = document.getElementById("leave-error");
  confirmFirst({
    ask: document.getElementById("leave-button"),
    box,
    no: document.getElementById("leave-no"),
    yes: document.getElementById("leave-yes"),
    action: async () => {
      try {
        await api("DELETE", `patients/${zone.dataset.patient}/care-team/${zone.dataset.link}/`);
        location.assign("/patients/?left=1");
      } catch (error) {
        box.hidden = true;
        errorBox.textContent = error.body?.detail ?? gettext("That didn't work, so you're still on the team. Please try again.");
        errorBox.hidden = false;
      }
    },
  });
}

const addDay = document.getElementById("add-day");
if (addDay) setUpAddDay(addDay);
const leave = document.getElementById("leave-zone");
if (leave) setUpLeave(leave);
if (new URLSearchParams(location.search).has("deleted")) {
  const notice = el("p", "notice", gettext("That day was deleted."));
  notice.setAttribute("role", "status");
  root.prepend(notice);
}
pagedList({
  path: `patients/${root.dataset.patient}/entries/?page_size=30`,
  list,
  more: document.getElementById("load-more"),
  empty: document.getElementById("history-empty"),
  errorBox: document.getElementById("history-error"),
  render: row,
  failure: gettext("We couldn't load the days. Please try again."),
}).finally(() => (document.getElementById("history-loading").hidden = true));
