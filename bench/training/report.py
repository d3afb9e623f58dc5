"""Joins peers.py's and `lepton experiment --results`'s figures into bench/results/training-quality.json and writes
the "Training quality" section of docs/benchmarks.md (between training:begin and training:end).

Rule: a dataset PASSes when Lepton's mean ≥ the best peer's mean − that peer's sd (sample sd over the 5 folds):
within one fold-to-fold standard deviation of the best default in scikit-learn or XGBoost.

  /usr/bin/python3 bench/training/report.py DIR RESULTS.json BENCHMARKS.md SECONDS name ...
"""
import json
import os
import sys
from pathlib import Path

from machine import machine

HEADLINE = {"classification": "accuracy", "regression": "r2"}


def peer_figures(peer):
    """A dataset's headline metric in peers.json, each peer's mean, sd and seconds on it, and the best peer by mean."""
    key = HEADLINE[peer["task"]]
    systems = {system: {"mean": s["metrics"][key]["mean"], "sd": s["metrics"][key]["sd"], "seconds": round(s["seconds"], 1)}
               for system, s in peer["systems"].items()}
    return key, systems, max(systems, key=lambda s: systems[s]["mean"])


def main(folder, results_path, page, seconds, names):
    peers = json.loads((folder / "peers.json").read_text())
    datasets = {}
    for name in names:
        peer = peers["datasets"][name]
        key, systems, best = peer_figures(peer)
        lepton = json.loads((folder / f"lepton-{name}.json").read_text())
        mine = {"mean": lepton["mean"][key], "sd": lepton["sd"][key], "seconds": lepton["seconds"],
                "kept": [f["kept"] for f in lepton["folds"]], "folds": [f["metrics"][key] for f in lepton["folds"]]}
        bar = systems[best]["mean"] - systems[best]["sd"]
        datasets[name] = {"task": peer["task"], "metric": key, "rows": peer["rows"], "features": peer["features"], "lepton": mine,
                          "peers": systems, "best_peer": best, "bar": bar, "pass": mine["mean"] >= bar}
    result = {"versions": peers["versions"], "time_limit_per_fold_seconds": lepton["time_limit_per_fold_seconds"],
              "seconds": seconds, "machine": machine(load_average_at_end=list(os.getloadavg())), "datasets": datasets}
    Path(results_path).write_text(json.dumps(result, indent=1) + "\n")
    write_section(page, result)
    for name, d in datasets.items():
        print(f"{name:14} lepton {d['lepton']['mean']:.3f} ± {d['lepton']['sd']:.3f}   best peer {d['best_peer']} "
              f"{d['peers'][d['best_peer']]['mean']:.3f} ± {d['peers'][d['best_peer']]['sd']:.3f}   {'PASS' if d['pass'] else 'FAIL'}")


def write_section(path, r):
    datasets = r["datasets"]
    # Peers by position: logistic (ridge for regression), random forest, HistGradientBoosting, MLP, XGBoost.
    systems = ["logistic / ridge", "random forest", "hist gradient boosting", "mlp", "xgboost"]
    cell = lambda f: f"{f['mean']:.3f} ± {f['sd']:.3f}"
    m = r["machine"]
    lines = [
        "<!-- training:begin (written by bench/training/run.sh; the renderer above does not know this section) -->",
        "## Training quality: `lepton experiment` against scikit-learn and XGBoost",
        "",
        "`bench/training/run.sh`: scikit-learn's bundled datasets as CSVs (the target in `target`; diabetes unscaled), 5 folds "
        "written once to a file every system reads (StratifiedKFold for classification, KFold for regression, shuffled, seed 0). "
        f"Peers: scikit-learn {r['versions']['sklearn']} and XGBoost {r['versions']['xgboost']} with their defaults (standard "
        "scaling for the logistic/ridge and MLP). Lepton: `lepton experiment DATA.csv --folds-file DATA.folds.json` and nothing "
        f"else ({r['time_limit_per_fold_seconds']:.0f} s time limit per fold), the automatic trainer on 4 folds (its own validation "
        "rows come from those), tested on the fifth. Figures: mean ± sample sd (ddof 1) over the 5 held-out folds of accuracy "
        "(classification) or R² (diabetes). **PASS** when Lepton's mean ≥ the best peer's mean − that peer's sd.",
        "",
        "| Dataset | Metric | Lepton | " + " | ".join(systems) + " | Best peer | Result |",
        "| --- | --- | --- | " + " | ".join("---" for _ in systems) + " | --- | --- |",
    ]
    for name, d in datasets.items():
        peers = d["peers"]
        # The best mean of the row is bold, whoever it belongs to.
        best = max([d["lepton"]["mean"]] + [f["mean"] for f in peers.values()])
        shown = lambda f: f"**{cell(f)}**" if round(f["mean"], 3) == round(best, 3) else cell(f)
        row = [name, d["metric"], shown(d["lepton"])] + [shown(f) for f in peers.values()]
        row += [d["best_peer"], "**PASS**" if d["pass"] else "**FAIL**"]
        lines.append("| " + " | ".join(row) + " |")
    lines += [
        "",
        "Columns are scikit-learn's logistic regression (ridge for diabetes), random forest, HistGradientBoosting and MLP, then XGBoost. "
        "Candidates Lepton kept per fold: " + "; ".join(f"{n} {', '.join(d['lepton']['kept'])}" for n, d in datasets.items()) + ". "
        "Wall time per dataset (5 folds): " + ", ".join(f"{n} {d['lepton']['seconds']:.0f} s" for n, d in datasets.items()) + ".",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['os']}, .NET SDK {m['dotnet_sdk']}, Python {m['python']}, "
        f"OMP_NUM_THREADS={m['omp_num_threads']}. Commit {m['commit']}. Load average at end {m['load_average_at_end'][0]:.1f} "
        f"(other work shared the cores); the whole run took {r['seconds']} s. Raw figures: `bench/results/training-quality.json`.",
        "<!-- training:end -->",
    ]
    section = "\n".join(lines) + "\n"
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
    begin, end = text.find("<!-- training:begin"), text.find("<!-- training:end -->")
    if begin >= 0 and end >= 0:
        text = text[:begin] + section + text[end + len("<!-- training:end -->\n"):]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:])
