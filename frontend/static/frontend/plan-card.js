// Today's plan card: each item of the treatment plan due that day, with that day's dose ("Walk: 25 minutes") and a
// "Did it" tick, or the amount typed, kept in the day's `plan_done` ([{item, amount}]). A tick saves itself as a
// goal's does (entry.js), through the offline queue when there is no connection; on a day not saved yet it goes
// with the first Save. A school item is done from the day's School answer, so it shows without a tick. With no
// plan, or offline on a page that loaded offline, the card stays hidden and the day's ticks are kept as they were.
import { api, el } from "./api.js";
import { gettext, interpolate } from "./i18n.js";
import { doseText } from "./plan-words.js";
const card = document.getElementById("plan-card");
let amounts = new Map(); // item id → amount: the day's plan_done as last filled in, with this page's ticks on it
let rows = [];
let onTick = null;

// The day's plan_done: every amount above 0, an item this card does not show (ended since) included.
export function readPlanDone() {
  return [...amounts]
    .filter(([, amount]) => amount > 0)
    .map(([item, amount]) => ({ item, amount }))
    .sort((a, b) => a.item - b.item);
}

export function fillPlanDone(list) {
  amounts = new Map((list ?? []).map(({ item, amount }) => [Number(item), Number(amount)]));
  rows.forEach(draw);
}

// What the ticks made here wait for: "save" (the day is not saved yet), "phone" (kept on this phone until it is
// online), or null (saved, or being saved).
export function planWaitFor(state) {
  const line = document.getElementById("plan-wait");
  if (!line) return;
  const words = {
    save: gettext("Your ticks are kept when you save your day."),
    phone: gettext("Your ticks are saved on this phone until you're online."),
  };
  line.textContent = words[state] ?? "";
  line.hidden = !words[state];
}

const MEASURED = new Set(["minutes", "repetitions", "times"]);
const amountLabel = {
  minutes: () => gettext("Minutes done"),
  repetitions: () => gettext("Repetitions done"),
  times: () => gettext("Times done"),
};

function draw({ item, box, number }) {
  if (!box) return;
  const amount = amounts.get(item.item) ?? null;
  box.checked = amount > 0;
  if (number && document.activeElement !== number) number.value = amount > 0 ? String(amount) : "";
}

function set(item, amount) {
  if (amount > 0) amounts.set(item, amount);
  else amounts.delete(item);
  onTick?.(item, amount > 0 ? amount : null);
}

// One item: its title and that day's dose, a "Did it" tick (one tap gives the whole dose) and, for an item
// measured in minutes, repetitions or times, the amount done, for a day with more or less than the dose.
function planRow(item, tickLabel) {
  const li = el("li", "plan-row");
  const name = el("p", "plan-title", item.title);
  name.id = `plan-row-${item.item}`;
  const measured = MEASURED.has(item.unit) && item.dose;
  if (measured) name.append(el("span", "plan-dose", `: ${doseText(item.dose, item.unit)}`));
  li.append(name);
  const entry = { item, box: null, number: null };
  if (item.kind === "school") {
    li.append(el("p", "plan-hint muted", gettext("Done from your School answer for the day.")));
    return { li, entry };
  }
  const controls = el("div", "plan-controls");
  const label = el("label", "chip plan-tick");
  const box = el("input");
  box.type = "checkbox";
  box.setAttribute("aria-describedby", name.id);
  label.append(box, el("span", "", tickLabel));
  controls.append(label);
  entry.box = box;
  box.addEventListener("change", () => {
    set(item.item, box.checked ? (measured ? item.dose : 1) : null);
    draw(entry);
  });
  if (measured) {
    const field = el("label", "plan-amount");
    const number = el("input");
    Object.assign(number, { type: "number", inputMode: "numeric", min: "0", max: String(item.dose * 10), step: "1" });
    number.setAttribute("aria-describedby", name.id);
    field.append(el("span", "", amountLabel[item.unit]()), number);
    controls.append(field);
    entry.number = number;
    number.addEventListener("change", () => {
      const typed = number.value === "" ? null : Math.round(Number(number.value));
      if (typed !== null && (!Number.isFinite(typed) || typed < 0 || typed > item.dose * 10)) {
        number.setCustomValidity(
          interpolate(gettext("Type a number from 0 to %(most)s."), { most: String(item.dose * 10) }),
        );
        number.reportValidity();
        return;
      }
      number.setCustomValidity("");
      set(item.item, typed);
      draw(entry);
    });
  }
  li.append(controls);
  draw(entry);
  return { li, entry };
}

// Loads the items due on `date` and draws the card; `tick(item, amount)` is called on every change (amount null
// for none). A failure (offline) or an empty plan leaves it hidden.
export async function showPlan({ patient, date, isToday, tick }) {
  if (!card) return;
  onTick = tick ?? null;
  try {
    const { data: items } = await api("GET", `patients/${patient}/plan/day/${date}/`);
    const title = document.getElementById("plan-card-title");
    title.textContent = isToday ? title.dataset.today : title.dataset.past;
    const built = items.map((item) => planRow(item, isToday ? gettext("Did it today") : gettext("Did it this day")));
    rows = built.map(({ entry }) => entry);
    document.getElementById("plan-rows").replaceChildren(...built.map(({ li }) => li));
    card.hidden = items.length === 0;
  } catch {
    card.hidden = true;
  }
}

export const planShown = () => Boolean(card) && !card.hidden;

// The item's title as the card shows it, for the conflict panel's list of a day's answers.
export const planTitle = (item) => document.getElementById(`plan-row-${item}`)?.firstChild?.textContent ?? null;
