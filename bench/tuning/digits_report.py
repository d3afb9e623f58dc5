"""Writes the figures digits.sh measured: bench/results/tuning-digits.json and the "Tuning on a real objective" section
at the end of docs/benchmarks.md (between tuning-digits:begin and tuning-digits:end).

  /usr/bin/python3 bench/tuning/digits_report.py DIR RESULTS.json BENCHMARKS.md SECONDS
"""
import datetime
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "training"))
from machine import machine  # noqa: E402
import pages  # noqa: E402

BEGIN = "<!-- tuning-digits:begin (written by bench/tuning/digits.sh) -->"
END = "<!-- tuning-digits:end -->"
GOAL = 0.981  # scikit-learn's best default model on digits, an SVC (issue 13)
TRIAL = re.compile(r"^trial +(\d+) · (?:accuracy ([\d.]+)|pruned at step (\d+) \(([\d.]+)\)|failed: .*?) · (.*) \(([\d.]+)s\)(?:; best ([\d.]+))?$")
TEST = re.compile(r"^Test \((\d+) held-out rows\): accuracy: ([\d.]+)")


def lepton_figures(folder):
    """The trials, best value and test accuracy that `lepton tune` printed (lepton.log), and its wall time."""
    trials, test = [], None
    for line in open(os.path.join(folder, "lepton.log"), encoding="utf-8"):
        line = line.rstrip()
        if m := TRIAL.match(line):
            state = "complete" if m[2] else "pruned" if m[3] else "fail"
            trials.append({"number": int(m[1]), "state": state, "value": float(m[2] or m[4]) if (m[2] or m[4]) else None,
                           "pruned_at_step": int(m[3]) if m[3] else None, "params": m[5], "seconds": float(m[6])})
        elif m := TEST.match(line):
            test = {"rows": int(m[1]), "accuracy": float(m[2])}
    complete = [t for t in trials if t["state"] == "complete"]
    best = max(complete, key=lambda t: t["value"])
    load = open(os.path.join(folder, "lepton.load")).read().split("\n")
    return {"best_cv_accuracy": best["value"], "best_trial": best["number"], "best_params": best["params"],
            "states": {s: sum(t["state"] == s for t in trials) for s in ("complete", "pruned", "fail")},
            "trial_seconds": sum(t["seconds"] for t in trials), "command_seconds": int(open(os.path.join(folder, "lepton.ms")).read()) / 1000,
            "test_accuracy": test["accuracy"] if test else None, "test_rows": test["rows"] if test else None,
            "uptime": [line.strip() for line in load if line.strip()], "history": trials}


