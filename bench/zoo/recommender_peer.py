"""Peer for the recommender recipe: Surprise's SVD (biased MF by SGD, Funk/Koren) and BaselineOnly (ALS biases),
re-implemented with numpy, trained and scored on the split the recipe wrote (train.csv, test.csv with dense indices).

Usage: /usr/bin/python3 bench/zoo/recommender_peer.py SPLIT_FOLDER [--factors 100 --epochs 20 --lr 0.005 --reg 0.02]
Prints one JSON line: baseline_rmse, mf_rmse, seconds.
"""
import argparse, json, time
import numpy as np


def read(path):
    data = np.genfromtxt(path, delimiter=",", skip_header=1)
    return data[:, 0].astype(np.int64), data[:, 1].astype(np.int64), data[:, 2].astype(np.float64)


def baseline(u, i, r, n_users, n_items, reg_u=15.0, reg_i=10.0, passes=10):
    mu = r.mean()
    bu, bi = np.zeros(n_users), np.zeros(n_items)
    for _ in range(passes):
        bu = np.bincount(u, r - mu - bi[i], n_users) / (reg_u + np.bincount(u, minlength=n_users))
        bi = np.bincount(i, r - mu - bu[u], n_items) / (reg_i + np.bincount(i, minlength=n_items))
    return mu, bu, bi


def svd(u, i, r, n_users, n_items, factors, epochs, lr, reg, seed):
    rng = np.random.default_rng(seed)
    mu = r.mean()
    bu, bi = np.zeros(n_users), np.zeros(n_items)
    p = rng.normal(0, 0.1, (n_users, factors))
    q = rng.normal(0, 0.1, (n_items, factors))
    for _ in range(epochs):
        for k in rng.permutation(len(r)):
            uu, ii = u[k], i[k]
            err = r[k] - (mu + bu[uu] + bi[ii] + p[uu] @ q[ii])
            bu[uu] += lr * (err - reg * bu[uu])
            bi[ii] += lr * (err - reg * bi[ii])
            pu = p[uu].copy()
            p[uu] += lr * (err * q[ii] - reg * pu)
            q[ii] += lr * (err * pu - reg * q[ii])
    return mu, bu, bi, p, q


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("split")
    parser.add_argument("--factors", type=int, default=100)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--lr", type=float, default=0.005)
    parser.add_argument("--reg", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    tu, ti, tr = read(f"{args.split}/train.csv")
    su, si, sr = read(f"{args.split}/test.csv")
    n_users, n_items = int(max(tu.max(), su.max())) + 1, int(max(ti.max(), si.max())) + 1
    lo, hi = tr.min(), tr.max()
    rmse = lambda pred: float(np.sqrt(np.mean((np.clip(pred, lo, hi) - sr) ** 2)))

    mu, bu, bi = baseline(tu, ti, tr, n_users, n_items)
    baseline_rmse = rmse(mu + bu[su] + bi[si])
    start = time.perf_counter()
    mu, bu, bi, p, q = svd(tu, ti, tr, n_users, n_items, args.factors, args.epochs, args.lr, args.reg, args.seed)
    seconds = time.perf_counter() - start
    mf_rmse = rmse(mu + bu[su] + bi[si] + np.sum(p[su] * q[si], axis=1))
    print(json.dumps({"peer": "numpy SGD biased MF (Surprise's SVD algorithm)", "baseline_rmse": round(baseline_rmse, 4),
                      "mf_rmse": round(mf_rmse, 4), "train_seconds": round(seconds, 1), "factors": args.factors, "epochs": args.epochs}))


if __name__ == "__main__":
    main()
