#!/usr/bin/env bash
# The real-objective tuning benchmark (issue 13), one command: 40 trials of `lepton tune bench/tuning/digits.yaml` (an
# MLP on scikit-learn's digits; widths, depth, dropout, learning rate and batch size; 5-fold cross-validation; TPE +
# median pruning) against Optuna 3.1 (Debian's python3-optuna) driving scikit-learn's MLPClassifier over the same space
# (digits_optuna.py), on the same development rows and folds (digits_rows.cs asks Lepton's PlanSplits for the rows
# `lepton tune` uses), with scikit-learn's default SVC() on the same folds as the baseline; one after the other in one
# run. digits_report.py writes bench/results/tuning-digits.json and the "Tuning on a real objective" section at the end
# of docs/benchmarks.md.
#
#   bench/tuning/digits.sh                  about 25 minutes on 2 shared cores
# Settings: TRIALS [40]  SEED [0]  THREADS [1] (OMP/OpenBLAS threads of both sides)  EARLY_STOPPING [0] (1: the
# MLPClassifier stops early on 10 % of its rows)  DIR [/tmp/lepton-bench-digits]
# Needs: the .NET SDK and Debian's python3-optuna, python3-sklearn, python3-pandas (installed here when run as root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

TRIALS=${TRIALS:-40}
SEED=${SEED:-0}
DIR=${DIR:-/tmp/lepton-bench-digits}
PYTHON=/usr/bin/python3   # Debian's python: the python3-* packages live there, not in a pyenv python earlier on PATH
# One thread each: on 2 cores shared with other work, libtorch's and OpenBLAS's OpenMP threads spin while they wait,
# and a small MLP ran 15× slower with 2 threads than with 1 here (10 epochs: 15 s against 1 s).
export OMP_NUM_THREADS=${THREADS:-1} OPENBLAS_NUM_THREADS=${THREADS:-1}
export EARLY_STOPPING=${EARLY_STOPPING:-0}
export COLUMNS=250        # Spectre.Console's width when the output is a file: keep a trial on one line

. bench/debian.sh
need_python "optuna, sklearn, pandas" python3-optuna python3-sklearn python3-pandas

mkdir -p "$DIR"
started=$(date +%s)
echo "== data: scikit-learn's digits as a CSV (bench/training/prepare.py) into $DIR"
"$PYTHON" bench/training/prepare.py "$DIR" | grep "/digits.csv"
echo "== rows: the development rows and folds lepton tune uses, and its held-out test rows"
dotnet run -c Release bench/tuning/digits_rows.cs -- bench/tuning/digits.yaml "$DIR/digits.csv" "$DIR/rows.json"
./lepton --version >/dev/null   # builds lepton now if its sources changed, so the build is not timed

echo "== lepton tune: $TRIALS trials (load: $(cut -d' ' -f1-3 /proc/loadavg))"
uptime > "$DIR/lepton.load"
t=$(date +%s%N)
./lepton tune bench/tuning/digits.yaml --data "$DIR/digits.csv" --study digits --trials "$TRIALS" --seed "$SEED" --no-tracking \
  --output "$DIR/digits.lepton" | tee "$DIR/lepton.log"
echo $(( ($(date +%s%N) - t) / 1000000 )) > "$DIR/lepton.ms"
uptime >> "$DIR/lepton.load"

echo "== Optuna + MLPClassifier: $TRIALS trials, then SVC() (load: $(cut -d' ' -f1-3 /proc/loadavg))"
uptime > "$DIR/optuna.load"
"$PYTHON" bench/tuning/digits_optuna.py "$DIR/digits.csv" "$DIR/rows.json" "$DIR/optuna.json" "$TRIALS" "$SEED"
uptime >> "$DIR/optuna.load"

"$PYTHON" bench/tuning/digits_report.py "$DIR" bench/results/tuning-digits.json docs/benchmarks.md "$(( $(date +%s) - started ))"
