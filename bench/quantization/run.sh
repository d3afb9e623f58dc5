#!/usr/bin/env bash
# int8 quantization (`lepton compress`) of the two Fashion-MNIST recipes and an LSTM text model: size, accuracy and
# speed of the float and int8 ONNX graphs in ONNX Runtime, measured by the command itself in one run per model, REPEAT
# times. Writes bench/results/quantization.json and prints the Markdown table of docs/compression.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${DIR:-/tmp/lepton-quant}"
REPEAT="${REPEAT:-3}"
THREADS="${THREADS:-1}"
BATCHNORM_EPOCHS="${BATCHNORM_EPOCHS:-3}"
MODELS="${MODELS:-small batchnorm text-lstm}"
# LEPTON_DLL runs a built copy (dotnet path/lepton.dll) instead of ./lepton, which rebuilds when the sources change.
lepton() { if [ -n "${LEPTON_DLL:-}" ]; then dotnet "$LEPTON_DLL" "$@"; else "$root/lepton" "$@"; fi; }
mkdir -p "$DIR"

# The models, trained once and kept in $DIR.
[ -f "$DIR/small.lepton" ] || lepton quickstart --recipe small --output "$DIR/small.lepton" --no-tracking --seed 1
[ -f "$DIR/batchnorm.lepton" ] || lepton quickstart --recipe batchnorm --epochs "$BATCHNORM_EPOCHS" --output "$DIR/batchnorm.lepton" --no-tracking --seed 1
[ -f "$DIR/fortunes-test.csv" ] || /usr/bin/python3 "$root/bench/quantization/fortunes_csv.py" "$DIR"
[ -f "$DIR/text-lstm.lepton" ] || lepton train "$DIR/fortunes-train.csv" --target category --candidates text_lstm --time-limit 8m --trials 0 --no-tracking --seed 1 -o "$DIR/text-lstm.lepton"

for run in $(seq 1 "$REPEAT"); do
  for model in $MODELS; do
    [ "$model" = text-lstm ] && continue
    lepton compress "$DIR/$model.lepton" --quantize int8 --calibration fashion-mnist --test fashion-mnist --threads "$THREADS" \
      --output "$DIR/$model-int8.onnx" --json "$DIR/$model-$run.json"
  done
  case " $MODELS " in *" text-lstm "*) ;; *) continue ;; esac
  lepton compress "$DIR/text-lstm.lepton" --quantize int8 --test "$DIR/fortunes-test.csv" --threads "$THREADS" \
    --output "$DIR/text-lstm-int8.onnx" --json "$DIR/text-lstm-$run.json"
done
/usr/bin/python3 "$root/bench/quantization/summarize.py" "$DIR" "$REPEAT" "$root/bench/results/quantization.json"
