#!/usr/bin/env bash
# The zoo's forecast recipe at full size beside statsmodels' ETS and SARIMA on the same series and horizons (issue 15).
# Usage: bench/zoo/forecast.sh   (OUT=bench/results/zoo). Needs python3-statsmodels (installed when run as root).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
PYTHON=/usr/bin/python3
source bench/debian.sh
need_python "statsmodels, pandas" python3-statsmodels python3-pandas
OUT=${OUT:-bench/results/zoo}
mkdir -p "$OUT/forecast"
start=$(date +%s.%N)
./lepton zoo run forecast --no-tracking --output "$OUT/forecast" > "$OUT/forecast/run.log" 2>&1 || { tail -20 "$OUT/forecast/run.log"; exit 1; }
echo "lepton: $(echo "$(date +%s.%N) - $start" | bc) s"
grep -E "^  (mase|seasonal_naive_mase)_" "$OUT/forecast/run.log"
tail -1 "$OUT/forecast/run.log"
"$PYTHON" bench/zoo/statsmodels_peers.py | tee "$OUT/forecast/statsmodels.jsonl"
