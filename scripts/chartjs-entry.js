// The parts of Chart.js that Stride's charts use (frontend/static/frontend/charts.js and the pages that call it),
// registered once, for scripts/build-chartjs. Chart.js's own "auto" build registers every controller, element,
// scale and plugin: twice the code to download and evaluate on a phone.
//   Controllers: line (function and pain, check-ins, mood), scatter (the single days), bar (sleep, exercise,
//   Clinic outcomes). Elements: the lines, points and bars they draw. Scales: linear (days, values) and
//   category (weeks, change steps). Plugins: the tooltip. No legend (each chart has its own in the page), no
//   title plugin (axis titles are part of the scales), no filler, decimation or colours (every dataset sets its
//   colours), no time scale (the day axis is linear and the pages format dates themselves).
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
} from "chart.js";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
);

export { Chart };
