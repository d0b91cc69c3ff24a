// Who has looked at a diary: one line per visit, newest first, such as
// "Dana (parent) looked at Trends and Days, 5 times" over "Sat 21 Nov, 14:02–14:10".
import { el, pagedList } from "./api.js";
import { dateFormat, formatDate, gettext, interpolate, language, ngettext, pgettext } from "./i18n.js";

const root = document.getElementById("access-log");
// The plain words for what was read come from the server's Reading vocabulary, the one list of them.
const WORDS = JSON.parse(document.getElementById("read-words").textContent);
// A change to the treatment plan names its item ("plan dose 12"): the page gets the plan's titles by id.
const PLAN_TITLES = JSON.parse(document.getElementById("plan-titles").textContent);
const ROLE = { parent: pgettext("role", "parent"), clinician: pgettext("role", "clinician"), teen: pgettext("role", "teen") };
// One whole sentence for each action, once and several times.
const ONCE = {
  read: gettext("%(who)s looked at %(what)s"),
  export: gettext("%(who)s downloaded %(what)s"),
  change: gettext("%(who)s changed the treatment plan: %(what)s"),
};
const SEVERAL = {
  read: (count) => ngettext("%(who)s looked at %(what)s, %(count)s time", "%(who)s looked at %(what)s, %(count)s times", count),
  export: (count) => ngettext("%(who)s downloaded %(what)s, %(count)s time", "%(who)s downloaded %(what)s, %(count)s times", count),
  change: (count) => ngettext(
    "%(who)s changed the treatment plan: %(what)s (%(count)s change)",
    "%(who)s changed the treatment plan: %(what)s (%(count)s changes)",
    count,
  ),
};
const PLAN_CODE = /^plan (added|changed|dose|ended) (\d+)$/;
const PLAN_CHANGES = {
  added: gettext("added %(title)s"),
  changed: gettext("changed the words of %(title)s"),
  dose: gettext("changed %(title)s from the next day"),
  ended: gettext("ended %(title)s"),
};
const DAY_CODE = /^(.+) (\d{4}-\d{2}-\d{2})$/;
const AND = new Intl.ListFormat(language, { type: "conjunction" });
const WHEN = dateFormat("shortTime");

// "entry 2026-03-02" is one day's record: the words for "entry", then the day. "plan dose 12" is a change to the
// plan's item 12.
function word(code) {
  if (WORDS[code]) return WORDS[code];
  const [, change, item] = PLAN_CODE.exec(code) ?? [];
  if (change) return interpolate(PLAN_CHANGES[change], { title: PLAN_TITLES[item] ?? gettext("an item") });
  const [, kind, day] = DAY_CODE.exec(code) ?? [];
  return WORDS[kind] ? interpolate(gettext("%(what)s %(day)s"), { what: WORDS[kind], day: formatDate(day, "shortWeekday") }) : code;
}

// "Dr Lee (clinician)", or "Dr Lee (Pain Team)" where the read came through a clinic the teen shares with.
function reader(row) {
  const name = row.actor.display_name;
  if (row.clinic) return interpolate(gettext("%(name)s (%(clinic)s)"), { name, clinic: row.clinic.name });
  return interpolate(gettext("%(name)s (%(role)s)"), { name, role: ROLE[row.actor.role] ?? row.actor.role });
}

function describe(row) {
  const who = reader(row);
  const values = { who, what: AND.format(row.details.map(word)), count: row.count };
  const action = ONCE[row.action] ? row.action : "read";
  return interpolate(row.count > 1 ? SEVERAL[action](row.count) : ONCE[action], values);
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
  failure: gettext("We couldn't load the log. Please try again."),
});
