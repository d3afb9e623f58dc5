"""Joins search.sh's figures — `lepton experiment --results` with `--trials 0` (defaults only) and without (defaults +
search), and peers.py's — into bench/results/training-search.json and writes the "Search in automatic mode" section at
the end of docs/benchmarks.md (between search:begin and search:end).

Quality is the test folds' only (each fold's held-out rows, which the search never sees): mean ± sample sd (ddof 1)
over the 5 folds of accuracy, or R² for regression. A fold "kept a tuned candidate" when its kept model is
gbm_tuned or mlp_tuned, or an ensemble with one of them among its members (the ensemble trial's note). The trials a
fold's search ran come from the tuned candidates' notes ("N of M search trials": M).

  /usr/bin/python3 bench/training/search_report.py DIR RESULTS.json BENCHMARKS.md SECONDS name ...
"""
import json
import os
import re
import statistics
import sys
from datetime import datetime, timezone
from pathlib import Path

from machine import machine
import pages
from report import peer_figures

TUNED = ("gbm_tuned", "mlp_tuned")
BEGIN, END = "<!-- search:begin", "<!-- search:end -->"


def summary(values):
    return {"mean": statistics.mean(values), "sd": statistics.stdev(values) if len(values) > 1 else 0.0}


def fold_facts(fold):
    """What one fold kept (with the ensemble's members), whether a tuned candidate is in it, and the search trials run."""
    kept = fold["kept"]
    members = [kept]
    for trial in fold["trials"]:
        if kept == "ensemble" and trial["candidate"] == "ensemble" and trial.get("note"):
            # "weighted average of probabilities: linear 0.25, gbm_tuned 0.75"
            members = [part.strip().rsplit(" ", 1)[0] for part in trial["note"].split(":", 1)[1].split(",")]
    ran, notes = None, {}
    for trial in fold["trials"]:
        if trial["candidate"] in TUNED:
            notes[trial["candidate"]] = trial.get("note") or ""
            found = re.search(r"(\d+) of (\d+) search trials", trial.get("note") or "")
            if found:
                ran = int(found.group(2))
    mlp = next((t.get("note") or "" for t in fold["trials"] if t["candidate"] == "mlp"), "")
    return {"kept": kept, "members": members, "tuned_kept": any(m in TUNED for m in members),
            "search_trials": ran if ran is not None else 0, "tuned_notes": notes,
            # A tuned candidate with a finished trial that the one-standard-error rule turned away, and one that joined.
            "tuned_rejected": sum(n.startswith("not kept: not better") for n in notes.values()),
            "tuned_joined": sum(not n.startswith("not") for n in notes.values()),
            "mlp_default_stopped_by_time_limit": "stopped by the time limit" in mlp}


def mode(folder, name, which, key):
    r = json.loads((folder / f"lepton-{name}-{which}.json").read_text())
    scores = [f["metrics"][key] for f in r["folds"]]
    facts = [fold_facts(f) for f in r["folds"]]
    return {**summary(scores), "folds": scores, "seconds": round(r["seconds"], 1),
            "fold_seconds": [f["seconds"] for f in r["folds"]], "time_limit_per_fold_seconds": r["time_limit_per_fold_seconds"],
            "kept": [f["kept"] for f in facts], "members": [f["members"] for f in facts],
            "tuned_kept_folds": sum(f["tuned_kept"] for f in facts), "search_trials": [f["search_trials"] for f in facts],
            "tuned_notes": [f["tuned_notes"] for f in facts],
            "tuned_joined": sum(f["tuned_joined"] for f in facts), "tuned_rejected": sum(f["tuned_rejected"] for f in facts),
            "mlp_default_stopped_by_time_limit": sum(f["mlp_default_stopped_by_time_limit"] for f in facts)}


def main(folder, results_path, page, seconds, names):
    peers = json.loads((folder / "peers.json").read_text())
    datasets = {}
    for name in names:
        peer = peers["datasets"][name]
        key, systems, best = peer_figures(peer)
        datasets[name] = {"task": peer["task"], "metric": key, "rows": peer["rows"], "features": peer["features"],
                          "defaults": mode(folder, name, "defaults", key), "search": mode(folder, name, "search", key),
                          "peers": systems, "best_peer": best}
    uptime = {when: (folder / f"uptime-{when}.txt").read_text().strip() if (folder / f"uptime-{when}.txt").exists() else None
              for when in ("start", "end")}
    first = next(iter(datasets.values()))
    result = {"versions": peers["versions"], "time_limit_per_fold_seconds": first["search"]["time_limit_per_fold_seconds"],
              "seconds": seconds, "machine": machine(date=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), uptime_start=uptime["start"], uptime_end=uptime["end"],
                                                     load_average_at_end=list(os.getloadavg())),
              "datasets": datasets}
    Path(results_path).write_text(json.dumps(result, indent=1) + "\n")
    write_section(page, result)
    for name, d in datasets.items():
        p = d["peers"][d["best_peer"]]
        print(f"{name:14} defaults {d['defaults']['mean']:.3f} ± {d['defaults']['sd']:.3f}   search {d['search']['mean']:.3f} ± "
              f"{d['search']['sd']:.3f} (tuned kept in {d['search']['tuned_kept_folds']}/5, trials {d['search']['search_trials']})   "
              f"best peer {d['best_peer']} {p['mean']:.3f} ± {p['sd']:.3f}")


