// The Goals page: this week's progress of each goal, add a goal, change or stop one, start a stopped one again.
// The measures, their words, caps and first suggestions come from the server (json_script "goal-measures"); the
// goals and the week's figures from the API (diary/goals.py counts them, as on Today, Trends and the Summary).
import { api, clearErrors, confirmFirst, el, showErrors } from "./api.js";
import { gettext, interpolate, language, ngettext } from "./i18n.js";

const root = document.getElementById("goals");
const { patient } = root.dataset;
const MAX = Number(root.dataset.max);
const MEASURES = Object.fromEntries(JSON.parse(document.getElementById("goal-measures").textContent).map((m) => [m.code, m]));
const $ = (id) => document.getElementById(id);
const form = $("add-goal-form");
const status = $("goals-status");
const base = `patients/${patient}/goals/`;

const number = new Intl.NumberFormat(language);

// A stopped goal has no week's figures from the API, so its target is worded here.
function unitWords(measure, target) {
  const count = number.format(target);
  return MEASURES[measure]?.unit === "minutes"
    ? interpolate(ngettext("%(count)s minute a week", "%(count)s minutes a week", target), { count })
    : interpolate(ngettext("%(count)s day a week", "%(count)s days a week", target), { count });
}

const targetLabel = (measure) => (MEASURES[measure]?.unit === "minutes" ? gettext("Minutes a week") : gettext("Days a week"));

function field(id, label, input) {
  const box = el("div", "field");
  const name = el("label", "", label);
  name.htmlFor = id;
  input.id = id;
  box.append(name, input, el("p", "field-error"));
  box.lastChild.dataset.errorFor = input.name;
  return box;
}

function editForm(goal) {
  const edit = el("form", "goal-edit stack");
  edit.noValidate = true;
  edit.hidden = true;
  const title = el("input");
  Object.assign(title, { name: "title", value: goal.title, maxLength: 80, autocomplete: "off" });
  const target = el("input");
  Object.assign(target, { name: "target", type: "number", inputMode: "numeric", min: 1, max: MEASURES[goal.measure].max, step: 1, value: goal.target });
  const save = el("button", "button primary", gettext("Save"));
  save.type = "submit";
  const cancel = el("button", "button link", gettext("Cancel"));
  cancel.type = "button";
  const problem = el("p", "form-error");
  problem.hidden = true;
  problem.setAttribute("role", "alert");
  edit.append(
    field(`goal-${goal.id}-title`, gettext("Name"), title),
    field(`goal-${goal.id}-target`, targetLabel(goal.measure), target),
    problem,
    save,
    cancel,
  );
  cancel.addEventListener("click", () => {
    edit.hidden = true;
    edit.previousElementSibling.querySelector("button").focus();
  });
  edit.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(edit);
    try {
      await api("PATCH", `${base}${goal.id}/`, { body: { title: title.value, target: Number(target.value) || target.value } });
      status.textContent = interpolate(gettext("Saved: %(title)s."), { title: title.value.trim() });
      await load();
    } catch (error) {
      showErrors(edit, error);
    }
  });
  return edit;
}

function activeCard(goal, progress) {
  const item = el("li", "card goal-item");
  const heading = el("h2", "goal-name", goal.title);
  heading.id = `goal-${goal.id}-name`;
  const target = progress?.target_words ?? unitWords(goal.measure, goal.target);
  const words = goal.measure === "custom" ? interpolate(gettext("%(target)s · tick it on Today"), { target }) : target;
  item.append(heading, el("p", "muted goal-target", words));
  if (progress) {
    const bar = el("progress", "goal-bar");
    bar.max = progress.target;
    bar.value = Math.min(progress.value, progress.target);
    bar.setAttribute("aria-labelledby", heading.id);
    item.append(bar, el("p", progress.met ? "goal-message met" : "goal-message", progress.message));
  }
  const actions = el("div", "goal-actions");
  const change = el("button", "button", gettext("Change"));
  change.type = "button";
  const stop = el("button", "button", gettext("Stop this goal"));
  stop.type = "button";
  change.setAttribute("aria-describedby", heading.id);
  stop.setAttribute("aria-describedby", heading.id);
  actions.append(change, stop);
  const edit = editForm(goal);
  item.append(actions, edit);
  change.addEventListener("click", () => {
    edit.hidden = false;
    edit.querySelector("input").focus();
  });
  stop.addEventListener("click", async () => {
    try {
      await api("PATCH", `${base}${goal.id}/`, { body: { active: false } });
      status.textContent = interpolate(gettext("Stopped: %(title)s. Its weeks stay in your trends, and you can start it again."), { title: goal.title });
      await load();
    } catch (error) {
      showError(error);
    }
  });
  return item;
}

