// The small pieces every chart page shares (axes, text tables, month rows, markers), and drawing with Chart.js.
// Chart.js is Stride's own bundle of it (vendor/chartjs, built by scripts/build-chartjs), imported the first time
// a page draws a chart, after the page has painted its words: the sentences and tables never wait for it, and
// each chart is drawn in a task of its own, so a slow phone's main thread is never busy for long at a stretch.
import { el } from "./api.js";
import { formatDate, gettext, language } from "./i18n.js";

const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

// The dark palette of stride.css sets --chart-* colours; without them (light mode) these are used.
const palette = getComputedStyle(document.documentElement);
const themed = (name, light) => palette.getPropertyValue(`--chart-${name}`).trim() || light;

export const COLOURS = {
  function: themed("function", "#1f6f4a"),
  functionFaint: themed("function-faint", "rgba(31, 111, 74, 0.28)"),
  pain: themed("pain", "#9a5b3c"),
  painFaint: themed("pain-faint", "rgba(154, 91, 60, 0.22)"),
  sleep: themed("sleep", "#5b7fa6"),
  quality: themed("quality", "#6b4f8a"),
  mood: themed("mood", "#b07a00"),
  exercise: themed("exercise", "#1f5f73"),
  plan: themed("plan", "#5d8294"),
  baseline: themed("baseline", "rgba(29, 42, 51, 0.06)"),
  plate: themed("plate", "rgba(255, 255, 255, 0.9)"),
};

// "Mar 8" for every label and table row, through i18n.js, which makes each formatter once: making one per date
// (as toLocaleDateString does) was a third of the Trends page's script time on a slow phone.
export const short = (isoDate) => formatDate(isoDate, "short");
const decimal = new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
export const oneDecimal = (value) => (value === null || value === undefined ? "–" : decimal.format(value));

// No figure is worked out here: days logged, means and weekly figures come from the API (diary/figures.py), so
// every page shows the same number for the same days.

// A points array for Chart.js with `parsing: false`: x is the index of the day or week.
export const points = (values) => values.map((y, x) => ({ x, y: y ?? null }));
export const loggedPoints = (values) => points(values).filter((point) => point.y !== null);

export function table(container, headers, rows) {
  const node = el("table", "data-table");
  const head = node.createTHead().insertRow();
  for (const header of headers) {
    const cell = el("th", "", header);
    cell.scope = "col";
    head.append(cell);
  }
  const body = node.createTBody();
  for (const values of rows) {
    const row = body.insertRow();
    values.forEach((value, index) => {
      const cell = index === 0 ? el("th", "", value) : el("td", "", value);
      if (index === 0) cell.scope = "row";
      row.append(cell);
    });
  }
  container.replaceChildren(node);
}

const fontFamily = getComputedStyle(document.body).fontFamily;

// Vertical lines with a label (the day function or pain improved) and shaded day ranges (the first week).
const markers = {
  id: "strideMarkers",
  beforeDatasetsDraw(chart, _args, options) {
    const { ctx, chartArea, scales } = chart;
    for (const region of options.regions ?? []) {
      const left = Math.max(scales.x.getPixelForValue(region.from - 0.5), chartArea.left);
      const right = Math.min(scales.x.getPixelForValue(region.to + 0.5), chartArea.right);
      if (right <= left) continue;
      ctx.save();
      ctx.fillStyle = region.colour;
      ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
      ctx.restore();
    }
    for (const band of options.bands ?? []) {
      const top = scales.y.getPixelForValue(band.to);
      const bottom = scales.y.getPixelForValue(band.from);
      ctx.save();
      ctx.fillStyle = band.colour;
      ctx.fillRect(chartArea.left, top, chartArea.right - chartArea.left, bottom - top);
      ctx.restore();
    }
  },
  afterDatasetsDraw(chart, _args, options) {
    const { ctx, chartArea, scales } = chart;
    (options.lines ?? []).forEach((line, row) => {
      const x = scales.x.getPixelForValue(line.x);
      if (x < chartArea.left || x > chartArea.right) return;
      ctx.save();
      ctx.strokeStyle = line.colour;
      ctx.fillStyle = line.colour;
      ctx.lineWidth = 2;
      ctx.setLineDash([5, 3]);
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
      ctx.font = `600 12px ${fontFamily}`;
      ctx.setLineDash([]);
      // The label sits beside its line on a white plate, on the side with more room, one row per line.
      const width = ctx.measureText(line.label).width;
      const nearRight = x + 4 + width > chartArea.right;
      const left = nearRight ? x - 6 - width : x + 4;
      const top = chartArea.top + 2 + row * 17;
      ctx.fillStyle = COLOURS.plate;
      ctx.fillRect(left - 2, top, width + 4, 15);
      ctx.fillStyle = line.colour;
      ctx.textBaseline = "top";
      ctx.textAlign = "left";
      ctx.fillText(line.label, left, top + 2);
      ctx.restore();
    });
  },
};

