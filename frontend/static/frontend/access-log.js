import { api } from "./api.js";

const root = document.getElementById("access-log");
const list = document.getElementById("log-list");
const more = document.getElementById("load-more");
const ROLE = { parent: "parent", clinician: "clinician", teen: "teen" };
const ACTION = { read: "opened", export: "downloaded" };
let nextPage = `patients/${root.dataset.patient}/access-log/`;

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

async function loadMore() {
  more.hidden = true;
  try {
    const { data } = await api("GET", nextPage);
    list.append(...data.results.map(item));
    nextPage = data.next ? data.next.slice(data.next.indexOf("/api/v1/") + "/api/v1/".length) : null;
    more.hidden = !nextPage;
    document.getElementById("log-empty").hidden = data.count > 0;
  } catch (error) {
    const box = document.getElementById("log-error");
    box.textContent = error.body?.detail ?? "We couldn't load the log. Please try again.";
    box.hidden = false;
  }
}

more.addEventListener("click", loadMore);
loadMore();
