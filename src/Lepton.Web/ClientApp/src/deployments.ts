/** One model version's live figures, as `/ui/api/deployments/{i}/rates` answers them. */
interface VersionRates {
  model: string;
  version: string;
  requests_per_second: number;
  errors_per_second: number;
  error_ratio: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  mean_batch_size: number | null;
}

interface RatesAnswer {
  seconds?: number;
  versions?: VersionRates[];
  error?: string;
}

const every = 2000;

function cell(text: string, numeric = true): HTMLTableCellElement {
  const td = document.createElement("td");
  if (numeric) td.className = "num";
  td.textContent = text;
  return td;
}

function fixed(value: number | null, digits: number, unit = ""): string {
  return value === null ? "—" : value.toFixed(digits) + unit;
}

function render(host: HTMLElement, answer: RatesAnswer): void {
  if (answer.error) {
    const p = document.createElement("p");
    p.className = "error-box";
    p.textContent = `Cannot read the server's metrics: ${answer.error}`;
    host.replaceChildren(p);
    return;
  }
  if (!answer.versions || !answer.seconds) return; // the first reading: rates come with the next
  const table = document.createElement("table");
  table.className = "rates-table";
  const head = table.createTHead().insertRow();
  for (const title of ["Model", "Version", "Requests/s", "Errors/s", "Error ratio", "p50", "p95", "p99", "Mean batch"]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = title;
    head.append(th);
  }
  const body = table.createTBody();
  for (const v of answer.versions) {
    // Requests refused before any version answered are counted under the model alone; shown only when there are some.
    if (!v.version && v.requests_per_second === 0) continue;
    const row = body.insertRow();
    row.dataset.model = v.model;
    row.dataset.version = v.version;
    row.append(
      cell(v.model, false),
      cell(v.version || "(before a version)", false),
      cell(v.requests_per_second.toFixed(2)),
      cell(v.errors_per_second.toFixed(2)),
      cell(v.error_ratio === null ? "—" : (100 * v.error_ratio).toFixed(1) + " %"),
      cell(fixed(v.p50_ms, 1, " ms")),
      cell(fixed(v.p95_ms, 1, " ms")),
      cell(fixed(v.p99_ms, 1, " ms")),
      cell(fixed(v.mean_batch_size, 1)),
    );
  }
  const note = document.createElement("p");
  note.className = "note";
  note.textContent = `Over the last ${answer.seconds.toFixed(1)} s, from the server's /metrics (latency: histogram quantiles).`;
  host.replaceChildren(table, note);
  host.dataset.updated = String(Date.now());
}

/** Polls each server's live rates every 2 s while the page is open. */
export function initDeployments(): void {
  for (const host of Array.from(document.querySelectorAll<HTMLElement>("[data-rates]"))) {
    const url = host.dataset.rates ?? "";
    const poll = async () => {
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
        render(host, (await response.json()) as RatesAnswer);
      } catch (error) {
        render(host, { error: String(error) });
      }
    };
    void poll();
    window.setInterval(() => void poll(), every);
  }
}
