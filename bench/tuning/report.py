"""Writes the sampler-quality figures samplers.sh measured: bench/results/tuning-samplers.json and the "Sampler
quality" section at the end of docs/benchmarks.md (between tuning-samplers:begin and tuning-samplers:end).

  /usr/bin/python3 bench/tuning/report.py LEPTON.json OPTUNA.json RESULTS.json BENCHMARKS.md SECONDS
"""
import datetime
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "training"))
from machine import machine  # noqa: E402
from pages import write_section  # noqa: E402

from functions import FUNCTIONS  # noqa: E402

BEGIN = "<!-- tuning-samplers:begin (written by bench/tuning/samplers.sh) -->"
END = "<!-- tuning-samplers:end -->"
CHECKPOINTS = (25, 50, 100)
GOALS = (50, 100)
SYSTEMS = [("lepton", "tpe", "Lepton TPE (defaults)"), ("lepton", "random", "Lepton random search"),
           ("optuna", "tpe", "Optuna TPE (defaults)"), ("optuna", "tpe_multivariate", "Optuna TPE, multivariate=True"),
           ("optuna", "random", "Optuna random search"), ("lepton", "tpe_univariate", "Lepton TPE, multivariate: false")]


def summarize(runs, trials):
    best = np.array([r["best"] for r in runs])
    at = {}
    for n in CHECKPOINTS:
        if n <= trials:
            q1, median, q3 = np.percentile(best[:, n - 1], [25, 50, 75])
            at[str(n)] = {"median": float(median), "q1": float(q1), "q3": float(q3)}
    return {"seeds": len(runs), "after": at, "ms_per_trial": 1000 * float(np.mean([r["seconds"] for r in runs])) / trials}


