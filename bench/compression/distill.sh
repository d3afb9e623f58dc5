#!/usr/bin/env bash
# The distill benchmark of docs/compression.md (issue 16); what it measures is in bench/compression/README.md.
#   bench/compression/distill.sh            # full size: writes bench/results/compression-distill.json
#   QUICK=1 bench/compression/distill.sh    # a check that it runs (4,000 images, 1 epoch): writes $DIR/compression-distill-quick.json
# Settings: QUICK [0]  SEED [1]  BATCH [64]  THREADS [2]  DIR [/tmp/lepton-bench-compression] and those in the README.
# Needs: the .NET SDK and Debian's dataset-fashion-mnist.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export DIR=${DIR:-/tmp/lepton-bench-compression}
if [ "${QUICK:-0}" = 1 ]; then out="$DIR/compression-distill-quick.json"; else out="bench/results/compression-distill.json"; fi
dotnet run -c Release bench/compression/compression.cs -- distill "$out"
