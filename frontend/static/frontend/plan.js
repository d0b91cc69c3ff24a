// The treatment plan page: each item in plain words (the server's, diary/words.py) with the care team's
// instructions and the doses of the weeks ahead; for a clinician on the care team, adding an item, changing what
// one asks from tomorrow, and ending one. Every number comes from the API (diary/plan.py's rules).
import { api, clearErrors, confirmFirst, el, showErrors } from "./api.js";
import { formatDate, gettext, interpolate, pgettext } from "./i18n.js";
import { doseText } from "./plan-words.js";

const root = document.getElementById("plan");
const { patient, today } = root.dataset;
const writer = root.dataset.writer === "true";
const CHOICES = JSON.parse(document.getElementById("plan-choices").textContent);
const KINDS = Object.fromEntries(CHOICES.kinds.map((kind) => [kind.code, kind.label]));
const $ = (id) => document.getElementById(id);
const base = `patients/${patient}/plan/`;
const status = $("plan-status");
const day = (iso) => formatDate(iso, "shortWeekday");
const tomorrow = (() => {
  const [year, month, date] = today.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
})();

// --- reading ------------------------------------------------------------------------------------------------------

// The dose on a day, from the item's steps ahead (each the first day of a new dose).
function doseOn(item, iso) {
  const steps = item.ahead.filter((step) => step.from <= iso);
  return steps.length ? steps[steps.length - 1].dose : item.dose_today;
}

function aheadList(item) {
  const steps = item.ahead.slice(1).filter((step) => step.dose !== null);
  if (!item.unit || item.dose_today === null) return null;
  const box = el("div", "plan-ahead");
  box.append(el("h3", "", gettext("The weeks ahead")));
  if (!steps.length) {
    box.append(el("p", "", interpolate(gettext("It stays at %(dose)s."), { dose: doseText(item.dose_today, item.unit) })));
    return box;
  }
  const list = el("ol", "plan-steps");
  for (const step of steps) {
    list.append(el("li", "", interpolate(gettext("From %(day)s: %(dose)s"), { day: day(step.from), dose: doseText(step.dose, item.unit) })));
  }
  box.append(list);
  return box;
}

function todayLine(item, ended) {
  if (ended) return null;
  if (item.starts_on > today) return el("p", "plan-today", interpolate(gettext("Starts on %(day)s."), { day: day(item.starts_on) }));
  if (item.dose_today === null || !item.unit) return null;
  return el("p", "plan-today", interpolate(gettext("Today: %(dose)s"), { dose: doseText(item.dose_today, item.unit) }));
}

function card(item, { ended = false } = {}) {
  const li = el("li", ended ? "card plan-item ended" : "card plan-item");
  li.id = `plan-item-${item.id}`;
  const title = el("h2", "plan-title", item.title);
  title.id = `plan-item-${item.id}-title`;
  li.append(el("p", "plan-kind", KINDS[item.kind] ?? item.kind), title);
  const todayText = todayLine(item, ended);
  if (todayText) li.append(todayText);
  li.append(el("p", "plan-description", item.description));
  if (item.instructions) {
    const words = el("div", "plan-instructions");
    words.append(el("h3", "", gettext("From the care team")), el("p", "", item.instructions));
    li.append(words);
  }
  if (!ended) {
    const ahead = aheadList(item);
    if (ahead) li.append(ahead);
  }
  const since = ended
    ? interpolate(gettext("Ran from %(first)s to %(last)s."), { first: day(item.starts_on), last: day(previousDay(item.ended_on)) })
    : interpolate(gettext("Since %(day)s."), { day: day(item.starts_on) });
  const by = item.created_by ? ` ${interpolate(gettext("Written by %(name)s."), { name: item.created_by.display_name })}` : "";
  li.append(el("p", "muted plan-meta", since + by));
  if (writer && !ended) li.append(...editing(item, title.id));
  return li;
}

function previousDay(iso) {
  const [year, month, date] = iso.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date - 1)).toISOString().slice(0, 10);
}

