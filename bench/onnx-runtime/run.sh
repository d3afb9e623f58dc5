#!/usr/bin/env bash
# ONNX Runtime against TorchSharp (issue 16's first figure), side by side in one process: the quickstart CNN, the
# tabular MLP `lepton train` builds and an LSTM text model, run as serving runs them, with 1 and 2 threads: p50/p99
# latency of one sample and samples/s at batch 64, interleaved rounds, median and spread (bench/onnx-runtime/onnx_runtime.cs).
#
#   bench/onnx-runtime/run.sh          # about 3 minutes: writes bench/results/onnx-runtime.json and prints the table
# Settings: ROUNDS [5]  MEASURE_SECONDS [1] (per measure)  OUT [bench/results/onnx-runtime.json]
# Needs: the .NET SDK. Run it on a quiet machine; the table's load columns say how quiet it was.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
uptime
dotnet run -c Release bench/onnx-runtime/onnx_runtime.cs -- "${OUT:-bench/results/onnx-runtime.json}" "${ROUNDS:-5}" "${MEASURE_SECONDS:-1}"
uptime
