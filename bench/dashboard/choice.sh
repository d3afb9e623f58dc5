#!/usr/bin/env bash
# Issue 14's choice of front end, measured: the same 100,000-point uPlot chart page as (a) server-rendered HTML + a
# small script, (b) Blazor interactive server, (c) Blazor WebAssembly, whole and thinned to 1,000 points, in Debian's
# chromium through Playwright. Writes bench/results/dashboard-choice.json and the tables in bench/dashboard/choice.md.
#
#   bench/dashboard/choice.sh               15 cold + 15 warm loads per page (about 10 min on 2 quiet cores)
#   LOADS=3 bench/dashboard/choice.sh       a quick check
#
# Settings: LOADS [15]; MAX_LOAD [1.5] and WAIT [600]: wait up to WAIT s for the 1-minute load average to drop below
# MAX_LOAD before measuring (the figures are noisy on a shared machine; the load is recorded with them either way).
# Needs: the .NET SDK, npm (uPlot 1.6.32 from the lock file), /usr/bin/chromium (installed here when run as root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

LOADS=${LOADS:-15}
MAX_LOAD=${MAX_LOAD:-1.5}
WAIT=${WAIT:-600}
OUT=bench/Lepton.Bench.Dashboard/bin/publish

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y chromium; else echo "/usr/bin/chromium is missing: sudo apt-get install chromium" >&2; exit 1; fi
fi
npm ci --prefix bench/dashboard --no-audit --no-fund
# Published, not just built: Blazor WebAssembly's files are then trimmed and precompressed, as a user would get them.
dotnet publish bench/Lepton.Bench.Dashboard -c Release -nologo -v quiet -clp:ErrorsOnly -o "$OUT"

for ((waited = 0; waited < WAIT; waited += 15)); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  awk -v l="$load" -v m="$MAX_LOAD" 'BEGIN { exit !(l < m) }' && break
  echo "load average $load ≥ $MAX_LOAD: waiting ($waited s of $WAIT)"
  sleep 15
done
dotnet "$OUT/lepton-bench-dashboard.dll" --loads "$LOADS" "$@"