function changedLine(plan) {
  const line = $("plan-changed");
  line.hidden = !plan.updated_at;
  if (!plan.updated_at) return;
  const when = formatDate(plan.updated_at.slice(0, 10), "shortYear");
  line.textContent = plan.updated_by
    ? interpolate(gettext("Last changed by %(name)s on %(day)s."), { name: plan.updated_by.display_name, day: when })
    : interpolate(gettext("Last changed on %(day)s."), { day: when });
}

async function load() {
  $("plan-error").hidden = true;
  try {
    const { data: plan } = await api("GET", `${base}?include_ended=true`);
    const ended = (item) => item.ended_on !== null && item.ended_on <= today;
    const running = plan.items.filter((item) => !ended(item));
    const over = plan.items.filter(ended);
    $("plan-items").replaceChildren(...running.map((item) => card(item)));
    $("ended-list").replaceChildren(...over.map((item) => card(item, { ended: true })));
    $("ended-items").hidden = over.length === 0;
    $("plan-empty").hidden = running.length > 0;
    changedLine(plan);
  } catch (error) {
    $("plan-error").textContent = error.body?.detail ?? gettext("We couldn't load the plan. Please try again.");
    $("plan-error").hidden = false;
  } finally {
    $("plan-loading").hidden = true;
  }
}

// --- writing (clinicians on the care team) ------------------------------------------------------------------------

const numberOrNull = (input) => (input.value === "" ? null : Number(input.value));

// Which parts of the form an item of `kind` takes: a dose (not sessions, not school), fixed days (not school), a
// school level (school only).
function fitToKind(form, kind) {
  const part = (name) => form.querySelector(`[data-part="${name}"]`);
  const noAmount = CHOICES.no_amount.includes(kind);
  part("dose").hidden = noAmount;
  part("rising").hidden = noAmount;
  part("school").hidden = kind !== "school";
  form.querySelector('[data-hint="activity"]').hidden = kind !== "activity";
  const fixed = form.querySelector('[data-mode="weekdays"]');
  fixed.hidden = kind === "school";
  if (kind === "school") form.elements.days_mode.value = "per_week";
  showDaysMode(form);
}

function showDaysMode(form) {
  const mode = form.elements.days_mode.value;
  for (const box of form.querySelectorAll("[data-for-mode]")) box.hidden = box.dataset.forMode !== mode;
}

function readItem(form, kind, { change = false } = {}) {
  const fields = form.elements;
  const body = { title: fields.title.value, instructions: fields.instructions.value };
  if (!CHOICES.no_amount.includes(kind)) {
    body.amount = numberOrNull(fields.amount);
    body.unit = body.amount === null ? null : fields.unit.value;
    for (const name of ["step_amount", "step_every_weeks", "max_amount"]) {
      const value = numberOrNull(fields[name]);
      if (value !== null || change) body[name] = value ?? (name === "max_amount" ? null : 0);
    }
  }
  if (fields.days_mode.value === "weekdays") {
    body.weekdays = [...form.querySelectorAll('input[name="weekdays"]:checked')].map((box) => Number(box.value));
    if (change) body.days_per_week = null;
  } else {
    body.days_per_week = numberOrNull(fields.days_per_week);
    if (change) body.weekdays = null;
  }
  if (kind === "school") body.school_level = fields.school_level.value;
  return body;
}

function fillItem(form, item) {
  const fields = form.elements;
  fields.title.value = item.title;
  fields.instructions.value = item.instructions;
  if (fields.amount) fields.amount.value = item.amount ?? "";
  if (item.unit) fields.unit.value = item.unit;
  fields.step_amount.value = item.step_amount || "";
  fields.step_every_weeks.value = item.step_every_weeks || "";
  fields.max_amount.value = item.step_amount && item.step_every_weeks ? item.max_amount ?? "" : "";
  form.querySelector(".plan-rising").open = Boolean(item.step_amount && item.step_every_weeks);
  fields.days_mode.value = item.weekdays ? "weekdays" : "per_week";
  fields.days_per_week.value = item.days_per_week ?? 5;
  for (const box of form.querySelectorAll('input[name="weekdays"]')) box.checked = (item.weekdays ?? []).includes(Number(box.value));
  if (item.school_level) fields.school_level.value = item.school_level;
  fitToKind(form, item.kind);
}

