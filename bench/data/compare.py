"""Runs Lepton (read + full profile + findings) and pandas (read_csv + describe + null counts) on the same CSV,
alternating, each in its own process; records wall time, in-process time and peak RSS (ru_maxrss via wait4),
writes bench/results/data-profile.json and the "Data: read and profile" section of docs/benchmarks.md."""
import json
import os
import platform
import statistics
import subprocess
import sys
import time


def run(command):
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = process.stdout.read()
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed:\n{err.decode()}")
    result = json.loads(out.decode().strip().splitlines()[-1])
    result["wall_s"] = wall
    result["peak_rss_mib"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    return result


def machine():
    def first(path, key):
        try:
            with open(path) as f:
                for line in f:
                    if line.startswith(key):
                        return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1].strip().strip('"')
        except OSError:
            return None
    mem = first("/proc/meminfo", "MemTotal")
    dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": first("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "memory_gib": round(int(mem.split()[0]) / 1024 / 1024, 1) if mem else None,
        "os": first("/etc/os-release", "PRETTY_NAME"),
        "kernel": platform.release(),
        "dotnet_sdk": dotnet,
        "python": platform.python_version(),
        "load_average_at_start": os.getloadavg(),
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
    }


def main():
    csv, lepton_dll, results_dir, out_doc, rounds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    here = os.path.dirname(os.path.abspath(__file__))
    lepton_cmd = ["dotnet", lepton_dll, "profile", csv, "churn"]
    pandas_cmd = [sys.executable, os.path.join(here, "pandas_profile.py"), csv]
    runs = {"lepton": [], "pandas": []}
    info = machine()
    for i in range(rounds):
        order = [("lepton", lepton_cmd), ("pandas", pandas_cmd)]
        if i % 2 == 1:
            order.reverse()
        for name, command in order:
            result = run(command)
            runs[name].append(result)
            print(f"round {i + 1} {name:6}: wall {result['wall_s']:.2f} s, in-process {result['total_s']:.2f} s "
                  f"(read {result['read_s']:.2f} + profile {result['profile_s']:.2f}), peak RSS {result['peak_rss_mib']:.0f} MiB", flush=True)
    # The HTML report (read + profile + charts + page), timed once: its goal is an absolute 30 s, not a peer.
    info["load_average_before_report"] = os.getloadavg()
    report = run(["dotnet", lepton_dll, "report", csv, "churn"])
    print(f"report       : wall {report['wall_s']:.2f} s (read {report['read_s']:.2f} + profile {report['profile_s']:.2f} "
          f"+ report {report['report_s']:.2f}), {report['charts']} charts, peak RSS {report['peak_rss_mib']:.0f} MiB", flush=True)
    info["load_average_at_end"] = os.getloadavg()

    def median(name, key):
        return statistics.median(r[key] for r in runs[name])

    summary = {name: {key: median(name, key) for key in ("wall_s", "total_s", "read_s", "profile_s", "peak_rss_mib")} for name in runs}
    for name in runs:
        summary[name]["peak_rss_mib_max"] = max(r["peak_rss_mib"] for r in runs[name])
    goals = {
        "time": summary["lepton"]["wall_s"] <= summary["pandas"]["wall_s"],
        "memory": summary["lepton"]["peak_rss_mib_max"] <= summary["pandas"]["peak_rss_mib_max"],
        "report_under_30s": report["wall_s"] < 30,
    }
    document = {
        "file": csv, "file_mb": round(os.path.getsize(csv) / 1e6, 1), "rows": runs["lepton"][0]["rows"],
        "columns": runs["lepton"][0]["columns"], "rounds": rounds, "machine": info, "pandas_version": runs["pandas"][0]["pandas"],
        "summary": summary, "goals_met": goals, "runs": runs, "report": report,
    }
    os.makedirs(results_dir, exist_ok=True)
    with open(os.path.join(results_dir, "data-profile.json"), "w") as f:
        json.dump(document, f, indent=2)
    write_section(out_doc, document)
    print(json.dumps({"summary": summary, "goals_met": goals}, indent=2))


def write_section(path, d):
    s, l, p = d["summary"], d["summary"]["lepton"], d["summary"]["pandas"]
    m = d["machine"]
    yes = lambda ok: "**PASS**" if ok else "**FAIL**"
    lines = [
        "<!-- data:begin (written by bench/data/run.sh; the renderer above does not know this section) -->",
        "## Data: read and profile a 1,000,000-row CSV",
        "",
        f"`bench/data/run.sh` writes a {d['rows']:,}-row × {d['columns']}-column CSV ({d['file_mb']} MB; integers, floats, booleans, "
        "dates, timestamps, categories, free text, identifiers, 1–10% missing in six columns), then runs, alternating, each in its "
        f"own process, {d['rounds']} times: **Lepton** `Table.ReadAsync` + `ProfileAsync(Target = \"churn\")` + `QualityChecks.Check` "
        "(counts, missing, distinct, moments, 5 quantiles, top values, histograms, IQR and z outliers, duplicate rows, Pearson, "
        f"Spearman, Cramér's V, target relations, findings) and **pandas {d['pandas_version']}** `read_csv` + `describe(include='all')` "
        "+ `isna().sum()`. Times are medians; memory is the largest peak RSS (`ru_maxrss`) of the process.",
        "",
        "| Goal | Lepton | pandas | Result |",
        "| --- | --- | --- | --- |",
        f"| Time (process wall clock) ≤ pandas | {l['wall_s']:.2f} s | {p['wall_s']:.2f} s | {yes(d['goals_met']['time'])} |",
        f"| Peak memory ≤ pandas | {l['peak_rss_mib_max']:.0f} MiB | {p['peak_rss_mib_max']:.0f} MiB | {yes(d['goals_met']['memory'])} |",
        f"| HTML report (`lepton data profile --out`) < 30 s | {d['report']['wall_s']:.2f} s | — | {yes(d['goals_met']['report_under_30s'])} |",
        "",
        "| Part (median) | Lepton | pandas |",
        "| --- | --- | --- |",
        f"| read | {l['read_s']:.2f} s | {p['read_s']:.2f} s |",
        f"| profile (+ findings for Lepton) | {l['profile_s']:.2f} s | {p['profile_s']:.2f} s |",
        f"| in-process total | {l['total_s']:.2f} s | {p['total_s']:.2f} s |",
        "",
        f"The report run (once, after the rounds; load average before it {m['load_average_before_report'][0]:.1f}): read "
        f"{d['report']['read_s']:.2f} s + profile {d['report']['profile_s']:.2f} s + charts and page {d['report']['report_s']:.2f} s, "
        f"{d['report']['charts']} charts in one {d['report']['html_bytes'] / 1e6:.1f} MB HTML file, peak RSS {d['report']['peak_rss_mib']:.0f} MiB.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['os']}, .NET SDK {m['dotnet_sdk']}, Python {m['python']}. "
        f"Commit {m['commit']}. Load average at start {m['load_average_at_start'][0]:.1f}, at end {m['load_average_at_end'][0]:.1f} "
        "(above 0 means other work shared the 2 cores; it may weigh more on Lepton, whose engine uses both cores, than on "
        "single-threaded pandas). Raw figures: `bench/results/data-profile.json`.",
        "<!-- data:end -->",
    ]
    section = "\n".join(lines) + "\n"
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
    begin, end = text.find("<!-- data:begin"), text.find("<!-- data:end -->")
    if begin >= 0 and end >= 0:
        text = text[:begin] + section + text[end + len("<!-- data:end -->\n"):]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
