#!/usr/bin/env bash
# The long fuzz run: one target of tests/Lepton.Fuzz.Tests under Debian's afl++ with SharpFuzz, starting from the
# committed seed corpus; prints executions, speed, crashes and hangs at the end.
#
#   bench/fuzz.sh TARGET [MINUTES]     e.g. bench/fuzz.sh model-file 10   (default 10 minutes)
#   bench/fuzz.sh --list               the targets
#
# Targets: model-file model-json infer-json infer-binary binary-tensor-data predict-instances predict-records traffic-weights
#          pipeline-spec table-csv table-json table-jsonl table-parquet (tests/Lepton.Fuzz.Tests/Corpus/README.md)
# Settings: FUZZ_WORK [/tmp/lepton-fuzz]  where the instrumented build and afl's findings go (findings/TARGET/default)
#           TIMEOUT_MS [5000]               afl's per-input timeout; a slower input counts as a hang
# Needs: afl++ (installed here with apt-get when run as root; otherwise: sudo apt-get install afl++) and the
# SharpFuzz.CommandLine 2.3.0 dotnet tool (installed into FUZZ_WORK). A crash is an input in
# findings/TARGET/default/crashes/; replay it with
#   dotnet FUZZ_WORK/bin/lepton-bench-fuzz.dll TARGET --replay FILE
# then fix it, add a regression test to the owning test project and the input to the corpus.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "${1:-}" = "--list" ] || [ $# -lt 1 ]; then
  ls tests/Lepton.Fuzz.Tests/Corpus | grep -v -e README.md -e predict-multipart
  [ $# -ge 1 ] && exit 0 || exit 2
fi
target=$1
minutes=${2:-10}
work=${FUZZ_WORK:-/tmp/lepton-fuzz}
timeout_ms=${TIMEOUT_MS:-5000}
corpus=tests/Lepton.Fuzz.Tests/Corpus/$target
[ -d "$corpus" ] && [ "$target" != predict-multipart ] || { echo "no such target: $target (bench/fuzz.sh --list)" >&2; exit 2; }

if ! command -v afl-fuzz >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing afl++ ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q afl++ >/dev/null 2>&1 || { apt-get update -q >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -q afl++ >/dev/null; }
  else
    echo "afl-fuzz is not installed: run as root, or: sudo apt-get install afl++" >&2; exit 1
  fi
fi
mkdir -p "$work"
if [ ! -x "$work/tools/sharpfuzz" ]; then
  dotnet tool install --tool-path "$work/tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

echo "Building and instrumenting ..."
dotnet build bench/Lepton.Bench.Fuzz -c Release -nologo -v quiet -clp:ErrorsOnly
out=bench/Lepton.Bench.Fuzz/bin/Release/net10.0
rm -rf "$work/bin" && mkdir -p "$work/bin"
# The build links libtorch and Lepton's own assemblies to their other copies (Directory.Build.props): link the rest
# again, but give each assembly to instrument a file of its own, so instrumenting never rewrites the projects' builds.
cp -al "$out/." "$work/bin/"
for assembly in Lepton.Core Lepton.Data Lepton.Nn Lepton.Serving Lepton.Serving.Client; do
  cp --remove-destination "$out/$assembly.dll" "$work/bin/$assembly.dll"
  "$work/tools/sharpfuzz" "$work/bin/$assembly.dll" >/dev/null
done

findings=$work/findings/$target
rm -rf "$findings" && mkdir -p "$work/findings"
echo "Fuzzing $target for $minutes min (findings in $findings) ..."
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
# libtorch and DuckDB map gigabytes of address space: no memory limit, afl's timeout catches hangs.
afl-fuzz -i "$corpus" -o "$findings" -t "$timeout_ms" -m none -V $((minutes * 60)) \
  -- dotnet "$work/bin/lepton-bench-fuzz.dll" "$target" > "$work/afl-$target.log" 2>&1 || { tail -30 "$work/afl-$target.log" >&2; exit 1; }

stats=$findings/default/fuzzer_stats
value() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes=$(value saved_crashes); crashes=${crashes:-$(value unique_crashes)}
hangs=$(value saved_hangs); hangs=${hangs:-$(value unique_hangs)}
echo "fuzz $target (afl++): $(value execs_done) executions in $(( $(value last_update) - $(value start_time) )) s ($(value execs_per_sec)/s), $(value corpus_count) inputs in the queue, $crashes crashes, $hangs hangs, coverage $(value bitmap_cvg)"
[ "${crashes:-0}" = 0 ] || echo "crashes: $findings/default/crashes (replay: dotnet $work/bin/lepton-bench-fuzz.dll $target --replay FILE)"
