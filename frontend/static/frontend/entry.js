// The daily entry form: loads the day's entry if there is one, saves it with PUT to its date.
// Without a connection (or when the server fails) the entry is kept on this phone and sent later by
// offline/sync.js; a day changed on another device meanwhile shows both versions and asks which to keep.
// A tick of a goal or of a plan item saves itself (a PATCH of goals_done or plan_done, queued like the day when
// offline). A day this phone saved before and opens offline is edited from the version it knew: only the answers
// changed are sent (a PATCH), so nothing saved earlier is blanked and the phone is never taken for "another device".
import { api, clearErrors, confirmFirst, el, showErrors } from "./api.js";
import { setUpBodyMap } from "./body-map.js";
import { hideDayAdds, showDayAdds } from "./day-adds.js";
import { fillGoalsDone, readGoalsDone, refreshGoals, showGoals, shown as goalsShown, ticksWaitFor } from "./goal-bar.js";
import { capitalized, formatDate, gettext, interpolate, ngettext } from "./i18n.js";
import * as queue from "./offline/queue.js";
import {
  currentUser,
  exclusive,
  GOALS_DONE,
  LISTS,
  NUMBERS,
  PLAN_DONE,
  planTick,
  queueEntry,
  render,
  SCALES,
  send,
  TICKED,
  tickedLists,
  WAITING,
} from "./offline/sync.js";
import { fillPlanDone, planShown, planTitle, planWaitFor, readPlanDone, showPlan } from "./plan-card.js";

const form = document.getElementById("entry-form");
const { patient } = form.dataset;
const statusLine = document.getElementById("save-status");
const SAVED_ON_PHONE = gettext("Saved on this phone, will send when online.");
const ALREADY = gettext("You already logged this day. Any change you save replaces it.");
const SAVED = gettext("Saved. Thanks for checking in. You can change it any time.");
// The two required questions for today, yesterday and an earlier day (`%(day)s`), from the server's words.
const QUESTIONS = JSON.parse(document.getElementById("entry-questions").textContent);
const refreshBodyMap = setUpBodyMap(document.getElementById("pain_locations-field"));

function todayIn(timeZone) {
  try {
    const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date());
    const part = (type) => parts.find((p) => p.type === type).value;
    return `${part("year")}-${part("month")}-${part("day")}`;
  } catch {
    return null;
  }
}

const asDate = (isoDate) => new Date(`${isoDate}T12:00:00Z`);

// "Friday, November 20, 2026" ("viernes, 20 de noviembre de 2026"), as the server writes it (diary/words.py).
const longDate = (isoDate, withYear) => formatDate(isoDate, withYear ? "weekdayYear" : "weekday");

// The same rule as the server's (frontend/day_entry.py): a day of the last week by its weekday, else its date.
function whenAndName(day, today) {
  const daysBack = Math.round((asDate(today) - asDate(day)) / 86400000);
  if (daysBack === 0) return ["today", ""];
  if (daysBack === 1) return ["yesterday", ""];
  if (daysBack <= 6) return ["past", formatDate(day, "weekdayName")];
  return ["past", longDate(day, day.slice(0, 4) !== today.slice(0, 4))];
}

let isToday = false; // whether this page is for the patient's today (set by pageDate)

