/** The compare page's data: runs × parameters and final metrics (from the page's `data-compare`). */
interface CompareData {
  runs: { id: string; name: string }[];
  parameters: { key: string; values: (string | null)[] }[];
  metrics: { key: string; direction: string; values: (number | null)[] }[];
}

/** One axis of the plots: a parameter or a metric, numeric when every present value is a number, else categories. */
interface Axis {
  id: string;
  label: string;
  values: (number | string | null)[];
  numeric: boolean;
  categories: string[];
}

const svgNs = "http://www.w3.org/2000/svg";

function el<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(svgNs, name);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function axisOf(id: string, label: string, values: (number | string | null)[]): Axis {
  const present = values.filter((v) => v !== null && v !== "");
  const numeric = present.length > 0 && present.every((v) => typeof v === "number" || (String(v).trim() !== "" && Number.isFinite(Number(v))));
  const converted = numeric ? values.map((v) => (v === null || v === "" ? null : Number(v))) : values;
  const categories = numeric ? [] : Array.from(new Set(present.map(String))).sort();
  return { id, label, values: converted, numeric, categories };
}

/** Where a value sits on an axis, 0 (bottom) to 1 (top); null when the run has none. */
function position(axis: Axis, value: number | string | null): number | null {
  if (value === null) return null;
  if (!axis.numeric) {
    const i = axis.categories.indexOf(String(value));
    return axis.categories.length === 1 ? 0.5 : i / (axis.categories.length - 1);
  }
  const numbers = axis.values.filter((v): v is number => typeof v === "number");
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  return max === min ? 0.5 : ((value as number) - min) / (max - min);
}

/** An axis's lowest and highest value (numbers) or first and last category. */
function ends(axis: Axis): [number | string | null, number | string | null] {
  if (!axis.numeric) return [axis.categories[0] ?? null, axis.categories[axis.categories.length - 1] ?? null];
  const numbers = axis.values.filter((v): v is number => typeof v === "number");
  return [Math.min(...numbers), Math.max(...numbers)];
}

function colour(t: number | null): string {
  if (t === null) return "#9aa0a6";
  // From blue (worst) to red (best), readable on white.
  const r = Math.round(30 + 190 * t);
  const b = Math.round(200 - 170 * t);
  return `rgb(${r},60,${b})`;
}

function label(value: number | string | null): string {
  if (value === null) return "—";
  return typeof value === "number" ? Number(value.toPrecision(4)).toString() : value;
}

