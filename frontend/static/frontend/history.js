// A diary's days, newest first: links to edit them for whoever writes the diary, read-only cards otherwise.
import { api, confirmFirst, el, formatDay, pagedList } from "./api.js";

const root = document.getElementById("history");
const list = document.getElementById("entry-list");
const canWrite = root.dataset.canWrite === "true";
const LABELS = JSON.parse(document.getElementById("labels").textContent);
const FACES = ["", "very bad", "bad", "okay", "good", "very good"];
const names = (field, codes) => codes.map((code) => LABELS[field][code] ?? code).join(", ");

function headline(entry) {
  const parts = [`Did ${entry.function}/10 of usual day`];
  if (entry.school && entry.school !== "none") parts.push(LABELS.school[entry.school]);
  if (entry.exercise_minutes) parts.push(`${entry.exercise_minutes} min active`);
  parts.push(`pain ${entry.pain}/10`);
  return parts.join(" · ");
}

function details(entry) {
  const rows = [];
  if (entry.sleep_hours !== null) rows.push(["Sleep", `${entry.sleep_hours} h`]);
  if (entry.sleep_quality) rows.push(["Slept", FACES[entry.sleep_quality]]);
  if (entry.mood) rows.push(["Mood", FACES[entry.mood]]);
  if (entry.fatigue !== null) rows.push(["Tiredness", `${entry.fatigue}/10`]);
  if (entry.therapies.length) rows.push(["Treatment", names("therapies", entry.therapies)]);
  if (entry.symptoms.length) rows.push(["Noticed", names("symptoms", entry.symptoms)]);
  if (entry.pain_locations.length) rows.push(["Pain in", names("pain_locations", entry.pain_locations)]);
  if (entry.note) rows.push(["Note", entry.note]);
  const dl = el("dl", "entry-details");
  for (const [term, value] of rows) dl.append(el("dt", "", term), el("dd", "", value));
  return dl;
}

function row(entry) {
  const item = el("li");
  const day = entry.date === root.dataset.today ? "Today" : formatDay(entry.date);
  if (canWrite) {
    const link = el("a", "entry-link");
    link.href = `${root.dataset.entries}${entry.date}/`;
    link.append(el("span", "entry-day", day), el("span", "entry-summary", headline(entry)));
    item.append(link);
  } else {
    const card = el("article", "entry-card");
    card.append(el("h2", "entry-day", day), el("p", "entry-summary", headline(entry)), details(entry));
    item.append(card);
  }
  return item;
}

function setUpAddDay(form) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const input = document.getElementById("add-day-date");
    const errorSlot = document.getElementById("add-day-error");
    if (!input.value) errorSlot.textContent = "Pick a day first.";
    else if (input.value > input.max) errorSlot.textContent = "That day hasn't happened yet. Pick today or an earlier day.";
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
        errorBox.textContent = error.body?.detail ?? "That didn't work, so you're still on the team. Please try again.";
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
  const notice = el("p", "notice", "That day was deleted.");
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
  failure: "We couldn't load the days. Please try again.",
}).finally(() => (document.getElementById("history-loading").hidden = true));
