// The treatment plan's small words, shared by the Plan page, Trends and the Summary: a dose with its unit, and a
// share of the plan as a whole percent. (Sentences about the plan come from the server, diary/words.py.)
import { gettext, interpolate, language, ngettext } from "./i18n.js";

const whole = new Intl.NumberFormat(language);
const percentFormat = new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 0 });

// "25 minutes", "3 times", "10 repetitions".
export function doseText(dose, unit) {
  const count = whole.format(dose);
  if (unit === "minutes") return interpolate(ngettext("%(count)s minute", "%(count)s minutes", dose), { count });
  if (unit === "times") return interpolate(ngettext("%(count)s time", "%(count)s times", dose), { count });
  return interpolate(ngettext("%(count)s repetition", "%(count)s repetitions", dose), { count });
}

export const percent = (share) => (share === null || share === undefined ? "–" : percentFormat.format(share));

// "2.5 of 5": what was done of what was expected, in days' worth, one decimal at most.
const upToOne = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
export const doneOf = (done, expected) =>
  interpolate(gettext("%(done)s of %(expected)s"), { done: upToOne.format(done), expected: upToOne.format(expected) });