def main(lepton_path, optuna_path, results_path, page, seconds):
    data = {d["system"]: d for d in (json.load(open(lepton_path)), json.load(open(optuna_path)))}
    trials, seeds = data["lepton"]["trials"], data["lepton"]["seeds"]
    functions = {}
    for name, (minimum, parameters, _) in FUNCTIONS.items():
        systems = {}
        for system, sampler, label in SYSTEMS:
            runs = [r for r in data[system]["runs"] if r["function"] == name and r["sampler"] == sampler]
            if runs:
                systems[f"{system}:{sampler}"] = {"label": label, **summarize(runs, trials)}
        lepton, optuna = systems["lepton:tpe"]["after"], systems["optuna:tpe"]["after"]
        goals = {str(n): bool(lepton[str(n)]["median"] <= optuna[str(n)]["median"]) for n in GOALS if str(n) in lepton}
        functions[name] = {"minimum": minimum, "dimensions": len(parameters),
                           "box": [{"name": p, "low": lo, "high": hi, "log": log} for p, lo, hi, log in parameters],
                           "systems": systems, "lepton_at_most_optuna": goals}
    m = machine(optuna=data["optuna"]["version"], load_average=[round(x, 2) for x in os.getloadavg()],
                date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    result = {"command": "bench/tuning/samplers.sh", "seeds": seeds, "trials": trials, "checkpoints": CHECKPOINTS,
              "functions": functions, "seconds": seconds, "machine": m}
    os.makedirs(os.path.dirname(results_path), exist_ok=True)
    with open(results_path + ".tmp", "w") as f:
        json.dump(result, f, indent=1)
    os.replace(results_path + ".tmp", results_path)
    write_section(page, result)


def versus(function, other):
    """Whether Lepton's TPE median is at most the other system's, after each goal's number of trials."""
    lepton, them = function["systems"]["lepton:tpe"]["after"], function["systems"][other]["after"]
    return {str(n): lepton[str(n)]["median"] <= them[str(n)]["median"] for n in CHECKPOINTS if str(n) in lepton}


def cell(summary, n):
    s = summary["after"][str(n)]
    return f"{s['median']:.4g} ({s['q1']:.4g} – {s['q3']:.4g})"


def write_section(page, result):
    m = result["machine"]
    passed = all(all(f["lepton_at_most_optuna"].values()) for f in result["functions"].values())
    lines = [
        BEGIN,
        "## Sampler quality: Lepton's TPE against Optuna's on standard functions",
        "",
        f"`bench/tuning/samplers.sh`: {result['seeds']} seeds × {result['trials']} trials per function and sampler, every run a fresh "
        "in-memory study, minimizing. Lepton: `Tuner` with `NoPruner` and `InMemoryStudyStore`, `TpeSampler(seed)` with its defaults "
        "(10 random start-up trials, 24 candidates, multivariate, constant liar) and `RandomSampler(seed)` "
        "(`bench/Lepton.Bench.Tuning`). Optuna: Debian's `python3-optuna` "
        f"{m['optuna']}, `TPESampler(seed=s)` with its defaults (univariate) and with `multivariate=True`, `study.optimize` in memory "
        "(`bench/tuning/optuna_peer.py`). Functions (`bench/tuning/functions.py`, the same in C#): Branin on x ∈ [−5, 10], y ∈ [0, 15] "
        "(minimum 0.397887); Hartmann-6 on [0, 1]^6 (minimum −3.32237); Rosenbrock in 10 dimensions with every x_i ∈ [0.001, 10] "
        "searched in log scale by both systems (minimum 0 at x = 1, off the box's log-centre 0.1).",
        "",
        "Each cell: the median over seeds of the best value found after that many trials, with the interquartile range (25th – 75th percentile) in parentheses. "
        "Time per trial: the whole loop (ask, sample, a trivially cheap objective, record) averaged over all trials of a run, in ms. "
        "**PASS** per function when Lepton's TPE median is ≤ Optuna's default TPE median after 50 and after 100 trials.",
        "",
        "| Function | System | After 25 | After 50 | After 100 | ms/trial |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, f in result["functions"].items():
        verdict = "PASS" if all(f["lepton_at_most_optuna"].values()) else "FAIL"
        for key, s in f["systems"].items():
            label = f"**{s['label']}**" if key == "lepton:tpe" else s["label"]
            first = f"{name} ({f['dimensions']}-D) — {verdict}" if key == "lepton:tpe" else ""
            lines.append(f"| {first} | {label} | {cell(s, 25)} | {cell(s, 50)} | {cell(s, 100)} | {s['ms_per_trial']:.2f} |")
    lines += [
        "",
        f"Result: {'**PASS**' if passed else '**FAIL**'} — " + "; ".join(
            f"{name}: " + ", ".join(f"{n} trials {'≤' if ok else '>'}" for n, ok in f["lepton_at_most_optuna"].items())
            for name, f in result["functions"].items()) + " (Lepton against Optuna's default).",
        "",
        "Against Optuna's multivariate TPE (like Lepton's default, one joint estimator): " + "; ".join(
            f"{name}: " + ", ".join(f"{n} trials {'≤' if ok else '>'}" for n, ok in versus(f, "optuna:tpe_multivariate").items())
            for name, f in result["functions"].items() if "optuna:tpe_multivariate" in f["systems"]) + ".",
        "",
        "Lepton's multivariate estimator sets its kernels' width by Scott's rule on the good (or bad) trials' own spread, "
        "1.059 · min(sd, IQR/1.34) · n^(−1/(d+4)); Optuna's multivariate TPE uses 0.2 of the whole range in place of the spread, so its "
        "kernels stay wide as the good trials gather. Both clip to Optuna's range/min(100, n + 2). Optuna 3.1's continuous kernels also "
        "leave out the −log σ of the normal density (optuna/optuna#5109, fixed in Optuna 3.5); Lepton's densities are the corrected ones "
        "(`ParzenEstimatorTests` checks them against Optuna's estimator with that term put back). Leaving it out shrinks every "
        "trial's kernel against the prior's by (σ/range)^d, which in several dimensions turns the ratio of the good and bad densities into "
        "something closer to their difference: an accident of Optuna 3.1, not copied, that can still help it early in 6-D.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['os']}, .NET SDK {m['dotnet_sdk']}, Python {m['python']}. "
        f"Commit {m['commit']}, {m['date']}. Load average at the end {' '.join(str(x) for x in m['load_average'])} (the 2 cores are shared "
        f"with other sessions, so times per trial are noisy). The whole run took {result['seconds']} s. Command: `bench/tuning/samplers.sh` "
        "(settings: `SEEDS`, `TRIALS`, `OPTUNA_SAMPLERS`). Raw figures: `bench/results/tuning-samplers.json`.",
        "",
        END,
    ]
    section = "\n".join(lines) + "\n"
    write_section(page, BEGIN, END, section)
    print(section)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
