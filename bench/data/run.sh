#!/usr/bin/env bash
# The data benchmark, one command: Lepton's read + full profile against pandas's read_csv + describe on the
# same 1,000,000-row × 20-column CSV, side by side, then the HTML report of it once (goal: under 30 s); writes
# bench/results/data-profile.json and the "Data: read and profile" section of docs/benchmarks.md.
#
#   bench/data/run.sh                  ROWS=1000000 ROUNDS=3
# Settings: ROWS [1000000]  ROUNDS [3]  DATA [/tmp/lepton-bench-data] (where the generated CSV is kept)
# Needs: the .NET SDK and Debian's python3-pandas (installed here when run as root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

ROWS=${ROWS:-1000000}
ROUNDS=${ROUNDS:-3}
DATA=${DATA:-/tmp/lepton-bench-data}
PYTHON=/usr/bin/python3   # Debian's python: python3-pandas lives there, not in a pyenv python earlier on PATH

. bench/debian.sh
need_python "pandas" python3-pandas

dotnet build bench/Lepton.Bench.Data -c Release -nologo -v quiet -clp:ErrorsOnly
dll=bench/Lepton.Bench.Data/bin/Release/net10.0/lepton-bench-data.dll
mkdir -p "$DATA"
csv="$DATA/bench-$ROWS.csv"
[ -f "$csv" ] || dotnet "$dll" generate "$csv" "$ROWS"

"$PYTHON" bench/data/compare.py "$csv" "$dll" bench/results docs/benchmarks.md "$ROUNDS"