// The change form is cloned for each item: its ids (and the labels and hints that point at them) get the item's.
function changeForm(item) {
  const form = $("change-template").content.firstElementChild.cloneNode(true);
  const own = (value) => value.replace(/^change-/, `change-${item.id}-`);
  for (const node of form.querySelectorAll("[id]")) node.id = own(node.id);
  for (const node of form.querySelectorAll("label[for]")) node.htmlFor = own(node.htmlFor);
  for (const node of form.querySelectorAll("[aria-describedby]")) {
    node.setAttribute("aria-describedby", node.getAttribute("aria-describedby").split(" ").map(own).join(" "));
  }
  form.addEventListener("change", (event) => {
    if (event.target.name === "days_mode") showDaysMode(form);
  });
  return form;
}

function editing(item, titleId) {
  const actions = el("div", "plan-actions");
  const change = el("button", "button", pgettext("button", "Change"));
  change.type = "button";
  const end = el("button", "button", gettext("End this item"));
  end.type = "button";
  for (const button of [change, end]) button.setAttribute("aria-describedby", titleId);
  actions.append(change, end);
  const confirm = el("div", "plan-confirm");
  confirm.hidden = true;
  const yes = el("button", "button danger", gettext("Yes, end it today"));
  yes.type = "button";
  const no = el("button", "button", gettext("Keep it"));
  no.type = "button";
  confirm.append(el("p", "", gettext("End this item today? The days it ran stay in the plan's history and in every figure.")), yes, no);
  const form = changeForm(item);
  form.hidden = true;
  change.addEventListener("click", () => {
    fillItem(form, item);
    clearErrors(form);
    form.hidden = false;
    form.querySelector("input").focus();
  });
  form.querySelector("[data-cancel]").addEventListener("click", () => {
    form.hidden = true;
    change.focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      const { data: saved } = await api("PATCH", `${base}items/${item.id}/`, { body: readItem(form, item.kind, { change: true }) });
      const next = doseOn(saved, tomorrow);
      await load(); // the page shows the plan as saved before it says so
      status.textContent = next !== null && saved.unit
        ? interpolate(gettext("Saved: %(title)s. From tomorrow: %(dose)s."), { title: saved.title, dose: doseText(next, saved.unit) })
        : interpolate(gettext("Saved: %(title)s."), { title: saved.title });
    } catch (error) {
      showErrors(form, error);
    }
  });
  confirmFirst({
    ask: end,
    box: confirm,
    no,
    yes,
    action: async () => {
      try {
        await api("DELETE", `${base}items/${item.id}/`);
        await load();
        status.textContent = interpolate(gettext("Ended: %(title)s. Its days so far stay in the figures."), { title: item.title });
      } catch (error) {
        $("plan-error").textContent = error.body?.detail ?? gettext("We couldn't change the plan. Please try again.");
        $("plan-error").hidden = false;
      }
    },
  });
  return [actions, confirm, form];
}

function setUpAdding() {
  const form = $("add-item-form");
  if (!form) return;
  const kind = () => form.elements.kind.value;
  form.addEventListener("change", (event) => {
    if (event.target.name === "kind") {
      // A therapy session is usually on fixed days; everything else on a number of days a week.
      form.elements.days_mode.value = kind() === "session" ? "weekdays" : "per_week";
      fitToKind(form, kind());
    }
    if (event.target.name === "days_mode") showDaysMode(form);
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = { kind: kind(), ...readItem(form, kind()) };
    if (form.elements.starts_on.value) body.starts_on = form.elements.starts_on.value;
    try {
      const { data: added } = await api("POST", `${base}items/`, { body });
      form.reset();
      form.elements.starts_on.value = today;
      fitToKind(form, kind());
      await load();
      status.textContent = interpolate(gettext("Added to the plan: %(title)s."), { title: added.title });
    } catch (error) {
      showErrors(form, error);
    }
  });
  fitToKind(form, kind());
}

if (writer) setUpAdding();
load();
