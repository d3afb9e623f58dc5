#!/usr/bin/env bash
# What automatic mode's search buys (issue 13), one command: on scikit-learn's bundled datasets with the 5 shared
# folds of prepare.py, `lepton experiment DATA --folds-file DATA.folds.json --time-limit T` twice per dataset — with
# `--trials 0` (the default candidates only) and without (the defaults, then a TPE search of gbm's and the mlp's
# settings in the time they leave, up to 100 trials) — beside scikit-learn's and XGBoost's defaults on the same
# folds (peers.py); search_report.py writes bench/results/training-search.json and the "Search in automatic mode"
# section at the end of docs/benchmarks.md. Quality is the held-out (test) fold's, never a validation score.
#
#   bench/training/search.sh
# Settings: DIR [/tmp/lepton-bench-search] (CSVs, folds, raw outputs)  DATASETS [breast_cancer wine diabetes digits]
# TIME_LIMIT [60s, per fold, both modes]  OMP_NUM_THREADS [2]
# Needs: the .NET SDK and Debian's python3-sklearn, python3-pandas, python3-xgboost (installed here when run as root).
# Takes about 2 × 5 × TIME_LIMIT per dataset at most (40 min with the defaults), plus the peers' minute.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

DIR=${DIR:-/tmp/lepton-bench-search}
DATASETS=${DATASETS:-breast_cancer wine diabetes digits}
TIME_LIMIT=${TIME_LIMIT:-60s}
PYTHON=/usr/bin/python3   # Debian's python: the python3-* packages live there, not in a pyenv python earlier on PATH
# HistGradientBoosting and libtorch both use OpenMP, which slows down sharply when it asks for more threads than cores.
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}

. bench/debian.sh
need_python "sklearn, pandas, xgboost" python3-sklearn python3-pandas python3-xgboost

started=$(date +%s)
mkdir -p "$DIR"
uptime > "$DIR/uptime-start.txt"   # the machine may be shared: the report gives the load at start and end
echo "== prepare: CSVs and folds into $DIR"
"$PYTHON" bench/training/prepare.py "$DIR"

echo "== peers: scikit-learn and XGBoost on the same folds"
t=$(date +%s)
# shellcheck disable=SC2086
"$PYTHON" bench/training/peers.py "$DIR" $DATASETS > "$DIR/peers.json"
echo "   $(( $(date +%s) - t ))s"

echo "== lepton experiment on the same folds, $TIME_LIMIT per fold: defaults only (--trials 0), then defaults + search"
for name in $DATASETS; do
  for mode in defaults search; do
    trials=()
    [ "$mode" = defaults ] && trials=(--trials 0)
    t=$(date +%s)
    ./lepton experiment "$DIR/$name.csv" --folds-file "$DIR/$name.folds.json" --time-limit "$TIME_LIMIT" "${trials[@]}" \
      --name "bench-search-$name-$mode" --results "$DIR/lepton-$name-$mode.json" --no-tracking > "$DIR/lepton-$name-$mode.log"
    grep '^fold ' "$DIR/lepton-$name-$mode.log" || true
    echo "   $name $mode: $(( $(date +%s) - t ))s"
  done
done
uptime > "$DIR/uptime-end.txt"

# shellcheck disable=SC2086
"$PYTHON" bench/training/search_report.py "$DIR" bench/results/training-search.json docs/benchmarks.md "$(( $(date +%s) - started ))" $DATASETS
