#!/usr/bin/env bash
# The image-folder benchmark (issue 12), one command: Fashion-MNIST written once as a PNG folder
# (train/<class>/*.png, test/<class>/*.png; write_folder.py), then `lepton train FOLDER` with its defaults (10 min
# time limit, automatic recipe, tracking on in a throwaway LEPTON_HOME), `lepton evaluate MODEL FOLDER` (its test/
# images), and beside it the same data trained in memory from the IDX files by `lepton quickstart --recipe small`.
# Writes bench/results/images.json and the "Image folders" section at the end of docs/benchmarks.md (report.py).
#
#   bench/images/run.sh
# Settings: DIR [/tmp/lepton-bench-images] (the PNG folder, models, logs)  SKIP_QUICKSTART [unset]
# Needs: the .NET SDK, Debian's dataset-fashion-mnist, python3-pil and python3-numpy.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

DIR=${DIR:-/tmp/lepton-bench-images}
PYTHON=/usr/bin/python3
FOLDER="$DIR/fashion-mnist"
mkdir -p "$DIR"
./lepton --help >/dev/null   # builds the command first, outside the timings

# The machine may be shared: record the load average every 10 s while the benchmark runs.
( while true; do echo "$(date +%s) $(cut -d' ' -f1 /proc/loadavg)"; sleep 10; done ) > "$DIR/load.txt" &
sampler=$!
trap 'kill $sampler 2>/dev/null || true' EXIT

stage() { echo "$1 $(date +%s)" >> "$DIR/stages.txt"; }
: > "$DIR/stages.txt"

echo "== write Fashion-MNIST as PNG files into $FOLDER (once)"
stage write
"$PYTHON" bench/images/write_folder.py "$FOLDER"

echo "== lepton train $FOLDER (defaults)"
stage train
rm -rf "$DIR/home" "$DIR/fashion-mnist.lepton"
LEPTON_HOME="$DIR/home" /usr/bin/time -f "%e %M" -o "$DIR/train.time" \
  ./lepton train "$FOLDER" --output "$DIR/fashion-mnist.lepton" > "$DIR/train.log" 2>&1
tail -n 12 "$DIR/train.log"

echo "== lepton evaluate on the test/ folder"
stage evaluate
/usr/bin/time -f "%e %M" -o "$DIR/evaluate.time" ./lepton evaluate "$DIR/fashion-mnist.lepton" "$FOLDER" > "$DIR/evaluate.log" 2>&1
grep -E "^accuracy|Evaluated" "$DIR/evaluate.log" || true

if [ -z "${SKIP_QUICKSTART:-}" ]; then
  echo "== peer: lepton quickstart --recipe small (the IDX files, in memory)"
  stage quickstart
  /usr/bin/time -f "%e %M" -o "$DIR/quickstart.time" \
    ./lepton quickstart --recipe small --no-tracking --output "$DIR/quickstart/fashion-mnist.lepton" > "$DIR/quickstart.log" 2>&1
  grep -E "Test accuracy" "$DIR/quickstart.log" || true
fi
stage end

"$PYTHON" bench/images/report.py "$DIR" bench/results/images.json docs/benchmarks.md
