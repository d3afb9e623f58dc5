"""Which anomaly score suits breast_cancer? A look on selection splits, never on the recipe's test rows (issue 15).

Five random splits (seeds 100-104): 214 benign rows fit, the other 143 benign rows and 106 of the 212 malignant
rows score. Each score's ROC-AUC, mean and per split: scikit-learn's IsolationForest (defaults); an autoencoder's
reconstruction error (scikit-learn's MLPRegressor 30-16-k-16-30 as a stand-in for the recipe's network); its code's
Mahalanobis distance; the two added, each divided by its mean on the fitting rows; PCA's reconstruction error and
probabilistic PCA's likelihood; and the plain distance from the benign mean in standardized features.
Usage: /usr/bin/python3 bench/zoo/anomaly_scores.py   (about a minute)"""
import warnings

import numpy as np
from sklearn.decomposition import PCA
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler

warnings.filterwarnings("ignore")  # MLPRegressor's convergence warnings
rows = np.loadtxt("/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv", delimiter=",", skiprows=1)
x, y = rows[:, :-1], rows[:, -1]  # target 0 = malignant, 1 = benign
benign, malignant = np.where(y == 1)[0], np.where(y == 0)[0]


def mahalanobis(fit, rows_):
    mean = fit.mean(0)
    inverse = np.linalg.inv(np.cov(fit.T) + 1e-6 * np.eye(fit.shape[1]))
    return np.einsum("ij,jk,ik->i", rows_ - mean, inverse, rows_ - mean)


results = {}
for seed in range(100, 105):
    r = np.random.RandomState(seed)
    b, m = r.permutation(benign), r.permutation(malignant)
    fit_rows, scored = b[:214], np.r_[b[214:], m[:106]]
    is_anomaly = np.r_[np.zeros(len(b) - 214), np.ones(106)]
    scaler = StandardScaler().fit(x[fit_rows])
    fit, rows_ = scaler.transform(x[fit_rows]), scaler.transform(x[scored])

    def add(name, score):
        results.setdefault(name, []).append(roc_auc_score(is_anomaly, score))

    add("IsolationForest", -IsolationForest(random_state=0).fit(x[fit_rows]).score_samples(x[scored]))
    add("distance from the benign mean", (rows_ ** 2).sum(1))
    for k in (2, 4, 8):
        pca = PCA(k).fit(fit)
        add(f"PCA {k}: reconstruction error", ((pca.inverse_transform(pca.transform(rows_)) - rows_) ** 2).mean(1))
        add(f"PCA {k}: probabilistic PCA likelihood", -pca.score_samples(rows_))
        ae = MLPRegressor((16, k, 16), max_iter=2000, random_state=seed).fit(fit, fit)

        def code(v):
            hidden = np.maximum(v @ ae.coefs_[0] + ae.intercepts_[0], 0)
            return np.maximum(hidden @ ae.coefs_[1] + ae.intercepts_[1], 0)

        error_fit = ((ae.predict(fit) - fit) ** 2).mean(1)
        error = ((ae.predict(rows_) - rows_) ** 2).mean(1)
        distance_fit, distance = mahalanobis(code(fit), code(fit)), mahalanobis(code(fit), code(rows_))
        add(f"autoencoder {k}: reconstruction error", error)
        add(f"autoencoder {k}: code distance", distance)
        add(f"autoencoder {k}: both", error / error_fit.mean() + distance / distance_fit.mean())

print("| score | mean ROC-AUC | per split |\n|---|---|---|")
for name, values in results.items():
    print(f"| {name} | {np.mean(values):.4f} | {' '.join(f'{v:.3f}' for v in values)} |")
