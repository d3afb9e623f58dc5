#!/usr/bin/env bash
# Runs every Lepton benchmark and renders docs/benchmarks.md: THE one command.
#
#   bench/run.sh                                   full run (about 25 min on 2 quiet cores, most of it the batchnorm recipe)
#   SKIP_ACCURACY=1 ROUNDS=2 STEPS=30 bench/run.sh quick check of the throughput part
#
# Settings (environment variables, defaults in brackets):
#   ROUNDS [9]  STEPS [200]  BATCH [64]  THREADS [2]  SEED [1]   throughput protocol, shared by Lepton and PyTorch
#   SMALL_EPOCHS [5]  BATCHNORM_EPOCHS [the recipe's default]      accuracy runs (full 60k training set)
#   SKIP_ACCURACY=1                                                skip both accuracy runs
#   SKIP_THROUGHPUT=1                                              skip the TorchSharp and PyTorch throughput runs
#   SKIP_DATA=1                                                    skip the data benchmark (bench/data/run.sh: read and
#                                                                  profile a 1M-row CSV against pandas; ROWS, DATA_ROUNDS)
#   SKIP_SERVING=1                                                 skip the serving benchmark (lepton serve under closed-loop
#                                                                  load at concurrency 1/16/64, batching off and on)
#   SKIP_TRACKING=1                                                skip the tracking benchmark (autolog overhead, logging
#                                                                  into SQLite and a throwaway PostgreSQL server, HTTP reads,
#                                                                  and the dashboard's reads: `dashboard-store`)
#   BREAKDOWN=1                                                    also run `breakdown` (where Fit's time goes; ~4 min)
#   RESULTS [bench/results]  OUT [docs/benchmarks.md]             where the JSON and the page go
# Needs: the .NET SDK, dataset-fashion-mnist, Debian's python3-torch, postgresql and wrk (installed here when run as root).
# The page keeps the figures of parts skipped this time from earlier results in bench/results, with their dates.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ROUNDS=${ROUNDS:-9}
STEPS=${STEPS:-200}
BATCH=${BATCH:-64}
THREADS=${THREADS:-2}
SEED=${SEED:-1}
SMALL_EPOCHS=${SMALL_EPOCHS:-5}
BATCHNORM_EPOCHS=${BATCHNORM_EPOCHS:-}
SKIP_ACCURACY=${SKIP_ACCURACY:-0}
SKIP_THROUGHPUT=${SKIP_THROUGHPUT:-0}
SKIP_TRACKING=${SKIP_TRACKING:-0}
SKIP_DATA=${SKIP_DATA:-0}
SKIP_SERVING=${SKIP_SERVING:-0}
BREAKDOWN=${BREAKDOWN:-0}
RESULTS=${RESULTS:-bench/results}
OUT=${OUT:-docs/benchmarks.md}
PYTHON=/usr/bin/python3   # Debian's python: python3-torch lives there, not in a pyenv python earlier on PATH

# The command as the page quotes it: every setting that differs from its default, then the script.
command=""
for var in ROUNDS=9 STEPS=200 BATCH=64 THREADS=2 SEED=1 SMALL_EPOCHS=5 BATCHNORM_EPOCHS= SKIP_ACCURACY=0 SKIP_THROUGHPUT=0 SKIP_TRACKING=0 SKIP_DATA=0 SKIP_SERVING=0 BREAKDOWN=0; do
  name=${var%%=*}
  if [ "${!name}" != "${var#*=}" ]; then command+="$name=${!name} "; fi
done
command+="bench/run.sh"

run_started=$SECONDS
stage() {   # stage NAME COMMAND...: runs it and prints how long it took
  local name=$1 started=$SECONDS
  shift
  echo
  echo "== $name"
  "$@"
  echo "== $name: $((SECONDS - started)) s"
}

apt_install() {   # apt_install PACKAGE WHAT: installs a Debian package as root, or says how and stops
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing $1 ($2) ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "$1" >/dev/null 2>&1 || { apt-get update -q >/dev/null; apt-get install -y -q "$1" >/dev/null; }
  else
    echo "error: $1 ($2) is not installed. As root: sudo apt-get install $1" >&2
    exit 1
  fi
}

install_torch() {
  if "$PYTHON" -c "import torch" 2>/dev/null; then
    echo "PyTorch $("$PYTHON" -c 'import torch; print(torch.__version__)') found in $PYTHON"
    return
  fi
  apt_install python3-torch "Debian's PyTorch, the side-by-side peer"
}

install_postgres() {
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || apt_install postgresql "the tracking benchmark's team database"
}

install_wrk() {
  command -v wrk >/dev/null || apt_install wrk "the serving benchmark's load generator"
}

