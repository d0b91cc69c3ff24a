// Sends the entries queued on this phone (queue.js) and shows how that is going in the sync status line.
//
// Rules, for each queued entry of the signed-in account, sent by PUT to its date (idempotent), or by PATCH with
// If-Match for a record of some answers only (goal ticks; answers changed offline on a day known to be saved):
//   2xx         removed from the queue: the only way an entry leaves it, apart from signing out.
//   401, 403    kept; the status asks to sign in again; tried again on the next page load.
//   5xx, 429,
//   no network  kept; tried again later, waiting 1, 2, 4 ... minutes, at most 30.
//   412         kept; the server's current entry is fetched, and the day's page shows both versions and lets
//               the person choose: keep mine (sent again over the server's version) or keep the other.
//   other 4xx   kept; the day's page shows what to fix.
// An entry edited from no known version is first checked against the server, so it never silently replaces
// an entry made on another device: the same answers count as sent, different ones are a conflict. A PATCH met by
// a 412 puts its ticks on the server's list and is sent again; only an answer the server holds differently is a
// conflict. Every version the server confirms is remembered (queue.rememberVersion), so a day saved from this
// phone and opened offline later is edited from that version, not taken for another device's.
// Nothing is ever dropped for its age. Sync runs on page load, on the `online` event and on a timer.
import { api, el } from "../api.js";
import { capitalized, formatDate, gettext, interpolate, ngettext } from "../i18n.js";
import * as queue from "./queue.js";

const MINUTE = 60 * 1000;
const LONGEST_WAIT = 30 * MINUTE;
// An entry's fields by the kind of input that holds them; the entry form reads and fills them by these.
export const LISTS = ["symptoms", "pain_locations", "therapies"];
export const SCALES = ["function", "pain", "sleep_quality", "mood", "fatigue"];
export const NUMBERS = ["sleep_hours", "exercise_minutes"];
// Lists of ids: the `custom` goals done that day (ticked on Today's goal card, goal-bar.js).
export const GOALS_DONE = "goals_done";
export const ID_LISTS = [GOALS_DONE];
// The amounts done of the treatment plan's items that day, [{item, amount}] (ticked on Today's plan card).
export const PLAN_DONE = "plan_done";
export const TICKED = [GOALS_DONE, PLAN_DONE]; // the lists a tick changes, each with its own path (entry.js)
export const FIELDS = [...SCALES, ...NUMBERS, "school", ...LISTS, ...ID_LISTS, PLAN_DONE, "note", "note_private"];
export const WAITING = new Set(["pending", "retry"]);

const statusBox = () => document.getElementById("sync-status");
export const currentUser = () => statusBox()?.dataset.user || null;
export const entryPath = (record) => `patients/${record.patient}/entries/${record.date}/`;
export const waitAfter = (attempts) => Math.min(MINUTE * 2 ** Math.max(attempts - 1, 0), LONGEST_WAIT);

const itemAmount = (value) => (value && typeof value === "object" ? `${value.item}:${Number(value.amount)}` : value);

function normalise(value) {
  if (Array.isArray(value)) return value.map(itemAmount).sort().join(",");
  if (value === undefined || value === null || value === "") return "";
  return String(typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)) ? Number(value) : value);
}

// Whether the server's entry already holds these answers (fields it did not send are not compared).
export function sameAnswers(serverEntry, body) {
  return FIELDS.every((field) => !(field in serverEntry) || normalise(serverEntry[field]) === normalise(body[field]));
}

// The server's entry for the record's day, or null when nothing is logged that day.
export async function serverEntry(record) {
  const range = `from=${record.date}&to=${record.date}`;
  const { data } = await api("GET", `patients/${record.patient}/entries/?${range}`);
  return data.results[0] ?? null;
}

let persistenceAsked = false;
function askToPersist() {
  // Asks the browser not to clear this site's storage under pressure; asked once, when something is queued.
  if (persistenceAsked || !navigator.storage?.persist) return;
  persistenceAsked = true;
  navigator.storage.persisted().then((done) => done || navigator.storage.persist()).catch(() => null);
}

