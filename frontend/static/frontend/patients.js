// The diaries shared with a parent or clinician, whoever needs attention first (the API's order), with the
// plain flags and figures a clinician scans before a visit.
import { api, el, formatDay } from "./api.js";

const list = document.getElementById("patient-list");
const RELATION = { parent: "Shared with you as a parent", clinician: "Shared with you as a clinician" };
const TREND = { up: "Function going up", flat: "Function steady", down: "Function going down" };

function facts(patient) {
  const lines = [];
  // A diary younger than two weeks counts only its own days (the API's days_counted_14).
  const counted = patient.days_counted_14 === 14 ? "the last 14 days" : `its first ${patient.days_counted_14} days`;
  lines.push(patient.last_entry
    ? `Last entry ${formatDay(patient.last_entry)} · ${patient.days_logged_14} of ${counted} logged`
    : "No entries yet");
  const trend = patient.function_trend ? `${TREND[patient.function_trend]} over 2 weeks` : "Function trend: not enough days yet";
  const checkin = patient.latest_checkin;
  lines.push(checkin
    ? `${trend} · Check-in ${checkin.total}/60, ${checkin.band} (${formatDay(checkin.date)})`
    : `${trend} · No check-in yet`);
  return lines;
}

function card(patient) {
  const item = el("li", "patient-card");
  const base = `/patients/${patient.id}/`;
  const title = el("a", "patient-name", patient.display_name);
  title.href = base;
  item.append(title);
  if (patient.flag_messages.length) {
    const flags = el("ul", "flags");
    flags.setAttribute("aria-label", "Needs attention");
    // The words and exact counts come from the API (diary/attention.py), the one source of them.
    for (const flag of patient.flag_messages) flags.append(el("li", "flag", flag.message));
    item.append(flags);
  }
  for (const line of facts(patient)) item.append(el("p", "patient-fact", line));
  item.append(el("p", "patient-fact muted", patient.can_write ? "You keep this diary." : `${RELATION[patient.relation]}.`));
  const links = el("p", "patient-links");
  for (const [label, path] of [["Summary", "summary/"], ["Trends", "trends/"], ["Days", ""]]) {
    const link = el("a", "", label);
    link.href = base + path;
    link.setAttribute("aria-label", `${label} for ${patient.display_name}`);
    links.append(link);
  }
  item.append(links);
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
