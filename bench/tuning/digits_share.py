"""What 10 % fewer training rows cost scikit-learn's MLPClassifier on the digits benchmark's folds (docs/tuning.md,
"Benchmark: digits"): one configuration (1 x 256, Adam, defaults otherwise) trained on all of each fold's training
rows and on a stratified 90 % of them (what a Lepton trial fitted on when it stopped early on 10 %), for a few
random_state seeds; the mean 5-fold accuracy of each.

Usage: /usr/bin/python3 digits_share.py DIGITS.csv ROWS.json [ALPHA LEARNING_RATE BATCH]   (rows.json: digits_rows.cs)
"""
import os
import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import digits_optuna  # noqa: E402  (the same rows and folds as the benchmark)


def main(data, rows_path, alpha=1.7e-5, learning_rate=0.00194, batch=256):
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    x_all, y_all, development, _, folds = digits_optuna.load(data, rows_path)
    x, y = x_all[development], y_all[development]
    for share in (1.0, 0.9):
        for seed in (0, 1, 2):
            scores = []
            for train, test in folds:
                if share < 1:
                    train, _ = train_test_split(train, train_size=share, stratify=y[train], random_state=0)
                model = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(256,), alpha=alpha, learning_rate_init=learning_rate,
                                                                      batch_size=batch, random_state=seed)).fit(x[train], y[train])
                scores.append(float((model.predict(x[test]) == y[test]).mean()))
            print(f"share {share:.0%} of each fold's training rows, random_state {seed}: {np.mean(scores):.4f} ({', '.join(f'{s:.4f}' for s in scores)})")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *(float(a) for a in sys.argv[3:5]), *(int(a) for a in sys.argv[5:6]))
