"""Optuna's side of the importance benchmark, and the table: reads the trials Lepton drew (importance.cs), ranks them
with Optuna's FanovaImportanceEvaluator (seed 0), and prints the markdown section with the exact shares beside both.

    /usr/bin/python3 bench/tuning/importance_optuna.py OUT_DIR
"""
import json
import math
import os
import sys
import time
from datetime import datetime, timezone

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "training"))
from machine import machine  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.WARNING)
folder = sys.argv[1] if len(sys.argv) > 1 else "/tmp/lepton-bench-importance"
choices = ["a", "b", "c", "d"]
distributions = {f"x{i}": FloatDistribution(0, 1) for i in range(6)}
distributions["lr"] = FloatDistribution(1e-5, 1, log=True)
distributions["act"] = CategoricalDistribution(choices)

# The exact main-effect variances of 3·x0 + sin(6·x1) + 0.3·log10(lr) + [act = c] + x2·x3 under the sampling measure
# (uniform; lr uniform in log space, so 0.3·log10(lr) is uniform on [-1.5, 0]); shares of their sum, as fANOVA's are.
sin_mean = (1 - math.cos(6)) / 6
variances = {"x0": 9 / 12, "x1": 0.5 - math.sin(12) / 24 - sin_mean ** 2, "lr": 1.5 ** 2 / 12, "act": 0.25 * 0.75,
             "x2": 1 / 48, "x3": 1 / 48, "x4": 0.0, "x5": 0.0}
total = sum(variances.values())
exact = {k: v / total for k, v in variances.items()}

lepton = {r["trials"]: r for r in json.load(open(os.path.join(folder, "lepton.json")))}
rows = []
for n, mine in sorted(lepton.items()):
    study = optuna.create_study()
    for t in json.load(open(os.path.join(folder, f"trials-{n}.json"))):
        params = dict(t["params"])
        params["act"] = choices[int(params["act"])]
        study.add_trial(optuna.trial.create_trial(params=params, distributions=distributions, value=t["value"]))
    start = time.perf_counter()
    theirs = optuna.importance.get_param_importances(study, evaluator=optuna.importance.FanovaImportanceEvaluator(seed=0))
    seconds = time.perf_counter() - start
    rows.append((n, mine, theirs, seconds))

names = list(exact)
def error(shares):
    return sum(abs(shares.get(k, 0) - exact[k]) for k in names)

print("| Trials | System | Time | " + " | ".join(names) + " | Σ\\|error\\| |")
print("| --- | --- | --- | " + " | ".join("---" for _ in names) + " | --- |")
print("| — | exact | — | " + " | ".join(f"{exact[k]:.3f}" for k in names) + " | 0 |")
for n, mine, theirs, seconds in rows:
    print(f"| {n:,} | Lepton | {mine['seconds']:.2f} s | " + " | ".join(f"{mine['importance'].get(k, 0):.3f}" for k in names) + f" | {error(mine['importance']):.3f} |")
    print(f"| {n:,} | Optuna {optuna.__version__} | {seconds:.2f} s | " + " | ".join(f"{theirs.get(k, 0):.3f}" for k in names) + f" | {error(theirs):.3f} |")
m = machine()
print()
print(f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['os']}, .NET SDK {m['dotnet_sdk']}, Python {m['python']}, "
      f"scikit-learn {__import__('sklearn').__version__}. Commit {m['commit']}, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC. "
      f"Load average at the end: {os.getloadavg()[0]:.1f}.")