def main(folder, results_path, page, seconds):
    rows = json.load(open(os.path.join(folder, "rows.json")))
    lepton = lepton_figures(folder)
    optuna = json.load(open(os.path.join(folder, "optuna.json")))
    optuna["uptime"] = [line.strip() for line in open(os.path.join(folder, "optuna.load")) if line.strip()]
    m = machine(optuna=optuna["optuna"], sklearn=optuna["sklearn"], load_average=[round(x, 2) for x in os.getloadavg()],
                date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    result = {"command": "bench/tuning/digits.sh", "trials": optuna["trials"], "seed": optuna["seed"], "goal": GOAL,
              "rows": {"development": len(rows["development"]), "test": len(rows["test"]), "folds": [len(f) for f in rows["folds"]]},
              "lepton": lepton, "optuna": optuna, "pass": lepton["best_cv_accuracy"] >= GOAL, "seconds": seconds, "machine": m}
    os.makedirs(os.path.dirname(results_path), exist_ok=True)
    with open(results_path + ".tmp", "w") as f:
        json.dump(result, f, indent=1)
    os.replace(results_path + ".tmp", results_path)
    write_section(page, result)


def states(s):
    return ", ".join(f"{n} {state}" for state, n in s.items() if n)


def write_section(page, r):
    m, lep, opt, svc = r["machine"], r["lepton"], r["optuna"], r["optuna"]["svc"]
    params = ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in opt["best_params"].items())
    stopping = ("stopping early on 10 % of its fitting rows (`early_stopping=True`, patience 20)"
                if opt.get("early_stopping") else "everything else its default (Adam, up to 200 epochs on all the fold's training rows, no early-stopping rows)")
    lines = [
        BEGIN,
        "## Tuning on a real objective: an MLP on scikit-learn's digits",
        "",
        f"`bench/tuning/digits.sh`: {r['trials']} trials, 5-fold cross-validation accuracy, TPE (seed {r['seed']}) + median pruning on both sides. "
        f"Data: scikit-learn's digits (1,797 8×8 images, pixels 0–16) from Debian's `python3-sklearn`. Lepton's spec holds out "
        f"{r['rows']['test']} test rows (stratified, seed 0); the {r['rows']['development']:,} others are cut into 5 stratified folds "
        f"({'/'.join(str(n) for n in r['rows']['folds'])} rows). Both systems tune on exactly those rows and folds: `digits_rows.cs` asks "
        "Lepton's `PlanSplits` for them, as `SpecTuner` does, and Optuna's side reads them. Both report the running mean after each fold to the median pruner.",
        "",
        "- **Lepton**: `lepton tune bench/tuning/digits.yaml --study digits --no-tracking`. The spec has the 64 pixels as number features "
        "(standardized, the default), `combiner.num_fc_layers` 1–3, `combiner.output_size` 64 | 128 | 256 | 512, `combiner.dropout` 0–0.5 step 0.1, "
        "`trainer.learning_rate` 1e-4–1e-2 log, `trainer.batch_size` 32 | 64 | 128 | 256, with Adam, 200 epochs without early stopping "
        "(`trainer.early_stop: -1`) on all but 10 of the fold's training rows (`probabilities: [0.795, 0.005, 0.2]`: one row per class, "
        "watched, not trained on), as `MLPClassifier` trains. Its TPE is multivariate with Optuna's other defaults; the median pruner is Optuna's defaults.",
        f"- **Optuna {opt['optuna']}** (`TPESampler(seed={r['seed']})`, `MedianPruner()`, defaults) driving scikit-learn {opt['sklearn']}'s "
        "`StandardScaler` + `MLPClassifier` (`digits_optuna.py`): `hidden_layer_sizes` = (width,) × depth from the same choices, "
        "`learning_rate_init` and `batch_size` the same. `MLPClassifier` has no dropout, so its L2 penalty `alpha` (1e-6–0.1, log) is searched "
        f"in its place; {stopping}.",
        "- **Baseline**: scikit-learn's `SVC()` with its defaults on the same folds (standardized pixels, as both MLPs see them; and on the raw pixels).",
        "",
        f"| System | Best CV accuracy | Best trial | Trials | Wall time (tuning) | Test accuracy ({r['rows']['test']} held-out rows) |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| **Lepton** `lepton tune` | **{lep['best_cv_accuracy']:.4f}** | {lep['best_trial']}: {lep['best_params']} | {states(lep['states'])} | "
        f"{lep['trial_seconds']:.0f} s (whole command {lep['command_seconds']:.0f} s) | {lep['test_accuracy']:.4f} |",
        f"| Optuna + `MLPClassifier` | {opt['best_cv_accuracy']:.4f} | {opt['best_trial']}: {params} | {states(opt['states'])} | "
        f"{opt['tuning_seconds']:.0f} s (+ {opt['final_seconds']:.0f} s refit) | {opt['test_accuracy']:.4f} |",
        f"| `SVC()` defaults, standardized | {svc['cv_accuracy']:.4f} | — | — | {svc['cv_seconds']:.1f} s | {svc['test_accuracy']:.4f} |",
        f"| `SVC()` defaults, raw pixels | {svc['cv_accuracy_raw_pixels']:.4f} | — | — | — | — |",
        "",
        f"Goal: Lepton's best CV accuracy ≥ {r['goal']} (scikit-learn's best default model on digits, an SVC): "
        f"{'**PASS**' if r['pass'] else '**FAIL**'} ({lep['best_cv_accuracy']:.4f}). Wall time is the time spent in trials (Lepton: the sum of its "
        "trials' times; Optuna: `study.optimize`); Lepton's whole command adds reading the table, planning and training + testing the final model. "
        "The test rows never reach a trial: they only test each side's best trial refit on all development rows.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['os']}, .NET SDK {m['dotnet_sdk']}, Python {m['python']}. "
        f"One OpenMP/OpenBLAS thread per side (`OMP_NUM_THREADS=1`). Commit {m['commit']}, {m['date']}; the run took {r['seconds']} s. "
        f"`uptime` around Lepton's side: {' → '.join(u.split('load average: ')[-1] for u in lep['uptime'])}; around Optuna's: "
        f"{' → '.join(u.split('load average: ')[-1] for u in opt['uptime'])} (the 2 cores are shared with other sessions, so wall times are noisy). "
        "Command: `bench/tuning/digits.sh` (settings: `TRIALS`, `SEED`, `THREADS`, `EARLY_STOPPING`). Raw figures and every trial: `bench/results/tuning-digits.json`.",
        "",
        END,
    ]
    section = "\n".join(lines) + "\n"
    pages.write_section(page, BEGIN, END, section)
    print(section)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
