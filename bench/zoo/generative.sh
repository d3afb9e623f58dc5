#!/usr/bin/env bash
# The zoo's anomaly and generative recipes at full size, with their peers side by side (issue 15):
#   anomaly      dense autoencoder on breast_cancer  vs scikit-learn's IsolationForest on the same split
#   autoencoder  conv autoencoder on Fashion-MNIST   vs IsolationForest on the same images, per held-out class
#   vae          conv VAE on Fashion-MNIST (test negative ELBO, nats per image)
#   gan          DCGAN on Fashion-MNIST (classifier score and Fréchet distance; real test images as the ceiling)
# Usage: bench/zoo/generative.sh            (RECIPES="anomaly autoencoder vae gan", HOLDOUTS="0", OUT=bench/results/zoo, PEER=1 for the VAE's PyTorch run)
# Prints one JSON line per run to $OUT/generative.jsonl and the markdown table at the end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
PYTHON=/usr/bin/python3
source bench/debian.sh
need_python "sklearn, numpy" python3-sklearn
# LEPTON: the command to run (default ./lepton, which rebuilds when the sources change: give a copy while you edit them).
LEPTON=${LEPTON:-./lepton}
RECIPES=${RECIPES:-"anomaly autoencoder vae gan"}
HOLDOUTS=${HOLDOUTS:-"0"}
OUT=${OUT:-bench/results/zoo}
mkdir -p "$OUT"
results="$OUT/generative.jsonl"
: > "$results"

run() { # NAME FOLDER [--set ...]: runs one recipe, appends {recipe, settings, figures, seconds}
  local name=$1 folder=$2
  shift 2
  local start log
  start=$(date +%s.%N)
  log="$folder/run.log"
  mkdir -p "$folder"
  $LEPTON zoo run "$name" --no-tracking --output "$folder" "$@" > "$log" 2>&1 || { tail -20 "$log"; exit 1; }
  local seconds
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  "$PYTHON" bench/zoo/figures.py "$name" "$log" "$seconds" "$*" >> "$results"
  tail -1 "$log"
}

for recipe in $RECIPES; do
  case $recipe in
    anomaly)
      run anomaly "$OUT/anomaly"
      "$PYTHON" bench/zoo/isolation_forest.py breast_cancer "$OUT/anomaly/anomaly-split.csv" >> "$results" ;;
    autoencoder)
      for k in $HOLDOUTS; do
        run autoencoder "$OUT/autoencoder-$k" --set "holdout=$k"
        "$PYTHON" bench/zoo/isolation_forest.py fashion-mnist "$OUT/autoencoder-$k/autoencoder-split.json" >> "$results"
      done ;;
    vae)
      run vae "$OUT/vae"
      # PEER=1: the same network and loop in PyTorch (Debian's python3-torch; about 35 minutes on a quiet 2-core machine).
      if [ "${PEER:-0}" = 1 ]; then
        need_python "torch" python3-torch
        "$PYTHON" bench/zoo/vae_pytorch.py | tail -1 >> "$results"
      fi ;;
    gan) run gan "$OUT/gan" ;;
    *) echo "unknown recipe $recipe" >&2; exit 2 ;;
  esac
done
"$PYTHON" bench/zoo/table.py "$results"
