import "uplot/dist/uPlot.min.css";
import "./styles.css";
import { initCharts } from "./charts";
import { initCompare } from "./compare";
import { initDeployments } from "./deployments";
import { initStudy } from "./study";
import { initForms } from "./forms";

document.addEventListener("DOMContentLoaded", () => {
  const base = document.body.dataset.base ?? "/";
  initForms();
  initCharts(base);
  initCompare();
  initDeployments();
  initStudy();
});