// Which day this page is for. A page the service worker kept may be from an earlier day, or be the Today
// page standing in (offline) for a day not opened before: the address and the clock decide, and the
// headings follow.
function pageDate() {
  const rendered = form.dataset.date;
  const fromAddress = location.pathname.match(/\/entries\/(\d{4}-\d{2}-\d{2})\/$/)?.[1];
  const clockToday = todayIn(form.dataset.timezone);
  const today = clockToday && clockToday > form.dataset.today ? clockToday : form.dataset.today;
  const day = fromAddress ?? (today > rendered ? today : rendered);
  isToday = day === today;
  if (day !== rendered) {
    const heading = document.querySelector("main h1");
    heading.textContent = isToday ? heading.dataset.today : capitalized(longDate(day, true));
    document.getElementById("entry-intro").textContent = isToday
      ? capitalized(interpolate(gettext("%(day)s. Two answers are enough; the rest is up to you."), { day: longDate(day, false) }))
      : gettext("Add or change what happened on this day.");
    document.title = `${isToday ? gettext("Today") : capitalized(longDate(day, false))} · Stride`;
    document.querySelector(".checkin-invite")?.toggleAttribute("hidden", !isToday);
    const weekTitle = document.getElementById("goal-card-title");
    weekTitle.textContent = isToday ? weekTitle.dataset.today : weekTitle.dataset.past;
    const [when, name] = whenAndName(day, today);
    for (const field of ["function", "pain"]) {
      document.querySelector(`#${field}-field legend`).textContent = interpolate(QUESTIONS[field][when], { day: name });
    }
  }
  return day;
}

const date = pageDate();
const path = `patients/${patient}/entries/${date}/`;
const key = queue.keyOf(patient, date);
const history = form.dataset.history;
const entryPage = `${history === "/history/" ? "/" : history}entries/${date}/`;
let version = null; // the server's version of this day, as last seen
let seenServer = false; // whether this page has seen the server's entry (or that there was none)
let known = null; // offline: the version this phone last knew of the day (queue.knownVersion), or null
const touched = new Set(); // answers changed here since the form was last filled from what is saved

const checkedValue = (name) => form.querySelector(`input[name="${name}"]:checked`)?.value ?? null;
const numberOrNull = (value) => (value === "" || value === null ? null : Number(value));

