// The diaries shared with a parent or clinician, whoever needs attention first (the API's order), with the
// plain flags and figures a clinician scans before a visit.
import { api, el, fdiBand } from "./api.js";
import { formatDate, gettext, interpolate, language, ngettext } from "./i18n.js";

const list = document.getElementById("patient-list");
const RELATION = { parent: gettext("Shared with you as a parent."), clinician: gettext("Shared with you as a clinician.") };
const AND = new Intl.ListFormat(language, { type: "conjunction" });
const TREND = {
  up: gettext("Function going up over 2 weeks"),
  flat: gettext("Function steady over 2 weeks"),
  down: gettext("Function going down over 2 weeks"),
};
const WRITE = ["today/", gettext("Log today"), gettext("Log today for %(name)s")];
const LINKS = [
  ["summary/", gettext("Summary"), gettext("Summary for %(name)s")],
  ["trends/", gettext("Trends"), gettext("Trends for %(name)s")],
  ["", gettext("Days"), gettext("Days for %(name)s")],
];

function lastEntry(patient) {
  const day = formatDate(patient.last_entry, "shortWeekday");
  const values = { day, logged: patient.days_logged_14, counted: patient.days_counted_14 };
  // A diary younger than two weeks counts only its own days (the API's days_counted_14); a one-day-old diary
  // has its first day logged (the days count from the first entry), said as such rather than "1 of its first 1".
  if (patient.days_counted_14 === 14) return interpolate(gettext("Last entry %(day)s · %(logged)s of the last 14 days logged"), values);
  if (patient.days_counted_14 === 1) return interpolate(gettext("Last entry %(day)s · a new diary, its first day logged"), values);
  return interpolate(ngettext(
    "Last entry %(day)s · %(logged)s of its first %(counted)s day logged",
    "Last entry %(day)s · %(logged)s of its first %(counted)s days logged",
    patient.days_counted_14,
  ), values);
}

function facts(patient) {
  const lines = [patient.last_entry ? lastEntry(patient) : gettext("No entries yet")];
  const trend = patient.function_trend ? TREND[patient.function_trend] : gettext("Function trend: not enough days yet");
  const checkin = patient.latest_checkin;
  lines.push(checkin
    ? interpolate(gettext("%(trend)s · Check-in %(total)s/60, %(band)s (%(day)s)"), {
      trend,
      total: checkin.total,
      band: fdiBand(checkin.band),
      day: formatDate(checkin.date, "shortWeekday"),
    })
    : interpolate(gettext("%(trend)s · No check-in yet"), { trend }));
  return lines;
}

// A child's diary that can become theirs (13 or older), or that has: one line, and the page that explains it.
function growingUpLine(patient) {
  const name = patient.display_name;
  let text, label;
  if (patient.can_hand_over) {
    text = interpolate(gettext("%(name)s is 13 or older, so the diary can become their own."), { name });
    label = interpolate(gettext("Give %(name)s the diary"), { name });
  } else if (patient.handed_over_at) {
    const date = formatDate(patient.handed_over_at);
    text = interpolate(gettext("%(name)s's own diary since %(date)s. They decide what you see."), { name, date });
    label = gettext("What changed for you");
  } else return null;
  const line = el("p", "patient-fact");
  const link = el("a", "", label);
  link.href = `/patients/${patient.id}/handover/`;
  line.append(`${text} `, link);
  return line;
}

// How the diary reaches this person: they keep it, it was shared with them, or with a clinic of theirs (or both).
function through(patient) {
  if (patient.can_write) return gettext("You keep this diary.");
  const clinics = AND.format(patient.clinics.map((clinic) => clinic.name));
  if (patient.relation === "clinic") return interpolate(gettext("Through %(clinics)s."), { clinics });
  if (!patient.clinics.length) return RELATION[patient.relation];
  return interpolate(gettext("Shared with you as a clinician, and through %(clinics)s."), { clinics });
}

function card(patient) {
  const item = el("li", "patient-card");
  const base = `/patients/${patient.id}/`;
  const title = el("a", "patient-name", patient.display_name);
  title.href = base;
  item.append(title);
  if (patient.flag_messages.length) {
    const flags = el("ul", "flags");
    flags.setAttribute("aria-label", gettext("Needs attention"));
    // The words and exact counts come from the API (diary/attention.py), the one source of them.
    for (const flag of patient.flag_messages) flags.append(el("li", "flag", flag.message));
    item.append(flags);
  }
  for (const line of facts(patient)) item.append(el("p", "patient-fact", line));
  item.append(el("p", "patient-fact muted", through(patient)));
  const growingUp = growingUpLine(patient);
  if (growingUp) item.append(growingUp);
  const links = el("p", "patient-links");
  // A diary the parent keeps for a child opens on the day to log first.
  for (const [path, label, longLabel] of patient.can_write ? [WRITE, ...LINKS] : LINKS) {
    const link = el("a", "", label);
    link.href = base + path;
    link.setAttribute("aria-label", interpolate(longLabel, { name: patient.display_name }));
    links.append(link);
  }
  item.append(links);
  return item;
}

if (new URLSearchParams(location.search).has("left")) document.getElementById("left-notice").hidden = false;
try {
  const { data } = await api("GET", "patients/");
  const others = data.filter((patient) => patient.relation !== "self");
  // The cards take the place of the server's skeleton cards in one go, so nothing on the page moves.
  list.replaceChildren(...others.map(card));
  document.getElementById("patients-empty").hidden = others.length > 0;
} catch (error) {
  // A clinic that asks its team for two-step sign-in (its default) keeps its patients from a member without it.
  if (error.body?.code !== "mfa_required") throw error;
  document.getElementById("patients-mfa").hidden = false;
} finally {
  list.querySelectorAll(".skeleton").forEach((skeleton) => skeleton.remove());
  list.removeAttribute("aria-busy");
  document.getElementById("patients-loading").hidden = true;
}
