"""The scikit-learn baseline on the shared split: TF-IDF (TfidfVectorizer's defaults: every word, unigrams) and
LogisticRegression (defaults, max_iter raised so it converges), trained on DIR/train.csv, scored on DIR/test.csv.
Also scores Lepton's predictions when DIR/lepton-predictions.csv exists. Prints JSON.

Usage: peers.py DIR
"""
import json
import os
import sys
import time

import pandas as pd
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import make_pipeline


def scores(truth, predicted):
    return {"accuracy": accuracy_score(truth, predicted), "f1_macro": f1_score(truth, predicted, average="macro")}


def main(out):
    train = pd.read_csv(os.path.join(out, "train.csv"), keep_default_na=False)
    test = pd.read_csv(os.path.join(out, "test.csv"), keep_default_na=False)
    result = {"sklearn_version": sklearn.__version__, "train_rows": len(train), "test_rows": len(test)}
    peers = {
        "tfidf_logistic": make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000)),
        "tfidf_bigrams_logistic": make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True), LogisticRegression(max_iter=1000, C=10)),
    }
    for name, model in peers.items():
        started = time.time()
        model.fit(train["text"], train["book"])
        predicted = model.predict(test["text"])
        result[name] = {**scores(test["book"], predicted), "seconds": round(time.time() - started, 1),
                        "vocabulary": len(model.steps[0][1].vocabulary_)}
    lepton = os.path.join(out, "lepton-predictions.csv")
    if os.path.exists(lepton):
        predicted = pd.read_csv(lepton, keep_default_na=False)["prediction"]
        result["lepton"] = scores(test["book"], predicted)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
