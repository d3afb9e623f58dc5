#!/usr/bin/env bash
# The sampler-quality benchmark (issue 13), one command: Lepton's TPE (defaults) and random search
# (bench/Lepton.Bench.Tuning) and Optuna 3.1's TPESampler (Debian's python3-optuna: its defaults, and multivariate=True;
# bench/tuning/optuna_peer.py) on Branin (2-D), Hartmann-6 and a 10-D Rosenbrock on a log-scaled box
# (bench/tuning/functions.py), SEEDS seeds × TRIALS trials each, one after the other on this machine. report.py writes
# the median (and interquartile range) over seeds of the best value after 25, 50 and 100 trials and the time per trial
# to bench/results/tuning-samplers.json and the "Sampler quality" section at the end of docs/benchmarks.md.
#
#   bench/tuning/samplers.sh                 about 6 minutes on 2 shared cores (Optuna's side is most of it)
# Settings: SEEDS [30]  TRIALS [100]  OPTUNA_SAMPLERS [tpe,tpe_multivariate] (also: random)  DIR [/tmp/lepton-bench-tuning]
# Needs: the .NET SDK and Debian's python3-optuna (installed here when run as root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

SEEDS=${SEEDS:-30}
TRIALS=${TRIALS:-100}
OPTUNA_SAMPLERS=${OPTUNA_SAMPLERS:-tpe,tpe_multivariate}
DIR=${DIR:-/tmp/lepton-bench-tuning}
PYTHON=/usr/bin/python3   # Debian's python: python3-optuna lives there, not in a pyenv python earlier on PATH

. bench/debian.sh
need_python "optuna" python3-optuna

mkdir -p "$DIR"
started=$(date +%s)
echo "== build bench/Lepton.Bench.Tuning"
dotnet build bench/Lepton.Bench.Tuning -c Release -nologo -v quiet -clp:ErrorsOnly
echo "== Lepton: TPE and random search, $SEEDS seeds × $TRIALS trials"
dotnet bench/Lepton.Bench.Tuning/bin/Release/net10.0/lepton-bench-tuning.dll "$DIR/lepton.json" --seeds "$SEEDS" --trials "$TRIALS" --samplers tpe,random
echo "== Optuna: $OPTUNA_SAMPLERS, $SEEDS seeds × $TRIALS trials"
(cd bench/tuning && "$PYTHON" optuna_peer.py "$DIR/optuna.json" "$SEEDS" "$TRIALS" "$OPTUNA_SAMPLERS")
"$PYTHON" bench/tuning/report.py "$DIR/lepton.json" "$DIR/optuna.json" bench/results/tuning-samplers.json docs/benchmarks.md "$(( $(date +%s) - started ))"
