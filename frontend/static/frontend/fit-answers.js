// The weekly check-in's five answers sit in one row while their words fit it, and on two rows (three and two)
// where they do not: four times Spanish "dificultad" and "Imposible" are wider than a 360 px phone, and a word
// cut in two ("Impo" / "sible") or a row wider than the screen would be worse. A row of buttons never breaks a
// word (stride.css), so a row too narrow for its words grows wider than its box. Measured, not guessed from the
// language, because the width of a word depends on the phone's font too. Every row holds the same five labels,
// so the first one decides for all.
const rows = [...document.querySelectorAll(".fdi-buttons")];

function fit() {
  const first = rows[0];
  if (!first || first.offsetParent === null) return; // hidden (the result is shown): nothing to measure
  first.classList.remove("two-rows");
  const tooWide = first.scrollWidth > first.clientWidth + 0.5;
  for (const row of rows) row.classList.toggle("two-rows", tooWide);
}

fit();
addEventListener("resize", fit);
