"""Trains one peer on the speed benchmark's training CSV and scores it on the test CSV; prints one JSON object.

The same columns Lepton's plan keeps: the identifier-like `id` and `code` and the free-text `comment` are dropped,
text categories become integer codes (XGBoost's hist and HistGradientBoosting split on them as numbers), `flag` 0/1,
the dates days (and seconds) since 1970; missing values stay NaN, which both handle. Library defaults otherwise:
XGBoost 1.7 with tree_method="hist" (100 rounds), scikit-learn 1.2's HistGradientBoostingClassifier (early stopping on
10 % of the rows, as it does by default above 10,000 rows). Times: reading + preparing, fitting, predicting.

  /usr/bin/python3 bench/training/speed_peers.py xgboost|hgb TRAIN.csv TEST.csv TARGET
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score

DROP = ["id", "code", "comment"]


def prepare(frame, target, categories=None):
    y = (frame[target].astype(str) == "yes").astype(np.int64).to_numpy()
    x = frame.drop(columns=DROP + [target])
    categories = categories or {c: sorted(x[c].dropna().astype(str).unique()) for c in x.columns if x[c].dtype == object
                                and c not in ("signup_date", "last_seen")}
    for c, values in categories.items():
        x[c] = pd.Categorical(x[c].astype("string"), categories=values).codes.astype(np.float32)
        x.loc[x[c] < 0, c] = np.nan
    x["flag"] = x["flag"].astype(str).str.lower().eq("true").astype(np.float32)
    x["signup_date"] = (pd.to_datetime(x["signup_date"]) - pd.Timestamp("1970-01-01")).dt.days.astype(np.float32)
    x["last_seen"] = ((pd.to_datetime(x["last_seen"]) - pd.Timestamp("1970-01-01")).dt.total_seconds()).astype(np.float32)
    return x.to_numpy(dtype=np.float32), y, categories


def main():
    system, train_path, test_path, target = sys.argv[1:5]
    started = time.perf_counter()
    train = pd.read_csv(train_path)
    x, y, categories = prepare(train, target)
    del train
    read = time.perf_counter() - started
    if system == "xgboost":
        import xgboost
        model = xgboost.XGBClassifier(tree_method="hist", n_jobs=2, random_state=0)
        version = "xgboost " + xgboost.__version__
    else:
        import sklearn
        from sklearn.ensemble import HistGradientBoostingClassifier
        model = HistGradientBoostingClassifier(random_state=0)
        version = "scikit-learn " + sklearn.__version__
    t = time.perf_counter()
    model.fit(x, y)
    fit = time.perf_counter() - t
    t = time.perf_counter()
    test = pd.read_csv(test_path)
    tx, ty, _ = prepare(test, target, categories)
    probability = model.predict_proba(tx)[:, 1]
    predicted = (probability >= 0.5).astype(np.int64)
    score = time.perf_counter() - t
    print(json.dumps({
        "system": system, "version": version, "rows": int(len(y)), "features": int(x.shape[1]),
        "read_seconds": read, "fit_seconds": fit, "test_seconds": score,
        "test": {"accuracy": accuracy_score(ty, predicted), "f1_macro": f1_score(ty, predicted, average="macro"),
                 "roc_auc": roc_auc_score(ty, probability)},
    }))


if __name__ == "__main__":
    main()
