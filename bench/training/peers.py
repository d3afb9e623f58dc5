"""Scores scikit-learn's defaults and XGBoost's on the folds prepare.py wrote; prints one JSON object.

For each dataset and fold: fit on the other four folds, score on this one (accuracy and macro F1 for
classification, R² and RMSE for regression). Each system runs with its library's defaults, as a user who does not
tune would, wrapped only where the library needs it (standard scaling for the linear model and the MLP, label
encoding for XGBoost). Quality is measured on the held-out fold only.

  /usr/bin/python3 bench/training/peers.py DIR [name ...]   > peers.json
Needs: python3-sklearn (1.2) and python3-xgboost (1.7).
"""
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, f1_score, mean_squared_error, r2_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import LabelEncoder, StandardScaler
import xgboost

SYSTEMS = {
    "classification": {
        "sklearn logistic": lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        "sklearn random forest": lambda: RandomForestClassifier(random_state=0),
        "sklearn hist gradient boosting": lambda: HistGradientBoostingClassifier(random_state=0),
        "sklearn mlp": lambda: make_pipeline(StandardScaler(), MLPClassifier(random_state=0, max_iter=1000)),
        "xgboost": lambda: xgboost.XGBClassifier(random_state=0, n_jobs=2),
    },
    "regression": {
        "sklearn ridge": lambda: make_pipeline(StandardScaler(), Ridge()),
        "sklearn random forest": lambda: RandomForestRegressor(random_state=0),
        "sklearn hist gradient boosting": lambda: HistGradientBoostingRegressor(random_state=0),
        "sklearn mlp": lambda: make_pipeline(StandardScaler(), MLPRegressor(random_state=0, max_iter=1000)),
        "xgboost": lambda: xgboost.XGBRegressor(random_state=0, n_jobs=2),
    },
}


def score(task, truth, predicted):
    if task == "classification":
        return {"accuracy": accuracy_score(truth, predicted), "f1_macro": f1_score(truth, predicted, average="macro")}
    return {"r2": r2_score(truth, predicted), "rmse": float(np.sqrt(mean_squared_error(truth, predicted)))}


def run(folder, name):
    spec = json.loads((folder / f"{name}.folds.json").read_text())
    task, target = spec["task"], spec["target"]
    frame = pd.read_csv(folder / f"{name}.csv")
    x = frame.drop(columns=[target]).to_numpy(dtype=np.float64)
    y = frame[target].to_numpy()
    if task == "classification":
        y = LabelEncoder().fit_transform(y.astype(str))
    results = {}
    for system, make in SYSTEMS[task].items():
        folds, started = [], time.perf_counter()
        for test in spec["folds"]:
            mask = np.zeros(len(frame), dtype=bool)
            mask[test] = True
            model = make().fit(x[~mask], y[~mask])
            folds.append(score(task, y[mask], model.predict(x[mask])))
        metrics = {key: {"mean": float(np.mean([f[key] for f in folds])), "sd": float(np.std([f[key] for f in folds], ddof=1)),
                         "folds": [f[key] for f in folds]} for key in folds[0]}
        results[system] = {"metrics": metrics, "seconds": time.perf_counter() - started}
    return {"task": task, "rows": len(frame), "features": x.shape[1], "systems": results}


def main():
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/lepton-bench-training")
    names = sys.argv[2:] or ["iris", "wine", "breast_cancer", "digits", "diabetes"]
    versions = {"sklearn": __import__("sklearn").__version__, "xgboost": xgboost.__version__}
    print(json.dumps({"versions": versions, "datasets": {name: run(folder, name) for name in names}}, indent=1))


if __name__ == "__main__":
    main()