// A tick of a plan item is kept beside a goal's in a record's `ticks`, under "plan:<item>", with its amount (or null).
const PLAN_TICK = "plan:";
export const planTick = (item) => `${PLAN_TICK}${item}`;

// A day's goals_done with the ticks made on this phone put on it (the ids of `list`, plus or minus each tick).
export function withTicks(list, ticks) {
  const ids = new Set(list ?? []);
  for (const [id, ticked] of Object.entries(ticks ?? {})) {
    if (id.startsWith(PLAN_TICK)) continue;
    if (ticked) ids.add(Number(id));
    else ids.delete(Number(id));
  }
  return [...ids].sort((a, b) => a - b);
}

// A day's plan_done with the plan ticks made on this phone put on it (each ticked item's amount, or none).
export function withPlanTicks(list, ticks) {
  const amounts = new Map((list ?? []).map(({ item, amount }) => [Number(item), amount]));
  for (const [key, amount] of Object.entries(ticks ?? {})) {
    if (!key.startsWith(PLAN_TICK)) continue;
    const item = Number(key.slice(PLAN_TICK.length));
    if (amount > 0) amounts.set(item, amount);
    else amounts.delete(item);
  }
  return [...amounts].map(([item, amount]) => ({ item, amount })).sort((a, b) => a.item - b.item);
}

// The ticks' lists on the server's day: goals_done and plan_done with this phone's ticks put on them.
export const tickedLists = (day, ticks) => ({
  [GOALS_DONE]: withTicks(day?.[GOALS_DONE], ticks),
  [PLAN_DONE]: withPlanTicks(day?.[PLAN_DONE], ticks),
});

const answersOf = (entry) => Object.fromEntries(FIELDS.filter((field) => field in entry).map((field) => [field, entry[field]]));

// Queues one day's entry. `failed` says a send was just tried and failed, which counts as the first attempt.
export async function queueEntry({ patient, date, page, body, base, failed = false, state, server, method, ticks }) {
  const record = await queue.save({
    patient: String(patient),
    date,
    page,
    body,
    method: method ?? "PUT",
    ticks: ticks ?? null,
    base: base ?? null,
    user: currentUser(),
    state: state ?? (failed ? "retry" : "pending"),
    attempts: failed ? 1 : 0,
    nextTry: Date.now() + MINUTE,
    server: server ?? null,
  });
  askToPersist();
  await render();
  schedule();
  return record;
}

// The server holds this record's answers now, as `version`: it leaves the queue, and the version is remembered.
async function done(record, version) {
  await queue.remove(record.key, record.rev);
  await queue.rememberVersion(record.key, record.user ?? currentUser(), version).catch(() => null);
  return { outcome: "sent", version };
}

async function settleAgainst(record, current) {
  if (current && sameAnswers(current, record.body)) return done(record, current.version);
  await queue.update(record.key, record.rev, { state: "conflict", server: current });
  return { outcome: "conflict", server: current };
}

async function retryLater(record) {
  const attempts = (record.attempts ?? 0) + 1;
  await queue.update(record.key, record.rev, { state: "retry", attempts, nextTry: Date.now() + waitAfter(attempts) });
  return { outcome: "retry" };
}

async function failed(record, error) {
  const status = error?.status ?? 0;
  if (status === 412) {
    try {
      return await settleAgainst(record, await serverEntry(record));
    } catch (again) {
      return failed(record, again);
    }
  }
  if (status === 401 || status === 403) {
    await queue.update(record.key, record.rev, { state: "signin" });
    return { outcome: "stop" };
  }
  if (status === 0 || status === 408 || status === 429 || status >= 500) return retryLater(record);
  await queue.update(record.key, record.rev, { state: "invalid", problem: error.body ?? {} });
  return { outcome: "invalid", problem: error.body ?? {} };
}

