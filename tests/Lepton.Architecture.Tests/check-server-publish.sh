#!/usr/bin/env bash
# Publishes each server-only project for real and fails if the output holds TorchSharp or libtorch.
# ServerOutputTests checks the same thing in a second from the server's .deps.json (the list publish copies);
# run this after changing a server's references, or to confirm that test. Usage: check-server-publish.sh [out-dir]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=${1:-$(mktemp -d)}
status=0
for server in Lepton.Tracking.Server; do
  dotnet publish "src/$server" -c Release -nologo -v quiet -clp:ErrorsOnly -o "$out/$server"
  found=$(find "$out/$server" \( -iname 'libtorch*' -o -iname 'TorchSharp*' -o -iname 'libLibTorchSharp*' \) | sort)
  if [ -n "$found" ]; then
    echo "$server: the published output carries the engine:"; echo "$found"; status=1
  else
    echo "$server: $(find "$out/$server" -type f | wc -l) files, $(du -sh "$out/$server" | cut -f1), no TorchSharp or libtorch"
  fi
done
exit "$status"