/** Parallel coordinates: an axis per parameter that differs, then the chosen metric; a line per run coloured by the metric (red = best). */
function drawParallel(host: HTMLElement, data: CompareData, metricKey: string): void {
  const metric = data.metrics.find((m) => m.key === metricKey);
  const params = data.parameters.filter((p) => new Set(p.values.map((v) => v ?? "")).size > 1);
  const axes = params.map((p) => axisOf(`params.${p.key}`, p.key, p.values));
  if (metric) axes.push(axisOf(`metrics.${metric.key}`, metric.key, metric.values));
  host.replaceChildren();
  if (axes.length < 2) {
    host.append(Object.assign(document.createElement("p"), { className: "note", textContent: "The runs differ in no parameter: nothing to set against the metric." }));
    return;
  }
  const width = Math.max(400, host.clientWidth || 800);
  const height = 300;
  const pad = { left: 40, right: 40, top: 24, bottom: 40 };
  const x = (i: number) => pad.left + (i * (width - pad.left - pad.right)) / (axes.length - 1);
  const y = (t: number) => pad.top + (1 - t) * (height - pad.top - pad.bottom);
  const svg = el("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "parallel" });
  const metricAxis = metric ? axes[axes.length - 1] : null;
  data.runs.forEach((run, r) => {
    let t = metricAxis ? position(metricAxis, metricAxis.values[r]) : null;
    if (t !== null && metric?.direction === "minimize") t = 1 - t;
    const points: string[] = [];
    axes.forEach((axis, i) => {
      const p = position(axis, axis.values[r]);
      if (p !== null) points.push(`${x(i).toFixed(1)},${y(p).toFixed(1)}`);
    });
    const line = el("polyline", { points: points.join(" "), fill: "none", stroke: colour(t), "stroke-width": 1.6, "data-run": run.id });
    line.append(el("title", {}, run.name));
    svg.append(line);
  });
  axes.forEach((axis, i) => {
    svg.append(el("line", { x1: x(i), x2: x(i), y1: y(0), y2: y(1), stroke: "#444" }));
    const anchor = i === 0 ? "start" : i === axes.length - 1 ? "end" : "middle";
    svg.append(el("text", { x: i === 0 ? x(i) - 30 : i === axes.length - 1 ? x(i) + 30 : x(i), y: height - 12, "text-anchor": anchor, "font-size": 12 }, axis.label));
    const [low, high] = ends(axis);
    svg.append(el("text", { x: x(i) + 4, y: y(0) - 2, "font-size": 11, fill: "#555" }, label(low)));
    svg.append(el("text", { x: x(i) + 4, y: y(1) + 10, "font-size": 11, fill: "#555" }, label(high)));
  });
  host.append(svg);
}

/** A scatter of any two of the parameters and metrics: a point per run, its name on hover. */
function drawScatter(host: HTMLElement, data: CompareData, xAxis: Axis, yAxis: Axis): void {
  host.replaceChildren();
  const width = Math.max(400, host.clientWidth || 800);
  const height = 300;
  const pad = { left: 60, right: 20, top: 16, bottom: 44 };
  const svg = el("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "scatter" });
  // Points keep 4% clear of the axes, so the lowest and highest runs do not sit on them.
  const inset = (t: number) => 0.04 + 0.92 * t;
  const px = (t: number) => pad.left + inset(t) * (width - pad.left - pad.right);
  const py = (t: number) => pad.top + (1 - inset(t)) * (height - pad.top - pad.bottom);
  const [x0, x1, y0, y1] = [pad.left, width - pad.right, height - pad.bottom, pad.top];
  svg.append(el("line", { x1: x0, x2: x1, y1: y0, y2: y0, stroke: "#444" }));
  svg.append(el("line", { x1: x0, x2: x0, y1: y0, y2: y1, stroke: "#444" }));
  const [xLow, xHigh] = ends(xAxis);
  const [yLow, yHigh] = ends(yAxis);
  svg.append(el("text", { x: px(0), y: y0 + 14, "text-anchor": "middle", "font-size": 11, fill: "#555" }, label(xLow)));
  svg.append(el("text", { x: px(1), y: y0 + 14, "text-anchor": "middle", "font-size": 11, fill: "#555" }, label(xHigh)));
  svg.append(el("text", { x: x0 - 4, y: py(0) + 4, "text-anchor": "end", "font-size": 11, fill: "#555" }, label(yLow)));
  svg.append(el("text", { x: x0 - 4, y: py(1) + 4, "text-anchor": "end", "font-size": 11, fill: "#555" }, label(yHigh)));
  svg.append(el("text", { x: (px(0) + px(1)) / 2, y: height - 8, "text-anchor": "middle", "font-size": 12 }, xAxis.label));
  svg.append(el("text", { x: 12, y: (py(0) + py(1)) / 2, "font-size": 12, transform: `rotate(-90 12 ${(py(0) + py(1)) / 2})`, "text-anchor": "middle" }, yAxis.label));
  let drawn = 0;
  data.runs.forEach((run, r) => {
    const tx = position(xAxis, xAxis.values[r]);
    const ty = position(yAxis, yAxis.values[r]);
    if (tx === null || ty === null) return;
    const dot = el("circle", { cx: px(tx), cy: py(ty), r: 5, fill: "#1f77b4", "fill-opacity": 0.8, "data-run": run.id });
    dot.append(el("title", {}, `${run.name}: ${label(xAxis.values[r])}, ${label(yAxis.values[r])}`));
    svg.append(dot);
    drawn++;
  });
  host.append(svg);
  host.dataset.points = String(drawn);
}

/** Wires the compare page's plots to their pickers. */
export function initCompare(): void {
  const root = document.querySelector<HTMLElement>("[data-compare]");
  if (!root) return;
  const data = JSON.parse(root.dataset.compare ?? "{}") as CompareData;
  const axes: Axis[] = [
    ...data.metrics.map((m) => axisOf(`metrics.${m.key}`, m.key, m.values)),
    ...data.parameters.map((p) => axisOf(`params.${p.key}`, p.key, p.values)),
  ];
  const metricPicker = document.querySelector<HTMLSelectElement>("#pc-metric");
  const xPicker = document.querySelector<HTMLSelectElement>("#scatter-x");
  const yPicker = document.querySelector<HTMLSelectElement>("#scatter-y");
  const parallel = document.querySelector<HTMLElement>("#parallel");
  const scatter = document.querySelector<HTMLElement>("#scatter");
  if (!metricPicker || !xPicker || !yPicker || !parallel || !scatter) return;
  for (const m of data.metrics) metricPicker.append(new Option(m.key, m.key));
  for (const axis of axes) {
    xPicker.append(new Option(axis.id, axis.id));
    yPicker.append(new Option(axis.id, axis.id));
  }
  // Default scatter: the first differing parameter against the first metric.
  const differing = axes.find((a) => a.id.startsWith("params.") && new Set(a.values.map((v) => String(v ?? ""))).size > 1);
  if (differing) xPicker.value = differing.id;
  else if (axes.length > 1) xPicker.value = axes[1].id;
  // ... against the metric most of the runs have.
  const present = (a: Axis) => a.values.filter((v) => v !== null).length;
  const metricAxes = axes.filter((a) => a.id.startsWith("metrics."));
  if (metricAxes.length) yPicker.value = metricAxes.reduce((best, a) => (present(a) > present(best) ? a : best)).id;
  if (data.metrics.length) metricPicker.value = yPicker.value.replace(/^metrics\./, "");

  const redraw = () => {
    drawParallel(parallel, data, metricPicker.value);
    const x = axes.find((a) => a.id === xPicker.value);
    const y = axes.find((a) => a.id === yPicker.value);
    if (x && y) drawScatter(scatter, data, x, y);
  };
  metricPicker.addEventListener("change", redraw);
  xPicker.addEventListener("change", redraw);
  yPicker.addEventListener("change", redraw);
  redraw();
}
