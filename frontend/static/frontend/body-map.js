// The body map: on a day's entry it keeps the drawing and the words below it in step with the checkboxes; on
// History and the Summary it copies the page's read-only drawing (a <template>) and colours in where pain was.
import { gettext, interpolate, language } from "./i18n.js";

const ALL_OVER = "whole_body";
const places = new Intl.ListFormat(language, { style: "long", type: "unit" });

// "Chosen: Left knee, Lower back" as the map is filled in, or "Where it hurt: ..." for a day already logged: the
// places in the page's language, or "" for none.
export function inWords(names, { logged = false } = {}) {
  if (!names.length) return "";
  const sentence = logged ? gettext("Where it hurt: %(places)s") : gettext("Chosen: %(places)s");
  return interpolate(sentence, { places: places.format(names) });
}

// Colours in `codes` on a drawing (`.bm-views`); `levels` (code -> 1, 2 or 3) shades how often, on the Summary.
export function colourIn(views, codes, levels = {}) {
  const chosen = new Set(codes);
  for (const shape of views.querySelectorAll(".bm-region")) {
    const on = chosen.has(shape.dataset.code);
    shape.classList.toggle("on", on);
    if (on && levels[shape.dataset.code]) shape.dataset.level = levels[shape.dataset.code];
    else delete shape.dataset.level;
  }
  views.classList.toggle("all-over", chosen.has(ALL_OVER));
  if (chosen.has(ALL_OVER) && levels[ALL_OVER]) views.dataset.level = levels[ALL_OVER];
  else delete views.dataset.level;
}

// A small read-only map of `codes`, copied from the page's #body-map-template.
export function miniMap(codes, levels) {
  const views = document.getElementById("body-map-template").content.firstElementChild.cloneNode(true);
  colourIn(views, codes, levels);
  return views;
}

const nameOf = (box) => box.closest("label").querySelector(".bm-name")?.textContent ?? box.closest("label").textContent.trim();

// Wires the map of a day's entry; answers a function that redraws it after the form is filled in by script.
export function setUpBodyMap(fieldset) {
  const boxes = [...fieldset.querySelectorAll('input[name="pain_locations"]')];
  const views = fieldset.querySelector(".bm-views");
  const words = fieldset.querySelector(".bm-chosen");
  const refresh = () => {
    const chosen = boxes.filter((box) => box.checked);
    colourIn(views, chosen.map((box) => box.value));
    words.textContent = inWords(chosen.map(nameOf));
  };
  fieldset.addEventListener("change", refresh);
  refresh();
  return refresh;
}
