#!/usr/bin/env bash
# The study store benchmark (issue 13): per-trial overhead with 1,000 trials in the study on SQLite and PostgreSQL,
# and 1 vs 4 worker processes on one SQLite file. Writes bench/results/studies.json and the "Study store" section at
# the end of docs/benchmarks.md. Starts a throwaway PostgreSQL server on 127.0.0.1 (Debian's postgresql; installed
# when run as root) unless LEPTON_BENCH_POSTGRES names one. Settings: EXISTING (1000), MEASURED (200), TRIALS (200).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

dotnet build bench/Lepton.Bench.Studies -c Release -nologo -v quiet -clp:ErrorsOnly
postgres="${LEPTON_BENCH_POSTGRES:-}"
data=""
if [ -z "$postgres" ]; then
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
  fi
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -n "$bin" ]; then
    data=$(mktemp -d /tmp/lepton-bench-pg-XXXXXX)
    port=$(( 20000 + RANDOM % 20000 ))
    as=()
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data"; as=(su postgres -s /bin/sh -c); fi
    run() { if [ ${#as[@]} -gt 0 ]; then "${as[@]}" "$*"; else sh -c "$*"; fi; }
    run "$bin/initdb -D $data -A trust -U lepton --no-sync" >/dev/null
    run "$bin/pg_ctl -D $data -w -l $data/server.log -o \"-p $port -k $data -c listen_addresses=127.0.0.1\" start" >/dev/null
    trap 'run "$bin/pg_ctl -D $data -m fast -w stop" >/dev/null; rm -rf "$data"' EXIT
    postgres="Host=127.0.0.1;Port=$port;Username=lepton;Database=postgres"
  else
    echo "note: PostgreSQL is not installed; measuring SQLite only." >&2
  fi
fi

args=(all --out docs/benchmarks.md --results bench/results/studies.json
      --existing "${EXISTING:-1000}" --measured "${MEASURED:-200}" --trials "${TRIALS:-200}")
[ -n "$postgres" ] && args+=(--postgres "$postgres")
LEPTON_COMMIT=$(git rev-parse --short HEAD) dotnet bench/Lepton.Bench.Studies/bin/Release/net10.0/lepton-bench-studies.dll "${args[@]}"