// A PATCH whose version is no longer the server's (or whose day is gone): its ticks go on the server's list and it
// is sent again from the server's version, unless an answer it changes is held differently there, which is a
// conflict shown as for a whole day (the day's page offers both; `mine` is this phone's answers over the server's).
async function rebase(record, current, tries) {
  const answers = Object.keys(record.body).filter((field) => !TICKED.includes(field));
  const body = { ...record.body };
  if (record.ticks) Object.assign(body, tickedLists(current, record.ticks));
  const differs = !current || answers.some((field) => normalise(current[field]) !== normalise(body[field]));
  if (differs || tries <= 1) {
    const mine = { ...(current ? answersOf(current) : {}), ...body };
    const changes = { state: "conflict", server: current, body: mine, method: "PUT", ticks: null, base: current?.version ?? null };
    await queue.update(record.key, record.rev, changes);
    return { outcome: "conflict", server: current, mine };
  }
  if (Object.keys(body).every((field) => normalise(current[field]) === normalise(body[field]))) {
    return done(record, current.version); // the server holds these answers already (an answer that got lost)
  }
  await queue.update(record.key, record.rev, { base: current.version, body });
  return sendPatch({ ...record, base: current.version, body }, tries - 1);
}

async function sendPatch(record, tries = 3) {
  try {
    if (record.base === null || record.base === undefined) return await rebase(record, await serverEntry(record), tries);
    const headers = { "If-Match": `"${record.base}"` };
    const { data } = await api("PATCH", entryPath(record), { body: record.body, headers });
    return await done(record, data.version);
  } catch (error) {
    if (error?.status !== 412 && error?.status !== 404) return failed(record, error);
    try {
      return await rebase(record, await serverEntry(record), tries);
    } catch (again) {
      return failed(record, again);
    }
  }
}

// Sends one entry and settles its queue record by the answer. `record.checked` says its `base` was just read
// from the server (a save from a freshly loaded page), so no check for another device's entry is needed.
export async function send(record) {
  if (record.method === "PATCH") return sendPatch(record);
  try {
    if ((record.base === null || record.base === undefined) && !record.checked) {
      const current = await serverEntry(record);
      if (current) return await settleAgainst(record, current);
    }
    const headers = record.base === null || record.base === undefined ? {} : { "If-Match": `"${record.base}"` };
    const { data } = await api("PUT", entryPath(record), { body: record.body, headers });
    return await done(record, data.version);
  } catch (error) {
    return failed(record, error);
  }
}

