"""The pandas side of the data benchmark: read_csv + describe(include='all') + null counts, timed inside."""
import json
import sys
import time

started = time.perf_counter()
import pandas as pd  # noqa: E402  (import time is reported separately)

imported = time.perf_counter()
frame = pd.read_csv(sys.argv[1])
read = time.perf_counter()
description = frame.describe(include="all")
nulls = frame.isna().sum()
done = time.perf_counter()
print(json.dumps({
    "import_s": imported - started,
    "read_s": read - imported,
    "profile_s": done - read,
    "total_s": done - imported,
    "rows": int(len(frame)),
    "columns": int(frame.shape[1]),
    "described": int(description.shape[1]),
    "missing": int(nulls.sum()),
    "pandas": pd.__version__,
}))
