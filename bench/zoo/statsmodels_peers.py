"""statsmodels' ETS and SARIMA on the zoo's forecast series, each forecast over its last horizon from everything before it.

Prints one JSON line per series and model with the MASE (scaled by the in-sample seasonal-naive error, as the recipe's)."""
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
from statsmodels.tsa.holtwinters import ExponentialSmoothing
from statsmodels.tsa.statespace.sarimax import SARIMAX

FOLDER = sys.argv[1] if len(sys.argv) > 1 else "/usr/lib/python3/dist-packages/statsmodels/datasets"
SERIES = [("co2", 52, 13), ("sunspots", 1, 6), ("elec_equip", 12, 18), ("nile", 1, 6)]
warnings.filterwarnings("ignore")


def load(name):
    values = pd.read_csv(f"{FOLDER}/{name}/{name}.csv").iloc[:, 1].astype(float)
    return values.interpolate(limit_direction="both").to_numpy()


def mase(train, actual, forecast, m):
    scale = np.mean(np.abs(train[m:] - train[:-m]))
    return float(np.mean(np.abs(actual - forecast)) / scale)


for name, m, h in SERIES:
    y = load(name)
    train, actual = y[:-h], y[-h:]
    models = {
        "ets": lambda: ExponentialSmoothing(train, trend="add", damped_trend=True, seasonal="add" if m > 1 else None,
                                            seasonal_periods=m if m > 1 else None).fit().forecast(h),
        "sarima": lambda: SARIMAX(train, order=(1, 1, 1), seasonal_order=(0, 1, 1, m) if m > 1 else (0, 0, 0, 0)).fit(disp=False).forecast(h),
    }
    naive = np.array([train[len(train) - m + (k % m)] for k in range(h)])
    print(json.dumps({"series": name, "model": "seasonal_naive", "mase": round(mase(train, actual, naive, m), 4), "seconds": 0.0}))
    for model, fit in models.items():
        start = time.perf_counter()
        forecast = np.asarray(fit())
        print(json.dumps({"series": name, "model": model, "mase": round(mase(train, actual, forecast, m), 4),
                          "seconds": round(time.perf_counter() - start, 1)}), flush=True)
