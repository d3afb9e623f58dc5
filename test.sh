#!/usr/bin/env bash
# Sets up everything the tests need on Debian/Ubuntu (as root) and runs the whole test suite.
# The last line is the total: "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

packages=()
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || packages+=(dataset-fashion-mnist)
# The PostgreSQL store tests start their own throwaway server from Debian's binaries (or use LEPTON_TEST_POSTGRES).
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || [ -n "${LEPTON_TEST_POSTGRES:-}" ] || packages+=(postgresql)
[ -f /usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv ] || packages+=(python3-sklearn)
# Exported ONNX files are checked with onnx's own checker (check_model, full_check) from Debian's python3-onnx.
/usr/bin/python3 -c "import onnx" 2>/dev/null || packages+=(python3-onnx)
# The data report's browser tests open it in Debian's chromium through Playwright (no browser download).
[ -x /usr/bin/chromium ] || packages+=(chromium)
# The dashboard's front end (src/Lepton.Web/ClientApp: TypeScript, uPlot) is built by npm during the build.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${packages[*]} ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "${packages[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null; apt-get install -y -q "${packages[@]}" >/dev/null; }
  else
    echo "note: ${packages[*]} not installed (run as root, or: sudo apt-get install ${packages[*]}); tests that need them fail or are skipped." >&2
  fi
fi

dotnet build Lepton.slnx -c Release -nologo -v quiet -clp:ErrorsOnly
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
# --blame names the test that was running if a test host crashes; --blame-crash also keeps a minidump of it (its path
# is printed under "Attachments"), so a rare native crash can be read afterwards.
dotnet test Lepton.slnx -c Release --no-build -nologo --blame --blame-crash --blame-crash-dump-type mini 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One total over every test assembly, in the plain form CI reads.
awk '
  /^(Passed|Failed)!/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  failed  += $(i+1)
      if ($i == "Passed:")  passed  += $(i+1)
      if ($i == "Skipped:") skipped += $(i+1)
    }
  }
  END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }
' "$log"
# A crashed test host ends its assembly early: the tests it did not run are in no count, so the run fails.
if grep -q "Test Run Aborted" "$log"; then
  echo "error: a test host crashed, so some tests did not run (the lines above name the assembly and the test running at the time)." >&2
  status=1
fi
exit "$status"