const byDate = (a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

async function runSync(force) {
  const user = currentUser();
  const sent = [];
  if (user && navigator.onLine !== false) {
    const records = (await queue.all()).filter((record) => record.user === user).sort(byDate);
    for (const record of records) {
      const due = record.state === "signin" ? force : WAITING.has(record.state) && (force || record.nextTry <= Date.now());
      if (!due) continue;
      const result = await send(record);
      if (result.outcome === "sent") sent.push({ key: record.key, rev: record.rev, version: result.version });
      if (result.outcome === "stop") break; // signed out: the others would get the same answer
    }
  }
  return sent;
}

// One sender at a time across the tabs of this browser, where the Web Locks API exists.
export const exclusive = (work) => (navigator.locks?.request ? navigator.locks.request("stride-sync", work) : work());

let running = null;
let following = null;
let followingForce = false;
let lastSent = [];

// Sends what is due (everything when `force`), then updates the status line and tells the page.
export function syncNow({ force = false } = {}) {
  if (running) {
    // Asked during a sync, which may have begun offline (the page loaded offline, then the `online` event came
    // while that sync was finishing): one more sync follows it, so the ask is never lost. Asks made meanwhile
    // share that one.
    followingForce ||= force;
    following ??= running.then(() => {
      const again = followingForce;
      following = null;
      followingForce = false;
      return syncNow({ force: again });
    });
    return following;
  }
  running = exclusive(() => runSync(force))
    .catch(() => [])
    .then(async (sent) => {
      if (sent.length) lastSent = sent;
      await render();
      schedule();
      window.dispatchEvent(new CustomEvent("stride:queue", { detail: { sent } }));
      return sent;
    })
    .finally(() => (running = null));
  return running;
}

let timer = null;
async function schedule() {
  clearTimeout(timer);
  const user = currentUser();
  if (!user) return;
  const waiting = (await queue.all().catch(() => [])).filter((r) => r.user === user && WAITING.has(r.state));
  if (!waiting.length) return;
  const next = Math.min(...waiting.map((record) => record.nextTry ?? 0));
  timer = setTimeout(() => syncNow(), Math.max(next - Date.now(), 5000));
}

const dayName = (date) => formatDate(date, "weekday");

function line(text, link) {
  const node = el("p", "", text);
  if (link) {
    const anchor = el("a", "", link.text);
    anchor.href = link.href;
    node.append(" ", anchor);
  }
  return node;
}

// The sync status line of every page (base.html): empty when nothing waits on this phone.
export async function render() {
  const box = statusBox();
  if (!box) return;
  let records = [];
  try {
    records = await queue.all();
  } catch {
    return;
  }
  const user = currentUser();
  const mine = records.filter((record) => user && record.user === user).sort(byDate);
  const others = records.length - mine.length;
  const lines = [];
  for (const record of mine.filter((r) => r.state === "conflict")) {
    // A sentence that starts with the day starts with a capital ("Sunday, ...", "El domingo, ...").
    const text = capitalized(interpolate(gettext("%(day)s was also changed on another device."), { day: dayName(record.date) }));
    lines.push(line(text, { text: gettext("Choose which to keep"), href: record.page }));
  }
  for (const record of mine.filter((r) => r.state === "invalid")) {
    const text = capitalized(interpolate(gettext("%(day)s couldn't be sent."), { day: dayName(record.date) }));
    lines.push(line(text, { text: gettext("See what to fix"), href: record.page }));
  }
  const signin = mine.filter((r) => r.state === "signin").length;
  if (signin) {
    const next = encodeURIComponent(location.pathname);
    const text = interpolate(ngettext(
      "You've been signed out. Sign in again to send %(count)s entry saved on this phone.",
      "You've been signed out. Sign in again to send %(count)s entries saved on this phone.",
      signin,
    ), { count: signin });
    lines.push(line(text, { text: gettext("Sign in"), href: `/login/?next=${next}` }));
  }
  const waiting = mine.filter((r) => WAITING.has(r.state)).length;
  if (waiting) {
    const text = navigator.onLine === false
      ? ngettext(
        "%(count)s entry waiting to send. It'll be sent when you're online.",
        "%(count)s entries waiting to send. They'll be sent when you're online.",
        waiting,
      )
      : ngettext("%(count)s entry waiting to send. Trying again soon.", "%(count)s entries waiting to send. Trying again soon.", waiting);
    lines.push(line(interpolate(text, { count: waiting })));
  }
  if (others) {
    const text = user
      ? ngettext(
        "%(count)s entry saved on this phone by another account will be sent when that account signs in.",
        "%(count)s entries saved on this phone by another account will be sent when that account signs in.",
        others,
      )
      : ngettext(
        "%(count)s entry saved on this phone is waiting. Sign in to send it.",
        "%(count)s entries saved on this phone are waiting. Sign in to send them.",
        others,
      );
    lines.push(line(interpolate(text, { count: others })));
  }
  if (!lines.length && lastSent.length) {
    const text = ngettext(
      "Synced. %(count)s entry saved on this phone reached Stride.",
      "Synced. %(count)s entries saved on this phone reached Stride.",
      lastSent.length,
    );
    lines.push(line(interpolate(text, { count: lastSent.length })));
  }
  const signature = lines.map((node) => node.textContent).join("\n");
  if (box.dataset.shown === signature) return;
  box.dataset.shown = signature;
  box.replaceChildren(...lines);
  box.classList.toggle("attention", mine.some((r) => r.state === "conflict" || r.state === "invalid" || r.state === "signin"));
}

// Sign-out: the queue and every kept page go; static files (no personal data) may stay.
export async function wipeLocalData() {
  await queue.clear().catch(() => null);
  if (window.caches) {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith("stride-pages-")).map((name) => caches.delete(name)));
  }
  lastSent = [];
}

// Entries of any account on this phone that the server has not confirmed.
export async function unsentCount() {
  return (await queue.all().catch(() => [])).length;
}
