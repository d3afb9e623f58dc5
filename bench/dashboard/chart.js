// The one chart every variant draws: uPlot, a line over steps. window.__drawn is set (performance.now(), ms since
// navigation start) when all of the page's charts have drawn once; benchChart.zoom times one setScale redraw.
window.benchChart = {
  charts: [],
  drawn: 0,
  draw(el, steps, values, total) {
    const onDraw = u => {
      if (!u.counted) {
        u.counted = true;
        if (++benchChart.drawn === total) window.__drawn = performance.now();
      }
      const then = u.afterDraw;
      u.afterDraw = null;
      if (then) then();
    };
    const opts = {
      width: 900, height: 280,
      scales: { x: { time: false } },
      series: [{ label: "step" }, { label: "loss", stroke: "#1f6feb", width: 1 }],
      hooks: { draw: [onDraw] },
    };
    benchChart.charts.push(new uPlot(opts, [steps, values], el));
  },
  // Sets chart 0's x scale to [lo, hi] of its data's steps (fractions) and resolves with the ms until it has redrawn.
  zoom(lo, hi) {
    const u = benchChart.charts[0];
    const xs = u.data[0], first = xs[0], last = xs[xs.length - 1];
    return new Promise(resolve => {
      const t0 = performance.now();
      u.afterDraw = () => resolve(performance.now() - t0);
      u.setScale("x", { min: first + lo * (last - first), max: first + hi * (last - first) });
    });
  },
};
