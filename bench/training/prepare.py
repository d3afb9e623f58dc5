"""Writes the training benchmark's inputs, once, from Debian's packages (no internet):

  DIR/<name>.csv        scikit-learn's bundled datasets as plain CSV, the target in a column named "target"
                        (class names for iris and wine, 0/1 for breast_cancer, digits 0-9, a number for diabetes)
  DIR/<name>.folds.json {"task", "target", "folds": [[test row positions], ...]}: 5 folds, StratifiedKFold for
                        classification and KFold for regression, shuffled with seed 0 — the split both Lepton and
                        the peers read, so every system is scored on the same rows.

Run with Debian's python (python3-sklearn): /usr/bin/python3 bench/training/prepare.py DIR
"""
import json
import sys
from pathlib import Path

import numpy as np
from sklearn import datasets
from sklearn.model_selection import KFold, StratifiedKFold

LOADERS = {
    "iris": (datasets.load_iris, "classification"),
    "wine": (datasets.load_wine, "classification"),
    "breast_cancer": (datasets.load_breast_cancer, "classification"),
    "digits": (datasets.load_digits, "classification"),
    "diabetes": (datasets.load_diabetes, "regression"),
}


def column_name(name):
    # CSV headers without spaces or punctuation a shell or a spec would need to quote.
    text = "".join(c if c.isalnum() else "_" for c in str(name)).lower()
    return "_".join(part for part in text.split("_") if part)


def main(out):
    out.mkdir(parents=True, exist_ok=True)
    for name, (load, task) in LOADERS.items():
        bunch = load(as_frame=True)
        frame = bunch.frame.copy()
        frame.columns = [column_name(c) for c in frame.columns]
        if task == "classification" and name in ("iris", "wine"):
            frame["target"] = [str(bunch.target_names[i]) for i in bunch.target]
        if name == "diabetes":
            # The unscaled ages, BMIs and blood values a user would have, not sklearn's centred and scaled copy.
            raw = np.loadtxt(Path(datasets.__file__).parent / "data" / "diabetes_data_raw.csv.gz")
            features = [c for c in frame.columns if c != "target"]
            frame[features] = raw
        path = out / f"{name}.csv"
        frame.to_csv(path, index=False)
        splitter = (StratifiedKFold if task == "classification" else KFold)(n_splits=5, shuffle=True, random_state=0)
        labels = frame["target"].to_numpy()
        folds = [test.tolist() for _, test in splitter.split(np.zeros(len(frame)), labels)]
        (out / f"{name}.folds.json").write_text(json.dumps({"task": task, "target": "target", "folds": folds}))
        print(f"{path}: {len(frame)} rows, {frame.shape[1] - 1} features, {task}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/lepton-bench-training"))
