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
