#!/usr/bin/env bash
# Chooses the distill benchmark's T and alpha on held-out training images, never on the test set (issue 16); what it
# measures is in bench/compression/README.md.
#   bench/compression/distill-search.sh          # writes bench/results/compression-distill-search.json
#   QUICK=1 bench/compression/distill-search.sh  # a check that it runs: writes $DIR/compression-distill-search-quick.json
# Settings: DISTILL_EPOCHS [3]  VALIDATION [10000]  SETTINGS ["alone 2:0.1 2:0.5 4:0.1 4:0.5 8:0.1 8:0.5"] and those in the README.
# Needs: the .NET SDK and Debian's dataset-fashion-mnist.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export DIR=${DIR:-/tmp/lepton-bench-compression}
if [ "${QUICK:-0}" = 1 ]; then out="$DIR/compression-distill-search-quick.json"; else out="${OUT:-bench/results/compression-distill-search.json}"; fi
dotnet run -c Release bench/compression/compression.cs -- distill-search "$out"