function readForm() {
  const entry = {};
  for (const name of SCALES) entry[name] = numberOrNull(checkedValue(name));
  for (const name of NUMBERS) entry[name] = numberOrNull(form.elements[name].value);
  entry.school = checkedValue("school");
  for (const name of LISTS) {
    entry[name] = [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((box) => box.value);
  }
  entry.note = form.elements.note.value;
  entry.note_private = form.elements.note_private.checked;
  entry[GOALS_DONE] = readGoalsDone();
  entry[PLAN_DONE] = readPlanDone();
  return entry;
}

function fillForm(entry) {
  for (const name of [...SCALES, "school"]) {
    form.querySelectorAll(`input[name="${name}"]`).forEach((radio) => {
      radio.checked = entry[name] !== null && entry[name] !== undefined && radio.value === String(entry[name]);
    });
  }
  for (const name of NUMBERS) form.elements[name].value = entry[name] ?? "";
  for (const name of LISTS) {
    const chosen = new Set(entry[name] ?? []);
    form.querySelectorAll(`input[name="${name}"]`).forEach((box) => (box.checked = chosen.has(box.value)));
  }
  form.elements.note.value = entry.note ?? "";
  form.elements.note_private.checked = Boolean(entry.note_private);
  fillGoalsDone(entry[GOALS_DONE]);
  fillPlanDone(entry[PLAN_DONE]);
  if (hasOptionalAnswers(entry)) document.getElementById("more-details").open = true;
  refreshBodyMap();
  refreshGroups({ openChosen: true });
}

// Each symptom group says how many of its answers are chosen; filled in by script, a group with answers opens.
function refreshGroups({ openChosen = false } = {}) {
  for (const group of document.querySelectorAll(".symptom-group")) {
    const count = group.querySelectorAll("input:checked").length;
    group.querySelector(".group-count").textContent = count
      ? interpolate(ngettext("%(count)s chosen", "%(count)s chosen", count), { count })
      : "";
    if (openChosen && count) group.open = true;
  }
}

function hasOptionalAnswers(entry) {
  return ["sleep_hours", "sleep_quality", "mood", "fatigue", "exercise_minutes", "school"].some(
    (name) => entry[name] !== null && entry[name] !== undefined,
  ) || LISTS.some((name) => entry[name]?.length) || Boolean(entry.note);
}

function missingRequired(entry) {
  const messages = {
    function: gettext("Choose how much of a usual day was done (0 to 10)."),
    pain: gettext("Choose a number for the pain (0 to 10)."),
  };
  const missing = Object.keys(messages).filter((name) => entry[name] === null);
  for (const name of missing) form.querySelector(`[data-error-for="${name}"]`).textContent = messages[name];
  if (missing.length) document.getElementById(`${missing[0]}-field`).scrollIntoView({ block: "center" });
  return missing.length > 0;
}

function showDeleteZone() {
  const deleteZone = document.getElementById("delete-zone");
  if (deleteZone) deleteZone.hidden = false;
}

// This day's entry waiting on this phone, if the signed-in account saved one.
async function queued() {
  const record = await queue.get(key).catch(() => null);
  return record && record.user === currentUser() ? record : null;
}

// --- Two versions of the day: the one on this phone and the one another device sent. ---

// A choice's words as the form shows them: a chip's label without its hint, a body map region's name.
function labelOf(name, value) {
  const label = form.querySelector(`input[name="${name}"][value="${value}"]`)?.closest("label");
  if (!label) return value;
  const words = label.querySelector(".bm-name") ?? label.querySelector("span")?.firstChild ?? label;
  return words.textContent.trim();
}
const faceOf = (value) => labelOf("mood", value);
const outOfTen = (value) => interpolate(gettext("%(value)s/10"), { value });
const listOf = (name, values) => values.map((v) => labelOf(name, v)).join(", ");

function describe(entry) {
  const rows = [[gettext("Usual day"), outOfTen(entry.function)], [gettext("Pain"), outOfTen(entry.pain)]];
  if (entry.school) rows.push([gettext("School"), labelOf("school", entry.school)]);
  if (entry.exercise_minutes !== null && entry.exercise_minutes !== undefined) {
    rows.push([gettext("Active"), interpolate(gettext("%(minutes)s min"), { minutes: entry.exercise_minutes })]);
  }
  if (entry.therapies?.length) rows.push([gettext("Treatment"), listOf("therapies", entry.therapies)]);
  if (entry.sleep_hours !== null && entry.sleep_hours !== undefined) {
    rows.push([gettext("Sleep"), interpolate(gettext("%(hours)s h"), { hours: entry.sleep_hours })]);
  }
  if (entry.sleep_quality) rows.push([gettext("Slept"), faceOf(entry.sleep_quality)]);
  if (entry.mood) rows.push([gettext("Mood"), faceOf(entry.mood)]);
  if (entry.fatigue !== null && entry.fatigue !== undefined) rows.push([gettext("Tiredness"), outOfTen(entry.fatigue)]);
  if (entry.symptoms?.length) rows.push([gettext("Noticed"), listOf("symptoms", entry.symptoms)]);
  if (entry.pain_locations?.length) {
    rows.push([gettext("Where"), listOf("pain_locations", entry.pain_locations)]);
  }
  if (entry[GOALS_DONE]?.length) {
    const title = (id) => document.getElementById(`goal-row-${id}`)?.textContent ?? gettext("A goal");
    rows.push([gettext("Goals done"), entry[GOALS_DONE].map(title).join(", ")]);
  }
  if (entry[PLAN_DONE]?.length) {
    const title = ({ item }) => planTitle(item) ?? gettext("An item of the plan");
    rows.push([gettext("Plan done"), entry[PLAN_DONE].map(title).join(", ")]);
  }
  if (entry.note) rows.push([gettext("Note"), entry.note]);
  const list = el("dl", "entry-details");
  for (const [term, value] of rows) list.append(el("dt", "", term), el("dd", "", value));
  return list;
}

function removePanel() {
  document.getElementById("queue-panel")?.remove();
}

// A panel above the Save button for a queued entry that needs a decision.
function panel(title, ...children) {
  removePanel();
  const box = el("section", "card queue-panel");
  box.id = "queue-panel";
  box.tabIndex = -1;
  box.setAttribute("aria-labelledby", "queue-panel-title");
  const heading = el("h2", "", title);
  heading.id = "queue-panel-title";
  box.append(heading, ...children);
  document.getElementById("save-button").before(box);
  return box;
}

function showConflict(record, focus) {
  const server = record.server;
  const mine = el("div", "version");
  mine.append(el("h3", "", gettext("Saved on this phone")), describe(record.body));
  const other = el("div", "version");
  other.append(el("h3", "", gettext("From the other device")));
  other.append(server ? describe(server) : el("p", "", gettext("This day was deleted there.")));
  const keepMine = el("button", "button primary", gettext("Keep mine"));
  keepMine.type = "button";
  const keepOther = el("button", "button", server ? gettext("Keep the other") : gettext("Delete it, as the other device did"));
  keepOther.type = "button";
  const box = panel(
    gettext("This day was changed on another device"),
    el("p", "", gettext("Which answers should Stride keep?")),
    el("div", "versions"),
    el("div", "panel-actions"),
  );
  box.querySelector(".versions").append(mine, other);
  box.querySelector(".panel-actions").append(keepMine, keepOther);
  keepMine.addEventListener("click", () => {
    // Sent over the other device's version, so it replaces it (or makes the day again if it was deleted).
    fillForm(record.body);
    version = server?.version ?? null;
    seenServer = true;
    form.requestSubmit(document.getElementById("save-button"));
  });
  keepOther.addEventListener("click", async () => {
    await queue.remove(record.key, record.rev);
    removePanel();
    touched.clear();
    fillForm(server ?? { function: null, pain: null });
    version = server?.version ?? null;
    seenServer = true;
    queue.rememberVersion(key, currentUser(), version).catch(() => null);
    statusLine.textContent = server
      ? gettext("Kept the answers from the other device.")
      : gettext("Nothing is logged on this day now.");
    await render();
    if (server) showDeleteZone();
  });
  statusLine.textContent = "";
  // After the person's own Save; a conflict found by the background sync doesn't move the focus (the status
  // line announces it).
  if (focus) box.focus();
}

function showInvalid(record) {
  fillForm(record.body);
  showErrors(form, { status: 400, body: record.problem ?? {} });
  const discard = el("button", "button", gettext("Don't send these answers"));
  discard.type = "button";
  panel(
    gettext("Stride couldn't take these answers"),
    el("p", "", gettext("They are saved on this phone. Fix what's marked and save again, or don't send them.")),
    discard,
  );
  discard.addEventListener("click", async () => {
    await queue.remove(record.key, record.rev);
    removePanel();
    clearErrors(form);
    statusLine.textContent = gettext("The answers saved on this phone were not sent.");
    await render();
  });
}

let shown = "";
const sentRevs = new Set(); // saves the background sync has sent: a copy read earlier is out of date
function showRecord(record, { focus = false } = {}) {
  const state = `${record.rev}:${record.state}`;
  if (state === shown || sentRevs.has(record.rev)) return;
  shown = state;
  removePanel();
  if (record.state === "conflict") showConflict(record, focus);
  else if (record.state === "invalid") showInvalid(record);
  else if (record.state === "signin") {
    statusLine.textContent = gettext("Saved on this phone. You've been signed out: sign in again to send it.");
  } else if (WAITING.has(record.state)) statusLine.textContent = SAVED_ON_PHONE;
}

// --- Loading and saving. ---

// Answers changed here (a quick tap before the saved day arrived on a slow connection, or answers given offline):
// filling the form from what is saved keeps them and fills in only the rest, so a tap is never undone and the
// saved answers it didn't touch are not lost. Ticks of goals and of the plan have their own path (saveTick).
const noteTouched = (event) => event.target.name && !TICKED.includes(event.target.name) && touched.add(event.target.name);
form.addEventListener("input", noteTouched);
form.addEventListener("change", noteTouched);

function fillKeepingTouched(entry) {
  const current = readForm();
  const kept = [...touched].filter((name) => name in current).map((name) => [name, current[name]]);
  fillForm({ ...entry, ...Object.fromEntries(kept) });
}

// A queued PATCH's answers over the server's day (its ticks put on the server's list).
const withPatch = (day, record) => ({
  ...day,
  ...record.body,
  ...(record.ticks ? tickedLists(day, record.ticks) : {}),
});

// Loads the day: this phone's queued answers first, then the server's. Run again when the connection comes back
// to a page that loaded without one, so its words are true again ("You're offline" is not left behind).
async function loadSaved() {
  const record = await queued();
  if (record?.method === "PATCH") {
    fillKeepingTouched(withPatch(readForm(), record));
    // What it changes counts as changed here: the server's answers fill in only the rest, and a save adds to it.
    for (const name of Object.keys(record.body)) if (!TICKED.includes(name)) touched.add(name);
  } else if (record) fillKeepingTouched(record.body);
  try {
    // Asked as a one-day range, so a day with nothing logged is an empty list rather than a 404.
    const { data: page } = await api("GET", `patients/${patient}/entries/?from=${date}&to=${date}`);
    const data = page.results[0];
    seenServer = true;
    known = null;
    version = data?.version ?? null;
    queue.rememberVersion(key, currentUser(), version).catch(() => null);
    if (data) {
      showDeleteZone();
      if (!record || record.method === "PATCH") fillKeepingTouched(record ? withPatch(data, record) : data);
      if (!record) statusLine.textContent = ALREADY;
    } else if (!record) {
      statusLine.textContent = "";
    }
  } catch (error) {
    if (error.status === 0) {
      known = await queue.knownVersion(key, currentUser()).catch(() => null);
      if (!record) {
        statusLine.textContent = known === null
          ? gettext("You're offline. You can still fill this in: it will be saved on this phone and sent when you're online.")
          : gettext(
            "You're offline. You logged this day already, and its answers show when you're online. What you change here is saved on this phone and added to them.",
          );
      }
    } else {
      showErrors(form, error);
    }
  }
  if (record) showRecord(record);
}

// The version these answers are sent from, read when the send begins (inside the lock): a tick or a save that
// finished meanwhile has moved it on, and is not another device.
const currentBase = (fallback) => (seenServer ? version : fallback);

// Sends a day (or some of its answers) in the one sender's lock, taking the version it is edited from there and
// keeping the server's new one before the lock is let go.
function sendNow(draft, fallbackBase) {
  return exclusive(async () => {
    const result = await send({ key, patient, date, rev: "not-queued", ...draft, base: currentBase(fallbackBase) });
    if (result.outcome === "sent") {
      version = result.version ?? version;
      seenServer = true;
    }
    return result;
  });
}

// What to do when a send was not taken: kept on this phone, as the answer says. True when it was taken.
async function settle(result, entry, base, extra = {}) {
  if (result.outcome === "sent") return true;
  if (result.outcome === "retry") await keepOnPhone(entry, base, { ...extra, failed: true });
  else if (result.outcome === "stop") await keepOnPhone(entry, base, { ...extra, state: "signin" });
  else if (result.outcome === "conflict" && result.mine) {
    await keepOnPhone(result.mine, result.server?.version ?? null, { state: "conflict", server: result.server });
  } else if (result.outcome === "conflict") await keepOnPhone(entry, base, { state: "conflict", server: result.server });
  else showErrors(form, { status: 400, body: result.problem ?? {} });
  return false;
}

async function keepOnPhone(entry, base, extra = {}) {
  let record;
  try {
    record = await queueEntry({ patient, date, page: entryPage, body: entry, base, ...extra });
  } catch {
    // No IndexedDB here (some private windows): the answers stay only in this open page.
    showErrors(form, {
      status: 0,
      body: {
        detail: gettext(
          "Stride can't be reached and this browser can't keep the answers. Keep this page open and save again when you're online.",
        ),
      },
    });
    return null;
  }
  shown = "";
  showRecord(record, { focus: true });
  return record;
}

async function save(event) {
  event.preventDefault();
  clearErrors(form);
  statusLine.textContent = "";
  hideDayAdds();
  const record = await queued();
  // Offline, on a day saved before whose answers this page could not load: only what changed here is sent.
  if (!seenServer && (record?.method === "PATCH" || (!record && known !== null))) return savePatch(record);
  const entry = readForm();
  if (missingRequired(entry)) return;
  // The version these answers replace: the server's as this page last saw it, else the queued entry's.
  let base = record?.base ?? null;
  if (seenServer) base = version;
  else if (record?.state === "conflict") base = record.server?.version ?? null;
  if (navigator.onLine === false) {
    await keepOnPhone(entry, base);
    return;
  }
  const result = await sendNow({ body: entry, checked: seenServer }, base);
  if (!(await settle(result, entry, base))) return;
  if (record) await queue.remove(key, record.rev); // the day's newer answers are on the server now
  touched.clear();
  removePanel();
  shown = "";
  statusLine.textContent = SAVED;
  showDeleteZone();
  fillGoalsDone(entry[GOALS_DONE]);
  fillPlanDone(entry[PLAN_DONE]);
  planWaitFor(null);
  await render();
  const before = goalsShown();
  const after = await refreshGoals(goalArgs);
  if (isToday) await showDayAdds({ patient, date, before, after });
}

// Offline answers on a day this phone knows was saved (`known`), or a queued PATCH changed again: the answers
// changed here go as a PATCH from that version, replacing the queued one (same base, one record a day).
async function savePatch(record) {
  const current = readForm();
  const body = { ...(record?.body ?? {}) };
  for (const name of touched) if (name in current) body[name] = current[name];
  if (!Object.keys(body).length) {
    statusLine.textContent = gettext("Nothing has changed here yet. Choose an answer to change it.");
    return;
  }
  const base = record?.base ?? known;
  const extra = { method: "PATCH", ticks: record?.ticks ?? null };
  if (navigator.onLine === false) {
    await keepOnPhone(body, base, extra);
    return;
  }
  const result = await sendNow({ body, ...extra }, base);
  if (!(await settle(result, body, base, extra))) return;
  if (record) await queue.remove(key, record.rev);
  touched.clear();
  await loadSaved(); // the whole day, now that the server has it
  statusLine.textContent = SAVED;
  await render();
  await refreshGoals(goalArgs);
}

// --- A tick of a goal or of a plan item saves itself. ---

let ticking = Promise.resolve();
let ticksPending = 0;
function queueTick(change) {
  ticksPending += 1;
  // One after another, each from the version the last one left.
  ticking = ticking.then(() => saveTick(change)).catch(() => null).finally(() => (ticksPending -= 1));
}
const tick = (goal, ticked) =>
  queueTick({ ticked: { [goal]: ticked }, field: GOALS_DONE, read: readGoalsDone, wait: ticksWaitFor });
const tickPlan = (item, amount) =>
  queueTick({ ticked: { [planTick(item)]: amount }, field: PLAN_DONE, read: readPlanDone, wait: planWaitFor });

// `ticked`: the tick as a record's `ticks` keeps it; `field`, the day's list it changes, as `read` answers it now;
// `wait`, the card's words for what the tick waits for.
async function saveTick({ ticked, field, read, wait }) {
  const list = read();
  const record = await queued();
  if (record && record.method !== "PATCH") {
    // The whole day waits on this phone: the tick goes with it (the same record, the same version).
    await queue.update(record.key, record.rev, { body: { ...record.body, [field]: list } });
    wait(WAITING.has(record.state) ? "phone" : null);
    return;
  }
  const fallback = record?.base ?? known;
  if (!seenServer && fallback === null) return wait("save");
  if (seenServer && version === null) return wait("save"); // nothing saved this day yet: it goes with Save
  // The tick itself, beside the list: after a 412 it goes on the server's list, which another device may have changed.
  const ticks = { ...(record?.ticks ?? {}), ...ticked };
  const body = { ...(record?.body ?? {}), [field]: list };
  const extra = { method: "PATCH", ticks };
  if (navigator.onLine === false) {
    await keepOnPhone(body, currentBase(fallback), extra);
    wait("phone");
    return;
  }
  wait(null);
  const result = await sendNow({ body, ...extra }, fallback);
  if (!(await settle(result, body, currentBase(fallback), extra))) {
    if (result.outcome === "retry" || result.outcome === "stop") wait("phone");
    return;
  }
  if (record) await queue.remove(key, record.rev);
  if (statusLine.textContent === SAVED_ON_PHONE) statusLine.textContent = "";
  await render();
  if (ticksPending > 1 || field !== GOALS_DONE) return; // the next tick refreshes the card, with this one's count in it
  fillGoalsDone(readGoalsDone());
  await refreshGoals(goalArgs);
}

// The background sync sent or settled this day's queued entry (sync.js dispatches this after each round).
window.addEventListener("stride:queue", async (event) => {
  const sent = event.detail.sent.find((item) => item.key === key);
  if (sent) {
    sentRevs.add(sent.rev);
    version = sent.version ?? version;
    shown = "";
    removePanel();
    if (!seenServer) await loadSaved(); // a page that loaded offline: now the whole day, as the server has it
    seenServer = true;
    statusLine.textContent = gettext("Synced. This day is saved on Stride.");
    showDeleteZone();
    fillGoalsDone(readGoalsDone()); // the ticks as they stand are the day's now: the card is drawn from them
    planWaitFor(null);
    await showOrRefreshGoals();
    return;
  }
  const record = await queued();
  if (record) showRecord(record);
});

function setUpDelete() {
  const zone = document.getElementById("delete-zone");
  if (!zone) return;
  const box = document.getElementById("delete-confirm");
  confirmFirst({
    ask: document.getElementById("delete-button"),
    box,
    no: document.getElementById("delete-no"),
    yes: document.getElementById("delete-yes"),
    action: async () => {
      try {
        await api("DELETE", path, { headers: version === null ? {} : { "If-Match": `"${version}"` } });
        await queue.rememberVersion(key, currentUser(), null).catch(() => null);
        location.assign(`${form.dataset.history}?deleted=${date}`);
      } catch (error) {
        box.hidden = true;
        showErrors(form, error);
      }
    },
  });
}

document.getElementById("clear-optional").addEventListener("click", () => {
  const { function: fn, pain, ...optional } = readForm();
  for (const name of Object.keys(optional)) if (!TICKED.includes(name)) touched.add(name);
  fillForm({ function: fn, pain, [GOALS_DONE]: readGoalsDone(), [PLAN_DONE]: readPlanDone() });
});
form.addEventListener("submit", save);

// Save sits right after the two required answers; with the optional part open it goes to the end of the form,
// after the last answer, so the page and the keyboard reach it in the same order.
const saveRow = document.getElementById("save-row");
const moreDetails = document.getElementById("more-details");
const afterAnswers = document.querySelector(".checkin-invite") ?? document.getElementById("plan-card");
const placeSave = () => (moreDetails.open ? moreDetails.after(saveRow) : afterAnswers.before(saveRow));
moreDetails.addEventListener("toggle", placeSave);
placeSave();
document.getElementById("symptoms-field").addEventListener("change", () => refreshGroups());
setUpDelete();
const goalArgs = { patient, date, isToday, tick };
let goalsLoaded = false;
async function showOrRefreshGoals() {
  if (goalsLoaded) return refreshGoals(goalArgs);
  const result = await showGoals(goalArgs);
  goalsLoaded = !document.getElementById("goal-card").hidden;
  return result;
}
const planArgs = { patient, date, isToday, tick: tickPlan };
// Back online, a page that loaded offline asks the server for the day, its plan and its goals, so what it says is
// true.
window.addEventListener("online", async () => {
  if (!seenServer) await loadSaved();
  if (!planShown()) await showPlan(planArgs);
  if (!goalsLoaded) await showOrRefreshGoals();
});
loadSaved().then(() => Promise.all([showPlan(planArgs), showOrRefreshGoals()]));
