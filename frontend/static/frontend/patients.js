// The diaries shared with a parent or clinician, and the children a parent keeps a diary for.
import { api, formatDay } from "./api.js";

const list = document.getElementById("patient-list");
const RELATION = { parent: "Shared with you as a parent", clinician: "Shared with you as a clinician" };

function status(patient) {
  if (!patient.last_entry) return "No entries yet";
  return `Last entry ${formatDay(patient.last_entry)} · ${patient.days_logged_14} of the last 14 days logged`;
}

function card(patient) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.className = "entry-link";
  link.href = `/patients/${patient.id}/`;
  const name = document.createElement("span");
  name.className = "entry-day";
  name.textContent = patient.display_name;
  const line = document.createElement("span");
  line.className = "entry-summary";
  const how = patient.can_write ? "You keep this diary" : RELATION[patient.relation];
  line.textContent = `${status(patient)}. ${how}.`;
  link.append(name, line);
  item.append(link);
  return item;
}

if (new URLSearchParams(location.search).has("left")) document.getElementById("left-notice").hidden = false;
try {
  const { data } = await api("GET", "patients/");
  const others = data.filter((patient) => patient.relation !== "self");
  list.append(...others.map(card));
  document.getElementById("patients-empty").hidden = others.length > 0;
} finally {
  document.getElementById("patients-loading").hidden = true;
}
