import uPlot from "uplot";
import { fetchSeries, Series, SeriesRange } from "./api";
import { smooth } from "./smoothing";

/** One line of a chart: a run's metric. */
interface LineSpec {
  run: string;
  label: string;
}

type XMode = "step" | "relative" | "wall";

/** The page's chart settings, shared by every chart on it (the toolbar above the charts). */
export interface ChartSettings {
  log: boolean;
  smoothing: number;
  x: XMode;
}

/** A y-axis tick: three significant digits, so ticks 0.0015 and 0.002 do not both read 0.002. */
function tick(value: number): string {
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return value.toExponential(1);
  return String(Number(value.toPrecision(3)));
}

const palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];
const height = 260;

/**
 * A metric chart over one or more runs: the server thins each history to about the chart's width (min/max per
 * bucket), a drag zooms and re-reads the zoomed steps (at full resolution once they are few), a double click or
 * Reset goes back to the whole history.
 */
export class MetricChart {
  private plot: uPlot | null = null;
  private whole: Series[] = [];
  private shown: Series[] = [];
  private zoomed = false;

  constructor(
    private readonly element: HTMLElement,
    private readonly base: string,
    private readonly key: string,
    private readonly lines: LineSpec[],
    private readonly maxPoints: number | null,
    private settings: ChartSettings,
    private readonly onDrawn: () => void,
  ) {}

  private get canvas(): HTMLElement {
    return this.element.querySelector<HTMLElement>(".plot") ?? this.element;
  }

  /** Two points per pixel column: each bucket's lowest and highest draw that column's whole vertical extent. */
  private pointsWanted(): number {
    return this.maxPoints ?? 2 * Math.max(200, Math.round(this.canvas.clientWidth || 800));
  }

  async load(): Promise<void> {
    try {
      this.whole = await Promise.all(this.lines.map((l) => fetchSeries(this.base, l.run, this.key, this.pointsWanted(), {}).catch((e) => this.missing(l, e))));
      this.shown = this.whole;
      this.render();
    } catch (error) {
      this.fail(error);
    }
  }

  /** A run without this metric draws no line (the compare page overlays runs that may lack one). */
  private missing(line: LineSpec, error: unknown): Series {
    if (this.lines.length === 1) throw error;
    console.warn(`${line.label}: ${error}`);
    return { key: this.key, total: 0, steps: [], values: [], times: [] };
  }

  update(settings: ChartSettings): void {
    this.settings = settings;
    if (this.whole.length) this.render();
  }

  reset(): void {
    if (!this.zoomed) return;
    this.zoomed = false;
    this.shown = this.whole;
    this.render();
  }

  private fail(error: unknown): void {
    const message = document.createElement("p");
    message.className = "chart-error";
    message.setAttribute("role", "alert");
    message.textContent = error instanceof Error ? error.message : String(error);
    this.canvas.replaceChildren(message);
    this.element.dataset.drawn = "error";
    this.onDrawn();
  }

  private xOf(series: Series): number[] {
    switch (this.settings.x) {
      case "wall":
        return series.times.map((t) => t / 1000);
      case "relative": {
        const first = series.times.length ? series.times[0] : 0;
        return series.times.map((t) => (t - first) / 1000);
      }
      default:
        return series.steps;
    }
  }

  private yOf(values: (number | null)[]): (number | null)[] {
    return this.settings.log ? values.map((v) => (v !== null && v > 0 ? v : null)) : values;
  }

  private data(): uPlot.AlignedData {
    const tables: uPlot.AlignedData[] = this.shown.map((s) => {
      const raw = this.yOf(s.values);
      const columns: (number | null)[][] = [raw];
      if (this.settings.smoothing > 0) columns.push(this.yOf(smooth(s.values, this.settings.smoothing)));
      return [this.xOf(s), ...columns] as unknown as uPlot.AlignedData;
    });
    if (tables.length === 1) return tables[0];
    return uPlot.join(tables as uPlot.AlignedData[]);
  }

  private seriesOptions(): uPlot.Series[] {
    const series: uPlot.Series[] = [{ label: this.settings.x === "step" ? "step" : this.settings.x === "wall" ? "time" : "seconds" }];
    this.lines.forEach((line, i) => {
      const color = palette[i % palette.length];
      if (this.settings.smoothing > 0) {
        series.push({ label: `${line.label} (raw)`, stroke: color + "44", width: 1, points: { show: false } });
        series.push({ label: line.label, stroke: color, width: 1.5, points: { show: false } });
      } else {
        series.push({ label: line.label, stroke: color, width: 1.5, points: { show: false } });
      }
    });
    return series;
  }

  private caption(): string {
    const shown = this.shown.reduce((n, s) => n + s.steps.length, 0);
    const total = this.shown.reduce((n, s) => n + s.total, 0);
    const range = this.zoomed ? " in the zoomed range" : "";
    return shown < total ? `${shown.toLocaleString()} of ${total.toLocaleString()} points${range} (thinned: each bucket's lowest and highest)` : `${total.toLocaleString()} points${range}`;
  }

