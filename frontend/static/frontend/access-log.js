// Who has looked at a diary: one line per visit, newest first, such as
// "Dana (parent) looked at Trends and Days, 5 times" over "Sat 21 Nov, 14:02–14:10".
import { el, formatDay, pagedList } from "./api.js";

const root = document.getElementById("access-log");
// The plain words for what was read come from the server's Reading vocabulary, the one list of them.
const WORDS = JSON.parse(document.getElementById("read-words").textContent);
const ROLE = { parent: "parent", clinician: "clinician", teen: "teen" };
const VERB = { read: "looked at", export: "downloaded" };
const DAY_CODE = /^(.+) (\d{4}-\d{2}-\d{2})$/;
const AND = new Intl.ListFormat(document.documentElement.lang || "en", { type: "conjunction" });
const WHEN = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  day: "numeric",
  month: "short",
  hour: "numeric",
  minute: "2-digit",
});

// "entry 2026-03-02" is one day's record: the words for "entry", then the day.
function word(code) {
  if (WORDS[code]) return WORDS[code];
  const [, kind, day] = DAY_CODE.exec(code) ?? [];
  return WORDS[kind] ? `${WORDS[kind]} ${formatDay(day)}` : code;
}

function describe(row) {
  const who = `${row.actor.display_name} (${ROLE[row.actor.role] ?? row.actor.role})`;
  const times = row.count > 1 ? `, ${row.count} times` : "";
  return `${who} ${VERB[row.action] ?? row.action} ${AND.format(row.details.map(word))}${times}`;
}

function item(row) {
  const li = el("li", "log-row");
  const last = new Date(row.at);
  const when = el("time", "", row.count > 1 ? WHEN.formatRange(new Date(row.first_at), last) : WHEN.format(last));
  when.dateTime = row.at;
  li.append(el("span", "", describe(row)), when);
  return li;
}

pagedList({
  path: `patients/${root.dataset.patient}/access-log/`,
  list: document.getElementById("log-list"),
  more: document.getElementById("load-more"),
  empty: document.getElementById("log-empty"),
  errorBox: document.getElementById("log-error"),
  render: item,
  failure: "We couldn't load the log. Please try again.",
});