# A throwaway PostgreSQL cluster with default (durable) settings on a free loopback port, stopped when the script ends.
pg_dir=""
pg_bin=""
as_postgres=()
start_postgres() {
  local port
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pg_dir=$(mktemp -d /tmp/lepton-bench-pg.XXXXXX)
  port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if [ "$(id -u)" = 0 ]; then chown postgres "$pg_dir"; as_postgres=(su postgres -s /bin/sh -c); else as_postgres=(sh -c); fi
  "${as_postgres[@]}" "$pg_bin/initdb -D $pg_dir/data -A trust -U lepton >/dev/null"
  "${as_postgres[@]}" "$pg_bin/pg_ctl -D $pg_dir/data -w -l $pg_dir/log -o '-p $port -k $pg_dir -c listen_addresses=127.0.0.1' start >/dev/null"
  trap '"${as_postgres[@]}" "$pg_bin/pg_ctl -D $pg_dir/data -m fast -w stop >/dev/null"; rm -rf "$pg_dir"' EXIT
  PG_BENCH="Host=127.0.0.1;Port=$port;Username=lepton;Database=postgres"
  echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($pg_dir)"
}

mkdir -p "$RESULTS"
bench=(dotnet bench/Lepton.Bench/bin/Release/net10.0/lepton-bench.dll)

stage "build (Release)" dotnet build bench/Lepton.Bench/Lepton.Bench.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
if [ "$SKIP_THROUGHPUT" = 1 ]; then
  echo
  echo "== throughput: skipped (SKIP_THROUGHPUT=1)"
else
  stage "PyTorch peer" install_torch
  stage "throughput: Lepton vs TorchSharp" "${bench[@]}" throughput --rounds "$ROUNDS" --steps "$STEPS" --batch "$BATCH" \
    --threads "$THREADS" --seed "$SEED" --json "$RESULTS/throughput.json"
  stage "throughput: PyTorch" "$PYTHON" bench/pytorch_cnn.py --rounds "$ROUNDS" --steps "$STEPS" --batch "$BATCH" \
    --threads "$THREADS" --seed "$SEED" --json "$RESULTS/throughput-pytorch.json"
fi
if [ "$BREAKDOWN" = 1 ]; then
  stage "breakdown: where Fit's time goes" "${bench[@]}" breakdown --rounds "$ROUNDS" --steps "$STEPS" --batch "$BATCH" \
    --threads "$THREADS" --seed "$SEED" --json "$RESULTS/breakdown.json"
fi
if [ "$SKIP_ACCURACY" = 1 ]; then
  echo
  echo "== accuracy: skipped (SKIP_ACCURACY=1); the page keeps any earlier accuracy results in $RESULTS, with their dates"
else
  stage "accuracy: small recipe" "${bench[@]}" accuracy --recipe small --epochs "$SMALL_EPOCHS" --batch "$BATCH" \
    --threads "$THREADS" --seed "$SEED" --json "$RESULTS/accuracy-small.json"
  stage "accuracy: batchnorm recipe" "${bench[@]}" accuracy --recipe batchnorm ${BATCHNORM_EPOCHS:+--epochs "$BATCHNORM_EPOCHS"} \
    --batch "$BATCH" --threads "$THREADS" --seed "$SEED" --json "$RESULTS/accuracy-batchnorm.json"
fi
if [ "$SKIP_DATA" = 1 ]; then
  echo
  echo "== data: skipped (SKIP_DATA=1)"
else
  stage "data: read and profile against pandas" env ROUNDS="${DATA_ROUNDS:-3}" bench/data/run.sh
fi
if [ "$SKIP_TRACKING" = 1 ]; then
  echo
  echo "== tracking: skipped (SKIP_TRACKING=1)"
else
  stage "PostgreSQL server" install_postgres
  start_postgres
  stage "tracking: autolog overhead, logging throughput, HTTP reads" "${bench[@]}" tracking --rounds "$ROUNDS" --steps "$STEPS" \
    --batch "$BATCH" --threads "$THREADS" --seed "$SEED" --postgres "$PG_BENCH" --json "$RESULTS/tracking.json"
  stage "dashboard-store: a thinned 100k-point metric and a 10,000-run table, SQLite and PostgreSQL" "${bench[@]}" dashboard-store \
    --postgres "$PG_BENCH" --json "$RESULTS/dashboard-store.json"
fi
if [ "$SKIP_SERVING" = 1 ]; then
  echo
  echo "== serving: skipped (SKIP_SERVING=1)"
else
  stage "wrk (load generator)" install_wrk
  serving_model=$(mktemp -d /tmp/lepton-bench-serving.XXXXXX)/fashion-mnist.lepton
  stage "serving: the quickstart model (one short epoch: speed does not depend on the weights)" \
    ./lepton quickstart --limit 3000 --epochs 1 --no-tracking --threads "$THREADS" --seed "$SEED" --output "$serving_model"
  stage "build (serving bench)" dotnet build bench/Lepton.Bench.Serving/Lepton.Bench.Serving.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
  stage "serving: closed-loop load (wrk), batching off and on and the HTTP ceiling, beside in-process Predict" \
    dotnet bench/Lepton.Bench.Serving/bin/Release/net10.0/lepton-bench-serving.dll --model "$serving_model" --out "$RESULTS/serving.json"
  rm -rf "$(dirname "$serving_model")"
fi
stage "report" "${bench[@]}" report --results "$RESULTS" --out "$OUT" --command "$command"
echo
echo "done in $((SECONDS - run_started)) s: $OUT"
