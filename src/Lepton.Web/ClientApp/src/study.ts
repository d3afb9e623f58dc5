import uPlot from "uplot";

interface StudyData {
  goal: string;
  metric: string;
  history: { n: number; value: number | null; state: string }[];
}

/**
 * A study's optimization history: each trial's value by its number (points; pruned and failed trials have none) and
 * the best value so far (a line), as Optuna's plot_optimization_history draws it.
 */
export function initStudy(): void {
  const root = document.querySelector<HTMLElement>("[data-study]");
  const host = document.querySelector<HTMLElement>("#history");
  if (!root || !host) return;
  const data = JSON.parse(root.dataset.compare ?? "{}") as StudyData;
  const trials = data.history.slice().sort((a, b) => a.n - b.n);
  const maximize = data.goal === "maximize";
  let best: number | null = null;
  const bests = trials.map((t) => {
    // Only a complete trial's value counts: a pruned trial's is its last intermediate value, not a result.
    if (t.state === "complete" && t.value !== null && (best === null || (maximize ? t.value > best : t.value < best))) best = t.value;
    return best;
  });
  const plotData: uPlot.AlignedData = [trials.map((t) => t.n), trials.map((t) => t.value), bests];
  const options: uPlot.Options = {
    width: Math.max(400, host.clientWidth || 800),
    height: 280,
    scales: { x: { time: false } },
    axes: [{ label: "trial", incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }, { size: 64 }],
    series: [
      { label: "trial" },
      { label: data.metric, stroke: "#1f77b4", width: 0, paths: () => null, points: { show: true, size: 7, fill: "#1f77b4" } },
      { label: "best so far", stroke: "#d62728", width: 2, points: { show: false } },
    ],
    hooks: { draw: [() => (host.dataset.drawn = String(trials.length))] },
  };
  new uPlot(options, plotData, host);
}
