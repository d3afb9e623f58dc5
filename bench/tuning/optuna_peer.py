"""Optuna's side of the sampler benchmark: its default TPESampler(seed=s) (and optionally its RandomSampler) on each
test function, one in-memory study per seed, and per run the best value after each trial and the run's wall time —
the same JSON shape as lepton-bench-tuning writes.

Usage: optuna_peer.py OUT.json [SEEDS] [TRIALS] [SAMPLERS, e.g. tpe or tpe,random] [FIRST_SEED]
"""
import json
import sys
import time

import optuna

from functions import FUNCTIONS


def make(sampler, seed):
    if sampler == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if sampler == "tpe_multivariate":
        return optuna.samplers.TPESampler(seed=seed, multivariate=True)
    if sampler == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise ValueError(f"unknown sampler {sampler}")


def run(parameters, f, sampler, trials):
    def objective(trial):
        return f([trial.suggest_float(name, low, high, log=log) for name, low, high, log in parameters])
    study = optuna.create_study(direction="minimize", sampler=sampler)
    started = time.perf_counter()
    study.optimize(objective, n_trials=trials)
    seconds = time.perf_counter() - started
    best, sofar = [], float("inf")
    for t in sorted(study.trials, key=lambda t: t.number):
        sofar = min(sofar, t.value)
        best.append(sofar)
    return best, seconds


def main(out, seeds=30, trials=100, samplers="tpe", first_seed=0):
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    import warnings
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    runs = []
    for name, (_, parameters, f) in FUNCTIONS.items():
        for sampler in samplers.split(","):
            started = time.perf_counter()
            for seed in range(first_seed, first_seed + seeds):
                best, seconds = run(parameters, f, make(sampler, seed), trials)
                runs.append({"function": name, "sampler": sampler, "seed": seed, "seconds": seconds, "best": best})
            print(f"optuna {sampler:6} {name:17} {seeds} seeds × {trials} trials in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    with open(out, "w") as fh:
        json.dump({"system": "optuna", "version": optuna.__version__, "trials": trials, "seeds": seeds, "runs": runs}, fh)


if __name__ == "__main__":
    main(sys.argv[1], *(int(a) for a in sys.argv[2:4]), *sys.argv[4:5], *(int(a) for a in sys.argv[5:6]))