function stoppedCard(goal, room) {
  const item = el("li", "card goal-item");
  const heading = el("h2", "goal-name", goal.title);
  heading.id = `goal-${goal.id}-name`;
  item.append(heading, el("p", "muted goal-target", unitWords(goal.measure, goal.target)));
  const actions = el("div", "goal-actions");
  const again = el("button", "button", gettext("Start again"));
  again.type = "button";
  again.disabled = !room;
  const remove = el("button", "button", gettext("Delete"));
  remove.type = "button";
  again.setAttribute("aria-describedby", heading.id);
  remove.setAttribute("aria-describedby", heading.id);
  const confirm = el("div", "goal-confirm");
  confirm.hidden = true;
  const yes = el("button", "button danger", gettext("Yes, delete"));
  yes.type = "button";
  const no = el("button", "button", gettext("Keep it"));
  no.type = "button";
  confirm.append(el("p", "", gettext("Delete this goal for good? Days it was ticked on won't show it any more.")), yes, no);
  actions.append(again, remove);
  item.append(actions, confirm);
  again.addEventListener("click", async () => {
    try {
      await api("PATCH", `${base}${goal.id}/`, { body: { active: true } });
      status.textContent = interpolate(gettext("Started again: %(title)s."), { title: goal.title });
      await load();
    } catch (error) {
      showError(error);
    }
  });
  confirmFirst({
    ask: remove,
    box: confirm,
    no,
    yes,
    action: async () => {
      try {
        await api("DELETE", `${base}${goal.id}/`);
        status.textContent = interpolate(gettext("Deleted: %(title)s."), { title: goal.title });
        await load();
      } catch (error) {
        showError(error);
      }
    },
  });
  return item;
}

function showError(error) {
  $("goals-error").textContent = error.body?.detail ?? gettext("We couldn't change that goal. Please try again.");
  $("goals-error").hidden = false;
}

async function load() {
  $("goals-error").hidden = true;
  try {
    const [{ data: page }, { data: progress }] = await Promise.all([api("GET", `${base}?page_size=200`), api("GET", `${base}progress/`)]);
    const byGoal = Object.fromEntries(progress.map((row) => [row.goal, row]));
    const active = page.results.filter((goal) => goal.active);
    const stopped = page.results.filter((goal) => !goal.active);
    const room = active.length < MAX;
    $("goal-list").replaceChildren(...active.map((goal) => activeCard(goal, byGoal[goal.id])));
    $("stopped-list").replaceChildren(...stopped.map((goal) => stoppedCard(goal, room)));
    $("stopped-goals").hidden = stopped.length === 0;
    $("goals-empty").hidden = active.length > 0;
    $("add-goal").hidden = !room;
    $("goals-full").hidden = room;
  } catch (error) {
    showError(error);
  } finally {
    $("goals-loading").hidden = true;
  }
}

// Adding: each measure suggests a name and a target, and says its unit and most.
function suggest() {
  const measure = MEASURES[form.elements.measure.value];
  const suggested = Object.values(MEASURES).map((m) => m.title);
  if (!form.elements.title.value || suggested.includes(form.elements.title.value)) form.elements.title.value = measure.title;
  form.elements.target.value = measure.target;
  form.elements.target.max = measure.max;
  $("goal-target-label").textContent = targetLabel(measure.code);
  const most = { max: number.format(measure.max) };
  if (measure.unit === "minutes") $("goal-target-hint").textContent = gettext("All the week's minutes added up, such as 150.");
  else if (measure.code === "custom") $("goal-target-hint").textContent = interpolate(gettext("From 1 to %(max)s. You tick it on Today on the days you do it."), most);
  else $("goal-target-hint").textContent = interpolate(gettext("From 1 to %(max)s."), most);
}

form.addEventListener("change", (event) => {
  if (event.target.name === "measure") suggest();
});
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  status.textContent = "";
  const body = {
    title: form.elements.title.value,
    measure: form.elements.measure.value,
    target: Number(form.elements.target.value) || form.elements.target.value,
  };
  try {
    const { data: goal } = await api("POST", base, { body });
    status.textContent = interpolate(gettext("Added: %(title)s, %(target)s. You've got this!"), { title: goal.title, target: unitWords(goal.measure, goal.target) });
    form.elements.title.value = "";
    suggest();
    await load();
  } catch (error) {
    showErrors(form, error);
  }
});

suggest();
load();
