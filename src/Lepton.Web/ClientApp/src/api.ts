/** A metric's points as the dashboard's series route returns them: columns, NaN as null, times in Unix milliseconds. */
export interface Series {
  key: string;
  /** Points in the asked step range before thinning: more than `steps.length` means the server thinned them. */
  total: number;
  steps: number[];
  values: (number | null)[];
  times: number[];
}

export interface SeriesRange {
  minStep?: number;
  maxStep?: number;
}

/** Reads one run's metric, thinned on the server to about `maxPoints` (each bucket's lowest and highest kept). */
export async function fetchSeries(base: string, runId: string, key: string, maxPoints: number, range: SeriesRange = {}): Promise<Series> {
  const query = new URLSearchParams({ key, maxPoints: String(Math.max(4, Math.round(maxPoints))) });
  if (range.minStep !== undefined) query.set("minStep", String(Math.floor(range.minStep)));
  if (range.maxStep !== undefined) query.set("maxStep", String(Math.ceil(range.maxStep)));
  const response = await fetch(`${base}ui/api/runs/${encodeURIComponent(runId)}/series?${query}`, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const problem = await response.json();
      if (problem && typeof problem.detail === "string") detail = problem.detail;
    } catch {
      // not JSON: keep the status line
    }
    throw new Error(`Cannot read ${key} of run ${runId}: ${detail}`);
  }
  return (await response.json()) as Series;
}