// Chart.js, set up once: the first chart asks for it, and every later one waits for the same promise.
let Chart = null;
let library = null;

function chartLibrary() {
  library ??= import("../vendor/chartjs/chart.stride.min.js").then((module) => {
    Chart = module.Chart;
    // Charts appear at once: an animation redraws every point on every frame, which on a slow phone kept the
    // page busy for half a second, and it means nothing here. Hover effects are off too under reduced motion.
    Chart.defaults.animation = false;
    if (reduceMotion) Chart.defaults.transitions.active.animation.duration = 0;
    Chart.defaults.locale = language;
    Chart.defaults.font.family = fontFamily;
    Chart.defaults.color = themed("text", "#51606b");
    Chart.defaults.borderColor = themed("grid", Chart.defaults.borderColor);
    Chart.defaults.maintainAspectRatio = false;
    Chart.register(markers);
    return Chart;
  });
  return library;
}

// A task of its own: whatever waits for it runs after the browser has had a turn (input, a paint).
export const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
// The next task after the browser has painted: a frame callback runs just before a paint, a timer set there
// runs after it. So the words set before drawing are on the screen before any chart's work starts.
const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

// One chart per canvas: drawing a new range replaces the old chart. Charts are drawn one at a time, in order,
// each in its own task after a paint; the promise gives the chart.
let queue = Promise.resolve();

// Chart.js makes a chart in two steps: it reads the options (on a canvas that is not in the page, it stops there),
// then, once the canvas is in the page, sizes, lays out and draws it. Each step is a task of its own here: on a
// slow phone the first chart was one task of a third of a second.
async function drawNow(canvas, config) {
  await afterPaint();
  if (!Chart) {
    await chartLibrary();
    await nextTask(); // evaluating Chart.js, then the chart: separate tasks
  }
  Chart.getChart(canvas)?.destroy();
  const place = document.createComment("chart");
  canvas.replaceWith(place);
  const chart = new Chart(canvas, config);
  await nextTask();
  place.replaceWith(canvas); // Chart.js sees the canvas arrive (a MutationObserver) and draws it there and then
  return chart;
}

export function draw(canvas, config) {
  const drawn = queue.then(() => drawNow(canvas, config));
  queue = drawn.catch(() => undefined);
  return drawn;
}

// Chart.js sizes a chart for the screen, and printing lays the page out again at the paper's width. The print
// media query's change comes with the print layout in place (Chromium, Firefox), so the chart is redrawn there
// to fill its printed box, and again for the screen afterwards.
export function fitWhenPrinting(canvas) {
  window.matchMedia("print").addEventListener("change", () => Chart?.getChart(canvas)?.resize());
}

// Charts further down the page are drawn as they come near the screen, so opening the page is one chart's
// work, not six (on a slow phone that was most of a second of a busy main thread).
const waiting = new WeakMap();
const nearScreen = new IntersectionObserver(
  (sightings) => {
    for (const { target, isIntersecting } of sightings) {
      if (!isIntersecting || !waiting.has(target)) continue;
      nearScreen.unobserve(target);
      draw(target, waiting.get(target));
      waiting.delete(target);
    }
  },
  { rootMargin: "300px 0px" },
);

export function drawWhenNear(canvas, config) {
  Chart?.getChart(canvas)?.destroy();
  waiting.set(canvas, config);
  nearScreen.unobserve(canvas);
  nearScreen.observe(canvas);
}

// Up to `most` evenly spread whole indexes from 0 to `last`, both ends included.
function spread(last, most) {
  const count = Math.min(last + 1, most);
  if (count === 1) return [0];
  return [...new Set(Array.from({ length: count }, (_, i) => Math.round((i * last) / (count - 1))))];
}

// Days as a linear axis of day indexes, half a day of room at each end so the first and last dots show whole,
// and the dates as labels under at most five of the days (a three-day diary gets three labels, not a squeeze).
export function dayAxis(dates) {
  const last = Math.max(dates.length - 1, 0);
  return {
    type: "linear",
    min: -0.5,
    max: last + 0.5,
    grid: { display: false },
    afterBuildTicks: (scale) => {
      scale.ticks = spread(last, 5).map((value) => ({ value }));
    },
    ticks: { maxRotation: 0, autoSkip: false, callback: (value) => (dates[value] ? short(dates[value]) : "") },
  };
}

