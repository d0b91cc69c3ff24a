// Translations for the page's modules, with Django's names: gettext, ngettext, pgettext and interpolate.
// The catalogue of the page's language comes in the page itself (`{% js_catalog %}` in base.html), so a page
// kept for offline use keeps its words. Plural forms follow the language's rules through Intl.PluralRules:
// Django's own jsi18n script would give the same answer, but as a script at a URL of its own.

const data = JSON.parse(document.getElementById("js-catalog")?.textContent || "{}");
const catalog = data.catalog || {};

export const language = data.language || document.documentElement.lang || "en";
const rules = new Intl.PluralRules(language);
// The catalogue's plural forms come in CLDR's order (Spanish: one, many, other; English: one, other), which
// is the order of Django's Plural-Forms formulas for these languages.
const categories = ["zero", "one", "two", "few", "many", "other"].filter((category) =>
  rules.resolvedOptions().pluralCategories.includes(category),
);
const pluralIndex = (count) => categories.indexOf(rules.select(count));

export function gettext(message) {
  const found = catalog[message];
  if (found === undefined) return message;
  return Array.isArray(found) ? found[0] : found;
}

export function ngettext(singular, plural, count) {
  const found = catalog[singular];
  const index = pluralIndex(count);
  if (!Array.isArray(found)) return count === 1 ? singular : plural;
  return found[Math.min(index, found.length - 1)];
}

export function pgettext(context, message) {
  const found = catalog[`${context}\x04${message}`];
  if (found === undefined) return message;
  return Array.isArray(found) ? found[0] : found;
}

// interpolate("%(count)s days", { count: 3 }) and interpolate("%s of %s", [1, 2]), as in Django's jsi18n.
export function interpolate(format, values) {
  if (Array.isArray(values)) {
    let next = 0;
    return format.replace(/%s/g, () => String(values[next++]));
  }
  return format.replace(/%\((\w+)\)s/g, (_match, name) => String(values[name]));
}

// Dates: one way to write each kind of date per language, the same as the server's (diary/words.py, say_date):
// "December 6" and "Sunday, December 6" in English, "6 de diciembre" and "domingo, 6 de diciembre" in Spanish;
// the short kinds ("Dec 6", "6 dic") are for charts, tables and lists. Every module writes dates through here.
const DATE_KINDS = {
  day: { day: "numeric", month: "long" },
  weekday: { weekday: "long", day: "numeric", month: "long" },
  dayYear: { day: "numeric", month: "long", year: "numeric" },
  weekdayYear: { weekday: "long", day: "numeric", month: "long", year: "numeric" },
  weekdayName: { weekday: "long" },
  short: { day: "numeric", month: "short" },
  shortWeekday: { weekday: "short", day: "numeric", month: "short" },
  shortYear: { day: "numeric", month: "short", year: "numeric" },
  shortWeekdayName: { weekday: "short" },
  monthYear: { month: "short", year: "numeric" },
  time: { day: "numeric", month: "short", year: "numeric", hour: "numeric", minute: "2-digit" },
  shortTime: { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" },
};
const formats = new Map();

// The Intl.DateTimeFormat of a kind, for format, formatRange and formatToParts. A day (`inUtc`) is a calendar
// date, the same wherever the phone is; an instant (the default) is shown in the phone's own time zone.
export function dateFormat(kind, { inUtc = false } = {}) {
  const key = `${kind}|${inUtc}`;
  if (!formats.has(key)) {
    const options = { ...DATE_KINDS[kind], ...(inUtc ? { timeZone: "UTC" } : {}) };
    formats.set(key, new Intl.DateTimeFormat(language, options));
  }
  return formats.get(key);
}

// A calendar day ("2026-12-06") or an instant (an ISO date-time, or a Date), written as `kind` says.
export function formatDate(value, kind = "day") {
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return dateFormat(kind, { inUtc: true }).format(new Date(`${value}T12:00:00Z`));
  }
  return dateFormat(kind).format(value instanceof Date ? value : new Date(value));
}

// A sentence or a heading that starts with a date or a word in lower case ("domingo, 6 de diciembre") starts
// with a capital all the same.
export const capitalized = (text) => text.charAt(0).toLocaleUpperCase(language) + text.slice(1);