  private render(): void {
    this.plot?.destroy();
    const canvas = this.canvas;
    canvas.replaceChildren();
    const width = Math.max(300, canvas.clientWidth || 800);
    const options: uPlot.Options = {
      width,
      height,
      scales: { x: { time: this.settings.x === "wall" }, y: { distr: this.settings.log ? 3 : 1 } },
      axes: [{ label: this.settings.x === "step" ? "step" : this.settings.x === "wall" ? "" : "seconds" }, { size: 64, values: (_u, ticks) => ticks.map((v) => (v === null || v === undefined ? "" : tick(v))) }],
      series: this.seriesOptions(),
      // A log scale leaves some ticks unlabelled by passing null for them (the y axis's values above).
      // A drag selects steps; the chart then reads them and zooms itself (setSelect below), rather than uPlot
      // stretching the thinned whole.
      cursor: { drag: { x: this.settings.x === "step", y: false, setScale: this.settings.x !== "step" } },
      legend: { live: true },
      hooks: {
        setSelect: [(u) => this.selected(u)],
        draw: [() => this.drawn()],
      },
    };
    this.plot = new uPlot(options, this.data(), canvas);
    this.plot.over.addEventListener("dblclick", () => this.reset());
    const note = this.element.querySelector(".chart-note");
    if (note) note.textContent = this.caption();
  }

  private drawn(): void {
    if (this.element.dataset.drawn) return;
    this.element.dataset.drawn = "1";
    this.onDrawn();
  }

  private selected(u: uPlot): void {
    const { left, width } = u.select;
    if (width < 2) return;
    const min = u.posToVal(left, "x");
    const max = u.posToVal(left + width, "x");
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    void this.zoom({ minStep: min, maxStep: max });
  }

  /** Re-reads the zoomed steps, so a range of a long history shows its own points rather than the whole's buckets. */
  private async zoom(range: SeriesRange): Promise<void> {
    try {
      const parts = await Promise.all(this.lines.map((l) => fetchSeries(this.base, l.run, this.key, this.pointsWanted(), range).catch((e) => this.missing(l, e))));
      this.zoomed = true;
      this.shown = parts;
      const plot = this.plot;
      if (!plot) return;
      plot.setData(this.data(), false);
      plot.setScale("x", { min: range.minStep!, max: range.maxStep! });
      const note = this.element.querySelector(".chart-note");
      if (note) note.textContent = this.caption();
    } catch (error) {
      this.fail(error);
    }
  }

  resize(): void {
    if (!this.plot) return;
    this.plot.setSize({ width: Math.max(300, this.canvas.clientWidth || 800), height });
  }
}

function readSettings(): ChartSettings {
  const log = document.querySelector<HTMLInputElement>("#chart-log")?.checked ?? false;
  const smoothing = Number(document.querySelector<HTMLInputElement>("#chart-smoothing")?.value ?? "0");
  const x = (document.querySelector<HTMLSelectElement>("#chart-x")?.value ?? "step") as XMode;
  return { log, smoothing: Number.isFinite(smoothing) ? smoothing : 0, x };
}

/**
 * Draws the `[data-chart]` figures of the page as they come near the viewport (a run with a thousand metrics mounts
 * the few in view, not a thousand charts). A figure names its metric (`data-key`), its lines (`data-lines`: JSON
 * `[{run, label}]`) and optionally `data-max-points` ("all" for no thinning). `document.body.dataset.chartsDrawn`
 * counts the charts drawn (or failed) so far and `window.__chartsDrawnAt` holds when the last one was: the browser
 * tests and the benchmark wait on them.
 */
export function initCharts(base: string): void {
  const figures = Array.from(document.querySelectorAll<HTMLElement>("[data-chart]"));
  if (!figures.length) return;
  let drawn = 0;
  const done = () => {
    drawn++;
    (window as unknown as { __chartsDrawnAt: number }).__chartsDrawnAt = performance.now();
    document.body.dataset.chartsDrawn = String(drawn);
  };
  const settings = readSettings();
  const charts = new Map<HTMLElement, MetricChart>();
  for (const figure of figures) {
    const lines = JSON.parse(figure.dataset.lines ?? "[]") as LineSpec[];
    const max = figure.dataset.maxPoints;
    const maxPoints = max === "all" ? 100_000_000 : max ? Number(max) : null;
    charts.set(figure, new MetricChart(figure, base, figure.dataset.key ?? "", lines, maxPoints, settings, done));
  }
  const loaded = new Set<MetricChart>();
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const chart = charts.get(entry.target as HTMLElement);
        if (!entry.isIntersecting || !chart || loaded.has(chart)) continue;
        loaded.add(chart);
        observer.unobserve(entry.target);
        chart.update(readSettings());
        void chart.load();
      }
    },
    { rootMargin: "800px 0px" },
  );
  figures.forEach((f) => observer.observe(f));

  const changed = () => {
    const now = readSettings();
    const smoothingLabel = document.querySelector("#chart-smoothing-value");
    if (smoothingLabel) smoothingLabel.textContent = now.smoothing.toFixed(2);
    loaded.forEach((c) => c.update(now));
  };
  for (const id of ["#chart-log", "#chart-smoothing", "#chart-x"]) document.querySelector(id)?.addEventListener("input", changed);
  document.querySelector("#chart-reset")?.addEventListener("click", () => loaded.forEach((c) => c.reset()));
  let resizeTimer = 0;
  window.addEventListener("resize", () => {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => loaded.forEach((c) => c.resize()), 150);
  });
}