// A tooltip's title: the day of its first point (the first-week lines end half a day beyond the days: none).
export const dayTitle = (dates) => (items) => {
  const day = dates[items[0]?.parsed.x];
  return day ? formatDate(day, "shortWeekday") : "";
};

export function weekAxis(groups) {
  return {
    type: "category",
    labels: groups.map((week) => short(week.last)),
    grid: { display: false },
    ticks: { maxTicksLimit: 5, maxRotation: 0, autoSkip: true },
  };
}

// One row of small day cells per month, coloured by `classOf(index)`; days outside the range are blank.
export function monthRows(container, dates, classOf) {
  container.replaceChildren();
  const index = new Map(dates.map((date, i) => [date, i]));
  let [year, month] = dates[0].split("-").map(Number);
  const [lastYear, lastMonth] = dates[dates.length - 1].split("-").map(Number);
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    const row = el("div", "month-row");
    const label = formatDate(`${year}-${String(month).padStart(2, "0")}-01`, "monthYear");
    row.append(el("span", "month-label", label));
    const cells = el("span", "month-cells");
    const length = new Date(year, month, 0).getDate();
    for (let day = 1; day <= length; day += 1) {
      const iso = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
      cells.append(el("span", `day-cell ${index.has(iso) ? classOf(index.get(iso)) : "outside"}`));
    }
    row.append(cells);
    container.append(row);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

// Function against pain: 7-day averages as bold lines (function first and strongest), days as faint dots,
// the first week shaded with its means dashed, and a marker on each day that improved.
export function functionPainChart(canvas, data, extra = {}) {
  const { dates, insight } = data;
  const baseline = insight.baseline;
  const lines = [];
  const regions = [];
  // Before there is any 7-day average (a new diary), the days are all there is: strong dots, not faint ones.
  const averaged = [...data.function_avg7, ...data.pain_avg7].some((value) => value !== null);
  const dot = averaged ? 3 : 5;
  const datasets = [
    { label: gettext("Function, 7-day average"), data: points(data.function_avg7), borderColor: COLOURS.function, borderWidth: 4, pointRadius: 0, order: 0 },
    { label: gettext("Function"), data: loggedPoints(data.function), type: "scatter", backgroundColor: averaged ? COLOURS.functionFaint : COLOURS.function, pointRadius: dot, order: 2 },
    { label: gettext("Pain, 7-day average"), data: points(data.pain_avg7), borderColor: COLOURS.pain, borderWidth: 2.5, pointRadius: 0, order: 1 },
    { label: gettext("Pain"), data: loggedPoints(data.pain), type: "scatter", backgroundColor: averaged ? COLOURS.painFaint : COLOURS.pain, pointRadius: dot, order: 3 },
  ];
  if (baseline) {
    const last = dates.length - 1;
    // Across the whole axis, half a day beyond the first and last days.
    const flat = (value) => [{ x: -0.5, y: value }, { x: last + 0.5, y: value }];
    datasets.push(
      { label: gettext("Function in the first week"), data: flat(baseline.function), borderColor: COLOURS.function, borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, order: 4 },
      { label: gettext("Pain in the first week"), data: flat(baseline.pain), borderColor: COLOURS.pain, borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, order: 5 },
    );
    regions.push({ from: dates.indexOf(baseline.from), to: dates.indexOf(baseline.to), colour: COLOURS.baseline });
    if (!dates.includes(baseline.from) && dates.includes(baseline.to)) regions[0].from = 0;
  }
  if (insight.function_improved_on && dates.includes(insight.function_improved_on)) {
    lines.push({ x: dates.indexOf(insight.function_improved_on), label: gettext("Function better"), colour: COLOURS.function });
  }
  if (insight.pain_improved_on && dates.includes(insight.pain_improved_on)) {
    lines.push({ x: dates.indexOf(insight.pain_improved_on), label: gettext("Pain better"), colour: COLOURS.pain });
  }
  return draw(canvas, {
    type: "line",
    data: { datasets },
    options: {
      ...extra,
      parsing: false,
      normalized: true,
      spanGaps: false,
      interaction: { mode: "nearest", axis: "x", intersect: false },
      scales: { x: dayAxis(dates), y: { min: 0, max: 10, ticks: { stepSize: 2 } } },
      plugins: {
        strideMarkers: { lines, regions },
        tooltip: { callbacks: { title: dayTitle(dates) } },
      },
    },
  });
}
