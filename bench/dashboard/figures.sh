#!/usr/bin/env bash
# The dashboard's figures (issue 14): a run page with a 100,000-point metric and with ten of them, thinned and whole,
# the charts' series route, and an experiment of 10,000 runs (first rows, sort by a metric), timed in Debian's
# chromium through Playwright. Writes bench/results/dashboard.json and the "Dashboard" section of docs/benchmarks.md.
# Usage: bench/dashboard/figures.sh [--loads 15] [--runs 10000]      (about 5 minutes; run it on a quiet machine)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
  else
    echo "needs Debian's chromium: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
dotnet build bench/Lepton.Bench.Web -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet bench/Lepton.Bench.Web/bin/Release/net10.0/lepton-bench-web.dll "$@"
