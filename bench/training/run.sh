#!/usr/bin/env bash
# The training-quality benchmark (issue 12), one command: scikit-learn's bundled datasets (iris, wine,
# breast_cancer, digits, diabetes) as CSVs with 5 shared folds (prepare.py), scikit-learn 1.2's and XGBoost 1.7's
# defaults on those folds (peers.py), then `lepton experiment DATA --folds-file DATA.folds.json` on each — no
# other training option, the default time limit per fold unless TIME_LIMIT is set — and writes
# bench/results/training-quality.json and the "Training quality" section of docs/benchmarks.md (report.py).
#
#   bench/training/run.sh
# Settings: DIR [/tmp/lepton-bench-training] (CSVs, folds, raw outputs)  DATASETS [all five]  TIME_LIMIT [the
# command's default, 2m per fold]  OMP_NUM_THREADS [2]
# Needs: the .NET SDK and Debian's python3-sklearn, python3-pandas, python3-xgboost (installed here when run as root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

DIR=${DIR:-/tmp/lepton-bench-training}
DATASETS=${DATASETS:-iris wine breast_cancer digits diabetes}
PYTHON=/usr/bin/python3   # Debian's python: the python3-* packages live there, not in a pyenv python earlier on PATH
# HistGradientBoosting and libtorch both use OpenMP, which slows down sharply when it asks for more threads than cores.
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}

. bench/debian.sh
need_python "sklearn, pandas, xgboost" python3-sklearn python3-pandas python3-xgboost

started=$(date +%s)
echo "== prepare: CSVs and folds into $DIR"
"$PYTHON" bench/training/prepare.py "$DIR"

echo "== peers: scikit-learn and XGBoost on the same folds"
t=$(date +%s)
# shellcheck disable=SC2086
"$PYTHON" bench/training/peers.py "$DIR" $DATASETS > "$DIR/peers.json"
echo "   $(( $(date +%s) - t ))s"

echo "== lepton experiment on the same folds"
limit=()
[ -n "${TIME_LIMIT:-}" ] && limit=(--time-limit "$TIME_LIMIT")
for name in $DATASETS; do
  t=$(date +%s)
  ./lepton experiment "$DIR/$name.csv" --folds-file "$DIR/$name.folds.json" "${limit[@]}" --name "bench-$name" \
    --results "$DIR/lepton-$name.json" --no-tracking > "$DIR/lepton-$name.log"
  tail -n 12 "$DIR/lepton-$name.log"
  echo "   $name: $(( $(date +%s) - t ))s"
done

# shellcheck disable=SC2086
"$PYTHON" bench/training/report.py "$DIR" bench/results/training-quality.json docs/benchmarks.md "$(( $(date +%s) - started ))" $DATASETS
