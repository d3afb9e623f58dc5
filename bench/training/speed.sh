#!/usr/bin/env bash
# The training-speed benchmark (issue 12), one command: the data benchmark's 1,000,000-row × 20-column CSV (made by
# bench/Lepton.Bench.Data, the same bytes every time) split once into train.csv (80 %) and test.csv (20 %, stratified
# by churn, seed 0); then, interleaved round by round, `lepton train train.csv --target churn --candidates gbm`,
# the same with `--candidates mlp`, XGBoost 1.7 (hist) and scikit-learn's HistGradientBoosting on the same train.csv,
# each a process of its own under /usr/bin/time -v (wall time, peak RSS); Lepton's models are then scored on
# test.csv with `lepton evaluate` (not timed), the peers score themselves. Writes bench/results/training-speed.json
# and the "Training speed" section at the end of docs/benchmarks.md (speed_report.py).
#
#   bench/training/speed.sh
# Settings: ROWS [1000000]  ROUNDS [1]  DATA [/tmp/lepton-bench-data] (CSV kept there)  DIR [/tmp/lepton-bench-speed]
#           TIME_LIMIT [5m] (lepton train's --time-limit, a cap: --trials 0 turns the search it would start off, so
#           Lepton trains one default candidate as each peer trains one model)  OMP_NUM_THREADS [2]
# Needs: the .NET SDK, GNU time (/usr/bin/time) and Debian's python3-sklearn, python3-pandas, python3-xgboost.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

ROWS=${ROWS:-1000000}
ROUNDS=${ROUNDS:-1}
DATA=${DATA:-/tmp/lepton-bench-data}
DIR=${DIR:-/tmp/lepton-bench-speed}
TIME_LIMIT=${TIME_LIMIT:-5m}
PYTHON=/usr/bin/python3   # Debian's python: the python3-* packages live there, not in a pyenv python earlier on PATH
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}

[ -x /usr/bin/time ] || { echo "GNU time is missing: sudo apt-get install time" >&2; exit 1; }
"$PYTHON" -c "import sklearn, pandas, xgboost" 2>/dev/null || { echo "scikit-learn, pandas or XGBoost is missing: sudo apt-get install python3-sklearn python3-pandas python3-xgboost" >&2; exit 1; }

mkdir -p "$DATA" "$DIR"
csv="$DATA/bench-$ROWS.csv"
if [ ! -f "$csv" ]; then
  dotnet build bench/Lepton.Bench.Data -c Release -nologo -v quiet -clp:ErrorsOnly
  dotnet bench/Lepton.Bench.Data/bin/Release/net10.0/lepton-bench-data.dll generate "$csv" "$ROWS"
fi
if [ ! -f "$DIR/train.csv" ] || [ "$csv" -nt "$DIR/train.csv" ]; then
  "$PYTHON" - "$csv" "$DIR" <<'PY'
import sys
import pandas as pd
from sklearn.model_selection import train_test_split
source, folder = sys.argv[1:3]
frame = pd.read_csv(source, dtype=str, keep_default_na=False)
train, test = train_test_split(frame, test_size=0.2, stratify=frame["churn"], random_state=0)
train.to_csv(f"{folder}/train.csv", index=False)
test.to_csv(f"{folder}/test.csv", index=False)
PY
fi
./lepton --version >/dev/null   # builds lepton first if its sources changed, outside the timings

measure() {  # name, then the command; writes $DIR/NAME.time (GNU time -v), $DIR/NAME.out and $DIR/NAME.rss (seconds, RSS KB each second)
  local name=$1; shift
  /usr/bin/time -v -o "$DIR/$name.time" "$@" > "$DIR/$name.out" 2>&1 &
  local pid=$! start child
  start=$(date +%s)
  : > "$DIR/$name.rss"
  while kill -0 "$pid" 2>/dev/null; do
    child=$(pgrep -P "$pid" | head -n 1 || true)
    [ -n "$child" ] && echo "$(( $(date +%s) - start )) $(awk '/VmRSS/{print $2}' "/proc/$child/status" 2>/dev/null)" >> "$DIR/$name.rss"
    sleep 1
  done
  wait "$pid" || { echo "$name failed:"; tail -n 20 "$DIR/$name.out"; exit 1; }
  echo "   $name: $(grep 'Elapsed (wall' "$DIR/$name.time" | awk '{print $NF}') wall, $(grep 'Maximum resident' "$DIR/$name.time" | awk '{print $NF}') KB peak RSS"
}

started=$(date +%s)
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  for candidate in gbm mlp; do
    measure "lepton-$candidate-$round" dotnet artifacts/lepton/lepton.dll train "$DIR/train.csv" --target churn --candidates "$candidate" \
      --time-limit "$TIME_LIMIT" --trials 0 --no-tracking --output "$DIR/lepton-$candidate.lepton"
    [ "$candidate" = gbm ] && measure "xgboost-$round" "$PYTHON" bench/training/speed_peers.py xgboost "$DIR/train.csv" "$DIR/test.csv" churn
    [ "$candidate" = mlp ] && measure "hgb-$round" "$PYTHON" bench/training/speed_peers.py hgb "$DIR/train.csv" "$DIR/test.csv" churn
  done
  cut -d' ' -f1-3 /proc/loadavg > "$DIR/load-$round.txt"
done
for candidate in gbm mlp; do
  dotnet artifacts/lepton/lepton.dll evaluate "$DIR/lepton-$candidate.lepton" "$DIR/test.csv" --json "$DIR/lepton-$candidate-test.json" > "$DIR/lepton-$candidate-evaluate.out"
done

"$PYTHON" bench/training/speed_report.py "$DIR" "$csv" "$ROUNDS" bench/results/training-speed.json docs/benchmarks.md "$(( $(date +%s) - started ))" "$TIME_LIMIT"
