"""scikit-learn's IsolationForest (defaults, random_state=0) on the same rows a zoo anomaly recipe trained and tested on.

Usage: isolation_forest.py breast_cancer anomaly-split.csv | isolation_forest.py fashion-mnist autoencoder-split.json
Prints one JSON line with its test ROC-AUC (anomalies scored by the negated score_samples, as the recipe's errors)."""
import csv
import json
import sys
import time

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score

from fashion_idx import FASHION, idx

DATA = "/usr/lib/python3/dist-packages/sklearn/datasets/data"


def breast_cancer(split_path):
    rows = np.loadtxt(f"{DATA}/breast_cancer.csv", delimiter=",", skiprows=1)
    x = rows[:, :-1]
    split = list(csv.DictReader(open(split_path, encoding="utf-8")))
    fit = [int(r["row"]) for r in split if r["role"] in ("train", "validation")]
    test = [int(r["row"]) for r in split if r["role"] == "test"]
    anomalous = np.array([r["label"] == "malignant" for r in split if r["role"] == "test"])
    return x[fit], x[test], anomalous, {"fit_rows": len(fit)}


def fashion(split_path):
    split = json.load(open(split_path, encoding="utf-8"))
    k = split["holdout"]
    images = idx(f"{FASHION}/train-images-idx3-ubyte.gz").reshape(-1, 784) / 255.0
    labels = idx(f"{FASHION}/train-labels-idx1-ubyte.gz")
    normal = images[labels != k][: split["train"] + split["validation"]]
    test_images = idx(f"{FASHION}/t10k-images-idx3-ubyte.gz").reshape(-1, 784)[: split["test"]] / 255.0
    test_labels = idx(f"{FASHION}/t10k-labels-idx1-ubyte.gz")[: split["test"]]
    return normal, test_images, test_labels == k, {"holdout": k}


kind, split_path = sys.argv[1], sys.argv[2]
fit, test, anomalous, about = (breast_cancer if kind == "breast_cancer" else fashion)(split_path)
start = time.perf_counter()
forest = IsolationForest(random_state=0).fit(fit)
auc = roc_auc_score(anomalous, -forest.score_samples(test))
print(json.dumps({"system": "isolation_forest", "recipe": "anomaly" if kind == "breast_cancer" else "autoencoder",
                  "settings": json.dumps(about), "metric": "roc_auc", "value": round(auc, 4),
                  "seconds": round(time.perf_counter() - start, 1)}))
