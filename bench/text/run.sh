#!/usr/bin/env bash
# The text benchmark (issue 12), one command: Jane Austen's six novels from Debian's r-cran-janeaustenr as a table
# of paragraphs labelled by novel, split once 80/20 (stratified, seed 0) into train.csv and test.csv (prepare.py);
# `lepton train train.csv --target book` with no other option (its default 10-minute limit unless TIME_LIMIT is
# set), then `lepton predict` on test.csv; scikit-learn's TF-IDF + LogisticRegression trained on the same train.csv
# and everything scored on the same test.csv (peers.py); the figures go to bench/results/text.json and the
# "Text classification" section at the end of docs/benchmarks.md (report.py).
#
#   bench/text/run.sh
# Settings: DIR [/tmp/lepton-bench-text]  TIME_LIMIT [the command's default, 10m]  OMP_NUM_THREADS [2]
# Needs: the .NET SDK, R's janeaustenr (apt-get install r-cran-janeaustenr, which brings Rscript) and Debian's
# python3-sklearn and python3-pandas; installed here when run as root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

DIR=${DIR:-/tmp/lepton-bench-text}
PYTHON=/usr/bin/python3   # Debian's python: the python3-* packages live there, not in a pyenv python earlier on PATH
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}

missing=""
Rscript -e 'library(janeaustenr)' >/dev/null 2>&1 || missing="$missing r-cran-janeaustenr"
"$PYTHON" -c "import sklearn, pandas" 2>/dev/null || missing="$missing python3-sklearn python3-pandas"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null || { apt-get update -q >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null; }
  else
    echo "Missing:$missing — sudo apt-get install$missing" >&2; exit 1
  fi
fi

started=$(date +%s)
echo "== prepare: paragraphs of Jane Austen's novels, split once, into $DIR"
"$PYTHON" bench/text/prepare.py "$DIR"

echo "== lepton train on train.csv"
limit=()
[ -n "${TIME_LIMIT:-}" ] && limit=(--time-limit "$TIME_LIMIT")
rm -f "$DIR/lepton-predictions.csv"
t=$(date +%s)
./lepton train "$DIR/train.csv" --target book "${limit[@]}" --output "$DIR/austen.lepton" --no-tracking > "$DIR/lepton-train.log"
train_seconds=$(( $(date +%s) - t ))
tail -n 16 "$DIR/lepton-train.log"
t=$(date +%s)
./lepton predict "$DIR/austen.lepton" "$DIR/test.csv" --out "$DIR/lepton-predictions.csv" > "$DIR/lepton-predict.log"
predict_seconds=$(( $(date +%s) - t ))
echo "   train ${train_seconds}s, predict ${predict_seconds}s"

echo "== scikit-learn on the same split, and every system scored on test.csv"
"$PYTHON" bench/text/peers.py "$DIR" > "$DIR/scores.json"
cat "$DIR/scores.json"

"$PYTHON" bench/text/report.py "$DIR" bench/results/text.json docs/benchmarks.md "$train_seconds" "$predict_seconds" "$(( $(date +%s) - started ))"