def write_section(path, r):
    cell = lambda f: f"{f['mean']:.3f} ± {f['sd']:.3f}"
    m = r["machine"]
    limit = r["time_limit_per_fold_seconds"]
    lines = [
        "<!-- search:begin (written by bench/training/search.sh; the renderer above does not know this section) -->",
        "## Search in automatic mode: `lepton experiment --time-limit` with and without its search",
        "",
        "`bench/training/search.sh`: the training-quality benchmark's CSVs and 5 shared folds (`prepare.py`), each dataset run "
        f"twice by `lepton experiment DATA.csv --folds-file DATA.folds.json --time-limit {limit:.0f}s`: with `--trials 0` (the "
        "default candidates only) and without (the defaults, then a TPE search of gbm's and the mlp's settings in the time they "
        "leave, up to 100 trials; a tuned candidate joins only when it beats its default by more than one standard error on the "
        "validation rows). Same time limit per fold in both modes; the defaults train alike in both. Peers: scikit-learn "
        f"{r['versions']['sklearn']} and XGBoost {r['versions']['xgboost']} with their defaults on the same folds (`peers.py`). "
        "Figures: mean ± sample sd over the 5 held-out test folds of accuracy (classification) or R² (diabetes), never a "
        "validation score. *Tuned kept*: folds whose kept model is `gbm_tuned` or `mlp_tuned` or an ensemble with one of them. "
        "*Search trials*: per fold, from the tuned candidates' notes (\"N of M search trials\").",
        "",
        "| Dataset | Metric | Defaults only | Defaults + search | Best peer | Tuned kept | Search trials per fold | Wall time, defaults / search |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, d in r["datasets"].items():
        de, se, p = d["defaults"], d["search"], d["peers"][d["best_peer"]]
        best = max(de["mean"], se["mean"], p["mean"])
        shown = lambda f: f"**{cell(f)}**" if round(f["mean"], 3) == round(best, 3) else cell(f)
        lines.append(f"| {name} ({d['rows']} rows) | {d['metric']} | {shown(de)} | {shown(se)} | {shown(p)} ({d['best_peer']}) | "
                     f"{se['tuned_kept_folds']} / {len(se['folds'])} | {', '.join(str(t) for t in se['search_trials'])} | "
                     f"{de['seconds']:.0f} s / {se['seconds']:.0f} s |")
    lines += [
        "",
        "Per fold (test figure, defaults → search; what each kept): "
        + "; ".join(f"{n} " + ", ".join(f"{a:.3f} → {b:.3f} ({'+'.join(mb)})" for a, b, mb in zip(d["defaults"]["folds"], d["search"]["folds"], d["search"]["members"]))
                    for n, d in r["datasets"].items()) + ". "
        "Defaults-only kept: " + "; ".join(f"{n} {', '.join(d['defaults']['kept'])}" for n, d in r["datasets"].items()) + ". "
        "Tuned candidates with a finished trial that joined the candidates / that the one-standard-error rule turned away (over both "
        "families and 5 folds): " + ", ".join(f"{n} {d['search']['tuned_joined']} / {d['search']['tuned_rejected']}" for n, d in r["datasets"].items()) + ". "
        "Folds whose mlp default was stopped by the time limit, defaults only / with search: " + ", ".join(f"{n} {d['defaults']['mlp_default_stopped_by_time_limit']} / {d['search']['mlp_default_stopped_by_time_limit']}"
                                                         for n, d in r["datasets"].items()) + ". "
        "Longest fold, defaults / search: " + ", ".join(f"{n} {max(d['defaults']['fold_seconds']):.0f} s / {max(d['search']['fold_seconds']):.0f} s"
                                                      for n, d in r["datasets"].items()) + f" (limit {limit:.0f} s).",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['os']}, .NET SDK {m['dotnet_sdk']}, Python {m['python']}, "
        f"OMP_NUM_THREADS={m['omp_num_threads']}. Commit {m['commit']}, {m['date']}. The machine was shared with other work during the run, "
        f"so wall times and the trials a fold fits in its limit are lower than on a quiet machine: `uptime` at start "
        f"\"{m['uptime_start']}\", at end \"{m['uptime_end']}\". The whole run took {r['seconds']} s. "
        "Raw figures: `bench/results/training-search.json`.",
        END,
    ]
    pages.write_section(path, BEGIN, END, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:])
