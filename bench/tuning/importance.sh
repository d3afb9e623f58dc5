#!/usr/bin/env bash
# Parameter importance (issue 13), side by side with Optuna 3.1's default fANOVA on the same trials: Lepton draws 100
# and 1,000 uniform trials of a function whose exact fANOVA shares are known (bench/tuning/importance.cs), both rank
# them, and importance_optuna.py prints the table (time per ranking, each parameter's share, the summed absolute
# error against the exact shares) for the "Parameter importance" section of docs/benchmarks.md.
#
#   bench/tuning/importance.sh            # about 2 minutes, most of it Optuna's 1,000-trial ranking
# Settings: DIR [/tmp/lepton-bench-importance]  SIZES ["100 1000"]  OMP_NUM_THREADS [2]
# Needs: the .NET SDK and Debian's python3-optuna (with python3-sklearn).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
DIR=${DIR:-/tmp/lepton-bench-importance}
SIZES=${SIZES:-100 1000}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}
/usr/bin/python3 -c "import optuna, sklearn" 2>/dev/null || { echo "Optuna or scikit-learn is missing: sudo apt-get install python3-optuna python3-sklearn" >&2; exit 1; }
# shellcheck disable=SC2086
dotnet run -c Release bench/tuning/importance.cs -- "$DIR" $SIZES
/usr/bin/python3 bench/tuning/importance_optuna.py "$DIR"
