import { api, formatDay } from "./api.js";

const root = document.getElementById("history");
const list = document.getElementById("entry-list");
const more = document.getElementById("load-more");
const errorBox = document.getElementById("history-error");
const SCHOOL = { full: "Full school day", partial: "Part of a school day", missed: "Missed school", none: null };
let nextPage = `patients/${root.dataset.patient}/entries/?page_size=30`;

function row(entry) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = `/entries/${entry.date}/`;
  link.className = "entry-link";
  const day = document.createElement("span");
  day.className = "entry-day";
  day.textContent = entry.date === root.dataset.today ? "Today" : formatDay(entry.date);
  const summary = document.createElement("span");
  summary.className = "entry-summary";
  const parts = [`Did ${entry.function}/10 of usual day`];
  if (SCHOOL[entry.school]) parts.push(SCHOOL[entry.school]);
  if (entry.exercise_minutes) parts.push(`${entry.exercise_minutes} min active`);
  parts.push(`pain ${entry.pain}/10`);
  summary.textContent = parts.join(" · ");
  link.append(day, summary);
  item.append(link);
  return item;
}

async function loadMore() {
  more.hidden = true;
  try {
    const { data } = await api("GET", nextPage);
    list.append(...data.results.map(row));
    nextPage = data.next ? data.next.slice(data.next.indexOf("/api/v1/") + "/api/v1/".length) : null;
    more.hidden = !nextPage;
    document.getElementById("history-empty").hidden = data.count > 0;
  } catch (error) {
    errorBox.textContent = error.body?.detail ?? "We couldn't load your days. Please try again.";
    errorBox.hidden = false;
  } finally {
    document.getElementById("history-loading").hidden = true;
  }
}

document.getElementById("add-day").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = document.getElementById("add-day-date");
  const errorSlot = document.getElementById("add-day-error");
  if (!input.value) {
    errorSlot.textContent = "Pick a day first.";
  } else if (input.value > input.max) {
    errorSlot.textContent = "That day hasn't happened yet. Pick today or an earlier day.";
  } else {
    location.assign(`/entries/${input.value}/`);
  }
});
more.addEventListener("click", loadMore);
if (new URLSearchParams(location.search).has("deleted")) {
  const notice = document.createElement("p");
  notice.className = "notice";
  notice.setAttribute("role", "status");
  notice.textContent = "That day was deleted.";
  root.prepend(notice);
}
loadMore();
