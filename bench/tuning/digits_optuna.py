"""Optuna's side of the digits benchmark (bench/tuning/digits.sh): Optuna 3.1's TPESampler(seed) + MedianPruner over
the space of bench/tuning/digits.yaml, each trial scikit-learn's MLPClassifier (StandardScaler first, as Lepton's
default for number features) scored by 5-fold cross-validation on the rows and folds Lepton's trials use
(digits_rows.cs wrote them), the running mean reported after each fold as Lepton's SpecTuner does; then the best
trial refit on every development row and tested on the held-out test rows, and scikit-learn's SVC() with its
defaults on the same folds and test rows as the baseline.

Usage: /usr/bin/python3 digits_optuna.py DIGITS.csv ROWS.json OUT.json [TRIALS] [SEED]
"""
import json
import os
import sys
import time
import warnings

import numpy as np
import optuna
import pandas as pd
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

# The space of digits.yaml's hyperopt section. scikit-learn's MLP has no dropout: its L2 penalty alpha is the
# nearest regularizer it has, searched in its place on a log scale around its default 1e-4.
WIDTHS = [64, 128, 256, 512]
BATCHES = [32, 64, 128, 256]


# Everything else is MLPClassifier's default (Adam, ReLU, up to 200 epochs over every fitting row, stopping when the
# training loss improves by less than 1e-4 for 10 epochs); EARLY_STOPPING=1 holds out 10 % of the fitting rows and
# stops on them as Lepton's trials do (scikit-learn watches their accuracy with patience 20, Lepton their loss).
EARLY_STOPPING = os.environ.get("EARLY_STOPPING") == "1"


def mlp(params, seed):
    stopping = {"early_stopping": True, "validation_fraction": 0.1, "n_iter_no_change": 20} if EARLY_STOPPING else {}
    return MLPClassifier(hidden_layer_sizes=(params["output_size"],) * params["num_fc_layers"], alpha=params["alpha"],
                         learning_rate_init=params["learning_rate"], batch_size=params["batch_size"], random_state=seed, **stopping)


def suggest(trial):
    return {"num_fc_layers": trial.suggest_int("num_fc_layers", 1, 3),
            "output_size": trial.suggest_categorical("output_size", WIDTHS),
            "alpha": trial.suggest_float("alpha", 1e-6, 1e-1, log=True),
            "learning_rate": trial.suggest_float("learning_rate", 1e-4, 1e-2, log=True),
            "batch_size": trial.suggest_categorical("batch_size", BATCHES)}


def fold_scores(make, x, y, folds, trial=None):
    scores = []
    for k, (train, test) in enumerate(folds):
        model = make_pipeline(StandardScaler(), make()).fit(x[train], y[train])
        scores.append(float((model.predict(x[test]) == y[test]).mean()))
        if trial is not None:
            trial.report(float(np.mean(scores)), k)
            if trial.should_prune():
                raise optuna.TrialPruned()
    return scores


def load(data, rows_path):
    """Every row's pixels and class, the development and test rows, and the folds as (train, test) positions within
    the development rows: what lepton tune uses (rows.json from digits_rows.cs)."""
    rows = json.load(open(rows_path))
    frame = pd.read_csv(data)
    y_all = frame[rows["target"]].to_numpy()
    x_all = frame.drop(columns=[rows["target"]]).to_numpy(dtype=float)
    development, test = np.array(rows["development"]), np.array(rows["test"])
    position = {row: i for i, row in enumerate(development)}
    folds = []
    for held in rows["folds"]:
        held_out = np.array([position[r] for r in held])
        folds.append((np.setdiff1d(np.arange(len(development)), held_out), held_out))
    return x_all, y_all, development, test, folds


def main(data, rows_path, out, trials=40, seed=0):
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    x_all, y_all, development, test, folds = load(data, rows_path)
    x, y = x_all[development], y_all[development]

    started = time.perf_counter()
    svc_scores = fold_scores(SVC, x, y, folds)
    svc_cv_seconds = time.perf_counter() - started
    svc_test = float((make_pipeline(StandardScaler(), SVC()).fit(x, y).predict(x_all[test]) == y_all[test]).mean())
    svc_raw_scores = []  # SVC on the raw 0-16 pixels, as scikit-learn's own digits examples run it
    for train, held in folds:
        svc_raw_scores.append(float((SVC().fit(x[train], y[train]).predict(x[held]) == y[held]).mean()))
    print(f"SVC() defaults: CV accuracy {np.mean(svc_scores):.4f} (standardized), {np.mean(svc_raw_scores):.4f} (raw pixels); "
          f"test {svc_test:.4f}", file=sys.stderr)

    def objective(trial):
        params = suggest(trial)
        return float(np.mean(fold_scores(lambda: mlp(params, seed), x, y, folds, trial)))

    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=seed), pruner=optuna.pruners.MedianPruner())
    started = time.perf_counter()
    study.optimize(objective, n_trials=trials, callbacks=[lambda s, t: print(
        f"optuna trial {t.number:2}: {t.state.name.lower():8} {t.value if t.value is not None else float('nan'):.4f} {t.params}", file=sys.stderr)])
    tuning_seconds = time.perf_counter() - started
    best = study.best_trial
    started = time.perf_counter()
    final = make_pipeline(StandardScaler(), mlp({**best.params}, seed)).fit(x, y)
    final_seconds = time.perf_counter() - started
    test_accuracy = float((final.predict(x_all[test]) == y_all[test]).mean())
    states = {s: sum(t.state.name.lower() == s for t in study.trials) for s in ("complete", "pruned", "fail")}
    result = {"system": "optuna", "optuna": optuna.__version__, "sklearn": sklearn.__version__, "trials": trials, "seed": seed, "early_stopping": EARLY_STOPPING,
              "development_rows": len(development), "test_rows": len(test), "best_cv_accuracy": best.value, "best_trial": best.number,
              "best_params": best.params, "states": states, "tuning_seconds": tuning_seconds, "final_seconds": final_seconds,
              "test_accuracy": test_accuracy,
              "history": [{"number": t.number, "state": t.state.name.lower(), "value": t.value, "params": t.params} for t in study.trials],
              "svc": {"cv_accuracy": float(np.mean(svc_scores)), "cv_folds": svc_scores, "cv_seconds": svc_cv_seconds,
                      "cv_accuracy_raw_pixels": float(np.mean(svc_raw_scores)), "test_accuracy": svc_test}}
    with open(out + ".tmp", "w") as f:
        json.dump(result, f, indent=1)
    os.replace(out + ".tmp", out)
    print(f"optuna: best CV accuracy {best.value:.4f} (trial {best.number}, {best.params}), {tuning_seconds:.0f} s; test {test_accuracy:.4f}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], *(int(a) for a in sys.argv[4:6]))
