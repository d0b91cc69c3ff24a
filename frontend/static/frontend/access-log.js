import { pagedList } from "./api.js";

const root = document.getElementById("access-log");
const ROLE = { parent: "parent", clinician: "clinician", teen: "teen" };
const ACTION = { read: "opened", export: "downloaded" };

function describe(row) {
  const what = row.detail.startsWith("entry ") ? `the entry for ${row.detail.slice(6)}` : `the ${row.detail}`;
  return `${row.actor.display_name} (${ROLE[row.actor.role] ?? row.actor.role}) ${ACTION[row.action] ?? row.action} ${what}`;
}

function item(row) {
  const li = document.createElement("li");
  li.className = "log-row";
  const when = document.createElement("time");
  when.dateTime = row.at;
  when.textContent = new Date(row.at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  const what = document.createElement("span");
  what.textContent = describe(row);
  li.append(what, when);
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
