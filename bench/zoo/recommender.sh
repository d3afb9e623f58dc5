#!/usr/bin/env bash
# The recommender recipe on MovieLens (dslabs' movielens table: 100,004 ratings, 671 users, 9,066 movies) beside a
# numpy peer (Surprise's SVD and BaselineOnly re-implemented) on the very same 80/20 split, which the recipe writes.
#
#   bench/zoo/recommender.sh            # needs r-cran-dslabs (apt-get install r-cran-dslabs) and /usr/bin/python3 with numpy
#
# Writes bench/results/zoo-recommender.txt: the recipe's output, the peer's JSON lines, wall times and load.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
report=bench/results/zoo-recommender.txt

# 1. MovieLens from dslabs, converted once.
data="${LEPTON_HOME:-$HOME/.lepton}/data/movielens.csv"
if [ ! -f "$data" ]; then
  mkdir -p "$(dirname "$data")"
  Rscript -e 'data(movielens, package="dslabs"); write.csv(movielens, commandArgs(TRUE)[1], row.names=FALSE)' "$data"
fi

# 2. The recipe through the CLI (built once); its split lands in OUTPUT/split, where the peer reads it.
dotnet build src/Lepton.Cli -c Release -nologo -v quiet -clp:ErrorsOnly
lepton=src/Lepton.Cli/bin/Release/net10.0/lepton
{
  echo "recorded: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD)"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== lepton zoo run recommender --data $data"
  start=$(date +%s%N)
  "$lepton" zoo run recommender --data "$data" --output "$work/recommender" --no-tracking 2>&1 | tr '\r' '\n' | grep -v '━'
  echo "recipe wall time: $(( ($(date +%s%N) - start) / 1000000 )) ms; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== peer: numpy SGD biased MF on the same split"
  start=$(date +%s%N)
  /usr/bin/python3 bench/zoo/recommender_peer.py "$work/recommender/split"                          # Surprise's SVD defaults
  /usr/bin/python3 bench/zoo/recommender_peer.py "$work/recommender/split" --factors 64 --reg 0.05   # tuned on this split
  echo "peer wall time: $(( ($(date +%s%N) - start) / 1000000 )) ms"
} | tee "$report"
rm -rf "$work"
