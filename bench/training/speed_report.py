"""Writes the training-speed figures speed.sh measured: bench/results/training-speed.json and the "Training speed"
section at the end of docs/benchmarks.md (between training-speed:begin and training-speed:end).

  /usr/bin/python3 bench/training/speed_report.py DIR CSV ROUNDS RESULTS.json BENCHMARKS.md SECONDS TIME_LIMIT
"""
import json
import os
import re
import statistics
import sys
from pathlib import Path

from machine import machine, run

SYSTEMS = [("lepton-gbm", "Lepton gbm (LightGBM)"), ("lepton-mlp", "Lepton mlp"),
           ("xgboost", "XGBoost 1.7 (hist)"), ("hgb", "scikit-learn HistGradientBoosting")]


def timing(path):
    text = path.read_text()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    seconds = sum(float(part) * 60 ** i for i, part in enumerate(reversed(wall.split(":"))))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return seconds, rss / 1024


def lepton_test(folder, candidate):
    metrics = json.loads((folder / f"lepton-{candidate}-test.json").read_text())
    flat = metrics.get("metrics", metrics)
    return {"accuracy": flat.get("accuracy"), "f1_macro": flat.get("f1_macro"), "roc_auc": flat.get("roc_auc", flat.get("auc"))}


def lepton_trials(folder, name):
    text = (folder / f"{name}.out").read_text()
    return [line.strip() for line in text.splitlines() if line.strip().startswith("│") and "kept" in line]


def main(folder, csv, rounds, results_path, page, seconds, time_limit):
    train = folder / "train.csv"
    file_mb = train.stat().st_size / 2**20
    results = {"file": str(csv), "train_file": str(train), "train_file_mb": round(file_mb, 1), "rounds": rounds,
               "time_limit": time_limit, "machine": machine(date=run("date", "-u", "+%Y-%m-%d %H:%M UTC")), "systems": {}}
    for key, label in SYSTEMS:
        if not all((folder / f"{key}-{r}.time").exists() and "Maximum resident" in (folder / f"{key}-{r}.time").read_text()
                   for r in range(1, rounds + 1)):
            results["systems"][key] = {"label": label, "not_measured": True}
            continue
        runs = [timing(folder / f"{key}-{r}.time") for r in range(1, rounds + 1)]
        entry = {"label": label, "wall_seconds": [w for w, _ in runs], "peak_rss_mb": [m for _, m in runs]}
        if key.startswith("lepton"):
            test = folder / f"{key}-test.json"
            entry["test"] = lepton_test(folder, key.split("-")[1]) if test.exists() else {}
            entry["kept"] = lepton_trials(folder, f"{key}-1")
        else:
            peer = json.loads((folder / f"{key}-{rounds}.out").read_text().strip().splitlines()[-1])
            entry["test"] = peer["test"]
            entry["version"] = peer["version"]
            entry["fit_seconds"] = peer["fit_seconds"]
        results["systems"][key] = entry
    results["load_average"] = [(folder / f"load-{r}.txt").read_text().split() for r in range(1, rounds + 1) if (folder / f"load-{r}.txt").exists()]
    results["seconds"] = seconds
    Path(results_path).write_text(json.dumps(results, indent=1) + "\n")

    m = results["machine"]
    rows = []
    for key, label in SYSTEMS:
        e = results["systems"][key]
        if e.get("not_measured"):
            rows.append(f"| {label} | not measured (the run was stopped before it) | | | | |")
            continue
        wall, rss = statistics.median(e["wall_seconds"]), statistics.median(e["peak_rss_mb"])
        t = e["test"]
        rows.append(f"| {label} | {wall:.0f} s | {rss:,.0f} MiB | {rss / file_mb:.1f}× | {t.get('accuracy', float('nan')):.4f} | "
                    f"{t.get('roc_auc', float('nan')):.4f} |")
    section = "\n".join([
        "<!-- training-speed:begin (written by bench/training/speed.sh) -->",
        "## Training speed and memory: `lepton train` on 1,000,000 rows against XGBoost and HistGradientBoosting",
        "",
        f"`bench/training/speed.sh`: the data benchmark's 1,000,000-row × 20-column CSV, split once (stratified by `churn`, seed 0) into "
        f"`train.csv` ({file_mb:.0f} MiB, 800,000 rows) and `test.csv` (200,000 rows). Each system is its own process under `/usr/bin/time -v`, "
        f"interleaved: `lepton train train.csv --target churn --candidates gbm` (then `mlp`) `--time-limit {time_limit} --trials 0 --no-tracking` (no search: one default model, as each peer trains one) — read, "
        "profile, plan, preprocessing, its own 20 % test and 20 % validation split, training, saving — then XGBoost 1.7 "
        "(`tree_method=\"hist\"`, 100 rounds) and scikit-learn 1.2's `HistGradientBoostingClassifier` (defaults, early stopping on 10 %) "
        "on all of `train.csv` after pandas reads it (identifier and free-text columns dropped, categories as codes, dates as numbers). "
        "Test figures on `test.csv` (Lepton's with `lepton evaluate`). `churn` is drawn independently of the other columns "
        "(12 % yes), so every system's accuracy is the majority share and its ROC-AUC about 0.5: the figures to read are time and memory. "
        f"Peak memory is the process's peak RSS, also as a multiple of `train.csv`'s size (the issue's goal: at most 1.5×).",
        "",
        "| System | Wall time | Peak RSS | × file | Test accuracy | Test ROC-AUC |",
        "| --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['os']}, .NET SDK {m['dotnet_sdk']}, Python {m['python']}, "
        f"OMP_NUM_THREADS={m['omp_num_threads']}. Commit {m['commit']}, {m['date']}. Load average after each round: "
        f"{'; '.join(' '.join(l) for l in results['load_average'])} (the machine's 2 cores were shared with other sessions' builds and tests). "
        f"The whole run took {seconds} s. Command: `bench/training/speed.sh`. Raw figures: `bench/results/training-speed.json`.",
        "",
        "<!-- training-speed:end -->",
        "",
    ])
    text = Path(page).read_text()
    begin, end = text.find("<!-- training-speed:begin"), text.find("<!-- training-speed:end -->")
    if begin >= 0 and end > begin:
        text = text[:begin] + section + text[end + len("<!-- training-speed:end -->\n"):]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    Path(page).write_text(text)
    print(section)


if __name__ == "__main__":
    a = sys.argv[1:]
    main(Path(a[0]), a[1], int(a[2]), a[3], a[4], int(a[5]), a[6])
